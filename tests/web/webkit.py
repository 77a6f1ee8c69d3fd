"""Helpers shared by the web tests (imported as ``webkit``; pytest puts this folder on sys.path)."""

from __future__ import annotations

import re

PASSWORD = "a long test password"
_HIDDEN_CSRF = re.compile(r'name="csrf_token" value="([^"]+)"')


def csrf_of(html: str) -> str:
    found = _HIDDEN_CSRF.search(html)
    assert found, "no CSRF field in the form"
    return found.group(1)
