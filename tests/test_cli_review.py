"""The review and audit commands end to end (in process), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest
from sqlalchemy import create_engine

from rightsledger.domain import Count, Event, Facts
from rightsledger.store import Ledger
from rightsledger.store.engine import normalize_url

REPORTS = [
    (
        "Ministry toll: 5 killed in the protests.",
        "State News",
        "2019-11-20",
        5,
        "exact",
        "Ministry",
        "protests",
    ),
    (
        "NGO: at least 106 killed in the protests.",
        "Amnesty",
        "2019-11-25",
        106,
        "at_least",
        "Amnesty",
        "protests",
    ),
    (
        "Agency: about 1,500 killed in the protests.",
        "Reuters",
        "2019-12-23",
        1500,
        "about",
        "Reuters",
        "protests",
    ),
    ("Monitor: 40 killed in the riots.", "Monitor", "2019-11-30", 40, "exact", "Monitor", "riots"),
]


@pytest.fixture
def filled(ledger_url: str, make_doc) -> dict[int, int]:
    """The ledger with four reports; returns count value -> fact id."""
    with Ledger.open(ledger_url) as ledger:
        for text, publisher, published, value, qualifier, claimant, event in REPORTS:
            doc_id, _ = ledger.add_document(
                make_doc(text, title=publisher, publisher=publisher, published=published)
            )
            facts = Facts(
                counts=(Count(value, qualifier, "killed", (0, 10), event=event, claimant=claimant),),
                events=(Event(event, "2019-11-15", None, (30, 38)),),
            )
            ledger.save_extraction(doc_id, "tests.x", "1", facts)
        return {f.fact.value: f.id for f in ledger.facts(type="counts")}


def _events(cli) -> list[dict]:
    result = cli("events", "--format", "json")
    assert result.exit_code == 0, result.output
    return [e for e in json.loads(result.stdout)["events"] if e["kind"] == "event"]


def _figures(cli, name: str = "protests") -> tuple:
    event = next(e for e in _events(cli) if e["name"] == name)
    killed = event["figures"]["killed"]
    return killed["low"]["value"], killed["best"]["value"], killed["high"]["value"]


def test_review_correct_changes_the_events_figures(cli, filled, ledger_url: str, dump) -> None:
    stored = dump(ledger_url)
    assert _figures(cli) == (106, 106, 1500)
    fact = filled[1500]
    result = cli(
        "review", fact, "correct", "--set", "value=3,000", "--set", "qualifier=exact", "--note", "misread"
    )
    assert result.exit_code == 0, result.output
    assert f"correct fact {fact} by " in result.stdout and "value=3000 qualifier=exact" in result.stdout
    assert _figures(cli) == (106, 106, 3000)
    shown = cli("review", fact)
    assert shown.exit_code == 0
    assert "extracted: value=1500 qualifier=about" in shown.stdout
    assert "corrected: value=3000 qualifier=exact" in shown.stdout and "state:     correct" in shown.stdout
    assert "(misread)" in shown.stdout
    assert dump(ledger_url) == stored


def test_review_accept_reject_note(cli, filled) -> None:
    fact = filled[1500]
    assert cli("review", fact, "reject", "--note", "wrong event", "--by", "ana").exit_code == 0
    assert _figures(cli) == (106, 106, 106)
    noted = cli("review", fact, "note", "--note", "ask Reuters", "--by", "ben")
    assert noted.exit_code == 0 and "now: reject" in noted.stdout
    assert cli("review", fact, "accept").exit_code == 0
    assert _figures(cli) == (106, 106, 1500)
    history = cli("review", fact).stdout
    assert "ana: reject (wrong event)" in history and "ben: note (ask Reuters)" in history
    assert "state:     accept" in history


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("999", "accept"), "error: no fact with id 999"),
        (("{fact}", "correct", "--set", "value=7"), "error: correct needs a --note saying why"),
        (("{fact}", "reject"), "error: reject needs a --note saying why"),
        (("{fact}", "note"), "error: note needs a --note saying why"),
        (("{fact}", "correct", "--set", "colour=red", "--note", "x"), "error: counts have no field 'colour'"),
        (("{fact}", "correct", "--set", "value=many", "--note", "x"), "error: value must be a whole number"),
        (
            ("{fact}", "correct", "--set", "category=sad", "--note", "x"),
            "error: 'sad' is not a valid category",
        ),
        (("{fact}", "correct", "--set", "value", "--note", "x"), "error: --set takes FIELD=VALUE"),
        (("{fact}", "correct", "--note", "x"), "error: a correction needs at least one --set"),
        (("{fact}", "accept", "--set", "value=3"), "error: --set applies to correct only"),
        (("{fact}", "--note", "x"), "error: give an action"),
    ],
)
def test_review_errors(cli, filled, args, message) -> None:
    result = cli("review", *(a.format(fact=filled[5]) for a in args))
    assert result.exit_code == 1 and message in result.stderr, result.output
    assert "Traceback" not in result.output
    assert cli("audit", "log", "--format", "json").exit_code == 0
    assert not [
        e
        for e in json.loads(cli("audit", "log", "--format", "json").stdout)
        if e["action"].startswith("fact.")
    ]


def test_review_refuses_an_unknown_action(cli, filled) -> None:
    result = cli("review", filled[5], "approve")
    assert result.exit_code == 2 and "approve" in result.output


def test_event_merge_and_split(cli, filled) -> None:
    protests, riots = _events(cli)
    assert (protests["name"], riots["name"]) == ("protests", "riots")
    merged = cli("event-merge", protests["id"], riots["id"][:8], "--note", "same unrest", "--by", "ana")
    assert merged.exit_code == 0, merged.output
    assert f"merged {riots['id']} (riots) into {protests['id']} (protests) by ana" in merged.stdout
    [event] = _events(cli)
    assert len(event["members"]) == 4 and event["claims"] == 4
    monitor = next(m for m in event["members"] if m["title"] == "Monitor")
    split = cli("event-split", event["id"], monitor["fact"], "--note", "a different day")
    assert split.exit_code == 0, split.output
    assert [(e["name"], len(e["members"])) for e in _events(cli)] == [("protests", 3), ("riots", 1)]
    log = json.loads(cli("audit", "log", "--format", "json").stdout)
    assert [e["action"] for e in log[-2:]] == ["event.merge", "event.split"]
    assert log[-2]["payload"]["note"] == "same unrest" and log[-2]["actor"] == "ana"


def test_event_decision_errors(cli, filled) -> None:
    protests, riots = _events(cli)
    cases = [
        (("event-merge", protests["id"], riots["id"]), "error: merge needs a --note saying why"),
        (
            ("event-merge", protests["id"], "ev-nothing", "--note", "x"),
            "error: no event matches 'ev-nothing'",
        ),
        (
            ("event-merge", protests["id"], protests["id"], "--note", "x"),
            "error: merge needs two different events",
        ),
        (("event-split", riots["id"], protests["members"][0]["fact"], "--note", "x"), "is not a member of"),
        (("event-split", riots["id"], riots["members"][0]["fact"], "--note", "x"), "has only one member"),
        (("event-split", protests["id"], protests["members"][0]["fact"]), "error: split needs a --note"),
    ]
    for args, message in cases:
        result = cli(*args)
        assert result.exit_code == 1 and message in result.stderr, (args, result.output)
    assert [e["action"] for e in json.loads(cli("audit", "log", "--format", "json").stdout)].count(
        "event.merge"
    ) == 0


def test_audit_log_and_verify(cli, filled) -> None:
    cli("review", filled[5], "accept", "--by", "ana")
    log = cli("audit", "log")
    assert log.exit_code == 0
    lines = log.stdout.splitlines()
    assert len(lines) == 9 and "document.add document:" in lines[0] and "extraction.save" in lines[1]
    assert f"ana fact.accept fact:{filled[5]}" in lines[-1]
    assert len(cli("audit", "log", "--limit", "2").stdout.splitlines()) == 2
    verified = cli("audit", "verify")
    assert verified.exit_code == 0 and verified.stdout.startswith("ok: 9 audit entries, chain intact; head ")


def test_audit_verify_reports_tampering(cli, filled, ledger_url: str) -> None:
    cli("review", filled[5], "reject", "--note", "duplicate")
    engine = create_engine(normalize_url(ledger_url))
    with engine.begin() as conn:
        conn.exec_driver_sql("UPDATE audit_log SET actor = 'mallory' WHERE seq = 2")
        conn.exec_driver_sql("DELETE FROM audit_log WHERE seq = 5")
    engine.dispose()
    result = cli("audit", "verify")
    assert result.exit_code == 1
    assert "problem: entry 2: contents do not match its hash" in result.stderr
    assert "problem: entry 5 missing" in result.stderr
    assert "error: the audit log is broken" in result.stderr


def test_audit_on_an_empty_ledger(cli, ledger) -> None:
    assert cli("audit", "log").stdout.strip() == "the audit log is empty"
    assert cli("audit", "verify").stdout.startswith("ok: 0 audit entries")
