"""Record linkage of victim lists with Splink: persons with stable ids, incremental runs,
reviewer decisions as constraints, and capture tables for estimation."""

from rightsledger.analyze.linkage.capture import STRATA, CaptureCounts, capture_tables
from rightsledger.analyze.linkage.engine import BACKENDS, Engine, LinkageError
from rightsledger.analyze.linkage.runs import DEFAULT_BAND, DEFAULT_THRESHOLD, MODES, LinkReport, link

__all__ = [
    "BACKENDS",
    "DEFAULT_BAND",
    "DEFAULT_THRESHOLD",
    "MODES",
    "STRATA",
    "CaptureCounts",
    "Engine",
    "LinkReport",
    "LinkageError",
    "capture_tables",
    "link",
]
