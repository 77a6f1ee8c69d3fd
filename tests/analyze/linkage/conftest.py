"""Fixtures for the linkage tests: a ledger holding the three SYNTHETIC lists."""

from __future__ import annotations

import pytest
from lists_helpers import import_lists


@pytest.fixture
def lists_ledger(ledger):
    import_lists(ledger)
    return ledger
