"""Canonical actors: which actor facts of different reports are linked, and which never are.

Expected groups and scores are worked by hand from the rules in ``analyze/actors.py``'s
docstring (scores: same name in one document 1.0, same organisation or state name 0.95,
same full personal name 0.9 with a shared country / 0.8 without, acronym 0.85, surname in
one document 0.8, surname and title with a shared country 0.7).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import pytest

from rightsledger.analyze.actors import (
    ActorMention,
    AnalyzeError,
    acronym_of,
    canonical_actors,
    find_actor,
    group_actors,
    name_key,
)
from rightsledger.domain import Actor, Count, Demand, Facts, Statement

SHA = {name: hashlib.sha256(name.encode()).hexdigest() for name in "ABCDEFGH"}
DOC = {name: i for i, name in enumerate("ABCDEFGH", 1)}


def m(doc: str, name: str, kind: str = "person", *aliases: str, at: int = 0) -> ActorMention:
    return ActorMention(DOC[doc], SHA[doc], name, kind, (name, *aliases), (at, at), f"report {doc}", None)


def state(doc: str, name: str, at: int = 0) -> ActorMention:
    return m(doc, name, "state", at=at)


def groups(actors) -> set[frozenset[tuple[str, str]]]:
    """Each actor as a set of (report letter, name) of its members."""
    return {frozenset((x.mention.title[-1], x.mention.name) for x in a.members) for a in actors}


def names(actors) -> list[set[str]]:
    return sorted((sorted({x.mention.name for x in a.members}) for a in actors), key=str)


def by_name(actors, name: str):
    return next(a for a in actors if any(x.mention.name == name for x in a.members))


def test_normalised_names_and_acronyms() -> None:
    assert name_key("the UN Human Rights Council") == ("human rights council", None)
    assert name_key("Peru’s Ombudsman’s Office") == ("ombudsman's office", "peru")
    assert name_key("Islamic Republic of Iran") == ("iran", None)
    assert name_key("Republic of Korea")[0] != name_key("Democratic People’s Republic of Korea")[0]
    assert name_key("Volker Türk") == ("volker turk", None)
    assert acronym_of("Office of the High Commissioner for Human Rights") == "OHCHR"
    assert acronym_of("Inter-American Commission on Human Rights") == "IACHR"
    assert acronym_of("Amnesty") is None


def test_the_same_full_name_in_reports_about_different_countries_is_one_person() -> None:
    actors = group_actors(
        [
            m("A", "Michelle Bachelet", "person", "High Commissioner"),
            state("A", "Chile"),
            m("B", "Michelle Bachelet"),
            state("B", "Myanmar"),
        ]
    )
    bachelet = by_name(actors, "Michelle Bachelet")
    assert len(bachelet.members) == 2 and bachelet.confidence == 0.8
    assert bachelet.id == "ac-" + hashlib.sha256(b"michelle bachelet").hexdigest()[:10]
    assert bachelet.kind == "person" and "High Commissioner" in bachelet.aliases
    same_country = group_actors(
        [m("A", "Javaid Rehman"), state("A", "Iran"), m("B", "Javaid Rehman"), state("B", "Iran")]
    )
    assert by_name(same_country, "Javaid Rehman").confidence == 0.9


def test_two_people_sharing_a_surname_are_never_merged() -> None:
    actors = group_actors(
        [
            m("A", "Ali Khamenei", "person", "Khamenei", "Supreme Leader"),
            m("A", "Mojtaba Khamenei", "person", "Khamenei"),
            m("B", "Ali Khamenei"),
            m("C", "Khamenei", "person", "President"),
            state("A", "Iran"),
            state("C", "Iran"),
        ]
    )
    assert {"Ali Khamenei", "Mojtaba Khamenei"} not in [set(n) for n in names(actors)]
    ali = by_name(actors, "Ali Khamenei")
    assert {x.mention.sha256 for x in ali.members} == {SHA["A"], SHA["B"]}
    # a bare surname elsewhere with no title in common stays on its own
    assert len(by_name(actors, "Khamenei").members) == 1


def test_a_surname_links_in_its_document_and_across_documents_only_with_title_and_country() -> None:
    in_document = group_actors(
        [m("A", "Kassym-Jomart Tokayev", "person", "President"), m("A", "Tokayev", at=50)]
    )
    assert len(in_document) == 1 and in_document[0].confidence == 0.8
    across = [
        m("A", "Kassym-Jomart Tokayev", "person", "President", "Tokayev"),
        state("A", "Kazakhstan"),
        m("B", "Tokayev", "person", "President"),
    ]
    # no shared country: report B names no state
    assert len(group_actors(across)) == 3
    linked = group_actors([*across, state("B", "Kazakhstan")])
    tokayev = by_name(linked, "Tokayev")
    assert len(tokayev.members) == 2 and tokayev.confidence == 0.7 and tokayev.name == "Kassym-Jomart Tokayev"
    # the same title but a different country's president is someone else
    assert len(by_name(group_actors([*across, state("B", "Uzbekistan")]), "Tokayev").members) == 1


def test_acronyms_link_to_their_one_full_name() -> None:
    actors = group_actors(
        [
            m("A", "Office of the High Commissioner for Human Rights", "organization"),
            m("B", "OHCHR", "organization"),
            m("C", "UN OHCHR", "organization"),
            m("D", "UN Human Rights Office", "organization"),
        ]
    )
    assert len(actors) == 1
    ohchr = actors[0]
    assert ohchr.name == "Office of the High Commissioner for Human Rights"
    assert sorted(x.link for x in ohchr.members if x.link is not None) == [0.85, 0.85, 0.95]


def test_an_acronym_two_full_names_share_links_to_neither() -> None:
    actors = group_actors(
        [
            m("A", "Rapid Support Forces", "organization", "RSF"),
            m("B", "Reporters Without Borders", "organization", "RSF"),
            m("C", "RSF", "organization"),
            m("D", "Rapid Support Forces", "organization"),
        ]
    )
    assert names(actors) == [["RSF"], ["Rapid Support Forces"], ["Reporters Without Borders"]]


def test_institutions_every_country_has_need_a_shared_country() -> None:
    mentions = [
        m("A", "Interior Ministry", "organization"),
        state("A", "Russia"),
        m("B", "Interior Ministry", "organization"),
        state("B", "Chile"),
        m("C", "Interior Ministry", "organization"),
        state("C", "Russia"),
        m("D", "Peru's Ombudsman's Office", "organization"),
        m("E", "Ombudsman's Office", "organization"),
        state("E", "Colombia"),
        m("E", "Defensoría del Pueblo", "person"),  # mistyped institution
        m("F", "Defensoría del Pueblo", "person"),
        state("F", "Peru"),
        m("G", "UN General Assembly", "organization"),
        state("G", "Sri Lanka"),
        m("H", "General Assembly", "organization"),
        state("H", "Ukraine"),
    ]
    actors = group_actors(mentions)
    found = groups(actors)
    assert frozenset({("A", "Interior Ministry"), ("C", "Interior Ministry")}) in found
    assert frozenset({("B", "Interior Ministry")}) in found
    assert frozenset({("D", "Peru's Ombudsman's Office")}) in found  # Peru is not Colombia
    assert frozenset({("E", "Defensoría del Pueblo")}) in found
    assert frozenset({("G", "UN General Assembly"), ("H", "General Assembly")}) in found
    # the two Interior Ministries get distinct ids; the larger group keeps the plain one
    ministries = [a for a in actors if a.name == "Interior Ministry"]
    plain = "ac-" + hashlib.sha256(b"interior ministry").hexdigest()[:10]
    assert len({a.id for a in ministries}) == 2
    assert next(a for a in ministries if len(a.members) == 2).id == plain


def test_state_names_fold_but_the_two_koreas_stay_apart() -> None:
    actors = group_actors(
        [
            state("A", "Islamic Republic of Iran"),
            state("B", "Iran"),
            m("B", "Iranian", "state"),
            state("C", "Republic of Korea"),
            state("D", "Democratic People’s Republic of Korea"),
            m("E", "United States", "state"),
            m("F", "US", "organization"),
        ]
    )
    assert names(actors) == [
        ["Democratic People’s Republic of Korea"],
        ["Iran", "Iranian", "Islamic Republic of Iran"],
        ["Republic of Korea"],
        ["US", "United States"],
    ]


def test_a_person_is_never_an_organisation() -> None:
    actors = group_actors([m("A", "Amnesty International", "organization"), m("B", "Amnesty International")])
    assert len(actors) == 2


def test_grouping_does_not_depend_on_input_order() -> None:
    mentions = [
        m("A", "Michelle Bachelet"),
        m("B", "OHCHR", "organization"),
        m("C", "Office of the High Commissioner for Human Rights", "organization"),
        m("C", "Michelle Bachelet", "person", "Bachelet"),
        m("D", "Bachelet", at=3),
    ]
    forward = group_actors(mentions)
    backward = group_actors(list(reversed(mentions)))
    assert [(a.id, groups([a])) for a in forward] == [(a.id, groups([a])) for a in backward]


@dataclass
class D:
    action: str
    event: str
    other: str | None = None
    fact_id: int | None = None


def test_reviewer_merges_and_splits() -> None:
    a = ActorMention(1, SHA["A"], "Irina Volk", "person", ("Volk",), (5, 5), "report A", 11)
    b = ActorMention(2, SHA["B"], "I. Volk", "person", (), (9, 9), "report B", 12)
    c = ActorMention(3, SHA["C"], "Irina Volk", "person", (), (1, 1), "report C", 13)
    actors = group_actors([a, b, c])
    volk = by_name(actors, "Irina Volk")
    other = by_name(actors, "I. Volk")
    assert volk is not other and len(volk.members) == 2
    merged = group_actors([a, b, c], [D("merge", volk.id, other=other.id)])
    assert len(merged) == 1 and merged[0].id == volk.id
    assert {x.link for x in merged[0].members if x.mention.fact_id == 12} == {1.0}
    split = group_actors([a, b, c], [D("merge", volk.id, other=other.id), D("split", volk.id, fact_id=13)])
    assert sorted(len(x.members) for x in split) == [1, 2]
    # event decisions (ev- ids) and decisions on actors that no longer exist change nothing
    assert groups(group_actors([a, b, c], [D("merge", "ev-1234", other=volk.id)])) == groups(actors)
    assert groups(group_actors([a, b, c], [D("split", "ac-0000000000", fact_id=11)])) == groups(actors)


def test_find_actor() -> None:
    actors = group_actors([m("A", "Javaid Rehman", "person", "Rehman"), m("A", "Nasser Kanaani")])
    rehman = by_name(actors, "Javaid Rehman")
    assert find_actor(actors, rehman.id) is rehman
    assert find_actor(actors, rehman.id[:6]) is rehman
    assert find_actor(actors, "rehman") is rehman
    with pytest.raises(AnalyzeError, match="no actor matches 'Raisi'"):
        find_actor(actors, "Raisi")
    with pytest.raises(AnalyzeError, match="matches 2 actors"):
        find_actor(actors, "a")


# -- from a ledger, on SQLite and PostgreSQL ---------------------------------------------------

ALPHA = "Iran: Javaid Rehman said 12 were executed. Amnesty International urged a moratorium."
BETA = "The UN Special Rapporteur Javaid Rehman, speaking on Iran, said he was alarmed."


def at(text: str, part: str) -> tuple[int, int]:
    start = text.index(part)
    return start, start + len(part)


def _fill(ledger, make_doc) -> None:
    first, _ = ledger.add_document(make_doc(ALPHA, title="alpha"))
    ledger.save_extraction(
        first,
        "tests.x",
        "1",
        Facts(
            counts=(Count(12, "exact", "executed", at(ALPHA, "12"), claimant="Javaid Rehman"),),
            statements=(Statement("Rehman", "indirect", at(ALPHA, "Javaid Rehman said 12 were executed")),),
            actors=(
                Actor("Iran", "state", ("Iran",), (0, 0)),
                Actor("Javaid Rehman", "person", ("Javaid Rehman", "Rehman"), (6, 6)),
                Actor("Amnesty International", "organization", ("Amnesty International",), (44, 44)),
            ),
            demands=(Demand("Amnesty International", "a moratorium", at(ALPHA, "a moratorium")),),
        ),
    )
    second, _ = ledger.add_document(make_doc(BETA, title="beta"))
    ledger.save_extraction(
        second,
        "tests.x",
        "1",
        Facts(
            statements=(Statement("Javaid Rehman", "indirect", (0, len(BETA))),),
            actors=(
                Actor("Javaid Rehman", "person", ("Javaid Rehman", "UN Special Rapporteur"), (27, 27)),
                Actor("Iran", "state", ("Iran",), (53, 53)),
            ),
        ),
    )


def test_canonical_actors_from_a_ledger(ledger, make_doc) -> None:
    _fill(ledger, make_doc)
    actors = canonical_actors(ledger)
    assert [(a.name, len(a.documents)) for a in actors] == [
        ("Iran", 2),
        ("Javaid Rehman", 2),
        ("Amnesty International", 1),
    ]
    rehman = actors[1]
    assert rehman.confidence == 0.9  # both reports are about Iran
    assert set(rehman.aliases) == {"Rehman", "UN Special Rapporteur"}
    assert [(r.named, r.document_id) for r in rehman.statements] == [("Rehman", 1), ("Javaid Rehman", 2)]
    assert [r.data["value"] for r in rehman.claims] == [12]
    assert rehman.claims[0].quote == "12"
    assert [r.data["text"] for r in actors[2].demands] == ["a moratorium"]
    facts = ledger.facts(type="actors")
    assert set(rehman.fact_ids) == {f.id for f in facts if f.data["name"] == "Javaid Rehman"}
    # the same from the facts alone
    assert [a.id for a in canonical_actors(ledger.facts())] == [a.id for a in actors]


def test_reviewed_actor_facts_and_decisions(ledger, make_doc) -> None:
    _fill(ledger, make_doc)
    rehman = find_actor(canonical_actors(ledger), "Javaid Rehman")
    amnesty = find_actor(canonical_actors(ledger), "Amnesty")
    second = max(rehman.fact_ids)
    ledger.decide_entity("actor", "split", rehman.id, fact_id=second, note="another Rehman", by="ana")
    after = canonical_actors(ledger)
    assert len(after) == 4 and find_actor(after, rehman.id).fact_ids == (min(rehman.fact_ids),)
    ledger.decide_entity("actor", "merge", rehman.id, other=amnesty.id, note="test merge", by="ana")
    merged = find_actor(canonical_actors(ledger), rehman.id)
    assert len(merged.members) == 2 and merged.kind == "person"
    assert ledger.event_decisions() == [] and len(ledger.actor_decisions()) == 2
    log = ledger.audit_log()
    assert [e.action for e in log[-2:]] == ["actor.split", "actor.merge"]
    assert log[-1].target == f"actor:{rehman.id}" and log[-1].payload["other"] == amnesty.id
    assert ledger.verify_audit() == []
    # a correction renames the actor; a rejection drops its fact
    iran = find_actor(canonical_actors(ledger), "Iran")
    ledger.review(iran.fact_ids[0], "reject", note="not an actor here")
    assert len(find_actor(canonical_actors(ledger), "Iran").members) == 1


def test_bad_actor_decisions(ledger, make_doc) -> None:
    from rightsledger.store import ReviewError

    _fill(ledger, make_doc)
    count = ledger.facts(type="counts")[0].id
    with pytest.raises(ReviewError, match="merge needs two different actors"):
        ledger.decide_entity("actor", "merge", "ac-1", other="ac-1", note="x")
    with pytest.raises(ReviewError, match="'ev-1' is not an actor id"):
        ledger.decide_entity("actor", "merge", "ac-1", other="ev-1", note="x")
    with pytest.raises(ReviewError, match="'ac-1' is not an event id"):
        ledger.decide_event("merge", "ac-1", other="ev-2", note="x")
    with pytest.raises(ReviewError, match=f"fact {count} is not an actor fact"):
        ledger.decide_entity("actor", "split", "ac-1", fact_id=count, note="x")
    with pytest.raises(ReviewError, match="needs a --note"):
        ledger.decide_entity("actor", "split", "ac-1", fact_id=count)
    with pytest.raises(ReviewError, match="unknown kind 'place'"):
        ledger.decide_entity("place", "merge", "ac-1", other="ac-2", note="x")
    assert ledger.actor_decisions() == []


def test_a_title_two_actors_of_a_report_share_is_nobodys(ledger, make_doc) -> None:
    body = "President Tokayev spoke. Later President Putin spoke. The President said 8 died."
    doc_id, _ = ledger.add_document(make_doc(body, title="two presidents"))
    ledger.save_extraction(
        doc_id,
        "tests.x",
        "1",
        Facts(
            counts=(Count(8, "exact", "killed", at(body, "8"), claimant="President"),),
            statements=(
                Statement("Tokayev", "indirect", at(body, "President Tokayev spoke")),
                Statement("the President", "indirect", at(body, "The President said 8 died")),
                Statement("Kremlin spokesman Vladimir Putin", "indirect", at(body, "President Putin spoke")),
            ),
            actors=(
                Actor("Kassym-Jomart Tokayev", "person", ("President", "Tokayev"), (10, 10)),
                Actor("Vladimir Putin", "person", ("President", "Putin"), (41, 41)),
            ),
        ),
    )
    actors = canonical_actors(ledger)
    tokayev, putin = by_name(actors, "Kassym-Jomart Tokayev"), by_name(actors, "Vladimir Putin")
    assert [r.named for r in tokayev.statements] == ["Tokayev"]
    # "the President" is both men's alias here: attributed to neither; a name ending the speaker counts
    assert [r.named for r in putin.statements] == ["Kremlin spokesman Vladimir Putin"]
    assert tokayev.claims == () and putin.claims == ()
