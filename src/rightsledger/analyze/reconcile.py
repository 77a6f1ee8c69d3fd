"""Reconciliation rules: low / best / high figures from conflicting claims.

Rules are registered under versioned names (``rightsledger.reconcile.v1``), like
extractors, so every figure records exactly which rule produced it.  A rule sees
every claim about one event and one category, and says for each claim whether it
was used (and for which figure) or why not.  The rules are written out, with
worked examples, in ``docs/reconciliation.md``.
"""

from __future__ import annotations

import json
import tomllib
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

import catalogue

from rightsledger.errors import LedgerError
from rightsledger.registries import lookup
from rightsledger.store import grades as store_grades
from rightsledger.store.grades import source_key

DEFAULT_RULE = "rightsledger.reconcile.v1"
rules = catalogue.create("rightsledger", "reconcile_rules", entry_points=True)

LOWER = ("at_least", "more_than")
UPPER = ("at_most", "fewer_than")
POINT = ("exact", "about")


class AnalyzeError(LedgerError):
    """A reconciliation rule, a grades file or an event reference is unknown or malformed."""


@dataclass(frozen=True)
class Claim:
    """One count of people harmed, as claimed by one claimant in one document."""

    id: str  # sha256[:12]:start-end, stable across runs
    category: str
    qualifier: str
    value: int | None
    low: int | None = None
    high: int | None = None
    claimant: str | None = None
    subject: str | None = None
    sha256: str = ""
    title: str | None = None
    publisher: str | None = None
    published: str | None = None  # ISO prefix
    span: tuple[int, int] = (0, 0)
    quote: str = ""
    fact_id: int | None = None  # the stored count, when read from a ledger

    @property
    def source(self) -> str:
        """Who makes the claim, normalised: the claimant, else the publisher, else the document."""
        return source_key(self.claimant or self.publisher) or f"document {self.sha256[:12]}"


@dataclass(frozen=True)
class Figure:
    value: int | None
    set_by: tuple[str, ...] = ()  # claim ids
    how: str = ""


@dataclass(frozen=True)
class Decision:
    """What a rule did with one claim."""

    status: str  # used | superseded | excluded | no figure
    reason: str = ""
    sets: tuple[str, ...] = ()  # low, best, high


@dataclass(frozen=True)
class Reconciliation:
    rule: str
    low: Figure
    best: Figure
    high: Figure
    decisions: Mapping[str, Decision] = field(default_factory=dict)  # claim id -> decision

    @property
    def sources(self) -> int:
        return len({d for d in self.decisions if self.decisions[d].status == "used"})

    def to_json(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            **{
                name: {"value": fig.value, "set_by": list(fig.set_by), "how": fig.how}
                for name, fig in (("low", self.low), ("best", self.best), ("high", self.high))
            },
        }


class Rule(Protocol):
    name: str

    def reconcile(self, claims: Sequence[Claim], grades: Mapping[str, str] | None = None) -> Reconciliation:
        """Figures for claims about one event and one category; grades map sources to A-F/1-6."""
        ...


def register(name: str) -> Callable[[Callable[[], Rule]], Callable[[], Rule]]:
    """Decorator registering a zero-argument rule factory under ``name``."""
    return rules.register(name)


def get_rule(name: str | None = None) -> Rule:
    chosen = name or DEFAULT_RULE
    return lookup(rules, chosen, "reconciliation rule", AnalyzeError)()


def parse_grade(grade: str) -> tuple[str | None, int | None]:
    """'B2' -> ('B', 2); 'F' -> ('F', None); '5' -> (None, 5)."""
    try:
        return store_grades.parse_grade(grade)
    except store_grades.GradeError as error:
        raise AnalyzeError(str(error)) from None


def load_grades(path: Path) -> dict[str, str]:
    """Source grades from a JSON or TOML file: {"OVD-Info": "B2", ...} (or under a "grades" key)."""
    try:
        raw = path.read_text(encoding="utf-8")
    except OSError as error:
        raise AnalyzeError(f"{path}: cannot read the grades file ({error.strerror or error})") from None
    try:
        data = tomllib.loads(raw) if path.suffix.lower() == ".toml" else json.loads(raw)
    except (ValueError, tomllib.TOMLDecodeError) as error:
        kind = "TOML" if path.suffix.lower() == ".toml" else "JSON"
        raise AnalyzeError(f"{path}: not valid {kind}: {error}") from None
    if isinstance(data, dict) and isinstance(data.get("grades"), dict):
        data = data["grades"]
    if not isinstance(data, dict) or not all(isinstance(v, str) for v in data.values()):
        raise AnalyzeError(f'{path}: expected a mapping of claimant to grade, e.g. {{"OVD-Info": "B2"}}')
    grades = {}
    for name, grade in data.items():
        try:
            parse_grade(grade)
        except AnalyzeError as error:
            raise AnalyzeError(f"{path}: {name}: {error}") from None
        grades[source_key(name) or name] = grade.strip().upper()
    return grades


# -- rightsledger.reconcile.v1 ---------------------------------------------------------------


def bounds(claim: Claim) -> tuple[int | None, int | None, list[int]]:
    """(explicit lower bound, point figure, every stated figure) of a claim under v1."""
    v, lo, hi = claim.value, claim.low, claim.high
    if claim.qualifier == "range" or (v is None and lo is not None and hi is not None):
        lo = lo if lo is not None else v
        return lo, None, [x for x in (lo, hi) if x is not None]
    if v is None:
        return lo, None, [x for x in (lo, hi) if x is not None]
    if claim.qualifier in LOWER:
        return v, None, [v]
    if claim.qualifier in UPPER:
        return None, None, [v]
    if claim.qualifier in POINT:
        return None, v, [v]
    return None, None, [v]  # vague with a number: may set high only


def _weight(grade: str | None) -> str:
    """'full', 'weak' (may set high only) or 'excluded' for a source's grade under v1."""
    if not grade:
        return "full"
    letter, digit = parse_grade(grade)
    if letter == "E" or digit == 5:
        return "excluded"
    if letter in ("D", "F") or digit in (4, 6):
        return "weak"
    return "full"


class ReconcileV1:
    """Independent sources, bounds by qualifier, low / lower-median best / highest claim."""

    name = "rightsledger.reconcile.v1"

    def reconcile(self, claims: Sequence[Claim], grades: Mapping[str, str] | None = None) -> Reconciliation:
        grades = {source_key(name) or name: grade for name, grade in (grades or {}).items()}
        decisions: dict[str, Decision] = {}
        weights: dict[str, str] = {}
        # 1. grades: E or 5 excluded; D, F, 4 or 6 weak
        candidates: list[Claim] = []
        for claim in claims:
            grade = grades.get(claim.source)
            weights[claim.id] = _weight(grade)
            if not bounds(claim)[2]:
                decisions[claim.id] = Decision("no figure", "states no number")
            elif weights[claim.id] == "excluded":
                decisions[claim.id] = Decision("excluded", f"source graded {grade}")
            else:
                candidates.append(claim)
        # 2. independence: one claim per source, from its latest report, its largest figure there
        by_source: dict[str, list[Claim]] = {}
        for claim in candidates:
            by_source.setdefault(claim.source, []).append(claim)
        kept: list[Claim] = []
        for group in by_source.values():
            chosen = max(
                group,
                key=lambda c: (c.published or "", max(bounds(c)[2]), c.sha256, -c.span[0]),
            )
            kept.append(chosen)
            for claim in group:
                if claim is chosen:
                    continue
                if claim.sha256 == chosen.sha256 or (claim.published or "") == (chosen.published or ""):
                    why = f"same source ({chosen.source}): its largest figure in its latest report counts"
                else:
                    why = f"same source ({chosen.source}): superseded by its report of {chosen.published}"
                decisions[claim.id] = Decision("superseded", f"{why}, claim {chosen.id}")
        full = [c for c in kept if weights[c.id] == "full"]
        # 3. low: the highest explicit lower bound or the lowest exact count, whichever is higher
        lowers = [(b, c) for c in full if (b := bounds(c)[0]) is not None]
        exacts = [(c.value, c) for c in full if c.qualifier == "exact" and c.value is not None]
        options = []
        if lowers:
            options.append((max(b for b, _ in lowers), "highest lower bound", lowers))
        if exacts:
            options.append((min(v for v, _ in exacts), "lowest exact count", exacts))
        low = Figure(None, (), "no credible lower bound or exact count")
        if options:
            value, how, pool = max(options, key=lambda o: o[0])
            low = Figure(value, _ids(c for v, c in pool if v == value), how)
        # 4. best: lower median of point claims (exact, about), raised to low
        points = sorted(((p, c) for c in full if (p := bounds(c)[1]) is not None), key=lambda p: p[0])
        best = Figure(low.value, low.set_by, "no point claims: low")
        if points:
            median = points[(len(points) - 1) // 2][0]
            assert median is not None
            if low.value is not None and median < low.value:
                best = Figure(low.value, low.set_by, f"median point claim {median} raised to low")
            else:
                setters = _ids(c for v, c in points if v == median)
                best = Figure(median, setters, "lower median of point claims")
        if low.value is None and best.value is None:
            best = Figure(None, (), "no credible point claim or lower bound")
        # 5. high: the highest figure any kept claim states (weak sources included)
        stated = [(x, c) for c in kept for x in bounds(c)[2]]
        high = Figure(None, (), "no figures")
        if stated:
            top = max(x for x, _ in stated)
            high = Figure(top, _ids(c for x, c in stated if x == top), "highest stated figure")
        for claim in kept:
            sets = tuple(
                name for name, fig in (("low", low), ("best", best), ("high", high)) if claim.id in fig.set_by
            )
            weak = weights[claim.id] == "weak"
            reason = "independent source" + (" (weak grade: may set high only)" if weak else "")
            decisions[claim.id] = Decision("used", reason, sets)
        ordered = {c.id: decisions[c.id] for c in claims}
        return Reconciliation(self.name, low, best, high, ordered)


def _ids(claims: Any) -> tuple[str, ...]:
    return tuple(dict.fromkeys(c.id for c in claims))


@register("rightsledger.reconcile.v1")
def _v1() -> Rule:
    return ReconcileV1()
