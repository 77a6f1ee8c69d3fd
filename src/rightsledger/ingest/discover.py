"""Which files to ingest: explicit files as given, folders walked for report files."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from pathlib import Path

from rightsledger.errors import IngestError
from rightsledger.ingest.problems import Unreadable
from rightsledger.ingest.report import check_regular_file
from rightsledger.ingest.sniff import SUPPORTED_SUFFIXES

# Files that describe a folder rather than report on anything; skipped when walking, taken when named.
FOLDER_NOTES = {"README", "CHANGELOG", "LICENSE", "CONTRIBUTING", "NOTES"}


def _openable(path: Path) -> IngestError | None:
    """An error when ``path`` cannot be read as a file, else None: cheap, and it never blocks."""
    try:
        check_regular_file(path)
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        os.close(fd)
    except Unreadable as exc:
        return IngestError(str(path), str(exc))
    except PermissionError:
        return IngestError(str(path), "permission denied; make it readable (chmod u+r)")
    except OSError as exc:
        return IngestError(str(path), f"cannot open it ({exc.strerror or exc})")
    return None


def _walk(folder: Path, ancestors: frozenset[tuple[int, int]]) -> Iterator[Path | IngestError]:
    try:
        entries = sorted(os.scandir(folder), key=lambda entry: entry.name)
    except PermissionError:
        yield IngestError(str(folder), "cannot list folder: permission denied")
        return
    except OSError as exc:
        yield IngestError(str(folder), f"cannot list folder ({exc.strerror or exc})")
        return
    for entry in entries:
        path = Path(entry.path)
        try:
            st = entry.stat()  # follows symlinks
        except OSError:
            st = None  # a dangling symlink, or a vanished file: reported below if it looks like a report
        if st is not None and stat.S_ISDIR(st.st_mode):
            key = (st.st_dev, st.st_ino)
            if key in ancestors:
                continue  # a symlink back up the tree: following it would never end
            yield from _walk(path, ancestors | {key})
        elif path.suffix.lower() in SUPPORTED_SUFFIXES and not _is_folder_note(path):
            yield _openable(path) or path


def _is_folder_note(path: Path) -> bool:
    """A README or CHANGELOG describing a folder of reports is not itself a report."""
    return path.stem.upper() in FOLDER_NOTES


def discover(paths: Iterable[str | Path]) -> Iterator[Path | IngestError]:
    """Files to ingest, in a stable (sorted) order.

    A file path is yielded as is (any suffix); a directory is walked
    recursively, in name order, yielding files with ``SUPPORTED_SUFFIXES`` only
    (so ``NAME.meta.json`` / ``NAME.gold.json`` sidecars are skipped silently),
    and skipping a folder's own ``README``-style notes.
    A missing path, or a folder or file that cannot be listed or opened,
    yields an ``IngestError`` naming it, and the walk goes on.  A file reached
    twice (named twice, or through a symlink) is yielded once.
    """
    seen: set[str] = set()
    for given in paths:
        path = Path(given)
        try:
            st = path.stat()
        except OSError:
            st = None
        if st is not None and stat.S_ISDIR(st.st_mode):
            found: Iterator[Path | IngestError] = _walk(path, frozenset({(st.st_dev, st.st_ino)}))
        else:
            found = iter([_openable(path) or path])
        for item in found:
            if isinstance(item, Path):
                real = os.path.realpath(item)
                if real in seen:
                    continue
                seen.add(real)
            yield item
