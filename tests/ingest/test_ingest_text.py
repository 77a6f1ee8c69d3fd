"""Plain-text reports: exact text, hashes, encodings, and every refusal."""

from __future__ import annotations

import hashlib
import os
import re
from datetime import UTC, datetime

import pytest

from rightsledger.errors import IngestError
from rightsledger.ingest import MAX_BYTES_DEFAULT, read_report

REPORT = "Belarus: more than 7,500 detained\n\nViasna said at least 7,500 people were held.\n"


def test_utf8_round_trip_exact_text_and_hash(write):
    raw = REPORT.encode("utf-8")
    path = write("belarus.txt", raw)
    data, doc = read_report(path)
    assert data == raw
    assert doc.text == REPORT == path.read_text(encoding="utf-8")
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()
    assert doc.size == len(raw)
    assert doc.media_type == "text/plain"
    prov = doc.provenance
    assert prov.source_path == str(path.absolute())
    assert doc.title == "Belarus: more than 7,500 detained"
    assert prov.added_by
    added = datetime.fromisoformat(prov.added_at)
    assert added.utcoffset() == UTC.utcoffset(None)
    assert abs((datetime.now(UTC) - added).total_seconds()) < 60


def test_crlf_and_cr_normalised_like_read_text_bytes_kept(write):
    raw = b"Title\r\nline two\rline three\r\n\r\nend"
    path = write("crlf.txt", raw)
    data, doc = read_report(path)
    assert doc.text == path.read_text(encoding="utf-8") == "Title\nline two\nline three\n\nend"
    assert data == raw  # the stored original is untouched
    assert doc.sha256 == hashlib.sha256(raw).hexdigest()


def test_utf8_bom_kept_like_read_text(write):
    path = write("bom.txt", "\ufeffReport title\nbody".encode())
    _, doc = read_report(path)
    assert doc.text == path.read_text(encoding="utf-8")
    assert doc.text.startswith("\ufeff")
    assert doc.title == "Report title"


def test_cp1252_detected(write):
    text = (
        "Les forces de sécurité ont tué au moins 12 manifestants — selon des témoins, "
        "« c’était un massacre ». Le ministre a déclaré : “nous agirons”.\r\n"
    )
    path = write("legacy.txt", text.encode("cp1252"))
    _, doc = read_report(path)
    assert doc.text == text.replace("\r\n", "\n")


def test_latin1_western_text_read_as_cp1252(write):
    text = "The report was published in Genève by the special rapporteur on Belarus. " * 3
    path = write("geneve.txt", text.encode("latin-1"))
    assert read_report(path)[1].text == text


def test_utf16_with_bom_detected(write):
    text = "Rapport : 40 personnes arrêtées\r\nselon l’ONG “Viasna”.\n"
    path = write("wide.txt", text.encode("utf-16"))  # little-endian with a BOM
    _, doc = read_report(path)
    assert doc.text == text.replace("\r\n", "\n")
    assert doc.title == "Rapport : 40 personnes arrêtées"


def test_invalid_utf8_garbage_refused_naming_the_file(write):
    path = write("garbage.txt", b"Hello world \xc3\x28 this is \xa0\xa1 broken \xfd\xfc\x80")
    with pytest.raises(IngestError) as err:
        read_report(path)
    assert err.value.path == str(path)
    assert str(path) in str(err.value)
    assert "not UTF-8" in err.value.problem
    assert "convert it to UTF-8" in err.value.problem


def test_empty_file_refused(write):
    path = write("empty.txt", b"")
    with pytest.raises(IngestError, match="empty file"):
        read_report(path)


def test_whitespace_only_refused(write):
    with pytest.raises(IngestError, match="only whitespace"):
        read_report(write("blank.txt", b" \n\r\n\t\n"))


def test_binary_garbage_with_nul_refused(write):
    data = os.urandom(4096) + b"\x00\x00\x00" + os.urandom(4096)
    path = write("noise.txt", data)
    with pytest.raises(IngestError, match="binary file, not a text, HTML or PDF report") as err:
        read_report(path)
    assert err.value.path == str(path)


def test_control_heavy_bytes_without_nul_refused(write):
    data = bytes(range(1, 32)) * 200
    with pytest.raises(IngestError, match="binary file"):
        read_report(write("controls.txt", data))


def test_known_binary_format_named(write):
    with pytest.raises(IngestError, match=r"ZIP archive"):
        read_report(write("report.txt", b"PK\x03\x04" + b"\x14\x00" * 50))


def test_oversized_file_refused_by_stat_before_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: instant, and all NULs if it were read
    with pytest.raises(IngestError) as err:
        read_report(path)
    problem = err.value.problem
    assert "too large" in problem
    assert "100.0 MiB" in problem and str(100 * 1024 * 1024) in problem
    assert "50.0 MiB" in problem and str(MAX_BYTES_DEFAULT) in problem


def test_max_bytes_is_configurable(write):
    path = write("small.txt", b"x" * 101)
    with pytest.raises(IngestError, match=r"101 bytes exceeds the limit of 100 bytes"):
        read_report(path, max_bytes=100)
    assert read_report(path, max_bytes=101)[1].size == 101


def test_missing_file(tmp_path):
    path = tmp_path / "nope.txt"
    with pytest.raises(IngestError, match="no such file") as err:
        read_report(path)
    assert err.value.path == str(path)


def test_directory_refused(tmp_path):
    with pytest.raises(IngestError, match="is a directory"):
        read_report(tmp_path)


def test_dangling_symlink_refused(tmp_path):
    link = tmp_path / "gone.txt"
    link.symlink_to(tmp_path / "deleted.txt")
    with pytest.raises(IngestError, match="dangling symlink"):
        read_report(link)


def test_fifo_refused_without_blocking(tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    with pytest.raises(IngestError, match="FIFO, not a regular file"):
        read_report(fifo)


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads files whatever their mode")
def test_unreadable_file_refused(write):
    path = write("secret.txt", b"text")
    path.chmod(0)
    try:
        with pytest.raises(IngestError, match="permission denied"):
            read_report(path)
    finally:
        path.chmod(0o644)


def test_title_from_first_non_empty_line_clipped(write):
    long_line = "A" * 300
    _, doc = read_report(write("t.txt", f"\n\n   {long_line}   \nbody\n".encode()))
    assert doc.title == "A" * 200


def test_markdown_heading_title(write):
    _, doc = read_report(write("r.md", b"# Lekki: findings\n\nBody text.\n"))
    assert doc.title == "Lekki: findings"
    assert doc.media_type == "text/plain"


def test_any_suffix_is_read_by_content(write):
    _, doc = read_report(write("notes.log", b"Some plain notes.\n"))
    assert doc.media_type == "text/plain"


def test_added_by_explicit_and_default(write):
    path = write("a.txt", b"text")
    assert read_report(path, added_by="analyst-7")[1].provenance.added_by == "analyst-7"
    assert re.fullmatch(r".+", read_report(path)[1].provenance.added_by or "")


def test_cp1251_cyrillic_detected(write):
    text = "Силы безопасности задержали более 7500 человек после выборов, сообщили правозащитники.\n"
    assert read_report(write("vesna.txt", text.encode("cp1251")))[1].text == text
