"""Where the ledger lives: the data folder and the database URL.

Resolved once from flags, then environment, then defaults, so every command
and test sees the same choice.  SQLite in the data folder is the default;
PostgreSQL (or any SQLAlchemy URL) is chosen by ``--db`` or
``RIGHTSLEDGER_DB``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

HOME_ENV = "RIGHTSLEDGER_HOME"
DB_ENV = "RIGHTSLEDGER_DB"
DEFAULT_HOME = "ledger"


@dataclass(frozen=True)
class Settings:
    home: Path
    db_url: str

    @property
    def blob_dir(self) -> Path:
        return self.home / "blobs"


def resolve(home: str | os.PathLike[str] | None = None, db_url: str | None = None) -> Settings:
    home_path = Path(home or os.environ.get(HOME_ENV) or DEFAULT_HOME).expanduser().absolute()
    url = db_url or os.environ.get(DB_ENV) or f"sqlite:///{home_path / 'ledger.sqlite3'}"
    return Settings(home=home_path, db_url=url)
