"""Named, versioned components (extractors, reconciliation rules) looked up by name.

Shared by the stages that keep a ``catalogue`` registry, so an unknown name fails the same way
everywhere: with the name asked for and the names that exist.
"""

from __future__ import annotations

from typing import Any

import catalogue

from rightsledger.errors import LedgerError


def lookup(registry: Any, name: str, what: str, error: type[LedgerError]) -> Any:
    """The factory registered as ``name``; ``error`` naming the registered ones if there is none."""
    try:
        return registry.get(name)
    except catalogue.RegistryError:
        known = ", ".join(sorted(registry.get_all())) or "none"
        raise error(f"unknown {what} {name!r}; registered: {known}") from None
