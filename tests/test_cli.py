"""The CLI end to end (in process), on SQLite and PostgreSQL."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightsledger.cli import app
from rightsledger.domain import FACT_TYPES, CodedMention, Count, Event, Facts
from rightsledger.extract import register
from rightsledger.ingest import BlobStore
from rightsledger.store import Ledger


class FakeExtractor:
    """Deterministic facts from simple patterns, so CLI tests do not depend on the real rules."""

    name = "tests.fake.v1"
    version = "1"

    def extract(self, text: str, *, published: str | None = None) -> Facts:
        if "BOOM" in text:
            raise RuntimeError("the extractor tripped")
        counts = tuple(
            Count(int(m[1]), "exact", m[2], m.span())
            for m in re.finditer(r"(\d+) people were (killed|arrested)", text)
        )
        violations = tuple(CodedMention("torture", m.span()) for m in re.finditer(r"tortur\w*", text))
        events = (Event("publication", published, published, (0, 1)),) if published else ()
        return Facts(counts=counts, violations=violations, events=events)


register("tests.fake.v1")(FakeExtractor)
FAKE = ["--extractor", "tests.fake.v1"]

REPORTS = {
    "crackdown.txt": "Crackdown in the capital\n\nSecurity forces said 12 people were killed and "
    "300 people were arrested during the protests. Detainees described torture in custody.",
    "trial.txt": "Mass trial condemned\n\nA court tried 40 defendants in one day; lawyers reported torture "
    "and forced confessions. 5 people were arrested outside the court.",
    "weather.txt": "Quiet week\n\nNothing of note happened; the markets were calm.",
}


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, text in REPORTS.items():
        (folder / name).write_text(text, encoding="utf-8")
    (folder / "crackdown.meta.json").write_text(
        json.dumps({"published": "2022-09-30", "publisher": "Monitor", "title": "Crackdown report"})
    )
    return folder


def test_walk_through_every_command(cli, reports: Path, ledger_url: str, home: Path) -> None:
    added = cli("add", reports, "--publisher", "Fallback")
    assert added.exit_code == 0, added.output
    lines = added.stdout.splitlines()
    assert len(lines) == 4 and lines[-1] == "3 added"
    assert re.fullmatch(r"added [0-9a-f]{12} .*crackdown\.txt \(text/plain, \d+ bytes\)", lines[0])

    extracted = cli("extract", *FAKE)
    assert extracted.exit_code == 0, extracted.output
    assert "3 extracted (6 facts; extractor tests.fake.v1 1)" in extracted.stdout

    found = cli("search", "torture")
    assert found.exit_code == 0, found.output
    titles = re.findall(r"^\d\. (.+?)  doc", found.stdout, re.MULTILINE)
    assert sorted(titles) == ["Crackdown report", "Mass trial condemned"]
    assert "torture" in found.stdout

    shown = cli("show", "Crackdown report")
    assert shown.exit_code == 0, shown.output
    out = shown.stdout
    assert "publisher  Fallback" in out  # the flag beats the sidecar
    assert "published  2022-09-30" in out  # from the sidecar
    assert "Added (1 time)" in out and "crackdown.txt" in out
    assert "12 killed (exact)" in out and "“12 people were killed”" in out
    assert "300 arrested (exact)" in out
    assert "torture  “torture”" in out
    assert "events (1)" in out and "start=2022-09-30" in out  # the stored publication date was used

    table = cli("facts", "--type", "counts")
    assert table.exit_code == 0 and table.stdout.count("counts") == 3

    as_json = json.loads(cli("facts", "--format", "json").stdout)
    assert {row["type"] for row in as_json} == {"counts", "violations", "events"}
    assert all(len(row["sha256"]) == 64 and row["extractor"] == "tests.fake.v1" for row in as_json)

    rows = list(csv.DictReader(io.StringIO(cli("facts", "--type", "counts", "--format", "csv").stdout)))
    assert sorted(int(r["value"]) for r in rows) == [5, 12, 300]
    assert {r["category"] for r in rows} == {"killed", "arrested"}
    assert all(r["span_start"] and r["span_end"] for r in rows)

    one_doc = json.loads(cli("facts", "--doc", "Mass trial condemned", "--format", "json").stdout)
    assert [r["type"] for r in one_doc] == ["counts", "violations"]

    summary = cli("summary")
    assert summary.exit_code == 0
    assert "3 documents" in summary.stdout and "6 facts" in summary.stdout
    assert "rightsledger search" in summary.stdout and "rightsledger show" in summary.stdout
    suggested = re.search(r"rightsledger search (\S+)", summary.stdout)[1]
    assert "no documents match" not in cli("search", suggested).stdout

    checked = cli("check")
    assert checked.exit_code == 0, checked.output
    assert "3 of 3 originals verified" in checked.stdout


def test_adding_the_same_bytes_twice(cli, reports: Path, tmp_path: Path) -> None:
    cli("add", reports / "trial.txt")
    copy = tmp_path / "copy-of-trial.txt"
    copy.write_bytes((reports / "trial.txt").read_bytes())
    again = cli("add", copy)
    assert again.exit_code == 0
    assert re.fullmatch(r"already stored [0-9a-f]{12} .*copy-of-trial\.txt", again.stdout.splitlines()[0])
    assert again.stdout.splitlines()[-1] == "0 added, 1 already stored"
    shown = cli("show", "Mass trial condemned").stdout
    assert "Added (2 times)" in shown and "copy-of-trial.txt" in shown and "reports/trial.txt" in shown


def test_extract_only_what_is_new(cli, reports: Path) -> None:
    cli("add", reports / "trial.txt")
    assert "1 extracted" in cli("extract", *FAKE).stdout
    cli("add", reports / "crackdown.txt")
    second = cli("extract", *FAKE)
    assert second.stdout.count("extracted ") == 2 and "1 extracted" in second.stdout  # one line + tally
    assert cli("extract", *FAKE).stdout.startswith("0 extracted")


def test_an_extractor_failure_is_reported_and_the_rest_stored(cli, reports: Path, tmp_path: Path) -> None:
    boom = tmp_path / "boom.txt"
    boom.write_text("Report\n\nBOOM: 3 people were killed.")
    cli("add", reports, boom)
    result = cli("extract", *FAKE)
    assert result.exit_code == 1
    assert "RuntimeError: the extractor tripped" in result.stderr and "Traceback" not in result.output
    assert "3 extracted, 1 failed" in result.stdout
    again = cli("extract", *FAKE)  # the failed one is retried, not marked done
    assert again.exit_code == 1 and "0 extracted, 1 failed" in again.stdout


def test_check_finds_a_tampered_original(cli, reports: Path, home: Path, ledger_url: str) -> None:
    cli("add", reports / "trial.txt")
    with Ledger.open(ledger_url) as ledger:
        sha = ledger.find_document("Mass trial condemned").sha256
    blob = BlobStore(home / "blobs").path_for(sha)
    blob.chmod(0o644)
    blob.write_bytes(b"altered")
    result = cli("check")
    assert result.exit_code == 1
    assert f"original bytes {sha[:12]} missing or altered" in result.stderr


@pytest.mark.parametrize(
    "args, message",
    [
        (["show", "nonexistent-title"], "error: no document matches 'nonexistent-title'"),
        (["show", "999"], "error: no document matches '999'"),
        (["search", "*"], "error: search query '*' has no words to search for"),
        (["extract", "--extractor", "no.such.v9"], "error: unknown extractor 'no.such.v9'"),
        (["facts", "--doc", "nope"], "error: no document matches 'nope'"),
    ],
)
def test_errors_are_one_clear_line(cli, reports: Path, args: list[str], message: str) -> None:
    cli("add", reports / "trial.txt")
    result = cli(*args)
    assert result.exit_code == 1
    assert result.stderr.strip() == message or result.stderr.startswith(message), result.stderr
    assert "Traceback" not in result.output


@pytest.mark.parametrize(
    "args",
    [
        ["add", "x.txt", "--published", "last week"],
        ["extract", "--published", "2020-01-01"],
        ["facts", "--type", "bogus"],
        ["facts", "--format", "xml"],
        ["search", "x", "--limit", "0"],
    ],
)
def test_usage_errors_exit_2(cli, args: list[str]) -> None:
    result = cli(*args)
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["search killed", "show 1", "facts", "summary", "check", "extract"])
def test_read_commands_do_not_create_a_sqlite_ledger(tmp_path: Path, command: str) -> None:
    home = tmp_path / "nowhere"
    extra = ["--extractor", "tests.fake.v1"] if command == "extract" else []
    result = CliRunner().invoke(app, ["--home", str(home), *command.split(), *extra])
    assert result.exit_code == 1
    assert result.stderr.startswith(f"error: no ledger at {home / 'ledger.sqlite3'}; add reports first")
    assert not home.exists()


def test_global_options_come_from_the_environment(tmp_path: Path, reports: Path, monkeypatch) -> None:
    monkeypatch.setenv("RIGHTSLEDGER_HOME", str(tmp_path / "env-home"))
    result = CliRunner().invoke(app, ["add", str(reports / "trial.txt")])
    assert result.exit_code == 0, result.output
    assert (tmp_path / "env-home" / "ledger.sqlite3").exists()


# -- extract PATH --format facts-jsonl (no store) ------------------------------------------------


def _jsonl(stdout: str) -> list[dict]:
    return [json.loads(line) for line in stdout.splitlines()]


def test_extract_paths_prints_facts_jsonl_and_touches_no_store(reports: Path, tmp_path: Path) -> None:
    home = tmp_path / "untouched"
    result = CliRunner().invoke(
        app, ["--home", str(home), "extract", str(reports), "--format", "facts-jsonl"]
    )
    assert result.exit_code == 0, result.output
    rows = _jsonl(result.stdout)
    assert [r["doc_id"] for r in rows] == ["crackdown", "trial", "weather"]  # sidecars are not documents
    for row in rows:
        assert set(row) == {"doc_id", *FACT_TYPES}
        assert all(isinstance(row[kind], list) for kind in FACT_TYPES)
    assert not home.exists()


def test_extract_paths_with_the_fake_extractor(reports: Path, tmp_path: Path) -> None:
    home = tmp_path / "untouched"
    args = ["--home", str(home), "extract", str(reports), *FAKE]
    rows = {r["doc_id"]: r for r in _jsonl(CliRunner().invoke(app, args).stdout)}
    text = REPORTS["crackdown.txt"]
    counts = rows["crackdown"]["counts"]
    assert [(c["value"], c["category"]) for c in counts] == [(12, "killed"), (300, "arrested")]
    assert text[slice(*counts[0]["span"])] == "12 people were killed"
    assert rows["crackdown"]["events"][0]["start"] == "2022-09-30"  # from crackdown.meta.json
    assert rows["trial"]["events"] == []
    overridden = _jsonl(CliRunner().invoke(app, [*args, "--published", "2021-05"]).stdout)
    assert {r["events"][0]["start"] for r in overridden} == {"2021-05"}
    assert not home.exists()


def test_extract_paths_reports_bad_files_and_goes_on(reports: Path, tmp_path: Path) -> None:
    (reports / "empty.txt").write_bytes(b"")
    result = CliRunner().invoke(app, ["extract", str(reports), str(tmp_path / "missing.txt"), *FAKE])
    assert result.exit_code == 1
    assert [r["doc_id"] for r in _jsonl(result.stdout)] == ["crackdown", "trial", "weather"]
    assert f"error: {reports / 'empty.txt'}: empty file" in result.stderr
    assert f"error: {tmp_path / 'missing.txt'}: no such file" in result.stderr
