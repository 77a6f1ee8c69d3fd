"""Splink, one backend at a time: train a model by EM, score pairs, and score new records
against old ones without re-scoring the old ones among themselves.

The settings are plain Splink settings (a ``SettingsCreator`` or the JSON dict Splink
saves with trained m and u probabilities), so the same model runs on DuckDB (default,
one machine) or Spark (``backend="spark"``, for lists that outgrow one machine).
"""

from __future__ import annotations

import json
import logging
import os
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from rightsledger.errors import LedgerError

BACKENDS = ("duckdb", "spark")
PAIR_COLUMNS = ["unique_id_l", "unique_id_r", "match_probability"]


class LinkageError(LedgerError):
    """Linkage could not run (bad settings, a missing backend, too little data)."""


@dataclass
class Training:
    """How to train: the deterministic rules and their recall (for the prior match rate),
    u-sampling size, and one EM session per blocking rule."""

    deterministic_rules: Sequence[Any]
    recall: float
    em_rules: Sequence[Any]
    max_pairs_u: float = 1e6
    seed: int = 1
    em_max_pairs: float | None = None
    # EM drives m of a level it never saw among matches towards 0 (a -50 match weight): a
    # floor keeps one unseen agreement pattern (say, two lists first sharing a script) from
    # vetoing a match that every other field supports.
    m_floor: float | None = None


@dataclass
class Engine:
    backend: str = "duckdb"
    _spark: Any = field(default=None, repr=False)

    def __post_init__(self) -> None:
        if self.backend not in BACKENDS:
            raise LinkageError(f"unknown linkage backend {self.backend!r}; choose duckdb or spark")
        logging.getLogger("splink").setLevel(logging.ERROR)

    def db_api(self) -> Any:
        if self.backend == "duckdb":
            from splink import DuckDBAPI

            return DuckDBAPI()
        from splink import SparkAPI

        return SparkAPI(spark_session=self.spark_session())

    def spark_session(self) -> Any:
        if self._spark is None:
            self._spark = spark_session()
        return self._spark

    def register(self, db: Any, frame: pd.DataFrame, name: str) -> Any:
        if self.backend == "spark":
            return db.register(self.spark_session().createDataFrame(frame), dataset_display_name=name)
        return db.register(frame, dataset_display_name=name)

    def train(self, frame: pd.DataFrame, settings: Any, training: Training) -> tuple[dict[str, Any], Any]:
        """EM-trained Splink settings (a JSON-able dict) and the linker holding ``frame``."""
        from splink import Linker

        if len(frame) < 2:
            raise LinkageError("linkage needs at least two records")
        db = self.db_api()
        linker = Linker(self.register(db, frame, "records"), settings, log_level=logging.ERROR)
        linker.training.estimate_probability_two_random_records_match(
            list(training.deterministic_rules), recall=training.recall
        )
        linker.training.estimate_u_using_random_sampling(max_pairs=training.max_pairs_u, seed=training.seed)
        for rule in training.em_rules:
            try:
                linker.training.estimate_parameters_using_expectation_maximisation(
                    rule, max_pairs=training.em_max_pairs
                )
            except Exception as error:  # Splink raises plain exceptions when a rule finds no pairs
                logging.getLogger(__name__).warning("EM session %s skipped: %s", rule, error)
        trained = linker.misc.save_model_to_json()
        if training.m_floor:
            trained = floor_m(trained, training.m_floor)
            linker = Linker(self.register(db, frame, "records_floored"), trained, log_level=logging.ERROR)
        return trained, linker

    def linker(self, frame: pd.DataFrame, settings: dict[str, Any]) -> Any:
        from splink import Linker

        return Linker(self.register(self.db_api(), frame, "records"), settings, log_level=logging.ERROR)

    def predict(self, linker: Any, threshold: float) -> pd.DataFrame:
        """Every blocked pair scoring at least ``threshold``: unique_id_l, unique_id_r, match_probability."""
        found = linker.inference.predict(threshold_match_probability=threshold, warning_mode="never")
        return _pairs(found)

    def predict_new(
        self, settings: dict[str, Any], existing: pd.DataFrame, new: pd.DataFrame, threshold: float
    ) -> pd.DataFrame:
        """Pairs new x existing and new x new (never existing x existing) scoring at least ``threshold``."""
        from splink import Linker

        db = self.db_api()
        new_sdf = self.register(db, new, "new_records")
        linker = Linker(new_sdf, settings, log_level=logging.ERROR)
        parts = []
        if len(new) > 1:
            within = linker.inference.predict_within(
                new_sdf, threshold_match_probability=threshold, warning_mode="never"
            )
            parts.append(_pairs(within))
        if len(existing):
            old_sdf = self.register(db, existing, "existing_records")
            between = linker.inference.predict_between(
                old_sdf, new_sdf, threshold_match_probability=threshold, warning_mode="never"
            )
            parts.append(_pairs(between))
        parts = [p for p in parts if not p.empty]
        if not parts:
            return pd.DataFrame(columns=PAIR_COLUMNS)
        return pd.concat(parts, ignore_index=True)


def floor_m(settings: dict[str, Any], floor: float) -> dict[str, Any]:
    """A copy of Splink settings with every level's m probability at least ``floor`` (renormalised)."""
    out = json.loads(json.dumps(settings))
    for comparison in out["comparisons"]:
        levels = [lv for lv in comparison["comparison_levels"] if not lv.get("is_null_level")]
        if not all(isinstance(lv.get("m_probability"), int | float) for lv in levels):
            continue
        raised = [max(lv["m_probability"], floor) for lv in levels]
        total = sum(raised)
        for lv, m in zip(levels, raised, strict=True):
            lv["m_probability"] = m / total
    return out


def _pairs(splink_df: Any) -> pd.DataFrame:
    frame = splink_df.as_pandas_dataframe()
    if frame.empty:
        return pd.DataFrame(columns=PAIR_COLUMNS)
    return frame[PAIR_COLUMNS].reset_index(drop=True)


def spark_session(cores: int = 2) -> Any:
    """A local Spark session with Splink's similarity functions (needs the ``spark`` extra and Java 17)."""
    try:
        from pyspark.sql import SparkSession
        from splink.backends.spark import similarity_jar_location
    except ImportError:
        raise LinkageError(
            "the Spark backend needs the spark extra: `uv sync --extra spark` (pyspark, and Java 17)"
        ) from None
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    checkpoints = tempfile.mkdtemp(prefix="rightsledger-spark-")
    spark = (
        SparkSession.builder.master(f"local[{cores}]")
        .appName("rightsledger-linkage")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", str(max(2, cores * 2)))
        .config("spark.default.parallelism", str(max(2, cores * 2)))
        .config("spark.driver.memory", "2g")
        .config("spark.ui.enabled", "false")
        .config("spark.sql.warehouse.dir", str(Path(checkpoints) / "warehouse"))  # not the working folder
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(checkpoints)
    spark.sparkContext.setLogLevel("ERROR")
    return spark
