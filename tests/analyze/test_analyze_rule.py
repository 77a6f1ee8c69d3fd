"""Rule registry, grades files and properties of rightsledger.reconcile.v1 beyond the worked examples."""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest

from rightsledger.analyze import AnalyzeError, Claim, get_rule, load_grades, register
from rightsledger.analyze.reconcile import DEFAULT_RULE, ReconcileV1, parse_grade

V1 = get_rule()


def claim(id: str, qualifier: str, value: int | None, claimant: str | None, **extra: object) -> Claim:
    return Claim(id=id, category="killed", qualifier=qualifier, value=value, claimant=claimant, **extra)  # type: ignore[arg-type]


def test_default_rule_is_v1_and_unknown_names_are_refused() -> None:
    assert DEFAULT_RULE == "rightsledger.reconcile.v1" and V1.name == DEFAULT_RULE
    with pytest.raises(
        AnalyzeError, match=r"unknown reconciliation rule 'nope\.v9'; registered: .*reconcile\.v1"
    ):
        get_rule("nope.v9")


def test_a_registered_rule_is_chosen_by_name() -> None:
    class HighestOnly(ReconcileV1):
        name = "tests.highest.v1"

    register("tests.highest.v1")(HighestOnly)
    assert get_rule("tests.highest.v1").name == "tests.highest.v1"
    assert get_rule("tests.highest.v1").reconcile([claim("a", "exact", 3, "X")]).rule == "tests.highest.v1"


def test_lower_median_of_an_even_number_of_points() -> None:
    claims = [claim(str(v), "exact", v, f"source {v}") for v in (40, 10, 30, 20)]
    rec = V1.reconcile(claims)
    # sorted 10, 20, 30, 40: position (4 - 1) // 2 = 1 -> 20; low = lowest exact 10; high 40
    assert (rec.low.value, rec.best.value, rec.high.value) == (10, 20, 40)
    assert rec.best.set_by == ("20",)


def test_ties_name_every_claim_that_gives_the_figure() -> None:
    rec = V1.reconcile(
        [claim("a", "exact", 7, "A"), claim("b", "exact", 7, "B"), claim("c", "at_most", 9, "C")]
    )
    assert rec.low.set_by == ("a", "b") and rec.best.set_by == ("a", "b") and rec.high.set_by == ("c",)


def test_only_upper_bounds_give_only_high() -> None:
    rec = V1.reconcile([claim("a", "at_most", 50, "A"), claim("b", "fewer_than", 30, "B")])
    assert (rec.low.value, rec.best.value, rec.high.value) == (None, None, 50)


def test_a_source_without_claimant_is_the_publisher_or_the_document() -> None:
    one = claim("a", "exact", 5, None, publisher="The Monitor", sha256="1" * 64, published="2020-01-01")
    two = claim("b", "exact", 9, None, publisher="monitor", sha256="2" * 64, published="2020-02-01")
    anonymous = claim("c", "exact", 4, None, sha256="3" * 64)
    assert one.source == two.source == "monitor"
    assert anonymous.source == "document 333333333333"
    rec = V1.reconcile([one, two, anonymous])
    assert rec.decisions["a"].status == "superseded" and "2020-02-01" in rec.decisions["a"].reason
    assert (rec.low.value, rec.best.value, rec.high.value) == (4, 4, 9)


def test_a_later_smaller_figure_supersedes_an_earlier_larger_one() -> None:
    early = claim("early", "exact", 90, "Ministry", published="2021-05")
    late = claim("late", "exact", 60, "ministry", published="2021-06-02")
    rec = V1.reconcile([early, late])
    assert rec.decisions["early"].status == "superseded"
    assert (rec.low.value, rec.best.value, rec.high.value) == (60, 60, 60)


def test_weak_and_excluded_grades() -> None:
    claims = [
        claim("a", "exact", 10, "A"),
        claim("f", "exact", 500, "F source"),
        claim("e", "exact", 900, "E src"),
    ]
    rec = V1.reconcile(claims, {"F source": "F", "E src": "C5"})
    assert rec.decisions["e"].status == "excluded"
    assert (rec.low.value, rec.best.value, rec.high.value) == (10, 10, 500)
    assert rec.decisions["f"].sets == ("high",)


@pytest.mark.parametrize("grade", ["A1", "b2", "F", "6", " C3 "])
def test_grades_parse(grade: str) -> None:
    parse_grade(grade)


@pytest.mark.parametrize("grade", ["", "G1", "A7", "AA", "1A"])
def test_bad_grades_are_refused(grade: str) -> None:
    with pytest.raises(AnalyzeError, match="not an Admiralty grade"):
        parse_grade(grade)


def test_grades_files_json_and_toml(tmp_path: Path) -> None:
    (tmp_path / "g.json").write_text(json.dumps({"The OVD-Info": "b2", "Interior Ministry": "E5"}))
    (tmp_path / "g.toml").write_text('[grades]\n"OVD-Info" = "B2"\n"Interior Ministry" = "E5"\n')
    expected = {"ovd-info": "B2", "interior ministry": "E5"}
    assert load_grades(tmp_path / "g.json") == expected
    assert load_grades(tmp_path / "g.toml") == expected
    (tmp_path / "bad.json").write_text('{"X": "Z9"}')
    with pytest.raises(AnalyzeError, match=r"bad\.json: X: 'Z9' is not an Admiralty grade"):
        load_grades(tmp_path / "bad.json")
    (tmp_path / "broken.json").write_text("{")
    with pytest.raises(AnalyzeError, match="not valid JSON"):
        load_grades(tmp_path / "broken.json")
    with pytest.raises(AnalyzeError, match="cannot read the grades file"):
        load_grades(tmp_path / "missing.json")


def test_low_best_high_are_ordered_for_every_small_combination() -> None:
    qualifiers = ["exact", "about", "at_least", "more_than", "at_most", "fewer_than", "vague"]
    values = [3, 40, 200]
    for combo in itertools.product(qualifiers, values, repeat=2):
        (q1, v1), (q2, v2) = combo[:2], combo[2:]
        claims = [
            claim("x", q1, v1, "X"),
            claim("y", q2, v2, "Y"),
            claim("r", "range", None, "R", low=20, high=60),
        ]
        rec = V1.reconcile(claims)
        shown = [f.value for f in (rec.low, rec.best, rec.high) if f.value is not None]
        assert shown == sorted(shown), combo
        for fig in (rec.low, rec.best, rec.high):
            assert (fig.value is None) == (not fig.set_by)


def test_claims_without_a_value_are_read_from_low_and_high() -> None:
    """docs/reconciliation.md §3 step 1: no value but low/high reads like a range; vague N states N only."""
    rec = V1.reconcile(
        [
            claim("lo", "at_least", None, "A", low=40),
            claim("v", "vague", 300, "B"),
            claim("none", "vague", None, "C"),
            claim("p", "exact", 25, "D"),
        ]
    )
    # low: lower bound 40 vs lowest exact 25 -> 40; best: median of [25] raised to 40; high: 300
    assert (rec.low.value, rec.best.value, rec.high.value) == (40, 40, 300)
    assert rec.low.set_by == ("lo",) and rec.high.set_by == ("v",)
    assert rec.decisions["none"].status == "no figure"
