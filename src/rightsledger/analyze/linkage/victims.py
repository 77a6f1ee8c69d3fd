"""The linkage model for victim-list records: the frame Splink sees, its comparisons,
blocking rules and training plan.

Names are compared on three forms made at import (``ingest.lists_names``): the sorted
normalized tokens (word order differs between lists), the consonant skeleton (the
transliteration variants: محمد / Mohammad / Muhammad / Мухаммад), and string similarity
of each for typos.  Birth year comes from a birth date or from age at the event.
"""

from __future__ import annotations

import functools
from collections.abc import Iterable
from datetime import date
from typing import Any

import pandas as pd
import splink.comparison_level_library as cll
import splink.comparison_library as cl
from splink import SettingsCreator, block_on

from rightsledger.analyze.linkage.engine import Training
from rightsledger.ingest.lists_names import skeleton
from rightsledger.store.lists import ListRecord

FRAME_COLUMNS = [
    "unique_id", "list_name", "name_sorted", "name_key", "first_key", "last_key", "sex", "birth_year",
    "birth_date", "event_date", "event_day", "event_ym", "event_year", "place_norm", "place_key",
]  # fmt: skip


def frame(records: Iterable[ListRecord]) -> pd.DataFrame:
    """One row per record with the columns the model compares (missing values as nulls)."""
    rows = []
    for r in records:
        event_year = int(r.event_date[:4]) if r.event_date else None
        birth_year = int(r.birth_date[:4]) if r.birth_date else None
        if birth_year is None and r.age is not None and event_year is not None:
            birth_year = event_year - r.age
        rows.append(
            {
                "unique_id": r.id,
                "list_name": r.list,
                "name_sorted": r.name_sorted or None,
                "name_key": r.name_key or None,
                "first_key": r.first_key or None,
                "last_key": r.last_key or None,
                "sex": r.sex,
                "birth_year": birth_year,
                "birth_date": r.birth_date if r.birth_date and len(r.birth_date) == 10 else None,
                "event_date": r.event_date if r.event_date and len(r.event_date) == 10 else None,
                "event_day": _day(r.event_date),
                "event_ym": r.event_date[:7] if r.event_date and len(r.event_date) >= 7 else None,
                "event_year": event_year,
                "place_norm": r.place_norm or None,
                "place_key": _place_key(r.place_norm),
            }
        )
    out = pd.DataFrame(rows, columns=FRAME_COLUMNS)
    for column in ("birth_year", "event_year", "event_day"):
        out[column] = out[column].astype("Int64")
    return out


@functools.lru_cache(maxsize=100_000)
def _place_key(place: str | None) -> str | None:
    """Consonant key of a place (few distinct places: cached)."""
    return (skeleton(place) or None) if place else None


@functools.lru_cache(maxsize=100_000)
def _day(iso: str | None) -> int | None:
    """Days since 1970-01-01 of a full date (so lists a day apart can be compared)."""
    if not iso or len(iso) != 10:
        return None
    return (date.fromisoformat(iso) - date(1970, 1, 1)).days


def _levels(*levels: Any, m: list[float]) -> list[Any]:
    return [
        level.configure(m_probability=p) if p is not None else level
        for level, p in zip(levels, m, strict=True)
    ]


def settings(link_type: str = "dedupe_only") -> SettingsCreator:
    """Comparisons with starting m probabilities (EM refines them; small lists keep sane values)."""
    name = cl.CustomComparison(
        output_column_name="name",
        comparison_levels=_levels(
            cll.NullLevel("name_sorted"),
            cll.ExactMatchLevel("name_sorted"),
            cll.ExactMatchLevel("name_key"),
            cll.JaroWinklerLevel("name_sorted", 0.92),
            cll.JaroWinklerLevel("name_key", 0.9),
            cll.JaroWinklerLevel("name_sorted", 0.8),
            cll.ElseLevel(),
            m=[None, 0.55, 0.25, 0.1, 0.05, 0.03, 0.02],
        ),
    )
    birth = cl.CustomComparison(
        output_column_name="birth",
        comparison_levels=_levels(
            cll.NullLevel("birth_year"),
            cll.ExactMatchLevel("birth_date"),
            cll.ExactMatchLevel("birth_year"),
            cll.AbsoluteDifferenceLevel("birth_year", 1),
            cll.AbsoluteDifferenceLevel("birth_year", 3),
            cll.ElseLevel(),
            m=[None, 0.3, 0.4, 0.2, 0.07, 0.03],
        ),
    )
    event = cl.CustomComparison(
        output_column_name="event_date",
        comparison_levels=_levels(
            cll.NullLevel("event_year"),
            cll.ExactMatchLevel("event_date"),
            cll.AbsoluteDifferenceLevel("event_day", 1),
            cll.ExactMatchLevel("event_ym"),
            cll.ExactMatchLevel("event_year"),
            cll.ElseLevel(),
            m=[None, 0.6, 0.2, 0.1, 0.06, 0.04],
        ),
    )
    place = cl.CustomComparison(
        output_column_name="place",
        comparison_levels=_levels(
            cll.NullLevel("place_norm"),
            cll.ExactMatchLevel("place_norm"),
            cll.ExactMatchLevel("place_key"),
            cll.JaroWinklerLevel("place_norm", 0.88),
            cll.ElseLevel(),
            m=[None, 0.6, 0.25, 0.08, 0.07],
        ),
    )
    sex = cl.CustomComparison(
        output_column_name="sex",
        comparison_levels=_levels(
            cll.NullLevel("sex"), cll.ExactMatchLevel("sex"), cll.ElseLevel(), m=[None, 0.97, 0.03]
        ),
    )
    return SettingsCreator(
        link_type=link_type,
        unique_id_column_name="unique_id",
        comparisons=[name, birth, event, place, sex],
        blocking_rules_to_generate_predictions=blocking_rules(),
        retain_matching_columns=False,
        retain_intermediate_calculation_columns=False,
        max_iterations=20,
    )


def blocking_rules() -> list[Any]:
    """Candidate pairs: the same name skeleton, or one name key plus a date.

    Never one common key alone (a first name, a birth year): on lists of 100,000 that
    makes tens of millions of pairs.  A typo in one name token is still caught by the
    other token's key plus birth year or event date.
    """
    return [
        block_on("name_key"),
        block_on("last_key", "birth_year"),
        block_on("first_key", "event_date"),
        block_on("last_key", "event_date"),
        block_on("first_key", "birth_year", "place_key"),
    ]


def training() -> Training:
    return Training(
        deterministic_rules=[block_on("name_key", "birth_year"), block_on("name_key", "event_date")],
        recall=0.7,
        # One session fixes names (estimates the rest), the other fixes dates (estimates names).
        em_rules=[block_on("name_key"), block_on("event_date", "birth_year")],
        max_pairs_u=1e6,
        m_floor=1e-3,
    )
