"""Numbers and dates: values checked by hand against the phrases."""

from __future__ import annotations

import pytest

from rightsledger.extract.dates import find_dates
from rightsledger.extract.numbers import find_numbers, words_to_int


@pytest.mark.parametrize(
    ("phrase", "value"),
    [
        ("fifteen hundred", 1500),
        ("thirty-five", 35),
        ("two thousand and five", 2005),
        ("one hundred and twelve", 112),
        ("a dozen", 12),
        ("nineteen", 19),
    ],
)
def test_number_words(phrase: str, value: int) -> None:
    assert words_to_int(phrase) == value


def test_digits_scales_and_vague_amounts() -> None:
    text = "at least 1,500 killed, 1.5 million displaced, hundreds of others and the 67th resolution"
    found = [(n.text, n.value) for n in find_numbers(text)]
    assert ("1,500", 1500) in found
    assert ("1.5 million", 1_500_000) in found
    assert ("hundreds", None) in found
    assert not any(v == 67 or v == 6 for _, v in found)  # an ordinal is not a number of anything


@pytest.mark.parametrize(
    ("text", "published", "expected"),
    [
        ("the November 2019 uprising", None, "2019-11"),
        ("the military coup of 1 February 2021", None, "2021-02-01"),
        ("on Aug. 9", "2020-09-02", "2020-08-09"),
        ("last November", "2020-12-16", "2020-11"),
        ("last November", "2020-11-19", "2019-11"),
        ("two years ago", "2022-01-31", "2020-01"),
        ("earlier this month", "2022-01-31", "2022-01"),
        ("the 1980s", None, "1980"),
        ("on Thursday", "2022-12-12", "2022-12-08"),  # 12 December 2022 was a Monday
        ("on Monday", "2022-12-12", "2022-12-12"),
    ],
)
def test_dates_resolve_to_iso_prefixes(text: str, published: str | None, expected: str) -> None:
    assert [d.value for d in find_dates(text, published)] == [expected]


def test_relative_dates_need_a_publication_date() -> None:
    assert find_dates("last November", None) == []


def test_date_range() -> None:
    (d,) = find_dates("between 25 and 28 July 1988", None)
    assert (d.value, d.end_value) == ("1988-07-25", "1988-07-28")
