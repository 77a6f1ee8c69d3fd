"""Property: any UTF-8 text reads back exactly as Path.read_text reads it."""

from __future__ import annotations

import hashlib
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from rightsledger.ingest import read_report

# Printable text of any script plus the line endings that matter; no C0 controls
# (a control-heavy file is refused as binary, by design).
prose = st.text(
    alphabet=st.one_of(
        st.characters(blacklist_categories=("Cs", "Cc")),
        st.sampled_from(["\r", "\n", "\t"]),  # "\r\n" arises from "\r" then "\n"
    ),
    min_size=1,
    max_size=400,
)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=prose)
def test_utf8_text_round_trips(text):
    assume(text.strip())
    head = text.lstrip().lower()
    assume(not head.startswith(("<", "%pdf-")) and "%PDF-" not in text)
    raw = text.encode("utf-8")
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "report.txt"
        path.write_bytes(raw)
        data, doc = read_report(path)
        assert data == raw
        assert doc.text == path.read_text(encoding="utf-8")
        assert doc.text == text.replace("\r\n", "\n").replace("\r", "\n")
        assert doc.sha256 == hashlib.sha256(raw).hexdigest()
