"""Actor grouping compares a mention with one member of each kind per group (plus its own
document's members); it must give exactly the groups, links and reasons of comparing every member.

``every_member_groups`` is the grouping as it was before (every member compared), kept here as
the reference implementation.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsledger.analyze.actors import (
    ActorMember,
    ActorMention,
    _conflict,
    _group,
    _handles,
    _Profile,
    _score,
)


def every_member_groups(profiles: list[_Profile]) -> list[list[tuple[_Profile, ActorMember]]]:
    profiles = sorted(profiles, key=lambda p: p.mention.order)
    groups: list[list[tuple[_Profile, ActorMember]]] = []
    where: dict[tuple[str, str], set[int]] = {}
    for p in profiles:
        best: tuple[float, int, str] | None = None
        for index in sorted(set().union(*(where.get(h, set()) for h in _handles(p)))):
            group = groups[index]
            if any(_conflict(p, other) for other, _m in group):
                continue
            score, reason = max((_score(p, other) for other, _m in group), key=lambda s: s[0])
            if score > 0 and (best is None or score > best[0]):
                best = (score, index, reason)
        if best is None:
            index = len(groups)
            groups.append([(p, ActorMember(p.mention, None, ""))])
        else:
            index = best[1]
            groups[index].append((p, ActorMember(p.mention, best[0], best[2])))
        for handle in _handles(p):
            where.setdefault(handle, set()).add(index)
    return groups


# Few documents, names and countries, so that kinds repeat and mentions share documents.
SHAS = ["a" * 64, "b" * 64, "c" * 64]
KEYS = ["police", "ministry of interior", "jane doe", "doe", "mi"]
COUNTRIES = ["iran", "chile"]


@st.composite
def profiles(draw: st.DrawFn) -> _Profile:
    doc = draw(st.integers(0, len(SHAS) - 1))
    key = draw(st.sampled_from(KEYS))
    at = draw(st.integers(0, 30))
    mention = ActorMention(doc, SHAS[doc], key.title(), "person", (), (at, at + len(key)))
    return _Profile(
        mention,
        key,
        draw(st.booleans()),
        tuple(key.split()),
        frozenset(draw(st.lists(st.sampled_from(["minister", "general"]), max_size=2))),
        frozenset(draw(st.lists(st.sampled_from(COUNTRIES), max_size=1))),
        draw(st.booleans()),
        draw(st.sampled_from([None, None, "ministry of interior"])),
        draw(st.booleans()),
    )


@settings(max_examples=1000, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(profiles(), max_size=40))
def test_grouping_by_kinds_equals_every_member(found: list[_Profile]) -> None:
    assert _group(list(found)) == every_member_groups(list(found))


def test_generic_names_of_other_countries_stay_apart() -> None:
    """By hand: 'police' in reports A and B about Iran are one actor (same name); 'police' in
    report C about Chile conflicts with both (generic name, other document, no shared country)."""

    def police(doc: int, countries: set[str]) -> _Profile:
        mention = ActorMention(doc, SHAS[doc], "Police", "organization", (), (0, 6))
        return _Profile(mention, "police", False, ("police",), frozenset(), frozenset(countries), True)

    a, b, c = police(0, {"iran"}), police(1, {"iran"}), police(2, {"chile"})
    for grouped in (_group([c, b, a]), every_member_groups([a, b, c])):
        assert [[p for p, _m in group] for group in grouped] == [[a, b], [c]]
        assert [m.reason for _p, m in grouped[0]] == ["", "same name"]
