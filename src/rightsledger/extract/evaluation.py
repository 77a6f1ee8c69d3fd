"""Scoring predicted facts against gold annotations, with the misses kept for study.

The rules are those of ``shared/eval/FORMAT.md`` ("How score.py pairs and counts"), so a
figure printed here is the figure the project scorer gives; what this module adds is the
list of facts behind the errors: every gold fact left unmatched (a false negative,
"missed") and every predicted fact left unmatched (a false positive, "extra"), each with
the text its span quotes.

Gold and predictions are plain dicts in the facts format (``Facts.to_json()`` gives one).
Pairing is greedy and one-to-one: gold facts are taken in document order and each takes
the first unused prediction that fits it.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from rightsledger.domain import Facts
from rightsledger.errors import LedgerError

SCORED_TYPES = ("counts", "statements", "violations", "instruments", "events", "resolutions", "actors")
MACRO_TYPES = ("counts", "statements", "violations", "instruments", "events", "resolutions")
REPORTED_TYPES = (*SCORED_TYPES, "statement_regions")  # regions: statements scored by span alone
GOLD_SUFFIX = ".gold.json"

Fact = dict[str, Any]
Span = tuple[int, int]


class EvalError(LedgerError):
    """A gold folder or file cannot be used for scoring."""


# -- matching rules -----------------------------------------------------------------------------

_STOPWORDS = frozenset({"the", "of", "a", "an", "in", "on", "and", "s"})


def normalize(value: Any) -> str:
    """Lower case, curly apostrophes straightened, punctuation to spaces, spaces collapsed."""
    text = "" if value is None else str(value)
    text = re.sub(r"[^\w\s']", " ", text.lower().replace("’", "'"))
    return " ".join(text.split())


def _words(value: Any) -> set[str]:
    return set(normalize(value).split()) - _STOPWORDS


def _as_span(value: Any) -> Span | None:
    if not value or len(value) != 2:
        return None
    return int(value[0]), int(value[1])


def spans_meet(first: Any, second: Any) -> bool:
    """Two spans are the same region when they share at least half of the shorter one."""
    a, b = _as_span(first), _as_span(second)
    if a is None or b is None:
        return False
    shorter = min(a[1] - a[0], b[1] - b[0])
    if shorter <= 0:
        return False
    shared = max(0, min(a[1], b[1]) - max(a[0], b[0]))
    return 2 * shared >= shorter


def name_matches(predicted: Any, gold_names: Iterable[Any]) -> bool:
    """The predicted name is a gold name or alias, or holds the surname (> 3 letters) of a
    gold name of two or more words ("Pillay" for "Navi Pillay")."""
    said = normalize(predicted)
    if not said:
        return False
    said_words = said.split()
    for name in gold_names:
        gold = normalize(name)
        if not gold:
            continue
        if said == gold:
            return True
        parts = gold.split()
        if len(parts) > 1 and len(parts[-1]) > 3 and parts[-1] in said_words:
            return True
    return False


def loosely_same(predicted: Any, gold: Any) -> bool:
    """Free-text fields (an event's name): most words shared, or one's words within the other's.
    A gold value of null is matched only by nothing."""
    if gold is None:
        return predicted is None or predicted == ""
    said, meant = _words(predicted), _words(gold)
    if not said or not meant:
        return False
    return said <= meant or meant <= said or 2 * len(said & meant) >= len(said | meant)


def date_within(gold: Any, predicted: Any) -> bool:
    """The predicted ISO date begins with the gold one (the gold's precision decides)."""
    return bool(gold) and bool(predicted) and str(predicted).startswith(str(gold))


def pair_greedily(
    gold: Sequence[Fact], predicted: Sequence[Fact], fits: Callable[[Fact, Fact], bool]
) -> list[tuple[int, int]]:
    """(gold index, predicted index) pairs: each gold fact in order takes the first free fit."""
    taken: set[int] = set()
    pairs = []
    for g_index, g in enumerate(gold):
        for p_index, p in enumerate(predicted):
            if p_index not in taken and fits(g, p):
                taken.add(p_index)
                pairs.append((g_index, p_index))
                break
    return pairs


def same_count(gold: Fact, predicted: Fact) -> bool:
    if predicted.get("category") != gold.get("category") or predicted.get("value") != gold.get("value"):
        return False
    if gold.get("value") is not None:
        return True
    # a range or a vague amount: no single value, so its bounds must agree
    return predicted.get("low") == gold.get("low") and predicted.get("high") == gold.get("high")


def same_event(gold: Fact, predicted: Fact) -> bool:
    if not date_within(gold.get("start"), predicted.get("start")):
        return False
    return spans_meet(gold.get("span"), predicted.get("span")) or loosely_same(
        predicted.get("name"), gold.get("name")
    )


_FIGURES = ("ordinal", "votes_for", "votes_against", "abstentions")


def same_resolution(gold: Fact, predicted: Fact) -> bool:
    return all(predicted.get(k) == gold[k] for k in _FIGURES if gold.get(k) is not None)


def _names(gold: Fact, key: str) -> list[Any]:
    return [gold.get(key), *gold.get("aliases", [])]


def same_actor(gold: Fact, predicted: Fact) -> bool:
    return name_matches(predicted.get("name"), _names(gold, "name"))


def same_region(gold: Fact, predicted: Fact) -> bool:
    return spans_meet(gold.get("span"), predicted.get("span"))


# -- results ------------------------------------------------------------------------------------


@dataclass
class Score:
    """True and false positives and false negatives of one fact type, and extra accuracies."""

    tp: int = 0
    fp: int = 0
    fn: int = 0
    accuracies: dict[str, list[int]] = field(default_factory=dict)  # name -> [right, out of]

    def add(self, tp: int, predicted: int, gold: int) -> None:
        self.tp += tp
        self.fp += predicted - tp
        self.fn += gold - tp

    def note(self, name: str, right: bool) -> None:
        tally = self.accuracies.setdefault(name, [0, 0])
        tally[0] += int(right)
        tally[1] += 1

    @property
    def empty(self) -> bool:
        return self.tp + self.fp + self.fn == 0

    @property
    def precision(self) -> float:
        if self.empty:  # nothing to find and nothing found
            return 1.0
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else 0.0

    @property
    def recall(self) -> float:
        if self.empty:
            return 1.0
        return self.tp / (self.tp + self.fn) if self.tp + self.fn else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def accuracy(self, name: str) -> float | None:
        right, total = self.accuracies.get(name, (0, 0))
        return right / total if total else None

    def to_json(self) -> dict[str, Any]:
        row: dict[str, Any] = {
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
        }
        for name in self.accuracies:
            value = self.accuracy(name)
            row[name] = None if value is None else round(value, 4)
        return row


COUNT_ACCURACIES = ("qualifier_accuracy", "event_accuracy", "claimant_accuracy")
STATEMENT_ACCURACIES = ("speaker_accuracy_on_found",)


def _new_scores() -> dict[str, Score]:
    scores = {kind: Score() for kind in REPORTED_TYPES}
    # always present, null when there was nothing to judge
    scores["counts"].accuracies = {name: [0, 0] for name in COUNT_ACCURACIES}
    scores["statements"].accuracies = {name: [0, 0] for name in STATEMENT_ACCURACIES}
    return scores


@dataclass(frozen=True)
class Miss:
    """One fact left unmatched: ``missed`` (gold, a false negative) or ``extra`` (predicted, a
    false positive), with the text its span quotes when it has one."""

    doc_id: str
    type: str
    side: str  # missed | extra
    fact: Fact
    span: Span | None
    text: str | None
    note: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "doc_id": self.doc_id,
            "type": self.type,
            "side": self.side,
            "span": list(self.span) if self.span else None,
            "text": self.text,
            "note": self.note,
            "fact": self.fact,
        }


@dataclass
class Evaluation:
    """Scores over a set of documents, and the misses behind them in document order."""

    scores: dict[str, Score] = field(default_factory=_new_scores)
    misses: list[Miss] = field(default_factory=list)
    documents: list[str] = field(default_factory=list)
    without_prediction: list[str] = field(default_factory=list)

    @property
    def macro_f1(self) -> float:
        """Mean F1 over the six main types, each F1 rounded to 4 places first, as the project
        scorer reports it."""
        return round(sum(round(self.scores[k].f1, 4) for k in MACRO_TYPES) / len(MACRO_TYPES), 4)

    def to_json(self) -> dict[str, Any]:
        return {
            "scores": {kind: score.to_json() for kind, score in self.scores.items()},
            "macro_f1": self.macro_f1,
            "macro_types": list(MACRO_TYPES),
            "documents": len(self.documents),
            "documents_without_prediction": len(self.without_prediction),
            "misses": [miss.to_json() for miss in self.misses],
        }


# -- scoring ------------------------------------------------------------------------------------


def _quote(text: str | None, span: Span | None) -> str | None:
    if text is None or span is None or not (0 <= span[0] <= span[1] <= len(text)):
        return None
    return text[span[0] : span[1]]


class _Document:
    """Scores one document into ``evaluation``, recording its misses."""

    def __init__(self, evaluation: Evaluation, doc_id: str, gold: Fact, predicted: Fact, text: str | None):
        self.evaluation, self.doc_id, self.gold, self.predicted, self.text = (
            evaluation,
            doc_id,
            gold,
            predicted,
            text,
        )

    def miss(self, kind: str, side: str, fact: Fact, span: Any = None, note: str | None = None) -> None:
        where = _as_span(span if span is not None else fact.get("span"))
        self.evaluation.misses.append(
            Miss(self.doc_id, kind, side, fact, where, _quote(self.text, where), note)
        )

    def paired(self, kind: str, fits: Callable[[Fact, Fact], bool]) -> list[tuple[Fact, Fact]]:
        """Pair gold and predicted facts of ``kind``, tally them, and record what stays unpaired."""
        gold, predicted = self._facts(self.gold, kind), self._facts(self.predicted, kind)
        pairs = pair_greedily(gold, predicted, fits)
        self.evaluation.scores[kind].add(len(pairs), len(predicted), len(gold))
        self._unpaired(kind, gold, predicted, pairs)
        return [(gold[g], predicted[p]) for g, p in pairs]

    def _unpaired(
        self,
        kind: str,
        gold: list[Fact],
        predicted: list[Fact],
        pairs: list[tuple[int, int]],
        notes: dict[int, str] | None = None,
    ) -> None:
        gold_done, pred_done = {g for g, _ in pairs}, {p for _, p in pairs}
        for i, fact in enumerate(gold):
            if i not in gold_done:
                self.miss(kind, "missed", fact, note=(notes or {}).get(i))
        for i, fact in enumerate(predicted):
            if i not in pred_done:
                self.miss(kind, "extra", fact)

    @staticmethod
    def _facts(record: Fact, kind: str) -> list[Fact]:
        return [row for row in record.get(kind) or [] if isinstance(row, dict)]

    def score(self) -> None:
        scores = self.evaluation.scores

        for gold, predicted in self.paired("counts", same_count):
            scores["counts"].note("qualifier_accuracy", predicted.get("qualifier") == gold.get("qualifier"))
            if gold.get("event"):
                scores["counts"].note("event_accuracy", loosely_same(predicted.get("event"), gold["event"]))
            if gold.get("claimant"):
                right = name_matches(predicted.get("claimant"), [gold["claimant"]])
                scores["counts"].note("claimant_accuracy", right)

        self._statements()
        for kind in ("violations", "instruments"):
            self._codes(kind)
        self.paired("events", same_event)
        self.paired("resolutions", same_resolution)
        self.paired("actors", same_actor)

    def _statements(self) -> None:
        """Regions first (span alone, one to one); a region is a right statement when its
        speaker is the gold speaker or one of the aliases."""
        scores = self.evaluation.scores
        gold, predicted = self._facts(self.gold, "statements"), self._facts(self.predicted, "statements")
        regions = pair_greedily(gold, predicted, same_region)
        right = [
            (g, p)
            for g, p in regions
            if name_matches(predicted[p].get("speaker"), _names(gold[g], "speaker"))
        ]
        scores["statement_regions"].add(len(regions), len(predicted), len(gold))
        scores["statements"].add(len(right), len(predicted), len(gold))
        for pair in regions:
            scores["statements"].note("speaker_accuracy_on_found", pair in right)
        notes = {
            g: f"region found, predicted speaker {predicted[p].get('speaker')!r}"
            for g, p in regions
            if (g, p) not in right
        }
        self._unpaired("statements", gold, predicted, right, notes)

    def _codes(self, kind: str) -> None:
        """A document's set of codes against the gold set; evidence spans where known."""
        gold_codes: dict[str, Any] = {}
        for item in self.gold.get(kind) or []:
            code = item.get("code") if isinstance(item, dict) else item
            gold_codes.setdefault(normalize(code), item)
        evidence: dict[str, Any] = {}
        for item in self.gold.get(kind.rstrip("s") + "_spans") or []:
            if isinstance(item, dict):
                evidence.setdefault(normalize(item.get("code")), item.get("span"))
        predicted: dict[str, Fact] = {}
        for item in self.predicted.get(kind) or []:
            row = item if isinstance(item, dict) else {"code": item, "span": None}
            predicted.setdefault(normalize(row.get("code")), row)
        both = gold_codes.keys() & predicted.keys()
        self.evaluation.scores[kind].add(len(both), len(predicted), len(gold_codes))
        for code, item in gold_codes.items():
            if code not in both:
                fact = item if isinstance(item, dict) else {"code": item}
                self.miss(kind, "missed", fact, span=evidence.get(code) or fact.get("span"))
        for code, row in predicted.items():
            if code not in both:
                self.miss(kind, "extra", row)


def _record(predicted: Facts | Fact | None) -> Fact:
    if predicted is None:
        return {}
    if isinstance(predicted, Facts):
        return predicted.to_json()
    return predicted


def score_document(
    evaluation: Evaluation,
    gold: Fact,
    predicted: Facts | Fact | None,
    text: str | None = None,
    doc_id: str | None = None,
) -> None:
    """Add one document's tallies and misses to ``evaluation``; ``text`` lets misses quote their
    spans.  No prediction (``None``) scores every gold fact as missed."""
    name = doc_id or str(gold.get("doc_id") or f"document {len(evaluation.documents) + 1}")
    evaluation.documents.append(name)
    if predicted is None:
        evaluation.without_prediction.append(name)
    _Document(evaluation, name, gold, _record(predicted), text).score()


def evaluate(documents: Iterable[tuple[Fact, Facts | Fact | None, str | None]]) -> Evaluation:
    """Score (gold, prediction, text) triples, in order."""
    evaluation = Evaluation()
    for gold, predicted, text in documents:
        score_document(evaluation, gold, predicted, text)
    return evaluation


# -- gold folders -------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldDocument:
    doc_id: str
    gold_path: Path
    text_path: Path
    gold: Fact

    @property
    def published(self) -> str | None:
        value = self.gold.get("published")
        return str(value) if value else None


def gold_files(where: Path) -> list[Path]:
    """``*.gold.json`` under a folder (recursively, sorted), or the one gold file named."""
    if not where.exists():
        raise EvalError(f"{where}: no such file or folder")
    if where.is_file():
        if not where.name.endswith(GOLD_SUFFIX):
            raise EvalError(f"{where}: not a gold file (NAME{GOLD_SUFFIX}) or a folder of them")
        return [where]
    return sorted(p for p in where.rglob(f"*{GOLD_SUFFIX}") if p.is_file())


def load_gold(path: Path) -> Fact:
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        problem = f"malformed gold JSON ({exc.msg} at line {exc.lineno}, column {exc.colno})"
        raise EvalError(f"{path}: {problem}") from exc
    except (OSError, UnicodeDecodeError) as exc:
        raise EvalError(f"{path}: cannot read gold file ({exc})") from exc
    if not isinstance(record, dict):
        raise EvalError(f"{path}: a gold file holds one JSON object in the facts format")
    return record


def gold_documents(where: Path, warn: Callable[[str], None] | None = None) -> Iterator[GoldDocument]:
    """Each ``NAME.gold.json`` with its ``NAME.txt`` beside it; gold without text is reported to
    ``warn`` and skipped.  Raises EvalError when there is no gold file at all."""
    paths = gold_files(where)
    if not paths:
        raise EvalError(f"{where}: no gold files (NAME{GOLD_SUFFIX} beside NAME.txt) found")
    for path in paths:
        stem = path.name[: -len(GOLD_SUFFIX)]
        text_path = path.with_name(stem + ".txt")
        if not text_path.is_file():
            if warn:
                warn(f"{path}: no {text_path.name} beside it; skipped")
            continue
        yield GoldDocument(stem, path, text_path, load_gold(path))


# -- describing a fact in one line ----------------------------------------------------------------

_LEAD = {
    "counts": None,
    "statements": "speaker",
    "violations": "code",
    "instruments": "code",
    "events": "name",
    "resolutions": "symbol",
    "actors": "name",
}
_UNSHOWN = {"span", "aliases", "low", "high", "value", "qualifier", "category"}


def describe(kind: str, fact: Fact) -> str:
    """A fact's fields in one short line: "8,000 killed (more_than) claimant=United Nations"."""
    data = {k: v for k, v in fact.items() if v not in (None, "", [])}
    if kind == "counts":
        value = data.get("value")
        if isinstance(value, int):
            amount = f"{value:,}"
        elif "low" in data or "high" in data:
            amount = f"{data.get('low', '?')}–{data.get('high', '?')}"
        else:
            amount = "some"
        head = f"{amount} {data.get('category', '?')} ({data.get('qualifier', '?')})"
    else:
        lead = _LEAD.get(kind)
        head = str(data.pop(lead)) if lead and lead in data else ""
    rest = " ".join(
        f"{k}={'; '.join(map(str, v)) if isinstance(v, list) else v}"
        for k, v in data.items()
        if k not in _UNSHOWN
    )
    return " ".join(part for part in (head, rest) if part)


def clip(text: str | None, limit: int = 100) -> str:
    """Whitespace collapsed, cut to ``limit`` characters with an ellipsis."""
    if text is None:
        return ""
    flat = " ".join(text.split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"
