"""Scoring predictions against gold (``rightsledger.extract.evaluation``): the pairing rules of
``shared/eval/FORMAT.md`` on tiny hand-made documents whose scores are worked out by hand in the
comments, the misses each score leaves behind, and a cross-check against the project scorer.
"""

from __future__ import annotations

import contextlib
import io
import json
from pathlib import Path

import pytest

from rightsledger.domain import CodedMention, Count, Facts, Statement
from rightsledger.extract import get_extractor
from rightsledger.extract.evaluation import (
    MACRO_TYPES,
    REPORTED_TYPES,
    EvalError,
    Evaluation,
    describe,
    evaluate,
    gold_documents,
    loosely_same,
    name_matches,
    score_document,
    spans_meet,
)

ROOT = Path(__file__).resolve().parents[2]
SHARED = ROOT.parent / "shared"
GOLD = ROOT / "tests" / "data" / "gold"


def one(gold: dict, predicted: dict | Facts | None, text: str | None = None) -> Evaluation:
    evaluation = Evaluation()
    score_document(evaluation, {"doc_id": "doc", **gold}, predicted, text)
    return evaluation


def count(value, category, span=(0, 1), **rest) -> dict:
    return {"value": value, "category": category, "qualifier": "exact", "span": list(span), **rest}


def statement(span, speaker, **rest) -> dict:
    return {"speaker": speaker, "kind": "direct", "span": list(span), **rest}


def misses(evaluation: Evaluation, kind: str, side: str) -> list:
    return [m for m in evaluation.misses if m.type == kind and m.side == side]


# -- counts -------------------------------------------------------------------------------------

TEXT = "Police killed 12 protesters and arrested 300 people; 40 were injured and 7 were hanged."
# offsets: "12" [14, 16), "300" [41, 44), "40" [53, 55), "7" [73, 74)


def test_two_gold_counts_three_predicted_one_right() -> None:
    gold = {"counts": [count(12, "killed", (14, 16)), count(300, "arrested", (41, 44))]}
    predicted = {
        "counts": [
            count(12, "killed", (14, 16)),  # right
            count(300, "killed", (41, 44)),  # right number, wrong category
            count(40, "injured", (53, 55)),  # not in gold
        ]
    }
    score = one(gold, predicted, TEXT).scores["counts"]
    # tp 1, fp 3 - 1 = 2, fn 2 - 1 = 1: P = 1/3, R = 1/2, F1 = 2·(1/3)(1/2) / (1/3 + 1/2) = 2/5
    assert (score.tp, score.fp, score.fn) == (1, 2, 1)
    assert score.precision == pytest.approx(1 / 3)
    assert score.recall == pytest.approx(1 / 2)
    assert score.f1 == pytest.approx(0.4)


def test_misses_quote_their_spans() -> None:
    gold = {"counts": [count(12, "killed", (14, 16)), count(300, "arrested", (41, 44))]}
    predicted = {"counts": [count(12, "killed", (14, 16)), count(7, "executed", (73, 74))]}
    evaluation = one(gold, predicted, TEXT)
    [missed] = misses(evaluation, "counts", "missed")
    [extra] = misses(evaluation, "counts", "extra")
    assert (missed.doc_id, missed.span, missed.text) == ("doc", (41, 44), "300")
    assert (extra.span, extra.text) == ((73, 74), "7")
    assert describe("counts", missed.fact) == "300 arrested (exact)"
    assert missed.to_json()["span"] == [41, 44] and missed.to_json()["side"] == "missed"


def test_the_same_figure_twice_in_gold_needs_two_predictions() -> None:
    gold = {"counts": [count(12, "killed"), count(12, "killed")]}
    # one to one: tp 1, fp 0, fn 1 -> P 1, R 1/2, F1 2/3
    score = one(gold, {"counts": [count(12, "killed")]}).scores["counts"]
    assert (score.tp, score.fp, score.fn) == (1, 0, 1)
    assert score.f1 == pytest.approx(2 / 3)


def test_a_range_or_vague_amount_matches_on_its_bounds() -> None:
    gold = {
        "counts": [
            {
                "value": None,
                "low": 200,
                "high": 300,
                "qualifier": "range",
                "category": "killed",
                "span": [0, 5],
            },
            {
                "value": None,
                "low": None,
                "high": None,
                "qualifier": "vague",
                "category": "arrested",
                "span": [6, 9],
            },
        ]
    }
    predicted = {
        "counts": [
            {
                "value": None,
                "low": 200,
                "high": 400,
                "qualifier": "range",
                "category": "killed",
            },  # wrong high
            {"value": None, "low": None, "high": None, "qualifier": "vague", "category": "arrested"},  # right
        ]
    }
    score = one(gold, predicted).scores["counts"]
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)


def test_count_accuracies_are_judged_on_the_right_ones_only() -> None:
    gold = {
        "counts": [
            count(12, "killed", qualifier="at_least", event="November 2019 uprising", claimant="Navi Pillay"),
            count(300, "arrested", claimant="Amnesty International"),
            count(5, "injured", claimant="Nobody Found"),  # never predicted: not judged
        ]
    }
    predicted = {
        "counts": [
            count(
                12, "killed", qualifier="at_least", event="the uprising of November 2019", claimant="Pillay"
            ),
            count(300, "arrested", qualifier="about", claimant="Human Rights Watch"),
        ]
    }
    score = one(gold, predicted).scores["counts"]
    # qualifier: 1 of 2 right; event: 1 of 1 (one gold event among the right ones); claimant: 1 of 2
    assert score.accuracy("qualifier_accuracy") == pytest.approx(0.5)
    assert score.accuracy("event_accuracy") == 1.0
    assert score.accuracy("claimant_accuracy") == pytest.approx(0.5)
    assert score.to_json()["claimant_accuracy"] == 0.5


# -- statements ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("gold_span", "pred_span", "meet"),
    [
        ((0, 20), (10, 30), True),  # both 20 long, 10 shared: exactly half of the shorter
        ((0, 20), (11, 31), False),  # 9 shared: just under half
        ((0, 100), (90, 110), True),  # the prediction is the shorter (20): 10 shared
        ((0, 100), (91, 111), False),  # 9 of 20
        ((0, 100), (40, 50), True),  # inside
        ((0, 10), (10, 20), False),  # touching is not sharing
        ((0, 10), None, False),
        ((5, 5), (0, 10), False),  # an empty span meets nothing
    ],
)
def test_spans_meet_on_half_of_the_shorter(gold_span, pred_span, meet) -> None:
    assert spans_meet(gold_span, pred_span) is meet


def test_statement_at_exactly_half_matches_and_just_under_does_not() -> None:
    gold = {"statements": [statement((0, 20), "Navi Pillay"), statement((100, 120), "Navi Pillay")]}
    predicted = {"statements": [statement((10, 30), "Navi Pillay"), statement((111, 131), "Navi Pillay")]}
    evaluation = one(gold, predicted)
    # first pair shares 10 of 20 (a match), second 9 of 20 (none): tp 1, fp 1, fn 1
    for kind in ("statements", "statement_regions"):
        score = evaluation.scores[kind]
        assert (score.tp, score.fp, score.fn) == (1, 1, 1)
        assert score.f1 == pytest.approx(0.5)


@pytest.mark.parametrize(
    ("said", "right"),
    [
        ("Navi Pillay", True),
        ("navi pillay,", True),  # case and punctuation do not count
        ("Pillay", True),  # a bare surname of more than 3 letters
        ("Ms. Pillay", True),
        ("the High Commissioner", True),  # an alias
        ("Navi", False),  # a first name is not a surname
        ("Mr. Wang", False),  # "Wang Yi": the surname "Yi" is too short...
        ("Yi", False),
        ("Moon", True),  # "Ban Ki-moon": hyphens split, "moon" has 4 letters
        ("OHCHR Geneva", False),  # a one-word gold name must be said exactly
        ("", False),
        (None, False),
    ],
)
def test_speaker_names_alias_and_surname_rules(said, right) -> None:
    gold_names = ["Navi Pillay", "the High Commissioner", "Wang Yi", "Ban Ki-moon", "OHCHR"]
    assert name_matches(said, gold_names) is right


def test_a_region_found_with_the_wrong_speaker_is_a_miss_and_an_extra() -> None:
    text = "She said: “We will not stop.” The minister denied it."
    gold = {"statements": [statement((11, 28), "Navi Pillay", aliases=["the High Commissioner"])]}
    predicted = {"statements": [statement((11, 28), "the minister")]}
    evaluation = one(gold, predicted, text)
    # the region is found (regions tp 1), the speaker is wrong (statements tp 0, fp 1, fn 1)
    regions, statements = evaluation.scores["statement_regions"], evaluation.scores["statements"]
    assert (regions.tp, regions.fp, regions.fn) == (1, 0, 0)
    assert (statements.tp, statements.fp, statements.fn) == (0, 1, 1)
    assert statements.accuracy("speaker_accuracy_on_found") == 0.0
    [missed] = misses(evaluation, "statements", "missed")
    [extra] = misses(evaluation, "statements", "extra")
    assert missed.text == "We will not stop." and "the minister" in (missed.note or "")
    assert extra.fact["speaker"] == "the minister"


def test_pairing_is_greedy_in_document_order() -> None:
    # gold A [0,10) and gold B [8,20); prediction 1 [5,15) meets both, prediction 2 [0,4) meets A only.
    # A takes prediction 1 (the first that fits), so B finds nothing: tp 1, fp 1, fn 1, although a
    # best assignment would pair both.  This is the scorer's rule, kept on purpose.
    gold = {"statements": [statement((0, 10), "X Person"), statement((8, 20), "X Person")]}
    predicted = {"statements": [statement((5, 15), "X Person"), statement((0, 4), "X Person")]}
    score = one(gold, predicted).scores["statements"]
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)


# -- codes, events, resolutions, actors ---------------------------------------------------------


def test_codes_are_a_set_per_document_with_evidence_spans() -> None:
    text = "Detainees were tortured and held in arbitrary detention."
    gold = {
        "violations": ["torture", "arbitrary_detention"],
        "violation_spans": [{"code": "arbitrary_detention", "span": [36, 55]}],
    }
    predicted = {
        "violations": [
            {"code": "torture", "span": [15, 23]},
            {"code": "torture", "span": [15, 23]},  # said twice: still one code
            {"code": "enforced_disappearance", "span": [0, 9]},
        ]
    }
    evaluation = one(gold, predicted, text)
    score = evaluation.scores["violations"]
    # gold {torture, arbitrary_detention}, predicted {torture, enforced_disappearance}: tp 1, fp 1, fn 1
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)
    [missed] = misses(evaluation, "violations", "missed")
    assert (missed.fact["code"], missed.text) == ("arbitrary_detention", "arbitrary detention")
    [extra] = misses(evaluation, "violations", "extra")
    assert (extra.fact["code"], extra.text) == ("enforced_disappearance", "Detainees")


def test_events_need_the_gold_start_and_the_same_mention_or_name() -> None:
    gold = {
        "events": [
            {"name": "November 2019 uprising", "start": "2019-11", "end": None, "span": [0, 20]},
            {"name": "Aban massacre", "start": "2019-11-16", "end": None, "span": [40, 60]},
            {"name": "coup", "start": "2021-02-01", "end": None, "span": [80, 90]},
        ]
    }
    predicted = {
        "events": [
            {
                "name": "uprising of November 2019",
                "start": "2019-11-15",
                "span": None,
            },  # finer date, same name
            {"name": "killings", "start": "2019-11", "span": [45, 60]},  # coarser than the gold's day: no
            {"name": "military takeover", "start": "2021-02-01", "span": [82, 90]},  # same mention
        ]
    }
    score = one(gold, predicted).scores["events"]
    # tp 2, fp 1, fn 1
    assert (score.tp, score.fp, score.fn) == (2, 1, 1)
    assert loosely_same("the uprising", "November 2019 uprising")  # one's words inside the other's
    assert not loosely_same("a protest", None) and loosely_same(None, None)


def test_resolutions_must_agree_on_every_figure_the_gold_gives() -> None:
    gold = {
        "resolutions": [
            {
                "body": "General Assembly",
                "ordinal": None,
                "votes_for": 79,
                "votes_against": 30,
                "abstentions": 64,
                "span": [0, 10],
            },
            {
                "body": "Human Rights Council",
                "ordinal": 1,
                "votes_for": None,
                "votes_against": None,
                "abstentions": None,
                "span": [20, 30],
            },
        ]
    }
    predicted = {
        "resolutions": [
            {
                "body": "Third Committee",
                "ordinal": 67,
                "votes_for": 79,
                "votes_against": 30,
                "abstentions": 64,
            },
            {"body": "Human Rights Council", "ordinal": 2, "votes_for": 40},
        ]
    }
    score = one(gold, predicted).scores["resolutions"]
    # the first agrees on all three votes (its ordinal is not in gold); the second has the wrong ordinal
    assert (score.tp, score.fp, score.fn) == (1, 1, 1)


def test_actors_match_by_name_or_alias() -> None:
    gold = {
        "actors": [
            {"name": "National Council of Resistance of Iran", "type": "organization", "aliases": ["NCRI"]},
            {"name": "Maryam Rajavi", "type": "person"},
        ]
    }
    predicted = {
        "actors": [
            {"name": "NCRI", "type": "organization"},
            {"name": "Rajavi", "type": "person"},
            {"name": "Ebrahim Raisi", "type": "person"},
        ]
    }
    score = one(gold, predicted).scores["actors"]
    assert (score.tp, score.fp, score.fn) == (2, 1, 0)
    [extra] = misses(one(gold, predicted), "actors", "extra")
    assert extra.span is None and extra.text is None


# -- empty types, missing predictions, Facts ----------------------------------------------------


def test_a_type_with_nothing_in_gold_and_nothing_predicted_scores_one() -> None:
    evaluation = one({"counts": [count(1, "killed")]}, {"counts": [count(1, "killed")]})
    for kind in REPORTED_TYPES:
        score = evaluation.scores[kind]
        assert (score.precision, score.recall, score.f1) == (1.0, 1.0, 1.0), kind
    assert evaluation.macro_f1 == 1.0
    assert evaluation.scores["statements"].to_json()["speaker_accuracy_on_found"] is None


def test_predicting_what_gold_does_not_have_scores_zero() -> None:
    evaluation = one({}, {"resolutions": [{"body": "General Assembly", "ordinal": 3}]})
    score = evaluation.scores["resolutions"]
    # tp 0, fp 1, fn 0: P 0, R 0 (nothing to recall, but something wrong found), F1 0
    assert (score.tp, score.fp, score.fn) == (0, 1, 0)
    assert (score.precision, score.recall, score.f1) == (0.0, 0.0, 0.0)
    # macro-F1: five types at 1.0 and resolutions at 0 -> 5/6
    assert evaluation.macro_f1 == round(5 / 6, 4)


def test_no_prediction_misses_everything() -> None:
    gold = {"counts": [count(12, "killed")], "violations": ["torture"]}
    evaluation = one(gold, None)
    assert evaluation.without_prediction == ["doc"]
    assert evaluation.scores["counts"].fn == 1 and evaluation.scores["violations"].fn == 1
    assert {(m.type, m.side) for m in evaluation.misses} == {("counts", "missed"), ("violations", "missed")}


def test_facts_objects_are_scored_like_their_json() -> None:
    gold = {
        "counts": [count(12, "killed", (14, 16))],
        "statements": [statement((0, 20), "Navi Pillay")],
        "violations": ["torture"],
    }
    facts = Facts(
        counts=(Count(12, "exact", "killed", (14, 16)), Count(40, "exact", "injured", (53, 55))),
        statements=(Statement("Pillay", "direct", (5, 25)),),
        violations=(CodedMention("torture", (0, 3)),),
    )
    by_objects = evaluate([({"doc_id": "d", **gold}, facts, TEXT)])
    by_json = evaluate([({"doc_id": "d", **gold}, facts.to_json(), TEXT)])
    assert by_objects.to_json() == by_json.to_json()
    assert by_objects.scores["counts"].fp == 1 and by_objects.scores["statements"].tp == 1


def test_macro_f1_averages_the_six_main_types() -> None:
    gold = {"counts": [count(12, "killed"), count(300, "arrested")], "violations": ["torture"]}
    predicted = {"counts": [count(12, "killed")], "actors": [{"name": "Nobody", "type": "person"}]}
    evaluation = one(gold, predicted)
    # counts F1 2/3 (P 1, R 1/2), violations 0, statements/instruments/events/resolutions 1.0;
    # actors (F1 0) are not in the macro: (2/3 + 0 + 4) / 6
    assert evaluation.macro_f1 == pytest.approx((0.6667 + 4) / 6, abs=1e-4)
    assert set(MACRO_TYPES) == set(REPORTED_TYPES) - {"actors", "statement_regions"}


# -- gold folders -------------------------------------------------------------------------------


def test_a_folder_without_gold_files_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "report.txt").write_text("Nothing annotated.", encoding="utf-8")
    with pytest.raises(EvalError, match="no gold files"):
        list(gold_documents(tmp_path))
    with pytest.raises(EvalError, match="no such file"):
        list(gold_documents(tmp_path / "absent"))


def test_gold_without_text_is_skipped_with_a_warning(tmp_path: Path) -> None:
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "one.txt").write_text("Text.", encoding="utf-8")
    (nested / "one.gold.json").write_text(json.dumps({"doc_id": "one", "published": "2020-01"}), "utf-8")
    (tmp_path / "two.gold.json").write_text("{}", encoding="utf-8")
    warnings: list[str] = []
    found = list(gold_documents(tmp_path, warn=warnings.append))
    assert [(d.doc_id, d.published) for d in found] == [("one", "2020-01")]
    assert len(warnings) == 1 and "two.txt" in warnings[0]


def test_malformed_gold_is_an_error(tmp_path: Path) -> None:
    (tmp_path / "bad.txt").write_text("Text.", encoding="utf-8")
    (tmp_path / "bad.gold.json").write_text("{oops", encoding="utf-8")
    with pytest.raises(EvalError, match="malformed gold JSON"):
        list(gold_documents(tmp_path))


# -- the same figures as the project scorer ----------------------------------------------------


def test_scores_on_our_gold_set_equal_the_project_scorers(tmp_path: Path, project_scorer) -> None:
    scorer = project_scorer
    extractor = get_extractor()
    evaluation = Evaluation()
    lines = []
    for doc in gold_documents(GOLD):
        meta = doc.text_path.with_name(doc.doc_id + ".meta.json")
        published = doc.published or (
            json.loads(meta.read_text(encoding="utf-8")).get("published") if meta.exists() else None
        )
        text = doc.text_path.read_text(encoding="utf-8")
        facts = extractor.extract(text, published=published)
        score_document(evaluation, doc.gold, facts, text, doc_id=doc.doc_id)
        lines.append(json.dumps({"doc_id": doc.doc_id, **facts.to_json()}))
    pred = tmp_path / "pred.jsonl"
    pred.write_text("\n".join(lines) + "\n", encoding="utf-8")
    buffer = io.StringIO()
    with contextlib.redirect_stdout(buffer):
        scorer.main([str(GOLD), str(pred), "--json"])
    theirs = json.loads(buffer.getvalue())

    ours = evaluation.to_json()
    assert ours["documents"] == theirs["documents"] == 10
    for kind in REPORTED_TYPES:
        mine = ours["scores"][kind]
        assert (mine["tp"], mine["fp"], mine["fn"]) == (
            theirs[kind]["tp"],
            theirs[kind]["fp"],
            theirs[kind]["fn"],
        ), kind
        for key, value in theirs[kind].items():
            assert mine[key] == value, (kind, key)
    assert ours["macro_f1"] == theirs["macro_f1"]

    # every false negative is listed as missed and every false positive as extra, quoting its text
    for kind in (k for k in REPORTED_TYPES if k != "statement_regions"):
        score = evaluation.scores[kind]
        assert len(misses(evaluation, kind, "missed")) == score.fn, kind
        assert len(misses(evaluation, kind, "extra")) == score.fp, kind
    texts = {d.doc_id: d.text_path.read_text(encoding="utf-8") for d in gold_documents(GOLD)}
    for miss in evaluation.misses:
        if miss.span is not None and miss.text is not None:
            assert texts[miss.doc_id][miss.span[0] : miss.span[1]] == miss.text
