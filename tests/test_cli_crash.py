"""SIGKILL in the middle of ``rightsledger add DIR`` leaves a sound ledger (issue 3, done-when)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from rightsledger.cli import app
from rightsledger.ingest import BlobStore
from rightsledger.store import Ledger

REPORTS = 300
KILL_AFTER = 25  # "added" lines read before the kill


def _write_reports(folder: Path) -> None:
    folder.mkdir()
    for i in range(REPORTS):
        (folder / f"report-{i:03d}.txt").write_text(
            f"Report {i}\n\nOn day {i} security forces detained {i + 7} people in district {i % 17}. "
            f"Witnesses described beatings; lawyers were denied access. Reference {i * 7919}.\n"
        )


def test_sigkill_during_add_leaves_a_sound_ledger(tmp_path: Path, cli_args: list[str], ledger_url: str):
    folder = tmp_path / "many"
    _write_reports(folder)
    command = [sys.executable, "-m", "rightsledger.cli", *cli_args, "add", str(folder)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    reported: list[str] = []
    try:
        assert process.stdout is not None
        for line in process.stdout:
            if line.startswith("added "):
                reported.append(line)
            if len(reported) >= KILL_AFTER:
                os.kill(process.pid, signal.SIGKILL)
                break
        rest, errors = process.communicate(timeout=60)
    finally:
        if process.poll() is None:
            process.kill()
    reported += [line for line in rest.splitlines() if line.startswith("added ")]  # written before the kill
    assert process.returncode == -signal.SIGKILL, errors
    assert KILL_AFTER <= len(reported) < REPORTS, "the kill came too late to test anything"

    home = Path(cli_args[1])
    with Ledger.open(ledger_url) as ledger:
        assert ledger.integrity_check() == []
        stored = dict(ledger.document_hashes())
        for line in reported:
            sha12 = line.split()[1]
            assert ledger.find_document(sha12).sha256.startswith(sha12)
        assert len(stored) >= len(reported)
    blobs = BlobStore(home / "blobs")
    assert all(blobs.verify(sha) for sha in stored.values())

    # and the interrupted add can simply be run again
    again = CliRunner().invoke(app, [*cli_args, "add", str(folder)])
    assert again.exit_code == 0, again.output
    assert again.stdout.splitlines()[-1] == f"{REPORTS - len(stored)} added, {len(stored)} already stored"
    assert CliRunner().invoke(app, [*cli_args, "check"]).exit_code == 0
