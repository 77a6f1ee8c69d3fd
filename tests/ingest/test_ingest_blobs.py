"""BlobStore: content-addressed, write-once, read-only, verifiable, no temp files left."""

from __future__ import annotations

import hashlib
import os
import stat

import pytest

from rightsledger.errors import StoreError
from rightsledger.ingest import BlobStore


def test_put_twice_stored_once(tmp_path):
    store = BlobStore(tmp_path / "blobs")
    data = b"original report bytes\r\n"
    sha, new = store.put(data)
    assert sha == hashlib.sha256(data).hexdigest()
    assert new is True
    path = store.path_for(sha)
    assert path == tmp_path / "blobs" / sha[:2] / sha[2:4] / sha
    mtime = path.stat().st_mtime_ns
    assert store.put(data) == (sha, False)
    assert path.stat().st_mtime_ns == mtime
    assert [p for p in (tmp_path / "blobs").rglob("*") if p.is_file()] == [path]
    assert store.read(sha) == data
    assert store.verify(sha)


def test_blob_is_read_only(tmp_path):
    store = BlobStore(tmp_path)
    sha, _ = store.put(b"x")
    assert stat.S_IMODE(store.path_for(sha).stat().st_mode) == 0o444


def test_tampered_blob_fails_verify_and_is_repaired_by_put(tmp_path):
    store = BlobStore(tmp_path)
    data = b"testimony"
    sha, _ = store.put(data)
    path = store.path_for(sha)
    path.chmod(0o644)
    path.write_bytes(b"tampered")
    assert store.verify(sha) is False
    assert store.put(data) == (sha, True)
    assert store.verify(sha)


def test_no_temp_files_left(tmp_path):
    store = BlobStore(tmp_path)
    for i in range(5):
        store.put(os.urandom(100) + bytes([i]))
    leftovers = [p for p in tmp_path.rglob("*") if p.name.startswith(".tmp")]
    assert leftovers == []


def test_missing_blob(tmp_path):
    store = BlobStore(tmp_path)
    sha = hashlib.sha256(b"never stored").hexdigest()
    assert store.verify(sha) is False
    with pytest.raises(StoreError, match="no stored blob"):
        store.read(sha)


@pytest.mark.parametrize("bad", ["../../etc/passwd", "ABC", "g" * 64, "A" * 64])
def test_path_for_rejects_non_hashes(tmp_path, bad):
    with pytest.raises(ValueError, match="SHA-256"):
        BlobStore(tmp_path).path_for(bad)


def test_empty_bytes(tmp_path):
    store = BlobStore(tmp_path)
    sha, new = store.put(b"")
    assert new and store.read(sha) == b"" and store.verify(sha)
