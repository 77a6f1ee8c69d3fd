"""The blocked grouping of event mentions gives exactly the groups and ids of the all-pairs one.

``all_pairs_groups`` is the grouping as it was before blocking (every mention compared with every
group), kept here as the reference implementation.
"""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rightsledger.analyze import EventMention, group_events
from rightsledger.analyze.entities import CanonicalEvent, Member, _canonical, date_compatibility, link_score


def all_pairs_groups(mentions: list[EventMention]) -> list[CanonicalEvent]:
    groups: list[list[Member]] = []
    for mention in sorted(set(mentions), key=lambda m: m.order):
        best: tuple[float, int] | None = None
        for index, group in enumerate(groups):
            if any(date_compatibility(mention, other.mention) == 0.0 for other in group):
                continue
            score = max(link_score(mention, other.mention) for other in group)
            if score > 0 and (best is None or score > best[0]):
                best = (score, index)
        if best is None:
            groups.append([Member(mention, None)])
        else:
            groups[best[1]].append(Member(mention, best[0]))
    groups.sort(key=lambda group: group[0].mention.order)
    return [_canonical(group) for group in groups]


# Few words and dates, so that mentions often share words and dates and groups form; stop words,
# month names, numbers and plurals test the name normalization; odd dates the date parsing.
WORDS = ["protests", "protest", "uprising", "massacre", "of", "the", "November", "2019", "election",
         "Tehran", "strike", "Aug.", "general", "crackdown"]  # fmt: skip
DATES = [None, "2019", "2019-11", "2019-11-15", "2019-11-16", "2019-12", "2020", "2020-01-08",
         "1990", "2045-02", "circa 2019", "2019-02-30", "2018-12-31"]  # fmt: skip
SHAS = ["a" * 64, "b" * 64, "c" * 64, "d" * 64]

mentions = st.builds(
    lambda doc, name, start, end, at: EventMention(
        doc, SHAS[doc], " ".join(name), start, end, (at, at + len(" ".join(name)))
    ),
    doc=st.integers(0, len(SHAS) - 1),
    name=st.lists(st.sampled_from(WORDS), min_size=1, max_size=4),
    start=st.sampled_from(DATES),
    end=st.sampled_from(DATES),
    at=st.integers(0, 40),
)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(mentions, max_size=40))
def test_blocked_grouping_equals_all_pairs(found: list[EventMention]) -> None:
    assert group_events(found) == all_pairs_groups(found)


def test_reference_groups_by_hand() -> None:
    """Both agree on a case worked by hand: two reports of one day's protests join; a vague
    '2019' mention links to them (0.9 x 1.0); the 2020 strike stays alone."""
    a = EventMention(1, SHAS[0], "November protests", "2019-11-15", None, (0, 17))
    b = EventMention(2, SHAS[1], "protests of November 2019", "2019-11-15", None, (5, 30))
    c = EventMention(3, SHAS[2], "the protests", "2019", None, (0, 12))
    d = EventMention(3, SHAS[2], "general strike", "2020-01-08", None, (40, 54))
    for grouped in (group_events([d, c, b, a]), all_pairs_groups([a, b, c, d])):
        assert [[m.mention for m in e.members] for e in grouped] == [[c, a, b], [d]]
        assert [m.link for m in grouped[0].members] == [None, 0.9, 1.0]
