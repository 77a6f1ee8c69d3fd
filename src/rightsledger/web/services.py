"""What pages and API routes do, written once: both are thin shells over these functions.

``Services`` holds the open ledger and a cache of the analysis (canonical events, claims,
figures), rebuilt only when documents, extractions, reviews or event decisions change.
``View`` is one user's view of it: restricted documents left out (as if absent) and
restricted fact fields removed for roles without access, and every read of restricted
data by a role with access written to the audit log.
"""

from __future__ import annotations

import dataclasses
import re
import tempfile
import threading
from collections import Counter
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from sqlalchemy import text

from rightsledger.analyze import (
    AnalyzeError,
    EventClaims,
    analyze,
    check_split,
    claims_json,
    find_event,
    get_rule,
)
from rightsledger.analyze.actors import CanonicalActor, canonical_actors, find_actor
from rightsledger.analyze.claims import claim_json
from rightsledger.errors import ExtractError, IngestError, LedgerError, QueryError
from rightsledger.store import Ledger, StoredDocument, StoredFact
from rightsledger.store.access import Restrictions
from rightsledger.store.search import SearchHit
from rightsledger.store.users import Accounts, User
from rightsledger.web.settings import WebSettings

HIT_START, HIT_STOP = "\x02", "\x03"  # search-hit markers, turned into <mark> when rendered
_DATE = re.compile(r"\d{4}(-\d{2}(-\d{2})?)?")
_SUFFIX = re.compile(r"\.[A-Za-z0-9]{1,8}")
CLAIM_FIELDS = ("value", "low", "high", "claimant", "subject")  # Claim fields a restriction can hide


class NotFound(LedgerError):
    """Unknown, or restricted and the user may not know it exists (shown as 404 either way)."""


class UploadError(LedgerError):
    """An uploaded file could not be read as a report; nothing was stored."""


@dataclasses.dataclass
class Catalog:
    """Everything derived from the ledger's current state (cached until it changes)."""

    docs: dict[int, StoredDocument]
    rule: Any
    grades: dict[str, str]  # source -> grade, as stored in the ledger
    events: list[EventClaims]
    countries: dict[int, dict[str, set[int]]]  # document id -> state actor name -> its fact ids
    violations: dict[int, set[str]]
    doc_events: dict[str, set[str]]  # document sha256 -> canonical event ids
    actors: list[CanonicalActor]
    # event id -> category -> reconciliation, for events a user sees whole (most of them, most of the time)
    figures: dict[str, dict[str, Any]] = dataclasses.field(default_factory=dict)
    # Indexes so one event's page costs that event's work, not the whole catalogue's:
    by_id: dict[str, EventClaims] = dataclasses.field(init=False)
    shas: dict[str, int] = dataclasses.field(init=False)  # document sha256 -> id
    event_docs: dict[str, frozenset[int]] = dataclasses.field(init=False)  # event id -> its documents
    targets: list[EventRef] = dataclasses.field(init=False)  # events one may merge with, in order

    def __post_init__(self) -> None:
        self.by_id = {e.id: e for e in self.events}
        self.shas = {d.sha256: d.id for d in self.docs.values()}
        self.event_docs = {}
        for event in self.events:
            shas = {m["sha256"] for m in event.members} | {
                c.sha256 for cl in event.claims.values() for c in cl
            }
            self.event_docs[event.id] = frozenset(self.shas[s] for s in shas if s in self.shas)
        self.targets = [EventRef(e.id, e.name) for e in self.events if e.kind == "event"]


@dataclasses.dataclass(frozen=True)
class EventRef:
    """An event as a merge form lists it: no claims, no reconciliation."""

    id: str
    name: str


class Services:
    def __init__(self, ledger: Ledger, home: Path, settings: WebSettings) -> None:
        self.ledger = ledger
        self.home = home
        self.settings = settings
        self.accounts = Accounts(ledger)
        self.restrictions = Restrictions(ledger)
        self._catalog: tuple[tuple[Any, ...], Catalog] | None = None
        self._lock = threading.Lock()

    def _state(self) -> tuple[Any, ...]:
        with self.ledger.engine.connect() as connection:
            return tuple(
                connection.execute(
                    text(
                        "SELECT (SELECT max(id) FROM documents), (SELECT max(id) FROM extractions), "
                        "(SELECT max(id) FROM reviews), (SELECT max(id) FROM event_decisions), "
                        "(SELECT max(id) FROM source_grades)"
                    )
                ).one()
            )

    def catalog(self) -> Catalog:
        state = self._state()
        with self._lock:
            if self._catalog is not None and self._catalog[0] == state:
                return self._catalog[1]
            catalog = self._build()
            self._catalog = (state, catalog)
            return catalog

    def _build(self) -> Catalog:
        docs = {d.id: d for d in self.ledger.documents()}
        grades = self.ledger.grades()
        rule, events, figures = analyze(self.ledger, self.settings.rule, grades)
        countries: dict[int, dict[str, set[int]]] = {}
        for fact in self.ledger.facts(type="actors", include_rejected=False):
            data = fact.effective_data
            if data.get("type") == "state" and data.get("name"):
                countries.setdefault(fact.document_id, {}).setdefault(data["name"], set()).add(fact.id)
        violations: dict[int, set[str]] = {}
        for fact in self.ledger.facts(type="violations", include_rejected=False):
            violations.setdefault(fact.document_id, set()).add(fact.effective_data["code"])
        doc_events: dict[str, set[str]] = {}
        for event in events:
            if event.kind != "event":
                continue
            for member in event.members:
                doc_events.setdefault(member["sha256"], set()).add(event.id)
            for claims in event.claims.values():
                for claim in claims:
                    doc_events.setdefault(claim.sha256, set()).add(event.id)
        actors = canonical_actors(self.ledger)
        return Catalog(docs, rule, grades, events, countries, violations, doc_events, actors, figures)


class View:
    """The ledger as one user may see it."""

    def __init__(self, services: Services, user: User) -> None:
        self.services = services
        self.ledger = services.ledger
        self.user = user
        self.full = user.can("analyst")  # may read restricted documents and fields
        self.restricted_docs = services.restrictions.documents()
        self.restricted_fields = services.restrictions.fields()
        self._catalog: Catalog | None = None

    @property
    def catalog(self) -> Catalog:
        if self._catalog is None:
            self._catalog = self.services.catalog()
        return self._catalog

    # -- restriction helpers -----------------------------------------------------------------

    def hidden(self, doc_id: int, *, public: bool = False) -> bool:
        return doc_id in self.restricted_docs and (public or not self.full)

    def audit_read(self, target: str, what: str) -> None:
        self.services.restrictions.record_read(self.user.name, target, what)

    def _note_doc(self, doc: StoredDocument | None, doc_id: int, what: str) -> None:
        if doc_id in self.restricted_docs:
            sha = doc.sha256 if doc else self.catalog.docs[doc_id].sha256
            self.audit_read(f"document:{sha}", what)

    def _name_hidden(self, fact_id: int) -> bool:
        return not self.full and "name" in self.restricted_fields.get(fact_id, set())

    def countries(self, doc_id: int) -> set[str]:
        """Countries (state actors) a document names, without names restricted for this user."""
        found = self.catalog.countries.get(doc_id, {})
        return {name for name, ids in found.items() if not all(self._name_hidden(i) for i in ids)}

    def fact_data(self, fact: StoredFact, *, public: bool = False) -> dict[str, Any]:
        """The fact as reviewed, without the fields restricted for this user."""
        data = dict(fact.effective_data)
        hide = self.restricted_fields.get(fact.id, set())
        if hide and (public or not self.full):
            return {k: v for k, v in data.items() if k not in hide}
        if hide:
            self.audit_read(f"fact:{fact.id}", "restricted fields " + ", ".join(sorted(hide)))
        return data

    def fact_json(self, fact: StoredFact, *, public: bool = False) -> dict[str, Any]:
        hide = self.restricted_fields.get(fact.id, set())
        return {
            "id": fact.id,
            "type": fact.type,
            "document": fact.document_id,
            "sha256": fact.sha256,
            "span": list(fact.span) if fact.span else None,
            "data": self.fact_data(fact, public=public),
            "review": fact.review,
            "extractor": fact.extractor,
            "version": fact.version,
            "restricted_fields": sorted(hide) if self.full and not public else [],
        }

    # -- documents ---------------------------------------------------------------------------

    def documents(self) -> list[StoredDocument]:
        return [d for d in self.catalog.docs.values() if not self.hidden(d.id)]

    def document(self, ref: str) -> StoredDocument:
        try:
            doc = self.ledger.find_document(ref)
        except QueryError as error:
            raise NotFound(str(error)) from None
        if self.hidden(doc.id):
            raise NotFound(f"no document matches {ref!r}")
        self._note_doc(doc, doc.id, "document")
        return doc

    def document_facts(self, doc: StoredDocument) -> list[StoredFact]:
        return self.ledger.facts(document=doc.id)

    def fact(self, fact_id: int) -> StoredFact:
        try:
            fact = self.ledger.get_fact(fact_id)
        except LedgerError:
            raise NotFound(f"no fact with id {fact_id}") from None
        if self.hidden(fact.document_id):
            raise NotFound(f"no fact with id {fact_id}")
        self._note_doc(None, fact.document_id, f"fact {fact_id}")
        return fact

    def is_restricted(self, doc_id: int) -> bool:
        return doc_id in self.restricted_docs

    # -- search ------------------------------------------------------------------------------

    def search(
        self,
        q: str = "",
        *,
        country: str = "",
        event: str = "",
        violation: str = "",
        date_from: str = "",
        date_to: str = "",
    ) -> tuple[list[tuple[StoredDocument, str]], dict[str, list[tuple[str, str, int]]]]:
        """(hits as (document, snippet), facets name -> [(value, label, count)]) after the filters."""
        for label, value in (("from", date_from), ("to", date_to)):
            if value and not _DATE.fullmatch(value):
                raise QueryError(f"{label} must be a date written YYYY, YYYY-MM or YYYY-MM-DD, not {value!r}")
        catalog = self.catalog
        if q.strip():
            limit = min(1000, self.services.settings.search_limit + len(self.restricted_docs))
            found: Iterable[SearchHit] = self.ledger.search(q, limit, marks=(HIT_START, HIT_STOP))
            hits = [(catalog.docs[h.doc_id], h.snippet) for h in found if h.doc_id in catalog.docs]
        else:
            hits = [(d, "") for d in catalog.docs.values()]
        hits = [(d, s) for d, s in hits if not self.hidden(d.id)][: self.services.settings.search_limit]
        names = {e.id: e.name for e in catalog.events if e.kind == "event"}

        def keep(doc: StoredDocument) -> bool:
            published = doc.published or ""
            return (
                (not country or country in self.countries(doc.id))
                and (not violation or violation in catalog.violations.get(doc.id, set()))
                and (not event or event in catalog.doc_events.get(doc.sha256, set()))
                and (not date_from or (published and published >= date_from))
                and (not date_to or (published and published[: len(date_to)] <= date_to))
            )

        hits = [(d, s) for d, s in hits if keep(d)]
        facets: dict[str, list[tuple[str, str, int]]] = {}
        for name, values in (
            ("country", (self.countries(d.id) for d, _ in hits)),
            ("violation", (catalog.violations.get(d.id, set()) for d, _ in hits)),
            ("event", (catalog.doc_events.get(d.sha256, set()) for d, _ in hits)),
        ):
            tally = Counter(v for group in values for v in group)
            facets[name] = [
                (value, names.get(value, value) if name == "event" else value, n)
                for value, n in sorted(tally.items(), key=lambda item: (-item[1], item[0]))[:20]
            ]
        years = Counter((d.published or "")[:4] for d, _ in hits if d.published)
        facets["year"] = [(y, y, n) for y, n in sorted(years.items())]
        for doc, _snippet in hits:
            self._note_doc(doc, doc.id, "search result")
        return hits, facets

    # -- events ------------------------------------------------------------------------------

    def _hidden_shas(self, *, public: bool) -> set[str]:
        if not (public or not self.full):
            return set()
        docs = self.catalog.docs
        return {docs[i].sha256 for i in self.restricted_docs if i in docs}

    def _visible_event(self, event: EventClaims, *, public: bool) -> EventClaims | None:
        """The event without restricted documents' mentions and claims, and restricted claim fields."""
        hidden = self._hidden_shas(public=public)
        redact = public or not self.full
        members = tuple(m for m in event.members if m["sha256"] not in hidden)
        claims = {}
        for category, rows in event.claims.items():
            kept = []
            for claim in rows:
                if claim.sha256 in hidden:
                    continue
                marked = self.restricted_fields.get(claim.fact_id or -1, set())
                if marked and redact:  # the quote would show what the restriction hides
                    hide = dict.fromkeys(marked & set(CLAIM_FIELDS))
                    claim = dataclasses.replace(claim, quote="", **hide)
                kept.append(claim)
            if kept:
                claims[category] = tuple(kept)
        if not members and not claims:
            return None
        if members == event.members and claims == dict(event.claims):
            return event
        return dataclasses.replace(event, members=members, claims=claims)

    def events(self, *, public: bool = False) -> list[tuple[EventClaims, dict[str, Any]]]:
        """Visible events with their figures (category -> Reconciliation)."""
        rule = self.catalog.rule
        found = []
        for event in self.catalog.events:
            visible = self._visible_event(event, public=public)
            if visible is None:
                continue
            figures = self.catalog.figures.get(event.id) if visible is event else None
            if figures is None:  # some claims are hidden from this user: reconcile what they see
                figures = {cat: rule.reconcile(cl, self.catalog.grades) for cat, cl in visible.claims.items()}
            found.append((visible, figures))
        if self.full and not public:
            for event, _ in found:
                self._note_event(event)
        return found

    def _note_event(self, event: EventClaims) -> None:
        docs = self.catalog.docs
        for doc_id in sorted(self.catalog.event_docs.get(event.id, frozenset()) & self.restricted_docs):
            self.audit_read(f"document:{docs[doc_id].sha256}", f"event {event.id}")

    def _find_event(self, ref: str) -> EventClaims:
        """A visible event by id from the catalogue's index (only that event is redacted); a prefix
        or name fragment is looked up among all visible events."""
        found = self.catalog.by_id.get(ref.strip().lower())
        if found is not None:
            visible = self._visible_event(found, public=False)
            if visible is None:
                raise NotFound(f"no event matches {ref!r}; `rightsledger events` lists them")
            return visible
        try:
            return find_event([e for e, _ in self._events_quiet()], ref)
        except AnalyzeError as error:
            raise NotFound(str(error)) from None

    def merge_targets(self, event_id: str) -> list[EventRef]:
        """Other visible events (ids and names from the catalogue; nothing reconciled)."""
        hidden = self._hidden_ids(public=False)
        docs = self.catalog.event_docs
        return [
            e
            for e in self.catalog.targets
            if e.id != event_id and (not hidden or not docs.get(e.id, frozenset()) <= hidden)
        ]

    def _hidden_ids(self, *, public: bool) -> set[int]:
        return set(self.restricted_docs) if (public or not self.full) else set()

    def event(self, event_id: str) -> tuple[EventClaims, dict[str, Any], dict[str, Any]]:
        """(event, figures, claims_json) for one visible event: only this event is reconciled."""
        event = self._find_event(event_id)
        rule = self.catalog.rule
        figures = {cat: rule.reconcile(cl, self.catalog.grades) for cat, cl in event.claims.items()}
        if self.full:
            self._note_event(event)
        return event, figures, claims_json(event, figures, rule)

    def _events_quiet(self) -> list[tuple[EventClaims, None]]:
        return [
            (v, None) for e in self.catalog.events if (v := self._visible_event(e, public=False)) is not None
        ]

    # -- actors ------------------------------------------------------------------------------

    def actors(self) -> list[CanonicalActor]:
        """Canonical actors without members from hidden documents, restricted names or roles."""
        found = []
        for actor in self.catalog.actors:
            members = tuple(
                m
                for m in actor.members
                if not self.hidden(m.mention.document_id)
                and not (m.mention.fact_id is not None and self._name_hidden(m.mention.fact_id))
            )
            if not members:
                continue
            if members == actor.members and self.full:
                found.append(actor)
                continue

            def visible(role: Any) -> bool:
                if self.hidden(role.document_id):
                    return False
                return self.full or not self.restricted_fields.get(role.fact_id or -1)

            names = [m.mention.name for m in members]
            forms = [f for m in members for f in (m.mention.name, *m.mention.aliases)]
            name = actor.name if actor.name in forms else Counter(names).most_common(1)[0][0]
            found.append(
                dataclasses.replace(
                    actor,
                    name=name,
                    aliases=tuple(a for a in dict.fromkeys(forms) if a != name),
                    members=members,
                    statements=tuple(r for r in actor.statements if visible(r)),
                    claims=tuple(r for r in actor.claims if visible(r)),
                    demands=tuple(r for r in actor.demands if visible(r)),
                )
            )
        return found

    def actor(self, actor_id: str) -> CanonicalActor:
        try:
            actor = find_actor(self.actors(), actor_id)
        except AnalyzeError as error:
            raise NotFound(str(error)) from None
        for doc_id in sorted({m.mention.document_id for m in actor.members}):
            self._note_doc(None, doc_id, f"actor {actor.id}")
        return actor

    def decide_actor(
        self, action: str, actor_id: str, *, other: str = "", fact_id: int | None, note: str
    ) -> Any:
        """A reviewer's merge (``other`` joins ``actor_id``) or split (fact ``fact_id`` leaves it)."""
        from rightsledger.store import ReviewError

        visible = self.actors()
        try:
            first = find_actor(visible, actor_id)
            second = find_actor(visible, other) if action == "merge" else None
        except AnalyzeError as error:
            raise NotFound(str(error)) from None
        if action == "split":
            check_split(first.id, first.fact_ids, fact_id)
        try:
            return self.ledger.decide_entity(
                "actor",
                action,
                first.id,
                other=second.id if second is not None else None,
                fact_id=fact_id,
                note=note,
                by=self.user.name,
            )
        except ReviewError as error:
            raise ReviewError(_web_words(str(error))) from None

    # -- review ------------------------------------------------------------------------------

    def review_queue(self, limit: int = 100) -> list[tuple[StoredFact, str]]:
        """Unreviewed facts, contested counts first (claims a reconciliation did not use), then counts."""
        contested: dict[int, str] = {}
        for event, figures in self.events():
            for category, rec in figures.items():
                values = {c.value for c in event.claims[category] if c.value is not None}
                for claim in event.claims[category]:
                    decision = rec.decisions.get(claim.id)
                    if claim.fact_id is None:
                        continue
                    if decision is not None and decision.status != "used":
                        contested[claim.fact_id] = f"{decision.status}: {decision.reason}"
                    elif len(values) > 1:
                        contested.setdefault(claim.fact_id, f"{len(values)} different figures for {category}")
        queue = [f for f in self.ledger.facts() if f.review is None and not self.hidden(f.document_id)]
        order = {"counts": 1, "events": 2, "statements": 3}
        queue.sort(key=lambda f: (0 if f.id in contested else order.get(f.type, 4), f.document_id, f.id))
        shown = queue[:limit]
        for doc_id in sorted({f.document_id for f in shown}):
            self._note_doc(None, doc_id, "review queue")
        return [(f, contested.get(f.id, "")) for f in shown]

    def review(self, fact_id: int, action: str, changes: Mapping[str, str], note: str | None) -> Any:
        from rightsledger.store import ReviewError

        self.fact(fact_id)
        try:
            return self.ledger.review(fact_id, action, changes=dict(changes), note=note, by=self.user.name)
        except ReviewError as error:  # the store words its errors for the CLI's options
            raise ReviewError(_web_words(str(error))) from None

    def decide_event(
        self, action: str, event_id: str, *, other: str = "", fact_id: int | None, note: str
    ) -> Any:
        from rightsledger.store import ReviewError

        first = self._find_event(event_id)
        second = self._find_event(other) if action == "merge" else None
        if second is not None and (first.kind != "event" or second.kind != "event"):
            raise ReviewError("only events can be merged, not groups of unassigned counts")
        if action == "split":
            check_split(first.id, [m.get("fact") for m in first.members], fact_id)
        try:
            return self.ledger.decide_event(
                action,
                first.id,
                other=second.id if second is not None else None,
                fact_id=fact_id,
                note=note,
                by=self.user.name,
            )
        except ReviewError as error:  # the store words its errors for the CLI's options
            raise ReviewError(_web_words(str(error))) from None

    # -- upload ------------------------------------------------------------------------------

    def upload(
        self,
        filename: str,
        data: bytes,
        *,
        publisher: str | None = None,
        url: str | None = None,
        published: str | None = None,
        title: str | None = None,
    ) -> tuple[int, bool, int]:
        """Ingest, extract and store one uploaded report in one unit: (document id, created, facts)."""
        from rightsledger.extract import get_extractor
        from rightsledger.ingest import BlobStore, read_report

        name = Path(filename or "upload").name or "upload"
        suffix = (_SUFFIX.fullmatch(Path(name).suffix or "") and Path(name).suffix.lower()) or ".txt"
        if not data:
            raise UploadError(f"{name}: the file is empty; nothing to ingest")
        extractor = get_extractor(self.services.settings.extractor)
        with tempfile.TemporaryDirectory(prefix="rl-upload-") as folder:
            path = Path(folder) / f"upload{suffix}"
            path.write_bytes(data)
            try:
                _bytes, doc = read_report(
                    path,
                    max_bytes=self.services.settings.max_upload_bytes,
                    publisher=publisher or None,
                    url=url or None,
                    published=published or None,
                    title=title or None,
                    added_by=self.user.name,
                )
            except IngestError as error:
                raise UploadError(f"{name}: {error.problem}") from None
        if doc.provenance.title == path.name:  # no title anywhere: name it after the uploaded file
            doc = dataclasses.replace(doc, provenance=dataclasses.replace(doc.provenance, title=name))
        doc = dataclasses.replace(
            doc, provenance=dataclasses.replace(doc.provenance, source_path=f"upload:{name}")
        )
        try:
            facts = extractor.extract(doc.text, published=doc.provenance.published)
        except LedgerError:
            raise
        except Exception as error:  # a plug-in's bug is reported, and nothing is stored
            raise ExtractError(
                f"{name}: extractor {extractor.name} failed: {type(error).__name__}: {error}"
            ) from error
        try:
            BlobStore(self.services.home / "blobs").put(data)
        except OSError as error:
            raise UploadError(f"{name}: cannot store its bytes ({error.strerror or error})") from None
        doc_id, created = self.ledger.add_extracted(
            doc, extractor.name, extractor.version, facts, by=self.user.name
        )
        return doc_id, created, len(facts.items())

    # -- exports -----------------------------------------------------------------------------

    def export_rows(self, what: str, *, public: bool) -> list[dict[str, Any]]:
        rows: list[dict[str, Any]] = []
        for event, figures in self.events(public=public):
            if what == "events":
                for category, rec in figures.items() or [(None, None)]:
                    rows.append(
                        {
                            "event": event.id,
                            "kind": event.kind,
                            "name": event.name,
                            "start": event.start,
                            "end": event.end,
                            "documents": len({m["sha256"] for m in event.members}),
                            "category": category,
                            "low": rec.low.value if rec else None,
                            "best": rec.best.value if rec else None,
                            "high": rec.high.value if rec else None,
                            "claims": len(event.claims[category]) if category else 0,
                            "sources": rec.sources if rec else 0,
                            "rule": self.catalog.rule.name,
                        }
                    )
            else:
                for category, claims in event.claims.items():
                    rec = figures[category]
                    for claim in claims:
                        data = claim_json(claim)
                        decision = rec.decisions.get(claim.id)
                        rows.append(
                            {
                                "event": event.id,
                                "event_name": event.name,
                                "category": category,
                                "claim": claim.id,
                                "fact": claim.fact_id,
                                "value": claim.value,
                                "low": claim.low,
                                "high": claim.high,
                                "qualifier": claim.qualifier,
                                "claimant": claim.claimant,
                                "subject": claim.subject,
                                "source": claim.source,
                                "sha256": claim.sha256,
                                "title": claim.title,
                                "publisher": claim.publisher,
                                "published": claim.published,
                                "quote": data["quote"],
                                "status": decision.status if decision else None,
                                "sets": " ".join(decision.sets) if decision else "",
                            }
                        )
        return rows


def _web_words(message: str) -> str:
    return (
        message.replace("a --note", "a note")
        .replace("--set FIELD=VALUE", "corrected field")
        .replace("--set applies", "corrected fields apply")
    )


def rule_name(settings: WebSettings) -> str:
    return get_rule(settings.rule).name
