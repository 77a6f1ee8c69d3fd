"""The actor commands end to end (in process), on SQLite and PostgreSQL."""

from __future__ import annotations

import json

import pytest

from rightsledger.domain import Actor, Count, Facts, Statement
from rightsledger.store import Ledger

ONE = "OVD-Info said 4,640 people were detained. Irina Volk of the Interior Ministry gave 1,700."
TWO = "Russia: the Office of the High Commissioner for Human Rights and OVD-Info counted arrests."
THREE = "OHCHR, the UN office, said Irina Volk had spoken. Russia denied it."


def _span(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


@pytest.fixture
def filled(ledger_url: str, make_doc) -> None:
    with Ledger.open(ledger_url) as ledger:
        for title, text, actors, extra in (
            (
                "one",
                ONE,
                (
                    Actor("OVD-Info", "organization", ("OVD-Info",), (0, 0)),
                    Actor("Irina Volk", "person", ("Irina Volk", "Volk"), (42, 42)),
                    Actor("Interior Ministry", "organization", ("Interior Ministry",), (62, 62)),
                ),
                Facts(
                    counts=(Count(4640, "exact", "arrested", _span(ONE, "4,640"), claimant="OVD-Info"),),
                    statements=(Statement("Volk", "indirect", _span(ONE, "Irina Volk of the Interior")),),
                ),
            ),
            (
                "two",
                TWO,
                (
                    Actor("Russia", "state", ("Russia",), (0, 0)),
                    Actor(
                        "Office of the High Commissioner for Human Rights",
                        "organization",
                        ("Office of the High Commissioner for Human Rights",),
                        (12, 12),
                    ),
                    Actor("OVD-Info", "organization", ("OVD-Info",), (67, 67)),
                ),
                Facts(),
            ),
            (
                "three",
                THREE,
                (
                    Actor("OHCHR", "organization", ("OHCHR",), (0, 0)),
                    Actor("Irina Volk", "person", ("Irina Volk",), (31, 31)),
                    Actor("Russia", "state", ("Russia",), (50, 50)),
                ),
                Facts(statements=(Statement("OHCHR", "indirect", _span(THREE, "Irina Volk had spoken")),)),
            ),
        ):
            doc_id, _ = ledger.add_document(make_doc(text, title=title))
            facts = Facts(counts=extra.counts, statements=extra.statements, actors=actors)
            ledger.save_extraction(doc_id, "tests.x", "1", facts)


def _actors(cli) -> list[dict]:
    result = cli("actors", "--format", "json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["actors"]


def test_actors_lists_canonical_actors(cli, filled) -> None:
    found = _actors(cli)
    # by hand: OVD-Info (one, two), Irina Volk (one, three), OHCHR (two, three), Russia (two, three),
    # Interior Ministry (one): 9 actor facts, 5 actors
    assert [(a["name"], a["documents"], len(a["facts"])) for a in found] == [
        ("Irina Volk", 2, 2),
        ("Office of the High Commissioner for Human Rights", 2, 2),
        ("OVD-Info", 2, 2),
        ("Russia", 2, 2),
        ("Interior Ministry", 1, 1),
    ]
    volk = found[0]
    # report one names no state, so the two reports share no country: 0.8, not 0.9
    assert volk["confidence"] == 0.8 and volk["aliases"] == ["Volk"]
    table = cli("actors")
    assert table.exit_code == 0 and "Irina Volk" in table.stdout and "5 actors" in table.stdout


def test_actor_shows_statements_and_claims(cli, filled) -> None:
    shown = cli("actor", "ovd-info", "--format", "json")
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert {d["title"] for d in data["documents"]} == {"one", "two"}
    assert [c["data"]["value"] for c in data["claims"]] == [4640]
    assert data["claims"][0]["quote"] == "4,640"
    ohchr = json.loads(cli("actor", "OHCHR", "--format", "json").stdout)
    assert [s["named"] for s in ohchr["statements"]] == ["OHCHR"]
    assert [m["reason"] for m in ohchr["members"] if m["link"] is not None] == ["acronym"]
    table = cli("actor", "Irina Volk")
    assert table.exit_code == 0 and "Statements (1)" in table.stdout and "as “Volk”" in table.stdout
    missing = cli("actor", "Putin")
    assert missing.exit_code == 1 and "error: no actor matches 'Putin'" in missing.output


def test_actor_merge_and_split(cli, filled) -> None:
    volk = next(a for a in _actors(cli) if a["name"] == "Irina Volk")
    ministry = next(a for a in _actors(cli) if a["name"] == "Interior Ministry")
    no_note = cli("actor-merge", volk["id"], ministry["id"])
    assert no_note.exit_code == 1 and "error: merge needs a --note saying why" in no_note.output
    merged = cli("actor-merge", volk["id"], ministry["id"], "--note", "speaks for it", "--by", "ana")
    assert merged.exit_code == 0, merged.output
    assert (
        f"merged {ministry['id']} (Interior Ministry) into {volk['id']} (Irina Volk) by ana" in merged.stdout
    )
    after = _actors(cli)
    assert len(after) == 4 and len(next(a for a in after if a["id"] == volk["id"])["facts"]) == 3
    outsider = volk["facts"][-1]
    split = cli("actor-split", volk["id"], outsider, "--note", "not the same Volk")
    assert split.exit_code == 0, split.output
    assert len(_actors(cli)) == 5
    bad = cli("actor-split", volk["id"], 99999, "--note", "x")
    assert bad.exit_code == 1 and f"error: fact 99999 is not a member of {volk['id']}" in bad.output
    log = json.loads(cli("audit", "log", "--format", "json").stdout)
    assert [e["action"] for e in log[-2:]] == ["actor.merge", "actor.split"]
    assert cli("audit", "verify").exit_code == 0


def test_facts_and_show_print_fact_ids(cli, filled, ledger_url: str) -> None:
    import csv
    import io

    with Ledger.open(ledger_url) as ledger:
        stored = {
            (f.document_id, f.type, f.data.get("name") or f.data.get("speaker") or ""): f.id
            for f in ledger.facts()
        }
    rows = json.loads(cli("facts", "--format", "json").stdout)
    assert {
        (r["doc_id"], r["type"], r.get("name") or r.get("speaker") or ""): r["id"] for r in rows
    } == stored
    volk = next(r for r in rows if r.get("name") == "Irina Volk")
    assert volk["type"] == "actors" and volk["actor_type"] == "person"  # the actor's type no longer hides it
    table = list(csv.DictReader(io.StringIO(cli("facts", "--type", "actors", "--format", "csv").stdout)))
    assert [int(r["id"]) for r in table] == [r["id"] for r in rows if r["type"] == "actors"]
    assert {r["type"] for r in table} == {"actors"} and "person" in {r["actor_type"] for r in table}
    listed = cli("facts", "--type", "counts")
    count_id = next(r["id"] for r in rows if r["type"] == "counts")
    assert listed.stdout.splitlines()[0].split()[:2] == ["id", "doc"]
    assert listed.stdout.splitlines()[1].split()[0] == str(count_id)
    shown = cli("show", "one")
    assert shown.exit_code == 0 and f"#{count_id} [" in shown.stdout
