"""discover(): sorted walk, supported suffixes only, errors yielded and the walk goes on."""

from __future__ import annotations

import os
import socket
from pathlib import Path

import pytest

from rightsledger.errors import IngestError
from rightsledger.ingest import discover


def names(items, root):
    return [str(i.relative_to(root)) if not isinstance(i, IngestError) else f"ERR:{i.path}" for i in items]


def test_walk_sorted_supported_only(tmp_path, write):
    for name in (
        "b.txt",
        "a.md",
        "a.meta.json",
        "a.gold.json",
        "c.PDF",
        "sub/z.html",
        "sub/y.htm",
        "sub/deeper/x.text",
        "image.png",
        "notes.docx",
    ):
        write(name, b"x")
    found = list(discover([tmp_path]))
    assert all(not isinstance(item, IngestError) for item in found)
    assert names(found, tmp_path) == [
        "a.md",
        "b.txt",
        "c.PDF",
        "sub/deeper/x.text",
        "sub/y.htm",
        "sub/z.html",
    ]


def test_explicit_file_any_suffix_and_order_of_arguments(tmp_path, write):
    meta = write("a.meta.json", b"{}")
    txt = write("b.txt", b"x")
    assert list(discover([str(txt), meta])) == [txt, meta]


def test_same_file_twice_yielded_once(tmp_path, write):
    path = write("a.txt", b"x")
    (tmp_path / "link.txt").symlink_to(path)
    assert list(discover([path, tmp_path])) == [path]


def test_missing_path_yields_error_and_goes_on(tmp_path, write):
    good = write("good.txt", b"x")
    missing = tmp_path / "missing"
    found = list(discover([missing, good]))
    assert isinstance(found[0], IngestError)
    assert found[0].path == str(missing)
    assert "no such file" in found[0].problem
    assert found[1] == good


def test_unreadable_entries_reported_walk_goes_on(tmp_path, write):
    write("a.txt", b"x")
    (tmp_path / "b-dangling.txt").symlink_to(tmp_path / "deleted.txt")
    os.mkfifo(tmp_path / "c-pipe.txt")
    sock = socket.socket(socket.AF_UNIX)
    sock.bind(str(tmp_path / "d-socket.md"))
    locked = write("e-locked.txt", b"secret")
    locked.chmod(0)
    write("f.txt", b"x")
    (tmp_path / "ignored-dangling.png").symlink_to(tmp_path / "nothing")
    try:
        found = list(discover([tmp_path]))
    finally:
        sock.close()
        locked.chmod(0o644)
    by_name = {os.path.basename(i.path if isinstance(i, IngestError) else i): i for i in found}
    assert not isinstance(by_name["a.txt"], IngestError)
    assert not isinstance(by_name["f.txt"], IngestError)  # the walk went on past the failures
    assert "dangling symlink" in by_name["b-dangling.txt"].problem
    assert "FIFO" in by_name["c-pipe.txt"].problem
    assert "socket" in by_name["d-socket.md"].problem
    assert "ignored-dangling.png" not in by_name
    if os.geteuid() != 0:  # root may open a file whatever its mode
        assert isinstance(by_name["e-locked.txt"], IngestError)
        assert "permission denied" in by_name["e-locked.txt"].problem
    order = [os.path.basename(i.path if isinstance(i, IngestError) else i) for i in found]
    assert order == sorted(order)


@pytest.mark.skipif(os.geteuid() == 0, reason="root lists folders whatever their mode")
def test_unlistable_folder_reported(tmp_path, write):
    write("locked/a.txt", b"x")
    after = write("z.txt", b"x")
    (tmp_path / "locked").chmod(0)
    try:
        found = list(discover([tmp_path]))
    finally:
        (tmp_path / "locked").chmod(0o755)
    assert isinstance(found[0], IngestError) and "cannot list folder" in found[0].problem
    assert found[1] == after


def test_symlink_loop_does_not_hang(tmp_path, write):
    write("sub/a.txt", b"x")
    (tmp_path / "sub" / "loop").symlink_to(tmp_path)
    found = list(discover([tmp_path]))
    assert found == [tmp_path / "sub" / "a.txt"]


def test_folder_readme_is_not_a_report_unless_named(tmp_path: Path) -> None:
    (tmp_path / "README.md").write_text("What these reports are.\n", encoding="utf-8")
    (tmp_path / "report.txt").write_text("A report.\n", encoding="utf-8")
    assert [p.name for p in discover([tmp_path])] == ["report.txt"]
    assert [p.name for p in discover([tmp_path / "README.md"])] == ["README.md"]
