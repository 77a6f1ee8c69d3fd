"""The default rule extractor on short texts whose facts were worked out by hand."""

from __future__ import annotations

import json

import pytest

from rightsledger.errors import ExtractError
from rightsledger.extract import get_extractor


@pytest.fixture(scope="module")
def extractor():
    return get_extractor()


def test_registry_names_and_unknown_extractor(extractor) -> None:
    assert extractor.name == "rightsledger.rules.v1"
    with pytest.raises(ExtractError, match="unknown extractor"):
        get_extractor("no.such.extractor")


def test_counts_with_category_qualifier_and_claimant(extractor) -> None:
    text = (
        "Monitors said that security forces shot dead at least 230 protesters and arrested 4,100 more "
        "during the September 2022 protests.\n\n"
        "The Health Ministry put the number of people killed at 61."
    )
    counts = {(c.value, c.category): c for c in extractor.extract(text).counts}
    assert counts[(230, "killed")].qualifier == "at_least"
    assert counts[(230, "killed")].claimant == "Monitors"
    assert counts[(4100, "arrested")].qualifier == "exact"
    assert counts[(61, "killed")].claimant == "Health Ministry"
    assert text[slice(*counts[(230, "killed")].span)].startswith("at least 230")


def test_non_counts_are_ignored(extractor) -> None:
    text = (
        "The 67th resolution was adopted by 79 votes to 30, with 64 abstentions, in 2020. "
        "It cites article 6 of the Covenant and people under 18, after 40 years of impunity."
    )
    assert extractor.extract(text).counts == ()


def test_range_and_vague_amounts(extractor) -> None:
    text = "Witnesses said between 200 and 300 villagers were killed and hundreds of others were detained."
    counts = extractor.extract(text).counts
    kinds = {(c.low, c.high, c.qualifier, c.category) for c in counts}
    assert (200, 300, "range", "killed") in kinds
    assert (None, None, "vague", "arrested") in kinds


def test_direct_and_indirect_statements_with_pronoun_speaker(extractor) -> None:
    text = (
        "The UN Special Rapporteur, Jane Mwangi, said that the trials were unfair.\n\n"
        "“Nobody should be executed for a confession extracted under torture,” she said."
    )
    st = extractor.extract(text).statements
    assert [(s.kind, s.speaker) for s in st] == [("indirect", "Jane Mwangi"), ("direct", "Jane Mwangi")]
    assert text[slice(*st[0].span)] == "the trials were unfair"
    assert text[slice(*st[1].span)] == "Nobody should be executed for a confession extracted under torture"


def test_resolution_votes_and_symbol(extractor) -> None:
    text = (
        "The Human Rights Council adopted resolution A/HRC/RES/99/1 by a recorded vote of "
        "25 in favour to 6 against, with 16 abstentions."
    )
    (r,) = extractor.extract(text).resolutions
    assert (r.body, r.symbol, r.votes_for, r.votes_against, r.abstentions) == (
        "Human Rights Council",
        "A/HRC/RES/99/1",
        25,
        6,
        16,
    )


def test_codes_and_events(extractor) -> None:
    text = (
        "Police opened fire on peaceful demonstrators during the March 2021 protests, and detainees "
        "were tortured, in breach of the Convention against Torture and the ICCPR."
    )
    facts = extractor.extract(text)
    assert {"unlawful_killing", "torture", "freedom_of_assembly"} <= {v.code for v in facts.violations}
    assert {i.code for i in facts.instruments} == {"CAT", "ICCPR"}
    assert [(e.start, "protests" in e.name) for e in facts.events] == [("2021-03", True)]


def test_output_is_identical_across_runs() -> None:
    text = (
        "GENEVA (1 March 2022) – Rights groups said at least 1,200 people were detained last month. "
        "“We demand their release,” the group said."
    )
    first = json.dumps(get_extractor().extract(text, published="2022-03-01").to_json(), sort_keys=True)
    second = json.dumps(get_extractor().extract(text, published="2022-03-01").to_json(), sort_keys=True)
    assert first == second


def test_violation_spans_survive_characters_that_change_length_in_lower_case(extractor) -> None:
    # "İ".lower() is two characters; spans must still point at the cue in the original text
    text = "Detainees in İzmir were tortured, witnesses said."
    (torture,) = [v for v in extractor.extract(text).violations if v.code == "torture"]
    assert text[slice(*torture.span)].startswith("tortur")


def test_a_trigger_inside_a_hyphenated_word_is_no_event(extractor) -> None:
    text = "Police detained 4,888 people at anti-war rallies on 6 March 2022, monitors said."
    names = [e.name for e in extractor.extract(text).events]
    assert not any(name.split()[-1] == "war" for name in names), names
