"""Read one report file into its original bytes and a :class:`Document`."""

from __future__ import annotations

import getpass
import hashlib
import os
import stat
from datetime import UTC, datetime
from pathlib import Path

from rightsledger.domain import Document, Provenance
from rightsledger.errors import IngestError
from rightsledger.ingest.encoding import decode_text
from rightsledger.ingest.html import read_html
from rightsledger.ingest.pdf import read_pdf
from rightsledger.ingest.problems import Unreadable
from rightsledger.ingest.sidecar import check_published, read_sidecar, valid_published
from rightsledger.ingest.sniff import HTML, PDF, media_type

MAX_BYTES_DEFAULT: int = 50 * 1024 * 1024
TITLE_MAX = 200


def human_size(n: int) -> str:
    size = float(n)
    for unit in ("bytes", "KiB", "MiB", "GiB"):
        if size < 1024 or unit == "GiB":
            return f"{n} bytes" if unit == "bytes" else f"{size:.1f} {unit} ({n} bytes)"
        size /= 1024
    raise AssertionError("unreachable")


def _kind(mode: int) -> str:
    for test, name in (
        (stat.S_ISFIFO, "a FIFO"),
        (stat.S_ISSOCK, "a socket"),
        (stat.S_ISCHR, "a character device"),
        (stat.S_ISBLK, "a block device"),
    ):
        if test(mode):
            return name
    return "not a regular file"


def check_regular_file(path: Path) -> os.stat_result:
    """stat() the report, raising :class:`Unreadable` unless it is a regular file we may open."""
    try:
        st = path.stat()
    except FileNotFoundError:
        if path.is_symlink():
            raise Unreadable(f"dangling symlink (its target {os.readlink(path)!r} does not exist)") from None
        raise Unreadable("no such file") from None
    except PermissionError:
        raise Unreadable("permission denied while looking it up; check the folders' permissions") from None
    except OSError as exc:
        raise Unreadable(f"cannot read it ({exc.strerror or exc})") from exc
    if stat.S_ISDIR(st.st_mode):
        raise Unreadable("is a directory; pass the files in it, or walk it with discover()")
    if not stat.S_ISREG(st.st_mode):
        # Opening a FIFO would block forever, and a device is not a report.
        raise Unreadable(f"{_kind(st.st_mode)}, not a regular file")
    return st


def _too_large(size: int, max_bytes: int) -> Unreadable:
    return Unreadable(
        f"file too large: {human_size(size)} exceeds the limit of {human_size(max_bytes)}; "
        "split the report or raise max_bytes"
    )


def _read_bytes(path: Path, max_bytes: int) -> bytes:
    size = check_regular_file(path).st_size
    if size == 0:
        raise Unreadable("empty file; nothing to ingest")
    if size > max_bytes:
        raise _too_large(size, max_bytes)
    try:
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, do not hang.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        with os.fdopen(fd, "rb") as handle:
            data = handle.read(max_bytes + 1)  # the file may have grown since stat()
    except PermissionError:
        raise Unreadable("permission denied; make it readable (chmod u+r)") from None
    except OSError as exc:
        raise Unreadable(f"cannot read it ({exc.strerror or exc})") from exc
    if not data:
        raise Unreadable("empty file; nothing to ingest")
    if len(data) > max_bytes:
        raise _too_large(len(data), max_bytes)
    return data


def _first_line_title(text: str, markdown: bool) -> str | None:
    for line in text.splitlines():
        line = line.strip().lstrip("\ufeff").strip()
        if markdown:
            line = line.lstrip("#").strip()
        if line:
            return line
    return None


def _clip(title: str | None) -> str | None:
    if not title:
        return None
    title = " ".join(title.split())
    return title[:TITLE_MAX].rstrip() or None


def _default_user() -> str:
    try:
        return getpass.getuser() or "unknown"
    except Exception:  # no login name, no USER variable, no passwd entry (containers)
        return "unknown"


def read_report(
    path: str | Path,
    *,
    max_bytes: int = MAX_BYTES_DEFAULT,
    publisher: str | None = None,
    url: str | None = None,
    published: str | None = None,
    title: str | None = None,
    added_by: str | None = None,
) -> tuple[bytes, Document]:
    """Read one report: its original bytes unchanged and a Document describing them.

    Metadata comes, in order of precedence, from the keyword arguments, the
    ``NAME.meta.json`` sidecar, the document itself (HTML/PDF metadata, a text
    file's first line) and finally the file name.  Raises ``IngestError`` naming
    the file (or its sidecar) and what to do about it.
    """
    path = Path(path)
    where = str(path)
    if published is not None:
        check_published(published, where)
    try:
        data = _read_bytes(path, max_bytes)
        kind = media_type(data, path.suffix)
        found: dict[str, str | None] = {}
        if kind == PDF:
            pdf = read_pdf(data)
            text, found["title"] = pdf.text, pdf.title
        elif kind == HTML:
            page = read_html(data)
            text = page.text
            found.update(
                title=page.title,
                publisher=page.publisher,
                url=page.url,
                # the page's date is a guess; keep it only when well-formed
                published=page.published if page.published and valid_published(page.published) else None,
            )
        else:
            text = decode_text(data)
            if not text.strip():
                raise Unreadable("no text (only whitespace); nothing to ingest")
            found["title"] = _first_line_title(text, markdown=path.suffix.lower() == ".md")
    except Unreadable as exc:
        raise IngestError(where, str(exc)) from exc

    sidecar = read_sidecar(path)
    given = {"publisher": publisher, "url": url, "published": published, "title": title}

    def pick(key: str) -> str | None:
        return given[key] or sidecar.get(key) or found.get(key)

    provenance = Provenance(
        source_path=os.path.abspath(path),
        url=pick("url"),
        publisher=pick("publisher"),
        published=pick("published"),
        title=given["title"] or sidecar.get("title") or _clip(found.get("title")) or path.name,
        added_by=added_by or _default_user(),
        added_at=datetime.now(UTC).isoformat(timespec="seconds"),
    )
    document = Document(
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=kind,
        size=len(data),
        text=text,
        provenance=provenance,
    )
    return data, document
