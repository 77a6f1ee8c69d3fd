"""Canonical events: grouping event mentions by date compatibility and name similarity."""

from __future__ import annotations

import random

from rightsledger.analyze import EventMention, group_events, link_score
from rightsledger.analyze.entities import date_compatibility, name_similarity, name_tokens

A, B, C = "a" * 64, "b" * 64, "c" * 64


def mention(sha: str, name: str, start: str | None, end: str | None = None, at: int = 0) -> EventMention:
    return EventMention(1, sha, name, start, end or start, (at, at + len(name)))


def test_names_reduce_to_content_words() -> None:
    assert name_tokens("November 2019 uprising") == {"uprising"}
    assert name_tokens("uprising of November 2019") == {"uprising"}
    assert name_tokens("the disputed Aug. 9 presidential elections") == {
        "disputed",
        "presidential",
        "election",
    }
    assert name_similarity("November 2019 uprising", "uprising of November 2019") == 1.0
    # overlap 2/2 = 1, Jaccard 2/3: mean 0.8333
    assert name_similarity("disputed presidential election", "presidential election") == 0.8333
    assert name_similarity("protests", "war") == 0.0


def test_date_compatibility_scores() -> None:
    day = mention(A, "protests", "2019-11-15")
    assert date_compatibility(day, mention(B, "protests", "2019-11-15")) == 1.0
    assert date_compatibility(day, mention(B, "protests", "2019-11")) == 0.9  # shared precision
    assert date_compatibility(day, mention(B, "protests", "2019-11-10", "2019-11-20")) == 0.75  # overlap
    assert date_compatibility(day, mention(B, "protests", "2019-12-01")) == 0.0
    assert date_compatibility(day, mention(B, "protests", None)) is None


def test_same_event_across_reports_is_one_canonical_event() -> None:
    mentions = [
        mention(A, "November 2019 uprising", "2019-11-15"),
        mention(B, "uprising of November 2019", "2019-11"),
        mention(C, "war", "2022-03-06"),
    ]
    events = group_events(mentions)
    assert [(e.name, len(e.members)) for e in events] == [("uprising of November 2019", 2), ("war", 1)]
    uprising = events[0]
    # the day-precise mention sorts first ('2019-11-15' > '2019-11' as text, so B's month is first)
    assert uprising.members[0].mention.sha256 == B and uprising.members[0].link is None
    assert uprising.members[1].link == 0.9  # 0.9 (shared precision) x 1.0 (names)
    assert uprising.confidence == 0.9
    assert uprising.start == "2019-11" and uprising.end == "2019-11-15"
    assert events[1].confidence == 1.0


def test_same_name_on_different_days_stays_apart() -> None:
    events = group_events([mention(A, "protests", "2022-12-15"), mention(B, "protests", "2023-01-09")])
    assert len(events) == 2


def test_dates_must_fit_every_member_so_a_vague_year_cannot_chain_days() -> None:
    events = group_events(
        [
            mention(A, "protests", "2019"),
            mention(B, "protests", "2019-03-01"),
            mention(C, "protests", "2019-10-01"),
        ]
    )
    # '2019' < '2019-03-01' < '2019-10-01': the year joins with March; October cannot join March
    assert [len(e.members) for e in events] == [2, 1]


def test_link_needs_similar_names() -> None:
    assert link_score(mention(A, "protests", "2022-03-06"), mention(B, "war", "2022-03-06")) == 0.0
    # overlap 1, Jaccard 1/2: 0.75 x 1.0
    assert (
        link_score(mention(A, "protests", "2022-03-06"), mention(B, "anti-war protests", "2022-03-06"))
        == 0.75
    )


def test_undated_mentions_link_only_on_identical_names() -> None:
    assert link_score(mention(A, "Lekki shooting", None), mention(B, "the Lekki shooting", None)) == 0.5
    assert link_score(mention(A, "Lekki shooting", None), mention(B, "shooting", None)) == 0.0
    assert link_score(mention(A, "Lekki shooting", None), mention(B, "Lekki shooting", "2020-10-20")) == 0.0


def test_ids_and_order_do_not_depend_on_input_order() -> None:
    mentions = [
        mention(A, "November 2019 uprising", "2019-11-15", at=5),
        mention(B, "uprising of November 2019", "2019-11-15", at=7),
        mention(C, "massacre", "1988-07"),
        mention(B, "election", None),
    ]
    first = group_events(mentions)
    for seed in range(5):
        shuffled = mentions[:]
        random.Random(seed).shuffle(shuffled)
        again = group_events(shuffled)
        assert [(e.id, e.name, len(e.members)) for e in again] == [
            (e.id, e.name, len(e.members)) for e in first
        ]
    assert [e.name for e in first] == ["massacre", "November 2019 uprising", "election"]
    assert all(e.id.startswith("ev-") and len(e.id) == 13 for e in first)
