"""Victim-list pages and API: overlaps (UpSet chart), estimates by stratum and by model, persons,
the review queue and its decision form; who sees names (never viewers), CSRF, escaping.

The lists are the SYNTHETIC ones in tests/data/lists (invented people), plus one invented
record whose name is an XSS payload, imported and linked for real (Splink, DuckDB).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from rightsledger.analyze.linkage import link
from rightsledger.ingest.lists import read_list
from rightsledger.store import lists as store
from rightsledger.store.lists import import_list
from rightsledger.web.policy import POLICIES

DATA = Path(__file__).resolve().parents[1] / "data" / "lists"
XSS = '<script>alert("x")</script><img src=x onerror=alert(1)>'
LIST_XSS = "extra <i>x</i>"  # a list name with markup


def _load(site, tmp_path: Path) -> None:
    ledger = site.ledger
    import_list(ledger, "ngo-a", read_list(DATA / "ngo-a.csv", {"name": "نام"}), restricted=["birth_date"],
                by="tester")  # fmt: skip
    import_list(ledger, "ngo-b", read_list(DATA / "ngo-b.csv"), by="tester")
    import_list(ledger, "morgue", read_list(DATA / "morgue.xlsx", {"name": "Deceased", "event_date": "Died"}),
                by="tester")  # fmt: skip
    extra = tmp_path / "extra.csv"
    extra.write_text(f"Full name,dob,date\n{XSS},1990-01-01,2019-11-20\n", encoding="utf-8")
    import_list(ledger, LIST_XSS, read_list(extra), by="tester")
    link(ledger, band=(0.2, 0.95), by="tester")


@pytest.fixture
def lists_site(site, tmp_path):
    _load(site, tmp_path)
    return site


def _names(site) -> set[str]:
    return {r.name for r in store.records(site.ledger)}


def test_pages_and_api_by_role(lists_site) -> None:
    site = lists_site
    names = _names(site)
    viewer = site.client("viewer")

    page = viewer.get("/lists")
    assert page.status_code == 200
    for name in ("ngo-a", "ngo-b", "morgue"):
        assert f"<td>{name}</td>" in page.text
    assert "<td>175</td>" in page.text and "<td>165</td>" in page.text and "<td>126</td>" in page.text
    assert 'class="chart upset"' in page.text and 'class="dot on"' in page.text
    assert "/lists/persons" not in page.text and "/lists/review" not in page.text  # links for higher roles

    # The UpSet bars: the persons per combination, against the store's overlap counts.
    _order, counts = store.overlap_counts(site.ledger)
    api = site.api("viewer").get("/api/v1/lists").json()
    assert {tuple(o["pattern"]): o["persons"] for o in api["overlaps"]} == {
        p: n for p, n in counts.items() if any(p)
    }
    assert sum(o["persons"] for o in api["overlaps"]) == len(store.persons(site.ledger))
    bars = re.findall(r'<rect class="bar"[^>]*><title>[^<]*: ([\d,]+) persons</title>', page.text)
    assert sorted(int(b.replace(",", "")) for b in bars) == sorted(n for p, n in counts.items() if any(p))

    est = viewer.get("/lists/estimate")
    assert est.status_code == 200 and 'class="chart intervals"' in est.text and "independence" in est.text
    data = site.api("viewer").get("/api/v1/lists/estimate").json()
    assert data["observed"] == len(store.persons(site.ledger))
    assert data["observed"] <= data["interval"][0] <= data["estimate"] <= data["interval"][1]
    assert data["models"] and all(
        {"model", "aic", "bic", "estimate", "interval"} <= m.keys() for m in data["models"]
    )
    assert f"{data['estimate']:,.0f}" in est.text

    # Per stratum: the strata partition the persons; a stratum too small to estimate says why.
    by_sex = site.api("viewer").get("/api/v1/lists/estimate?strata=sex").json()
    assert sum(s["observed"] for s in by_sex["strata"]) == data["observed"]
    assert any("problem" in s for s in by_sex["strata"]) or all("estimate" in s for s in by_sex["strata"])
    page = viewer.get("/lists/estimate?strata=sex&method=loglinear")
    assert page.status_code == 200 and "sex=f" in page.text and "sex=m" in page.text and "total" in page.text
    bad = viewer.get("/lists/estimate?strata=colour")
    assert bad.status_code == 400 and "cannot stratify by" in bad.text
    assert site.api("viewer").get("/api/v1/lists/estimate?method=magic").status_code == 400

    # Viewers: no victim name anywhere they can reach (pages and API).
    for method, path in POLICIES:
        if method != "GET" or "{" in path or not path.startswith(("/lists", "/api/v1/lists")):
            continue
        answer = (site.api("viewer") if path.startswith("/api") else viewer).get(path)
        if POLICIES[(method, path)] == "viewer":
            assert answer.status_code == 200, path
            assert not [n for n in names if n in answer.text], path
        else:
            assert answer.status_code == 403, path

    # Analysts see names; restricted fields stay masked (admins only, audited).
    persons = site.api("analyst").get("/api/v1/lists/persons").json()["persons"]
    shown = [r for p in persons for r in p["records"]]
    assert {r["name"] for r in shown} == names
    assert {r["birth_date"] for r in shown if r["list"] == "ngo-a"} == {None, "[restricted]"}
    assert site.client("analyst").get("/lists/persons").status_code == 200
    before = len(site.ledger.audit_log())
    admin_rows = site.api("admin").get("/api/v1/lists/persons").json()["persons"]
    assert any(r["birth_date"] not in (None, "[restricted]") for p in admin_rows for r in p["records"]
               if r["list"] == "ngo-a")  # fmt: skip
    last = site.ledger.audit_log()[-1]
    assert len(site.ledger.audit_log()) == before + 1
    assert last.action == "list.read_restricted" and last.actor == "admin"


def test_review_form_records_the_decision_like_the_cli(lists_site) -> None:
    site = lists_site
    reviewer = site.client("reviewer")
    page = reviewer.get("/lists/review")
    assert page.status_code == 200
    queue = site.api("reviewer").get("/api/v1/lists/review").json()["pairs"]
    assert queue, "the review band left no pair"
    first = queue[0]
    assert f"Pair {first['pair']}" in page.text and 'name="csrf_token"' in page.text
    assert first["left"]["name"] in page.text or first["left"]["name"] == XSS

    # No CSRF token, or a wrong one: refused, nothing recorded.
    for token in (None, "", "forged", reviewer.csrf + "x"):
        data = {"pair": first["pair"], "decision": "non-match", "note": "different villages"}
        if token is not None:
            data["csrf_token"] = token
        answer = reviewer.post("/lists/review", data=data)
        assert answer.status_code == 403 and "CSRF" in answer.text
    assert store.decisions(site.ledger) == {}

    data = {"pair": first["pair"], "decision": "non-match", "note": "different villages"}
    answer = reviewer.post("/lists/review", data={**data, "csrf_token": reviewer.csrf})
    assert answer.status_code == 303 and answer.headers["location"] == "/lists/review"
    left, right = map(int, first["pair"].split("-"))
    (decision,) = store.decisions(site.ledger).values()
    assert (decision.record_l, decision.record_r, decision.decision, decision.by) == (
        left,
        right,
        "non-match",
        "reviewer",
    )
    assert site.ledger.audit_log()[-1].action == "linkage.non-match"
    assert first["pair"] not in reviewer.get("/lists/review").text

    bad = reviewer.post("/lists/review", data={"pair": "12", "decision": "match", "note": "x",
                                                 "csrf_token": reviewer.csrf})  # fmt: skip
    assert bad.status_code == 400 and "is not a pair" in bad.text
    bad = reviewer.post("/lists/review", data={"pair": first["pair"], "decision": "maybe", "note": "x",
                                                 "csrf_token": reviewer.csrf})  # fmt: skip
    assert bad.status_code == 400 and "unknown decision" in bad.text

    # The API twin (bearer token, no CSRF); the next link run keeps the pair apart.
    second = queue[1]
    answer = site.api("reviewer").post(
        "/api/v1/lists/review", json={"pair": second["pair"], "decision": "match", "note": "same birth date"}
    )
    assert answer.status_code == 201 and answer.json()["decision"] == "match"
    assert site.api("analyst").post("/api/v1/lists/review", json={}).status_code == 403
    link(site.ledger, by="tester")
    current = store.current_assignments(site.ledger)
    assert current[left] != current[right]


@pytest.mark.parametrize("backend", ["sqlite"], indirect=True)
def test_a_script_in_a_record_name_is_shown_escaped(lists_site) -> None:
    site = lists_site
    for role, path in (("analyst", "/lists/persons"), ("admin", "/lists/persons")):
        text = site.client(role).get(path).text
        assert XSS not in text and "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in text
    assert XSS in {r["name"] for p in site.api("analyst").get("/api/v1/lists/persons").json()["persons"]
                   for r in p["records"]}  # fmt: skip
    # Markup in a list name: escaped in the table and inside the SVG chart (viewers see list names).
    page = site.client("viewer").get("/lists").text
    assert LIST_XSS not in page and page.count("extra &lt;i&gt;x&lt;/i&gt;") >= 3  # table, chart label, bar


def test_upset_chart_worked_by_hand() -> None:
    from rightsledger.web.lists_chart import intervals, upset

    # 3 persons on both lists, 2 only on a: list sizes a=5, b=3; one connecting line (the a&b column).
    svg = str(upset(["a", "b<"], [((1, 1), 3), ((1, 0), 2)]))
    assert "a (5)" in svg and "b&lt; (3)" in svg
    assert re.findall(r'class="(dot \w+)"', svg) == ["dot on", "dot on", "dot on", "dot off"]
    assert svg.count('class="link"') == 1 and svg.count('class="bar"') == 2
    assert "a, b&lt;: 3 persons" in svg and "style=" not in svg
    # An unbounded interval is drawn to the edge, dashed by class, and labelled ∞.
    svg = str(intervals([("total", 120.0, 90.0, float("inf"), 60)]))
    assert 'class="interval unbounded"' in svg and "interval 90 – ∞" in svg and "observed 60" in svg
