"""``grade`` and ``grades`` end to end, and `events` reading the stored grades (SQLite and PostgreSQL).

Figures from docs/reconciliation.md §4 Example 4 (worked by hand there).
"""

from __future__ import annotations

import json

import pytest

from rightsledger.domain import Count, Event, Facts
from rightsledger.store import Ledger

EXAMPLE_4 = [
    ("Ministry toll: 5 killed in the protests.", "2019-11-20", 5, "exact", "Ministry of Interior"),
    ("NGO: at least 106 killed in the protests.", "2019-11-25", 106, "at_least", "Amnesty International"),
    ("Agency: about 1,500 killed in the protests.", "2019-12-23", 1500, "about", "Reuters"),
]


@pytest.fixture
def filled(ledger_url: str, make_doc) -> None:
    with Ledger.open(ledger_url) as ledger:
        for body, published, value, qualifier, claimant in EXAMPLE_4:
            doc_id, _ = ledger.add_document(make_doc(body, title=claimant, published=published))
            facts = Facts(
                counts=(Count(value, qualifier, "killed", (0, 10), event="protests", claimant=claimant),),
                events=(Event("protests", "2019-11-15", None, (30, 38)),),
            )
            ledger.save_extraction(doc_id, "tests.x", "1", facts)


def _figures(cli, *extra: str) -> tuple:
    result = cli("events", "--format", "json", *extra)
    assert result.exit_code == 0, result.output
    [event] = [e for e in json.loads(result.stdout)["events"] if e["kind"] == "event"]
    killed = event["figures"]["killed"]
    return killed["low"]["value"], killed["best"]["value"], killed["high"]["value"]


def test_grade_changes_the_figures_and_a_file_overrides(cli, filled, tmp_path) -> None:
    assert _figures(cli) == (106, 106, 1500)
    done = cli("grade", "the Ministry of Interior", "d4", "--note", "state figures", "--by", "ana")
    assert done.exit_code == 0, done.output
    assert "graded the Ministry of Interior D4 (source key 'ministry of interior') by ana" in done.stdout
    assert _figures(cli) == (106, 1500, 1500)
    graded = tmp_path / "grades.json"
    graded.write_text('{"Reuters": "E"}')
    # the file replaces the stored grades for this run: the ministry counts in full, Reuters not at all
    assert _figures(cli, "--grades", str(graded)) == (106, 106, 106)
    listed = cli("grades")
    assert listed.exit_code == 0 and "D4" in listed.stdout and "(state figures)" in listed.stdout
    assert cli("grade", "Ministry of Interior", "-", "--note", "withdrawn").exit_code == 0
    assert json.loads(cli("grades", "--format", "json").stdout) == []
    history = json.loads(cli("grades", "--history", "--format", "json").stdout)
    assert [g["grade"] for g in history] == ["D4", None]
    assert _figures(cli) == (106, 106, 1500)


def test_a_bad_grade_is_refused(cli, filled) -> None:
    result = cli("grade", "Reuters", "Z9")
    assert result.exit_code == 1
    assert "error: 'Z9' is not an Admiralty grade (a letter A-F and/or a digit 1-6, e.g. B2)" in result.output
    assert json.loads(cli("grades", "--history", "--format", "json").stdout) == []
