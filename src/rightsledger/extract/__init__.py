"""Extract stage: facts with exact spans from a document's text."""

from rightsledger.extract.registry import DEFAULT_EXTRACTOR, Extractor, get_extractor, register

__all__ = ["DEFAULT_EXTRACTOR", "Extractor", "get_extractor", "register"]
