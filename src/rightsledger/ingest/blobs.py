"""Content-addressed, write-once storage of the original bytes of every report."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import tempfile
from pathlib import Path

from rightsledger.errors import StoreError

_SHA256 = re.compile(r"[0-9a-f]{64}")
_CHUNK = 1024 * 1024
READ_ONLY = 0o444


def _fsync_dir(folder: Path) -> None:
    """Make a rename or a new entry in ``folder`` durable (POSIX; a no-op where folders cannot be opened)."""
    if not hasattr(os, "O_DIRECTORY"):
        return
    fd = os.open(folder, os.O_RDONLY | os.O_DIRECTORY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


class BlobStore:
    """Blobs named by their SHA-256, fanned out as ``root/ab/cd/abcd...`` to keep folders small."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)

    def path_for(self, sha256: str) -> Path:
        if not _SHA256.fullmatch(sha256):
            # Also what keeps a crafted "hash" from naming a path outside the store.
            raise ValueError(f"not a SHA-256 hex digest (64 lowercase hex digits): {sha256!r}")
        return self.root / sha256[:2] / sha256[2:4] / sha256

    def _hash_file(self, path: Path) -> str:
        digest = hashlib.sha256()
        with path.open("rb") as handle:
            while chunk := handle.read(_CHUNK):
                digest.update(chunk)
        return digest.hexdigest()

    def verify(self, sha256: str) -> bool:
        """True when the stored bytes still hash to their name (False when missing, unreadable or altered)."""
        try:
            return self._hash_file(self.path_for(sha256)) == sha256
        except OSError:
            return False

    def read(self, sha256: str) -> bytes:
        path = self.path_for(sha256)
        try:
            return path.read_bytes()
        except FileNotFoundError:
            raise StoreError(f"{path}: no stored blob {sha256}; the blob folder is incomplete") from None
        except OSError as exc:
            raise StoreError(f"{path}: cannot read stored blob ({exc.strerror or exc})") from exc

    def put(self, data: bytes) -> tuple[str, bool]:
        """Store ``data``; return its SHA-256 and whether it was newly written.

        Crash-safe: the bytes go to a temporary file in the final folder, are
        fsynced, renamed into place atomically and the folder fsynced, so the
        final name only ever holds complete bytes.  A damaged existing copy is
        replaced.
        """
        sha256 = hashlib.sha256(data).hexdigest()
        final = self.path_for(sha256)
        if self.verify(sha256):
            return sha256, False
        self._make_folders(final.parent)
        fd, tmp_name = tempfile.mkstemp(prefix=".tmp-", dir=final.parent)
        tmp = Path(tmp_name)
        try:
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
            tmp.chmod(READ_ONLY)
            os.replace(tmp, final)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
            raise
        _fsync_dir(final.parent)
        return sha256, True

    def _make_folders(self, folder: Path) -> None:
        # Create root/ab/cd one level at a time, fsyncing each parent that gained an entry.
        missing = [p for p in (folder, *folder.parents) if not p.exists()]
        for new in reversed(missing):
            with contextlib.suppress(FileExistsError):  # another writer got there first
                new.mkdir()
            _fsync_dir(new.parent)
