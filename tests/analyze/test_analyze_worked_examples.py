"""The worked examples of docs/reconciliation.md §4, each exactly as written there.

The inputs are copied from the document's tables (nothing is parsed from it), and the
expected figures were computed by hand from the rule text of §3.
"""

from __future__ import annotations

from rightsledger.analyze import Claim, Reconciliation, get_rule


def claim(
    id: str,
    qualifier: str,
    value: int | None,
    claimant: str,
    *,
    category: str = "killed",
    published: str | None = None,
    doc: str | None = None,
    start: int = 0,
    low: int | None = None,
    high: int | None = None,
) -> Claim:
    sha = (doc or id).ljust(64, "0")
    return Claim(
        id=id,
        category=category,
        qualifier=qualifier,
        value=value,
        low=low,
        high=high,
        claimant=claimant,
        sha256=sha,
        published=published,
        span=(start, start + 10),
    )


def figures(rec: Reconciliation) -> dict[str, tuple[int | None, tuple[str, ...]]]:
    return {
        name: (fig.value, fig.set_by)
        for name, fig in (("low", rec.low), ("best", rec.best), ("high", rec.high))
    }


V1 = get_rule("rightsledger.reconcile.v1")


def test_example_1_same_source_repeating_itself() -> None:
    """§4 Example 1: the same source repeating itself."""
    claims = [
        claim("m1", "exact", 12, "Ministry of Health", published="2022-01-10", doc="bulletin1"),
        claim("w1", "exact", 12, "the Ministry of Health", published="2022-01-12", doc="wire"),
        claim("n1", "exact", 30, "Rights Watch", published="2022-01-14", doc="ngo", start=100),
        claim("n2", "exact", 30, "Rights Watch", published="2022-01-14", doc="ngo", start=900),
        claim("m2", "exact", 20, "Ministry of Health", published="2022-01-15", doc="bulletin2"),
    ]
    rec = V1.reconcile(claims)
    assert rec.rule == "rightsledger.reconcile.v1"
    assert figures(rec) == {"low": (20, ("m2",)), "best": (20, ("m2",)), "high": (30, ("n1",))}
    status = {cid: d.status for cid, d in rec.decisions.items()}
    assert status == {"m1": "superseded", "w1": "superseded", "n1": "used", "n2": "superseded", "m2": "used"}
    assert "m2" in rec.decisions["m1"].reason and "m2" in rec.decisions["w1"].reason
    assert "n1" in rec.decisions["n2"].reason
    assert rec.sources == 2
    assert rec.low.how == "lowest exact count"
    assert rec.best.how == "lower median of point claims"


def test_example_2_lower_and_upper_bounds() -> None:
    """§4 Example 2: lower and upper bounds."""
    claims = [
        claim("a", "at_least", 4888, "OVD-Info", category="arrested"),
        claim("b", "more_than", 3500, "Interior Ministry", category="arrested"),
        claim("c", "exact", 1965, "Police", category="arrested"),
        claim("d", "at_most", 13000, "Monitors", category="arrested"),
    ]
    rec = V1.reconcile(claims)
    assert figures(rec) == {"low": (4888, ("a",)), "best": (4888, ("a",)), "high": (13000, ("d",))}
    assert rec.low.how == "highest lower bound"
    assert rec.best.how == "median point claim 1965 raised to low"
    assert rec.decisions["a"].sets == ("low", "best")
    assert rec.decisions["c"].sets == ()
    assert rec.decisions["d"].sets == ("high",)


def test_example_3_a_range_and_vague_amounts() -> None:
    """§4 Example 3: a range and vague amounts."""
    claims = [
        claim("r", "range", None, "Commission", low=200, high=300),
        claim("s", "about", 150, "Red Crescent"),
        claim("t", "at_least", 120, "Hospital staff"),
        claim("u", "vague", None, "Witnesses"),
    ]
    rec = V1.reconcile(claims)
    assert figures(rec) == {"low": (200, ("r",)), "best": (200, ("r",)), "high": (300, ("r",))}
    assert rec.decisions["u"].status == "no figure"
    assert rec.decisions["r"].sets == ("low", "best", "high")
    assert rec.best.how == "median point claim 150 raised to low"


EXAMPLE_4 = [
    claim("g", "exact", 5, "Ministry of Interior", published="2019-11-20"),
    claim("h", "at_least", 106, "Amnesty International", published="2019-11-25"),
    claim("k", "about", 1500, "Reuters", published="2019-12-23"),
]


def test_example_4_government_against_ngos_without_grades() -> None:
    """§4 Example 4, without grades."""
    rec = V1.reconcile(EXAMPLE_4)
    assert figures(rec) == {"low": (106, ("h",)), "best": (106, ("h",)), "high": (1500, ("k",))}
    assert rec.best.how == "median point claim 5 raised to low"


def test_example_4_with_the_ministry_graded_weak() -> None:
    """§4 Example 4, with grades {"Ministry of Interior": "D4", "Reuters": "B3"}."""
    grades = {"Ministry of Interior": "D4", "Reuters": "B3"}
    rec = V1.reconcile(EXAMPLE_4, grades)
    assert figures(rec) == {"low": (106, ("h",)), "best": (1500, ("k",)), "high": (1500, ("k",))}
    assert rec.decisions["g"].status == "used" and "weak" in rec.decisions["g"].reason


def test_example_4_with_the_ministry_graded_unreliable() -> None:
    """§4 Example 4, with grades {"Ministry of Interior": "E5"}."""
    rec = V1.reconcile(EXAMPLE_4, {"Ministry of Interior": "E5"})
    assert figures(rec) == {"low": (106, ("h",)), "best": (1500, ("k",)), "high": (1500, ("k",))}
    assert rec.decisions["g"].status == "excluded"
    assert rec.decisions["g"].reason == "source graded E5"
