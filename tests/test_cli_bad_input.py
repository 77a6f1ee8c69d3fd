"""Bad input through ``rightsledger add`` (issue 3, part 8), on SQLite and PostgreSQL.

Each case: one clear message naming the file and the problem, the other files
still go in, the exit code is non-zero, and nothing already stored changes.
"""

from __future__ import annotations

import hashlib
import io
import os
import random
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rightsledger.ingest import BlobStore


def _pdf_with_text(text: str) -> bytes:
    from reportlab.pdfgen import canvas

    buffer = io.BytesIO()
    page = canvas.Canvas(buffer)
    page.drawString(72, 720, text)
    page.save()
    return buffer.getvalue()


def _encrypted_pdf() -> bytes:
    from pypdf import PdfReader, PdfWriter

    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_pdf_with_text("Forty people were detained."))))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _sparse_100mb(path: Path) -> None:
    with path.open("wb") as handle:
        handle.truncate(100 * 1024 * 1024)  # sparse: costs no disk space


WRITERS: dict[str, tuple[str, Callable[[Path], None], str]] = {
    # case: (file name, writer, words the message must contain)
    "empty file": ("empty.txt", lambda p: p.write_bytes(b""), "empty file"),
    "binary garbage": ("garbage.txt", lambda p: p.write_bytes(random.Random(3).randbytes(5000)), "binary"),
    "invalid UTF-8": (
        "latin-mess.txt",
        lambda p: p.write_bytes(
            b"Security forces \xff\xfe\xc3\x28 killed \x80\x81\x82 twelve \xc0\xaf people." * 3
        ),
        "not UTF-8",
    ),
    "corrupt PDF": (
        "broken.pdf",
        lambda p: p.write_bytes(b"%PDF-1.7\n1 0 obj << /Type /Catalog >>\ngarbage"),
        "PDF",
    ),
    "encrypted PDF": ("locked.pdf", lambda p: p.write_bytes(_encrypted_pdf()), "encrypted PDF"),
    "100 MB file": ("huge.txt", _sparse_100mb, "too large"),
}


@pytest.fixture
def stored(cli, tmp_path: Path, ledger_url: str, dump) -> dict:
    """A ledger that already holds one report, and a snapshot of it."""
    first = tmp_path / "first.txt"
    first.write_text("Earlier report\n\nTwenty people were detained in the north.")
    assert cli("add", first).exit_code == 0
    return dump(ledger_url)


def _assert_unchanged(before: dict, after: dict) -> None:
    for table, rows in before.items():
        assert {k: after[table].get(k) for k in rows} == rows, f"stored {table} rows changed"


def _fresh_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "incoming"
    folder.mkdir()
    (folder / "good.txt").write_text("Good report\n\nThirty people were arrested at the rally.")
    return folder


@pytest.mark.parametrize("case", list(WRITERS))
def test_bad_file_is_reported_and_the_rest_go_in(
    case: str, cli, stored: dict, tmp_path: Path, ledger_url: str, dump, home: Path
) -> None:
    name, write, problem = WRITERS[case]
    folder = _fresh_folder(tmp_path)
    bad = folder / name
    write(bad)
    result = cli("add", folder)
    assert result.exit_code == 1, result.output
    errors = result.stderr.splitlines()
    assert len(errors) == 1 and errors[0].startswith(f"error: {bad}: "), result.stderr
    assert problem in errors[0]
    assert "Traceback" not in result.output
    assert result.stdout.splitlines()[-1] == "1 added, 1 failed"
    after = dump(ledger_url)
    _assert_unchanged(stored, after)
    assert len(after["documents"]) == len(stored["documents"]) + 1  # good.txt went in
    blobs = BlobStore(home / "blobs")
    assert all(blobs.verify(row[1]) for row in after["documents"].values())
    assert cli("check").exit_code == 0


def test_missing_path_is_reported_and_the_rest_go_in(
    cli, stored: dict, tmp_path: Path, ledger_url: str, dump
):
    folder = _fresh_folder(tmp_path)
    missing = tmp_path / "no-such-report.txt"
    result = cli("add", missing, folder)
    assert result.exit_code == 1
    assert result.stderr.strip() == f"error: {missing}: no such file"
    assert "1 added, 1 failed" in result.stdout
    _assert_unchanged(stored, dump(ledger_url))


def test_only_bad_files_exit_non_zero_and_store_nothing(cli, stored: dict, tmp_path: Path, ledger_url, dump):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = cli("add", empty)
    assert result.exit_code == 1 and result.stdout.strip() == "0 added, 1 failed"
    assert dump(ledger_url) == stored


def test_max_size_option(cli, stored: dict, tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    big.write_text("Big report\n\n" + "Ten people were detained. " * 60_000)  # about 1.5 MB
    result = cli("add", big, "--max-size", "1")
    assert result.exit_code == 1 and "too large" in result.stderr
    assert cli("add", big, "--max-size", "2").exit_code == 0


def _unprivileged_prefix() -> list[str]:
    """Root reads any file, so run the CLI as root without the capabilities that bypass file modes."""
    if os.geteuid() != 0:
        return []
    setpriv = shutil.which("setpriv")
    if setpriv is None:
        pytest.skip("running as root without setpriv: cannot make a file unreadable")
    drop = "-dac_override,-dac_read_search"
    return [setpriv, f"--inh-caps={drop}", f"--bounding-set={drop}", "--"]


def test_folder_with_an_unreadable_file(
    cli_args, stored: dict, tmp_path: Path, ledger_url: str, dump
) -> None:
    folder = _fresh_folder(tmp_path)
    secret = folder / "secret.txt"
    secret.write_text("Secret report\n\nNobody may read this.")
    secret.chmod(0)
    command = [
        *_unprivileged_prefix(),
        sys.executable,
        "-m",
        "rightsledger.cli",
        *cli_args,
        "add",
        str(folder),
    ]
    result = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == f"error: {secret}: permission denied; make it readable (chmod u+r)"
    assert result.stdout.splitlines()[-1] == "1 added, 1 failed"
    after = dump(ledger_url)
    _assert_unchanged(stored, after)
    assert len(after["documents"]) == len(stored["documents"]) + 1


def test_nothing_stored_changes_when_a_blob_cannot_be_written(
    cli, stored: dict, tmp_path: Path, ledger_url: str, dump, home: Path
) -> None:
    # A file standing where the blob folder for new bytes should be: the blob write fails, no row is written.
    folder = _fresh_folder(tmp_path)
    data = (folder / "good.txt").read_bytes()
    sha = hashlib.sha256(data).hexdigest()
    blocker = BlobStore(home / "blobs").path_for(sha).parent.parent
    blocker.parent.mkdir(parents=True, exist_ok=True)
    if blocker.exists():
        pytest.skip("hash prefix collides with the stored report's")
    blocker.write_bytes(b"")
    result = cli("add", folder)
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: {folder / 'good.txt'}: cannot store its bytes")
    assert dump(ledger_url) == stored
