"""Extractors are named, versioned components looked up in one registry.

A name like ``rightsledger.rules.v1`` is stored with every fact, so any fact
can be traced to the exact code that produced it, and a heavier extractor (a
trained model, a remote LLM) is added by registering it and choosing it by
configuration (``--extractor`` or ``RIGHTSLEDGER_EXTRACTOR``).
"""

from __future__ import annotations

import os
from collections.abc import Callable
from typing import Protocol

import catalogue

from rightsledger.domain import Facts
from rightsledger.errors import ExtractError
from rightsledger.registries import lookup

DEFAULT_EXTRACTOR = "rightsledger.rules.v1"
EXTRACTOR_ENV = "RIGHTSLEDGER_EXTRACTOR"

extractors = catalogue.create("rightsledger", "extractors", entry_points=True)


class Extractor(Protocol):
    """Turns one document's text into facts with spans into that text."""

    name: str
    version: str

    def extract(self, text: str, *, published: str | None = None) -> Facts:
        """Facts found in ``text``; ``published`` (ISO date) anchors relative dates."""
        ...


def register(name: str) -> Callable[[Callable[[], Extractor]], Callable[[], Extractor]]:
    """Decorator registering a zero-argument factory under ``name``."""
    return extractors.register(name)


def get_extractor(name: str | None = None) -> Extractor:
    """The extractor registered as ``name`` (default: env, then the built-in rules)."""
    # Importing the built-ins here registers them without a circular import at package load.
    from rightsledger.extract import rules  # noqa: F401

    chosen = name or os.environ.get(EXTRACTOR_ENV) or DEFAULT_EXTRACTOR
    return lookup(extractors, chosen, "extractor", ExtractError)()
