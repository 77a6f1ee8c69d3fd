from __future__ import annotations

from pathlib import Path

import pytest

from rightsledger.analyze.estimate import CaptureTable, read_capture_csv

DATA = Path(__file__).resolve().parents[2] / "data" / "mse"


@pytest.fixture
def dataset():
    """``dataset("hare")`` -> the CaptureTable in tests/data/mse/hare.csv."""

    def load(name: str) -> CaptureTable:
        return read_capture_csv(DATA / f"{name}.csv")[0]

    return load
