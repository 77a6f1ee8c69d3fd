"""Reading victim lists: column mapping, line numbers of bad rows, XLSX, name forms."""

from __future__ import annotations

from pathlib import Path

import pytest

from rightsledger.errors import IngestError
from rightsledger.ingest.lists import parse_date, parse_mapping, read_list
from rightsledger.ingest.lists_names import normalized, skeleton, sorted_form


def write(tmp_path: Path, text: str, name: str = "list.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_headers_are_guessed_and_values_cleaned(tmp_path: Path) -> None:
    path = write(tmp_path, "Full name,Gender,Age,Date of death,Place of death,Notes\n"
                           "Sara Amini,female,34,12/11/2019,Zahedan,shot\n")  # fmt: skip
    parsed = read_list(path)
    assert parsed.mapping == {
        "name": "Full name", "sex": "Gender", "age": "Age", "event_date": "Date of death",
        "event_place": "Place of death", "text": "Notes",
    }  # fmt: skip
    [row] = parsed.rows
    assert row.line == 2
    assert row.values["sex"] == "f" and row.values["age"] == 34
    assert row.values["event_date"] == "2019-11-12"  # DD/MM/YYYY read day first
    assert row.raw["Date of death"] == "12/11/2019"  # the cell as written is kept


def test_malformed_rows_are_reported_by_physical_line_and_the_rest_kept(tmp_path: Path) -> None:
    text = (
        "name,age,date\n"  # line 1
        "Ali Karimi,40,2019-11-16\n"  # line 2: good
        '"Reza\nRahimi",41,2019-11-17\n'  # lines 3-4: a quoted name across two lines, good
        ",30,2019-11-18\n"  # line 5: no name
        "Omar Nouri,forty,2019-11-19\n"  # line 6: age not a number
        "Mina Kazemi,22,2019-13-40\n"  # line 7: no such date
        "\n"  # line 8: blank, skipped silently
        "Leila Ahmadi,19,2019-11\n"  # line 9: good, month precision
        "Nasrin Moradi,33,2019-11-20,extra\n"  # line 10: a stray cell
    )
    parsed = read_list(write(tmp_path, text))
    assert [r.line for r in parsed.rows] == [2, 3, 9]
    assert parsed.rows[1].values["name"] == "Reza\nRahimi"
    assert parsed.rows[2].values["event_date"] == "2019-11"
    assert [p.line for p in parsed.problems] == [5, 6, 7, 10]
    assert "no name" in parsed.problems[0].problem
    assert "age 'forty'" in parsed.problems[1].problem
    assert "'2019-13-40' is not a date" in parsed.problems[2].problem


def test_explicit_mapping_and_unknown_columns(tmp_path: Path) -> None:
    path = write(tmp_path, "نام,تاریخ\nعلی حسینی,2020-01-02\n")
    with pytest.raises(IngestError, match="no name column"):
        read_list(path)
    parsed = read_list(path, parse_mapping(["name=نام", "event_date=تاریخ"]))
    assert parsed.rows[0].values["name"] == "علی حسینی"  # kept as written
    with pytest.raises(IngestError, match="no column 'Nom'"):
        read_list(path, {"name": "Nom"})
    with pytest.raises(IngestError, match="unknown field 'colour'"):
        parse_mapping(["colour=نام"])
    with pytest.raises(IngestError, match="is not FIELD=COLUMN"):
        parse_mapping(["name"])


def test_xlsx_rows_are_numbered_as_in_the_sheet(tmp_path: Path) -> None:
    from datetime import datetime

    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.title = "deaths"
    sheet.append(["Name", "Age", "Date"])
    sheet.append(["Мухаммад Резаи", 30, datetime(2019, 11, 16)])
    sheet.append([None, None, None])
    sheet.append(["Zahra Ahmadi", 200, "2019-11-17"])
    path = tmp_path / "list.xlsx"
    book.save(path)
    parsed = read_list(path, sheet="deaths")
    assert [(r.line, r.values["event_date"]) for r in parsed.rows] == [(2, "2019-11-16")]
    assert [(p.line, "age '200'" in p.problem) for p in parsed.problems] == [(4, True)]
    with pytest.raises(IngestError, match="no sheet 'x'"):
        read_list(path, sheet="x")


def test_unsupported_and_empty_files(tmp_path: Path) -> None:
    with pytest.raises(IngestError, match=r"unsupported list format \.pdf"):
        read_list(write(tmp_path, "x", "list.pdf"))
    with pytest.raises(IngestError, match="empty"):
        read_list(write(tmp_path, ""))


def test_dates_keep_their_precision() -> None:
    assert parse_date("2019") == "2019"
    assert parse_date("2019-11") == "2019-11"
    assert parse_date("2019-11-16") == "2019-11-16"
    assert parse_date("16.11.2019") == "2019-11-16"
    assert parse_date("2019-02-30") is None
    assert parse_date("16 November") is None


def test_name_forms() -> None:
    # Persian script romanizes to consonants (م ح م د -> m h m d); the usual Latin and
    # Cyrillic spellings must reduce to the same key.  Checked by hand, letter by letter.
    keys = {skeleton(n) for n in ("محمد رضایی", "Mohammad Rezaei", "Muhammad Rezaie", "Mohammed Rezai",
                                  "Мухаммад Резаи", "Rezaei, Mohammad")}  # fmt: skip
    assert keys == {"mhmz rz"}
    assert skeleton("فاطمه") == skeleton("Fatemeh") == skeleton("Fatima") == "ftm"
    assert skeleton("Хадиджа Джафари") == skeleton("خدیجه جعفری") == skeleton("Khadijeh Ja'fari")
    assert normalized("  José  Núñez-Ortega ") == "jose nunez ortega"
    assert sorted_form("Rezaei Mohammad") == sorted_form("Mohammad  REZAEI") == "mohammad rezaei"
    assert skeleton("Ali") != skeleton("Omar")
