"""Settings of the web app, with safe defaults."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta


@dataclass(frozen=True)
class WebSettings:
    session_lifetime: timedelta = timedelta(hours=12)
    # Secure cookies need https; turn on behind a TLS proxy (``rightsledger serve --secure-cookies``).
    secure_cookies: bool = False
    max_upload_bytes: int = 20 * 1024 * 1024
    login_failures: int = 5  # failed logins allowed per user name and per address ...
    login_window: timedelta = timedelta(minutes=5)  # ... within this window, then 429
    extractor: str | None = None  # registered extractor for uploads (default: the built-in rules)
    rule: str | None = None  # reconciliation rule (default: rightsledger.reconcile.v1)
    search_limit: int = 200
