"""rightsledger: an evidence ledger for human-rights monitoring."""

__version__ = "0.1.0"
