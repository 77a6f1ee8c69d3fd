"""``rightsledger eval GOLD_DIR``: scores and misses of the extractor on a gold folder, in process."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rightsledger.cli import app
from rightsledger.domain import Count, Facts
from rightsledger.extract import register

ROOT = Path(__file__).resolve().parents[1]
GOLD = ROOT / "tests" / "data" / "gold"
MAIN_TYPES = ("counts", "statements", "violations", "instruments", "events", "resolutions")
ALL_TYPES = (*MAIN_TYPES, "actors", "statement_regions")


class TwelveKilled:
    """Finds "12 killed" wherever "12" is written: predictable scores for the table tests."""

    name = "tests.eval.twelve.v1"
    version = "1"

    def extract(self, text: str, *, published: str | None = None) -> Facts:
        at = text.find("12")
        return Facts(counts=(Count(12, "exact", "killed", (at, at + 2)),) if at >= 0 else ())


register(TwelveKilled.name)(TwelveKilled)


def run(home: Path, *args: object):
    return CliRunner().invoke(app, ["--home", str(home), "eval", *map(str, args)])


@pytest.fixture
def small_gold(tmp_path: Path) -> Path:
    folder = tmp_path / "gold" / "nested"
    folder.mkdir(parents=True)
    text = "Police killed 12 protesters and arrested 300 people on Friday."
    (folder / "friday.txt").write_text(text, encoding="utf-8")
    gold = {
        "doc_id": "friday",
        "published": "2022-09-30",
        "counts": [
            {"value": 12, "qualifier": "exact", "category": "killed", "span": [14, 16]},
            {"value": 300, "qualifier": "exact", "category": "arrested", "span": [41, 44]},
        ],
    }
    (folder / "friday.gold.json").write_text(json.dumps(gold), encoding="utf-8")
    return tmp_path / "gold"


def test_eval_json_on_our_gold_set(tmp_path: Path) -> None:
    result = run(tmp_path / "ledger", GOLD, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["documents"] == 10 and data["documents_without_prediction"] == 0
    assert data["macro_types"] == list(MAIN_TYPES)
    assert set(data["scores"]) == set(ALL_TYPES)
    for kind, score in data["scores"].items():
        assert {"tp", "fp", "fn", "precision", "recall", "f1"} <= set(score), kind
        assert 0.0 <= score["f1"] <= 1.0
    macro = round(sum(data["scores"][k]["f1"] for k in MAIN_TYPES) / len(MAIN_TYPES), 4)
    assert data["macro_f1"] == macro
    assert {"qualifier_accuracy", "event_accuracy", "claimant_accuracy"} <= set(data["scores"]["counts"])
    assert "speaker_accuracy_on_found" in data["scores"]["statements"]

    texts = {p.stem: p.read_text(encoding="utf-8") for p in GOLD.glob("*.txt")}
    sides = {(m["type"], m["side"]) for m in data["misses"]}
    for kind in (k for k in ALL_TYPES if k != "statement_regions"):
        score = data["scores"][kind]
        assert sum(m["type"] == kind and m["side"] == "missed" for m in data["misses"]) == score["fn"]
        assert sum(m["type"] == kind and m["side"] == "extra" for m in data["misses"]) == score["fp"]
    assert sides <= {(k, s) for k in ALL_TYPES for s in ("missed", "extra")}
    for miss in data["misses"]:
        assert miss["doc_id"] in texts
        if miss["span"] and miss["text"] is not None:
            start, end = miss["span"]
            assert texts[miss["doc_id"]][start:end] == miss["text"]
    assert not (tmp_path / "ledger").exists()  # touches no store


def test_eval_table_lists_scores_and_misses(tmp_path: Path, small_gold: Path) -> None:
    result = run(tmp_path / "ledger", small_gold, "--extractor", TwelveKilled.name)
    assert result.exit_code == 0, result.output
    out = result.stdout
    # counts: tp 1, fp 0, fn 1 -> P 1.000, R 0.500, F1 0.667; the other five main types score 1.0,
    # so macro-F1 = (0.6667 + 5) / 6 = 0.9445
    assert "counts             1   0   1   1.000  0.500  0.667" in out
    assert "macro-F1 over counts, statements, violations, instruments, events, resolutions: 0.945" in out
    assert "friday\n  counts (1 missed, 0 extra)\n" in out
    assert "    missed: [41:44] 300 arrested (exact)  “300”" in out
    assert "extra:" not in out
    assert not (tmp_path / "ledger").exists()

    quiet = run(tmp_path / "ledger", small_gold, "--extractor", TwelveKilled.name, "--no-misses")
    assert quiet.exit_code == 0 and "missed:" not in quiet.stdout and "macro-F1" in quiet.stdout


def test_eval_one_type(tmp_path: Path, small_gold: Path) -> None:
    args = ("--extractor", TwelveKilled.name, "--type", "statements")
    table = run(tmp_path, small_gold, *args)
    assert table.exit_code == 0, table.output
    assert "statement_regions" in table.stdout and "\ncounts " not in table.stdout
    assert "No misses." in table.stdout

    data = json.loads(run(tmp_path, small_gold, *args, "--format", "json").stdout)
    assert set(data["scores"]) == {"statements", "statement_regions"}
    assert data["misses"] == [] and data["macro_f1"] == 0.9445

    counts = json.loads(
        run(
            tmp_path, small_gold, "--extractor", TwelveKilled.name, "--type", "counts", "--format", "json"
        ).stdout
    )
    assert [(m["side"], m["text"]) for m in counts["misses"]] == [("missed", "300")]


def test_eval_without_gold_files_is_an_error(tmp_path: Path) -> None:
    empty = tmp_path / "empty"
    empty.mkdir()
    (empty / "report.txt").write_text("No annotations here.", encoding="utf-8")
    result = run(tmp_path / "ledger", empty)
    assert result.exit_code == 1
    assert "error:" in result.stderr and "no gold files" in result.stderr

    missing = run(tmp_path / "ledger", tmp_path / "nowhere")
    assert missing.exit_code == 1 and "no such file or folder" in missing.stderr


def test_eval_gold_without_text_only(tmp_path: Path) -> None:
    folder = tmp_path / "gold"
    folder.mkdir()
    (folder / "lonely.gold.json").write_text("{}", encoding="utf-8")
    result = run(tmp_path / "ledger", folder, "--extractor", TwelveKilled.name)
    assert result.exit_code == 1
    assert "lonely.txt" in result.stderr and "no gold file has its NAME.txt" in result.stderr


def test_eval_unknown_extractor(tmp_path: Path, small_gold: Path) -> None:
    result = run(tmp_path, small_gold, "--extractor", "no.such.extractor")
    assert result.exit_code == 1 and "unknown extractor" in result.stderr


class Tripping:
    name = "tests.eval.tripping.v1"
    version = "1"

    def extract(self, text: str, *, published: str | None = None) -> Facts:
        raise RuntimeError("the extractor tripped")


register(Tripping.name)(Tripping)


def test_a_failing_extractor_predicts_nothing_and_exits_1(tmp_path: Path, small_gold: Path) -> None:
    result = run(tmp_path, small_gold, "--extractor", Tripping.name, "--format", "json")
    assert result.exit_code == 1
    assert "friday.txt: extractor tests.eval.tripping.v1 failed: RuntimeError" in result.stderr
    data = json.loads(result.stdout)
    assert data["documents_without_prediction"] == 1
    assert data["scores"]["counts"]["fn"] == 2 and data["scores"]["counts"]["f1"] == 0.0
