"""Reading capture-history tables: the count-column and strata rules, and every refusal names its line."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from rightsledger.analyze.estimate import (
    CaptureTable,
    EstimateError,
    combine,
    data_warnings,
    read_capture_csv,
    tables_from_frame,
)


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "table.csv"
    path.write_text(text)
    return path


def test_reads_counts_and_ignores_comments_and_an_empty_unobserved_row(tmp_path):
    path = write(tmp_path, "# provenance line\nA,B,freq\n1,0,10\n0,1,20\n1,1,5\n0,0,\n")
    [table] = read_capture_csv(path)
    assert table.lists == ("A", "B")
    assert dict(table.cells) == {(1, 0): 10, (0, 1): 20, (1, 1): 5}
    assert table.observed == 35
    assert table.list_totals() == {"A": 15, "B": 25}


@pytest.mark.parametrize("name", ["count", "freq", "Frequency", "n"])
def test_count_column_is_found_by_its_usual_names(tmp_path, name):
    [table] = read_capture_csv(write(tmp_path, f"A,B,{name}\n1,0,3\n0,1,4\n1,1,1\n"))
    assert table.observed == 8


def test_count_column_option_names_an_unusual_column(tmp_path):
    path = write(tmp_path, "A,B,people\n1,0,3\n0,1,4\n1,1,1\n")
    with pytest.raises(EstimateError, match=r"no count column.*--count-column"):
        read_capture_csv(path)
    [table] = read_capture_csv(path, count_column="people")
    assert table.observed == 8


def test_a_zero_unobserved_row_is_ignored_but_a_nonzero_one_is_refused(tmp_path):
    [table] = read_capture_csv(write(tmp_path, "A,B,n\n0,0,0\n1,0,3\n0,1,4\n1,1,1\n"))
    assert table.observed == 8
    with pytest.raises(EstimateError, match=r"line 2: the unobserved cell .* count 7"):
        read_capture_csv(write(tmp_path, "A,B,n\n0,0,7\n1,0,3\n0,1,4\n"))


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("A,B,n\n1,0,3\n2,1,4\n", r"line 3: column 'A' must be 0 or 1, found '2'"),
        ("A,B,n\n1,0,3\nyes,1,4\n", r"line 3: column 'A' must be 0 or 1"),
        ("A,B,n\n1,0,-3\n", r"line 2: count 'n' is negative"),
        ("A,B,n\n1,0,2.5\n", r"line 2: count 'n' is not a whole number"),
        ("A,B,n\n1,0,many\n", r"line 2: count 'n' is not a number"),
        ("A,B,n\n1,0,\n", r"line 2: count 'n' is empty"),
        ("A,n\n1,3\n", r"need at least 2 list columns, found 1"),
        ("A,B,n\n1,0,3,9\n", r"line 2: 4 fields, the header has 3"),
        ("# only a comment\n", r"empty file"),
    ],
)
def test_bad_tables_are_refused_naming_the_line_and_problem(tmp_path, text, message):
    with pytest.raises(EstimateError, match=message):
        read_capture_csv(write(tmp_path, text))


def test_missing_file_is_an_estimate_error(tmp_path):
    with pytest.raises(EstimateError, match="cannot read"):
        read_capture_csv(tmp_path / "absent.csv")


def test_strata_give_one_table_each_and_combine_to_the_total(tmp_path):
    path = write(tmp_path, "region,A,B,n\nnorth,1,0,3\nnorth,0,1,4\nsouth,1,0,10\nsouth,1,1,2\nnorth,1,1,1\n")
    with pytest.raises(EstimateError, match="no stratum column 'area'"):
        read_capture_csv(path, strata=["area"])
    north, south = read_capture_csv(path, strata=["region"])
    assert (north.stratum, north.observed) == ("north", 8)
    assert (south.stratum, south.observed) == ("south", 12)
    total = combine([north, south])
    assert dict(total.cells) == {(1, 0): 13, (0, 1): 4, (1, 1): 3}


def test_data_frame_rows_are_numbered_like_the_file(tmp_path):
    frame = pd.DataFrame({"A": [1, 0, 3], "B": [0, 1, 1], "count": [5, 6, 7]})
    with pytest.raises(EstimateError, match="line 4: column 'A' must be 0 or 1"):
        tables_from_frame(frame)
    [table] = tables_from_frame(frame.iloc[:2])
    assert table.observed == 11


def test_table_invariants_hold_for_direct_construction():
    with pytest.raises(EstimateError, match="at least 2 lists"):
        CaptureTable(("A",), {(1,): 3})
    with pytest.raises(EstimateError, match="negative count"):
        CaptureTable(("A", "B"), {(1, 0): -1})
    with pytest.raises(EstimateError, match="unobserved cell"):
        CaptureTable(("A", "B"), {(0, 0): 4})


def test_warnings_name_a_list_overlapping_no_other_and_sparse_overlaps():
    table = CaptureTable(("A", "B", "C"), {(1, 0, 0): 50, (0, 1, 0): 40, (1, 1, 0): 3, (0, 0, 1): 20})
    found = " | ".join(data_warnings(table))
    assert "list C overlaps no other list" in found
    assert "A&B=3" in found and "A&C=0" in found


@settings(max_examples=60, deadline=None)
@given(
    st.integers(min_value=2, max_value=5).flatmap(
        lambda lists: st.tuples(
            st.just(lists),
            st.dictionaries(
                st.tuples(*[st.integers(0, 1)] * lists).filter(any),
                st.integers(min_value=0, max_value=10**6),
                min_size=1,
            ),
        )
    )
)
def test_a_written_table_reads_back_the_same(tmp_path_factory, spec):
    lists, cells = spec
    names = [f"L{i}" for i in range(lists)]
    lines = [",".join([*names, "count"])]
    lines += [",".join([*map(str, p), str(c)]) for p, c in cells.items()]
    path = tmp_path_factory.mktemp("roundtrip") / "t.csv"
    path.write_text("\n".join(lines) + "\n")
    [table] = read_capture_csv(path)
    assert table.lists == tuple(names)
    assert dict(table.cells) == cells
    assert table.observed == sum(cells.values())
