"""The event page does one event's work: it reconciles that event only, and lists merge targets
from the cached catalogue (ids and names) without reconciling them."""

from __future__ import annotations

from typing import Any


class CountingRule:
    """The catalogue's real rule, counting which events' claims it is asked to reconcile."""

    def __init__(self, rule: Any) -> None:
        self.rule = rule
        self.calls: list[tuple[Any, ...]] = []

    def reconcile(self, claims: Any, grades: Any) -> Any:
        self.calls.append(tuple(claims))
        return self.rule.reconcile(claims, grades)

    def __getattr__(self, name: str) -> Any:
        return getattr(self.rule, name)


def test_event_page_reconciles_only_its_event(site) -> None:
    client = site.client("reviewer")
    catalog = site.services.catalog()
    events = [e for e in catalog.events if e.kind == "event"]
    with_claims = [e for e in catalog.events if e.claims]
    assert len(events) >= 2 and len(with_claims) >= 2, "the examples give several events with claims"
    event = next(e for e in events if e.claims)
    counting = CountingRule(catalog.rule)
    catalog.rule = counting  # the cached catalogue is used as long as the ledger is unchanged

    page = client.get(f"/events/{event.id}")

    assert page.status_code == 200
    assert sorted(counting.calls, key=repr) == sorted(map(tuple, event.claims.values()), key=repr)
    # Every other event is offered as a merge target, by id and name; this one is not.
    form = page.text.split('name="other"', 1)[1].split("</select>", 1)[0]
    for other in events:
        assert (f'value="{other.id}"' in form) == (other.id != event.id), other.id


def test_event_page_is_found_by_id_after_a_review_changes_the_catalogue(site) -> None:
    client = site.client("reviewer")
    event = next(e for e in site.services.catalog().events if e.kind == "event")
    fact_id = next(m["fact"] for m in event.members if m.get("fact"))
    site.ledger.review(fact_id, "accept", note="checked", by="reviewer")
    page = client.get(f"/events/{event.id}")
    assert page.status_code == 200 and event.name.split()[0] in page.text
    assert client.get("/events/ev-0000000000").status_code == 404
