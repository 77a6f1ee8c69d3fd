"""The append-only, hash-chained audit log.

Each entry's ``hash`` is the SHA-256 of the sorted-key JSON of its sequence number,
timestamp, actor, action, target, payload and the previous entry's hash (64 zeros for
the first), so editing, deleting or reordering an entry breaks the chain from there on.
Entries are written in the same transaction as the change they record; writers are
serialised (SQLite: ``BEGIN IMMEDIATE``; PostgreSQL: a transaction-scoped advisory lock)
so two concurrent writers can never append to the same predecessor.
"""

from __future__ import annotations

import getpass
import hashlib
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, select, text
from sqlalchemy.orm import Session

from rightsledger.store.schema import AuditRow

GENESIS = "0" * 64
# Any constant other than the migration lock's: serialises appends to one PostgreSQL ledger.
PG_AUDIT_LOCK = 0x61756469746C6F67


@dataclass(frozen=True)
class AuditEntry:
    seq: int
    at: str
    actor: str
    action: str
    target: str
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def to_json(self) -> dict[str, Any]:
        return {
            "seq": self.seq,
            "at": self.at,
            "actor": self.actor,
            "action": self.action,
            "target": self.target,
            "payload": self.payload,
            "prev_hash": self.prev_hash,
            "hash": self.hash,
        }


def default_actor() -> str:
    """The OS user's name (``unknown`` when there is none, e.g. in some containers)."""
    try:
        return getpass.getuser() or "unknown"
    except (KeyError, OSError):
        return "unknown"


def canonical_payload(payload: dict[str, Any]) -> str:
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def entry_hash(seq: int, at: str, actor: str, action: str, target: str, payload: str, prev_hash: str) -> str:
    """SHA-256 over the canonical (sorted-key, compact) JSON of the entry's fields.

    ``payload`` is the payload's canonical JSON text, exactly as stored.
    """
    body = {
        "seq": seq,
        "timestamp": at,
        "actor": actor,
        "action": action,
        "target": target,
        "payload": payload,
        "prev_hash": prev_hash,
    }
    return hashlib.sha256(canonical_payload(body).encode()).hexdigest()


def append(
    session: Session, *, at: str, actor: str, action: str, target: str, payload: dict[str, Any]
) -> int:
    """Append one entry inside the caller's transaction; returns its sequence number."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": PG_AUDIT_LOCK})
    last = session.execute(select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)).first()
    seq, prev = (last[0] + 1, last[1]) if last else (1, GENESIS)
    body = canonical_payload(payload)
    session.add(
        AuditRow(
            seq=seq,
            at=at,
            actor=actor,
            action=action,
            target=target,
            payload=body,
            prev_hash=prev,
            hash=entry_hash(seq, at, actor, action, target, body, prev),
        )
    )
    session.flush()
    return seq


def entries(connection: Connection, limit: int | None = None) -> list[AuditEntry]:
    """The newest ``limit`` entries (all by default), oldest first."""
    query = select(AuditRow).order_by(AuditRow.seq.desc()).limit(limit)
    rows = list(connection.execute(query))
    return [_entry(row) for row in reversed(rows)]


def _entry(row: Any) -> AuditEntry:
    try:
        payload = json.loads(row.payload)
    except ValueError:
        payload = {"unreadable": row.payload}
    return AuditEntry(row.seq, row.at, row.actor, row.action, row.target, payload, row.prev_hash, row.hash)


def verify(connection: Connection) -> tuple[list[str], int, str]:
    """(problems, entries checked, hash of the last entry) for the whole chain."""
    problems: list[str] = []
    prev, expected, count = GENESIS, 1, 0
    for row in connection.execute(select(AuditRow).order_by(AuditRow.seq)):
        count += 1
        computed = entry_hash(row.seq, row.at, row.actor, row.action, row.target, row.payload, row.prev_hash)
        if row.seq != expected:
            if row.seq > expected:
                missing = f"{expected}" if row.seq == expected + 1 else f"{expected}–{row.seq - 1}"
                problems.append(f"entry {missing} missing: the sequence jumps to {row.seq} (deleted?)")
            else:
                problems.append(f"entry {row.seq}: out of order after {expected - 1}")
        if computed != row.hash:
            problems.append(
                f"entry {row.seq}: contents do not match its hash (edited: {row.action} {row.target})"
            )
        if row.prev_hash != prev:
            problems.append(
                f"entry {row.seq}: does not follow the entry before it "
                "(prev_hash differs: an entry was deleted, reordered or edited)"
            )
        prev, expected = row.hash, row.seq + 1
    return problems, count, prev


# -- anchors: the head of the chain, kept outside the database ---------------------------------
#
# The chain shows an edited, deleted or reordered entry, but not entries cut off its end: the
# shorter chain is intact.  An anchor is the (seq, hash) of the head at some moment, appended
# to a file kept outside the database (``HOME/audit-anchors.jsonl`` by default, or anywhere
# else: a backup, a signed message).  While every anchor still matches an entry of the chain,
# nothing older than the newest anchor was cut off.


@dataclass(frozen=True)
class Anchor:
    seq: int
    hash: str
    at: str
    ledger: str | None = None  # the ledger's display URL, so one file can serve several ledgers

    def to_json(self) -> dict[str, Any]:
        return {"seq": self.seq, "hash": self.hash, "at": self.at, "ledger": self.ledger}


def head(connection: Connection) -> tuple[int, str] | None:
    """(seq, hash) of the last entry, or None for an empty log."""
    row = connection.execute(
        select(AuditRow.seq, AuditRow.hash).order_by(AuditRow.seq.desc()).limit(1)
    ).first()
    return (row[0], row[1]) if row else None


def check_anchor(connection: Connection, anchor: Anchor) -> str | None:
    """A problem when the chain no longer holds the anchored entry unchanged, else None."""
    row = connection.execute(select(AuditRow.hash).where(AuditRow.seq == anchor.seq)).first()
    if row is None:
        last = head(connection)
        now_ends = f"the log now ends at entry {last[0]}" if last else "the log is now empty"
        return (
            f"anchor of {anchor.at}: entry {anchor.seq} is gone ({now_ends}): "
            "entries were cut off the end of the log"
        )
    if row[0] != anchor.hash:
        return f"anchor of {anchor.at}: entry {anchor.seq} no longer has hash {anchor.hash[:12]} (rewritten)"
    return None


def check_expected_head(connection: Connection, expected: str) -> str | None:
    """A problem unless some entry's hash is (or starts with, 12+ digits) ``expected``."""
    wanted = expected.strip().lower()
    if len(wanted) < 12 or any(c not in "0123456789abcdef" for c in wanted):
        return f"{expected!r} is not an audit hash (give the 64 hex digits, or at least 12)"
    found = connection.execute(select(AuditRow.seq).where(AuditRow.hash.startswith(wanted)).limit(1)).first()
    if found is None:
        last = head(connection)
        now_ends = f"the log now ends at entry {last[0]}" if last else "the log is empty"
        return f"no entry has hash {wanted[:12]}…: the log was cut back past it or rewritten ({now_ends})"
    return None


def write_anchor(path: Path, anchor: Anchor) -> None:
    """Append one anchor line to ``path`` (created with its folder), flushed to disk."""
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("a", encoding="utf-8") as stream:
        stream.write(json.dumps(anchor.to_json(), ensure_ascii=False, sort_keys=True) + "\n")
        stream.flush()
        os.fsync(stream.fileno())


def read_anchors(path: Path) -> tuple[list[Anchor], list[str]]:
    """(anchors, problems with unreadable lines) of an anchor file; none when it does not exist."""
    if not path.exists():
        return [], []
    anchors, problems = [], []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            body = json.loads(line)
            anchors.append(Anchor(int(body["seq"]), str(body["hash"]), str(body["at"]), body.get("ledger")))
        except (ValueError, KeyError, TypeError):
            problems.append(f"{path}:{number}: not an anchor line (expected JSON with seq, hash and at)")
    return anchors, problems
