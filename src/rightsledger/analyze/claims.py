"""Claims per canonical event and category, read from the ledger, and their reconciliation.

Event facts of every document's latest extraction are grouped into canonical
events (``entities``); each count joins the canonical event of the event its
extractor named in the same document.  Counts naming no event of their
document form that document's "unassigned" group, which is listed too.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from rightsledger.analyze.entities import CanonicalEvent, EventMention, group_events
from rightsledger.analyze.reconcile import AnalyzeError, Claim, Reconciliation, Rule, get_rule
from rightsledger.domain import COUNT_CATEGORIES

if TYPE_CHECKING:
    from rightsledger.store import Ledger, StoredDocument


@dataclass(frozen=True)
class EventClaims:
    """A canonical event (or a document's unassigned counts) with its claims by category."""

    id: str
    kind: str  # event | unassigned
    name: str
    start: str | None
    end: str | None
    confidence: float | None
    members: tuple[dict[str, Any], ...]
    claims: Mapping[str, tuple[Claim, ...]] = field(default_factory=dict)  # category -> claims

    @property
    def claim_count(self) -> int:
        return sum(map(len, self.claims.values()))

    def summary_json(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "kind": self.kind,
            "name": self.name,
            "start": self.start,
            "end": self.end,
            "confidence": self.confidence,
            "documents": len({m["sha256"] for m in self.members}),
            "members": list(self.members),
        }


def claim_json(claim: Claim) -> dict[str, Any]:
    return {
        "id": claim.id,
        "category": claim.category,
        "value": claim.value,
        "low": claim.low,
        "high": claim.high,
        "qualifier": claim.qualifier,
        "claimant": claim.claimant,
        "subject": claim.subject,
        "source": claim.source,
        "document": {
            "sha256": claim.sha256,
            "title": claim.title,
            "publisher": claim.publisher,
            "published": claim.published,
        },
        "span": list(claim.span),
        "quote": claim.quote,
        "fact": claim.fact_id,
    }


def _quote(text: str, span: tuple[int, int]) -> str:
    return " ".join(text[span[0] : span[1]].split())


def collect(ledger: Ledger) -> list[EventClaims]:
    """Canonical events (earliest first, then undated) and unassigned groups (in document order).

    Facts are read as reviewed: corrections applied, rejected facts left out; reviewers'
    merges and splits of events are applied to the automatic grouping.
    """
    docs: dict[int, StoredDocument] = {d.id: d for d in ledger.documents()}
    mentions: list[EventMention] = []
    extracted_names: dict[int, str] = {}
    for fact in ledger.facts(type="events", include_rejected=False):
        event = fact.effective
        if fact.span is None:
            continue
        doc = docs[fact.document_id]
        extracted_names[fact.id] = fact.fact.name
        mentions.append(
            EventMention(
                fact.document_id,
                fact.sha256,
                event.name,
                event.start,
                event.end,
                fact.span,
                doc.title,
                fact.id,
            )
        )
    canonical = group_events(mentions, ledger.event_decisions())
    where: dict[tuple[int, str], list[tuple[tuple[int, int], CanonicalEvent]]] = {}
    for group in canonical:
        for member in group.members:
            m = member.mention
            # a count names its event as extracted, so a corrected event name is looked up too
            for name in dict.fromkeys((m.name, extracted_names.get(m.fact_id or -1, m.name))):
                where.setdefault((m.document_id, name), []).append((m.span, group))
    claims: dict[str, dict[str, list[Claim]]] = {}
    unassigned: dict[int, dict[str, list[Claim]]] = {}
    for fact in ledger.facts(type="counts", include_rejected=False):
        count = fact.effective
        doc = docs[fact.document_id]
        span = fact.span or (0, 0)
        claim = Claim(
            id=f"{fact.sha256[:12]}:{span[0]}-{span[1]}",
            category=count.category,
            qualifier=count.qualifier,
            value=count.value,
            low=count.low,
            high=count.high,
            claimant=count.claimant,
            subject=count.subject,
            sha256=fact.sha256,
            title=doc.title,
            publisher=doc.publisher,
            published=doc.published,
            span=span,
            quote=_quote(doc.text, span),
            fact_id=fact.id,
        )
        places = where.get((fact.document_id, count.event or ""), [])
        if places:
            before = [p for p in places if p[0][0] <= span[0]]
            group = (max(before, key=lambda p: p[0]) if before else min(places, key=lambda p: p[0]))[1]
            claims.setdefault(group.id, {}).setdefault(claim.category, []).append(claim)
        else:
            unassigned.setdefault(fact.document_id, {}).setdefault(claim.category, []).append(claim)
    result = [
        EventClaims(
            id=group.id,
            kind="event",
            name=group.name,
            start=group.start,
            end=group.end,
            confidence=group.confidence,
            members=tuple(
                {
                    "sha256": m.mention.sha256,
                    "title": m.mention.title,
                    "name": m.mention.name,
                    "start": m.mention.start,
                    "end": m.mention.end,
                    "span": list(m.mention.span),
                    "link": m.link,
                    "fact": m.mention.fact_id,
                }
                for m in group.members
            ),
            claims=_ordered(claims.get(group.id, {})),
        )
        for group in canonical
    ]
    for doc_id, by_category in sorted(unassigned.items()):
        doc = docs[doc_id]
        digest = hashlib.sha256(f"{doc.sha256}:unassigned".encode()).hexdigest()
        result.append(
            EventClaims(
                id=f"un-{digest[:10]}",
                kind="unassigned",
                name=f"unassigned in {doc.title or doc.sha256[:12]}",
                start=None,
                end=None,
                confidence=None,
                members=({"sha256": doc.sha256, "title": doc.title},),
                claims=_ordered(by_category),
            )
        )
    return result


def _ordered(by_category: Mapping[str, list[Claim]]) -> dict[str, tuple[Claim, ...]]:
    order = {c: i for i, c in enumerate(COUNT_CATEGORIES)}
    return {
        cat: tuple(sorted(by_category[cat], key=lambda c: (c.published or "", c.sha256, c.span)))
        for cat in sorted(by_category, key=lambda c: (order.get(c, len(order)), c))
    }


def reconcile_all(
    events: Sequence[EventClaims], rule: Rule, grades: Mapping[str, str] | None = None
) -> dict[str, dict[str, Reconciliation]]:
    """event id -> category -> reconciliation."""
    return {e.id: {cat: rule.reconcile(cl, grades) for cat, cl in e.claims.items()} for e in events}


def find_event(events: Sequence[EventClaims], ref: str) -> EventClaims:
    """An event by its id (or an id prefix) or a unique fragment of its name."""
    needle = ref.strip().lower()
    if not needle:
        raise AnalyzeError("give an event id or a fragment of its name")
    exact = [e for e in events if e.id == needle]
    if exact:
        return exact[0]
    found = [e for e in events if e.id.startswith(needle)] if len(needle) >= 4 else []
    if not found:
        found = [e for e in events if needle in " ".join(e.name.lower().split())]
    if len(found) == 1:
        return found[0]
    if not found:
        raise AnalyzeError(f"no event matches {ref!r}; `rightsledger events` lists them")
    shown = ", ".join(f"{e.id} ({e.name})" for e in found[:5]) + (", ..." if len(found) > 5 else "")
    raise AnalyzeError(f"{ref!r} matches {len(found)} events: {shown}; give its id")


def events_json(
    events: Sequence[EventClaims], figures: Mapping[str, Mapping[str, Reconciliation]], rule: Rule
) -> dict[str, Any]:
    return {
        "rule": rule.name,
        "events": [
            {
                **event.summary_json(),
                "claims": event.claim_count,
                "figures": {
                    cat: {**rec.to_json(), "claims": len(event.claims[cat]), "sources": rec.sources}
                    for cat, rec in figures[event.id].items()
                },
            }
            for event in events
        ],
    }


def claims_json(event: EventClaims, figures: Mapping[str, Reconciliation], rule: Rule) -> dict[str, Any]:
    categories = {}
    for cat, claims in event.claims.items():
        rec = figures[cat]
        rows = []
        for claim in claims:
            decision = rec.decisions[claim.id]
            rows.append(
                {
                    **claim_json(claim),
                    "status": decision.status,
                    "reason": decision.reason,
                    "sets": list(decision.sets),
                }
            )
        categories[cat] = {"figures": {**rec.to_json(), "sources": rec.sources}, "claims": rows}
    return {"rule": rule.name, "event": event.summary_json(), "categories": categories}


def analyze(
    ledger: Ledger, rule_name: str | None = None, grades: Mapping[str, str] | None = None
) -> tuple[Rule, list[EventClaims], dict[str, dict[str, Reconciliation]]]:
    """Everything the ``events`` and ``claims`` commands show.

    ``grades`` (e.g. from a ``--grades`` file) replace the grades stored in the ledger; without
    them the ledger's grades (``rightsledger grade``) are used.
    """
    rule = get_rule(rule_name)
    events = collect(ledger)
    return rule, events, reconcile_all(events, rule, ledger.grades() if grades is None else grades)
