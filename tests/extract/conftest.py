"""Fixtures for the extraction tests: the project's own scorer, when it lies beside the checkout."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SHARED = Path(__file__).resolve().parents[2].parent / "shared"


@pytest.fixture(scope="session")
def project_scorer() -> ModuleType:
    """``../shared/eval/score.py`` loaded as a module (the tests that need it skip without it)."""
    path = SHARED / "eval" / "score.py"
    if not path.exists():
        pytest.skip(f"the project scorer {path} is not beside this checkout")
    spec = importlib.util.spec_from_file_location("rightsledger_project_score", path)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module
