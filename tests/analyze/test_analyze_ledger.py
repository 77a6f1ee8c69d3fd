"""Events and claims over a real ledger (SQLite and PostgreSQL) with the real default extractor.

Three short reports about the November 2019 protests in Iran: a ministry's toll, an NGO's
lower bound and a news agency's estimate.  Their counts name the event "protests" of
15 November 2019, so the three event mentions form one canonical event.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from rightsledger.analyze import EventMention, analyze, claims_json, events_json
from rightsledger.analyze.entities import event_id
from rightsledger.analyze.reconcile import AnalyzeError
from rightsledger.extract import get_extractor
from rightsledger.ingest import read_report

REPORTS = {
    "ministry": (
        "Ministry gives toll for fuel protests\n\nThe Interior Ministry said on Wednesday that 5 people "
        "were killed during the protests that began on 15 November 2019 after a fuel price rise.\n",
        {"publisher": "State News Agency", "published": "2019-11-20", "title": "Ministry gives toll"},
    ),
    "amnesty": (
        "Iran: at least 106 protesters killed\n\nAmnesty International said at least 106 protesters "
        "were killed in the protests of 15 November 2019.\n",
        {"publisher": "Amnesty International", "published": "2019-11-25", "title": "At least 106 killed"},
    ),
    "reuters": (
        "Special report: about 1,500 killed in crackdown\n\nReuters reported that about 1,500 people were "
        "killed during the protests which started on 15 November 2019, citing three interior ministry "
        "officials.\n",
        {"publisher": "Reuters", "published": "2019-12-23", "title": "About 1,500 killed"},
    ),
}
SHIRAZ = (
    "Arrests in Shiraz\n\nPolice said 12 people were arrested in Shiraz.\n",
    {"published": "2019-11-26"},
)


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    folder = tmp_path / "reports"
    folder.mkdir()
    for name, (text, meta) in REPORTS.items():
        (folder / f"{name}.txt").write_text(text, encoding="utf-8")
        (folder / f"{name}.meta.json").write_text(json.dumps(meta))
    return folder


def fill(ledger, folder: Path) -> None:
    extractor = get_extractor()
    for path in sorted(folder.glob("*.txt")):
        _data, doc = read_report(path)
        doc_id, _created = ledger.add_document(doc, path=str(path))
        ledger.save_extraction(
            doc_id,
            extractor.name,
            extractor.version,
            extractor.extract(doc.text, published=doc.provenance.published),
        )


def protests(events: list) -> object:
    [event] = [e for e in events if e.name == "protests"]
    return event


def test_three_reports_make_one_event_with_three_claims(ledger, reports: Path) -> None:
    fill(ledger, reports)
    rule, events, figures = analyze(ledger)
    event = protests(events)
    assert event.kind == "event" and event.start == "2019-11-15" and event.confidence == 1.0
    assert len({m["sha256"] for m in event.members}) == 3
    assert list(event.claims) == ["killed"]
    claims = event.claims["killed"]
    assert [(c.value, c.qualifier, c.claimant, c.publisher, c.published) for c in claims] == [
        (5, "exact", "Interior Ministry", "State News Agency", "2019-11-20"),
        (106, "at_least", "Amnesty International", "Amnesty International", "2019-11-25"),
        (1500, "about", "Reuters", "Reuters", "2019-12-23"),
    ]
    assert [c.quote for c in claims] == [
        "5 people were killed",
        "at least 106 protesters were killed",
        "about 1,500 people were killed",
    ]
    ids = {c.value: c.id for c in claims}
    rec = figures[event.id]["killed"]
    # as §4 Example 4 of docs/reconciliation.md: low 106, best 5 raised to 106, high 1,500
    assert (rec.low.value, rec.best.value, rec.high.value) == (106, 106, 1500)
    assert rec.low.set_by == rec.best.set_by == (ids[106],) and rec.high.set_by == (ids[1500],)
    assert rule.name == "rightsledger.reconcile.v1"
    # weak ministry: best is the news agency's estimate
    graded = analyze(ledger, grades={"Interior Ministry": "D4"})[2][event.id]["killed"]
    assert (graded.low.value, graded.best.value, graded.high.value) == (106, 1500, 1500)


def test_ids_are_stable_and_come_from_the_earliest_member(ledger, reports: Path) -> None:
    fill(ledger, reports)
    first = events_json(*_args(ledger))
    again = events_json(*_args(ledger))
    assert first == again
    for event in first["events"]:
        if event["kind"] == "event":
            m = event["members"][0]
            earliest = EventMention(0, m["sha256"], m["name"], m["start"], m["end"], tuple(m["span"]))
            assert event["id"] == event_id(earliest)


def _args(ledger):
    rule, events, figures = analyze(ledger)
    return events, figures, rule


def test_counts_without_an_event_form_an_unassigned_group(ledger, reports: Path) -> None:
    text, meta = SHIRAZ
    (reports / "shiraz.txt").write_text(text)
    (reports / "shiraz.meta.json").write_text(json.dumps(meta))
    fill(ledger, reports)
    _rule, events, figures = analyze(ledger)
    [group] = [e for e in events if e.kind == "unassigned"]
    assert group.name == "unassigned in Arrests in Shiraz" and group.id.startswith("un-")
    assert group.confidence is None and events[-1] is group
    rec = figures[group.id]["arrested"]
    assert (rec.low.value, rec.best.value, rec.high.value) == (12, 12, 12)


def test_json_shapes(ledger, reports: Path) -> None:
    fill(ledger, reports)
    rule, events, figures = analyze(ledger)
    listing = events_json(events, figures, rule)
    assert listing["rule"] == "rightsledger.reconcile.v1"
    event = next(e for e in listing["events"] if e["name"] == "protests")
    assert set(event) == {
        "id",
        "kind",
        "name",
        "start",
        "end",
        "confidence",
        "documents",
        "members",
        "claims",
        "figures",
    }
    assert event["documents"] == 3 and event["claims"] == 3
    killed = event["figures"]["killed"]
    assert set(killed) == {"rule", "low", "best", "high", "claims", "sources"}
    assert killed["best"]["value"] == 106 and killed["best"]["how"] == "median point claim 5 raised to low"
    assert killed["sources"] == 3
    target = protests(events)
    detail = claims_json(target, figures[target.id], rule)
    row = detail["categories"]["killed"]["claims"][2]
    assert set(row) == {
        "id",
        "category",
        "value",
        "low",
        "high",
        "qualifier",
        "claimant",
        "subject",
        "source",
        "document",
        "span",
        "quote",
        "fact",
        "status",
        "reason",
        "sets",
    }
    assert row["document"]["title"] == "About 1,500 killed" and row["sets"] == ["high"]
    assert json.loads(json.dumps(detail)) == detail


def test_an_unknown_rule_is_an_error(ledger) -> None:
    with pytest.raises(AnalyzeError, match="unknown reconciliation rule"):
        analyze(ledger, "rightsledger.reconcile.v0")


# -- the CLI -----------------------------------------------------------------------------------


def test_cli_events_and_claims(cli, reports: Path, tmp_path: Path) -> None:
    assert cli("add", reports).exit_code == 0
    assert cli("extract").exit_code == 0
    listed = cli("events")
    assert listed.exit_code == 0, listed.output
    assert "protests  2019-11-15 · 3 documents · confidence 1.00" in listed.stdout
    assert "killed      low     106  best     106  high   1,500  3 claims, 3 sources" in listed.stdout
    data = json.loads(cli("events", "--format", "json").stdout)
    event = next(e for e in data["events"] if e["name"] == "protests")

    shown = cli("claims", event["id"])
    assert shown.exit_code == 0, shown.output
    assert "low       106  highest lower bound" in shown.stdout
    assert "1,500 (about)  Reuters  used → sets high" in shown.stdout
    assert "“at least 106 protesters were killed”" in shown.stdout
    by_name = json.loads(cli("claims", "protests", "--format", "json").stdout)
    assert by_name["event"]["id"] == event["id"] and by_name["rule"] == "rightsledger.reconcile.v1"
    assert [c["value"] for c in by_name["categories"]["killed"]["claims"]] == [5, 106, 1500]

    grades = tmp_path / "grades.json"
    grades.write_text(json.dumps({"Interior Ministry": "D4"}))
    graded = json.loads(cli("events", "--format", "json", "--grades", grades).stdout)
    figures = next(e for e in graded["events"] if e["name"] == "protests")["figures"]["killed"]
    assert figures["best"]["value"] == 1500


def test_cli_errors(cli, reports: Path, tmp_path: Path) -> None:
    assert cli("add", reports).exit_code == 0
    assert cli("extract").exit_code == 0
    missing = cli("claims", "no such event")
    assert missing.exit_code == 1
    assert (
        missing.stderr.strip() == "error: no event matches 'no such event'; `rightsledger events` lists them"
    )
    rule = cli("events", "--rule", "nope.v1")
    assert rule.exit_code == 1 and rule.stderr.startswith("error: unknown reconciliation rule 'nope.v1'")
    bad = tmp_path / "bad.json"
    bad.write_text('{"X": "Q"}')
    graded = cli("events", "--grades", bad)
    assert graded.exit_code == 1 and "is not an Admiralty grade" in graded.stderr


def test_cli_ambiguous_fragment(cli, reports: Path) -> None:
    text = "Second wave\n\nMonitors said 40 people were arrested during the protests on 2 December 2019.\n"
    (reports / "later.txt").write_text(text)
    assert cli("add", reports).exit_code == 0
    assert cli("extract").exit_code == 0
    data = json.loads(cli("events", "--format", "json").stdout)
    assert [e["start"] for e in data["events"] if e["name"] == "protests"] == ["2019-11-15", "2019-12-02"]
    ambiguous = cli("claims", "protests")
    assert ambiguous.exit_code == 1
    assert ambiguous.stderr.startswith("error: 'protests' matches 2 events: ev-")
    assert ambiguous.stderr.rstrip().endswith("; give its id")
