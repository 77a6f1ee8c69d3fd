"""Read a victim list (CSV or XLSX) into rows of known fields, reporting bad rows by line.

A column mapping says which column holds which field; without one, columns are matched
by common header names.  Every row keeps its line (CSV: the physical line where the
record starts; XLSX: the sheet row) and its cells as written.  A row that cannot be read
(no name, a date or age that is not one, a stray cell) becomes a ``RowProblem`` naming
the line, and the other rows are still returned: the caller stores them in one go.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from charset_normalizer import from_bytes

from rightsledger.errors import IngestError

# The fields a list can map; name is the only required one.
FIELDS = ("name", "sex", "age", "birth_date", "event", "event_date", "event_place", "text")
FIELD_HELP = {
    "name": "the person's name, in any script, as written",
    "sex": "m/f (male, female, man, woman, ...)",
    "age": "age in years at the event",
    "birth_date": "date of birth (YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY)",
    "event": "what happened: death, arrest, ...",
    "event_date": "date of death or arrest",
    "event_place": "place of death or arrest",
    "text": "free text (notes, circumstances)",
}
_ALIASES = {
    "name": ("name", "full name", "full_name", "fullname", "person", "victim", "victim name"),
    "sex": ("sex", "gender"),
    "age": ("age", "age at death", "age_at_death"),
    "birth_date": ("birth_date", "birth date", "date of birth", "dob", "born", "birthdate"),
    "event": ("event", "violation", "type", "fate"),
    "event_date": (
        "event_date",
        "date",
        "date of death",
        "death_date",
        "date of arrest",
        "arrest_date",
        "date_of_death",
        "event date",
        "died",
        "death date",
        "arrested",
        "arrest date",
    ),
    "event_place": (
        "event_place",
        "place",
        "place of death",
        "death_place",
        "place of arrest",
        "arrest_place",
        "location",
        "city",
        "event place",
    ),
    "text": ("text", "notes", "note", "description", "details", "comment", "comments", "free text"),
}
_SEX = {
    "m": "m",
    "male": "m",
    "man": "m",
    "boy": "m",
    "mr": "m",
    "مرد": "m",
    "ذكر": "m",
    "м": "m",
    "f": "f",
    "female": "f",
    "woman": "f",
    "girl": "f",
    "زن": "f",
    "أنثى": "f",
    "ж": "f",
}
_ISO = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_DMY = re.compile(r"(\d{1,2})[/.](\d{1,2})[/.](\d{4})")
MAX_AGE = 130


@dataclass(frozen=True)
class RowProblem:
    line: int
    problem: str

    def __str__(self) -> str:
        return f"line {self.line}: {self.problem}"


@dataclass(frozen=True)
class ListRow:
    line: int
    values: dict[str, Any]  # field -> cleaned value (str, int or None)
    raw: dict[str, str]  # column -> cell as written


@dataclass
class ParsedList:
    path: str
    sha256: str
    columns: list[str]
    mapping: dict[str, str]  # field -> column
    rows: list[ListRow] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)


def parse_mapping(pairs: Iterable[str]) -> dict[str, str]:
    """``["name=Full name", "age=Age"]`` -> {"name": "Full name", "age": "Age"}."""
    mapping: dict[str, str] = {}
    for pair in pairs:
        key, sep, column = pair.partition("=")
        key, column = key.strip(), column.strip()
        if not sep or not key or not column:
            raise IngestError("--map", f"{pair!r} is not FIELD=COLUMN")
        if key not in FIELDS:
            raise IngestError("--map", f"unknown field {key!r}; fields are {', '.join(FIELDS)}")
        mapping[key] = column
    return mapping


def read_list(
    path: Path, mapping: Mapping[str, str] | None = None, *, sheet: str | None = None
) -> ParsedList:
    """Read ``path`` (.csv/.tsv/.txt or .xlsx) with ``mapping`` (field -> column; others guessed)."""
    try:
        data = path.read_bytes()
    except OSError as error:
        raise IngestError(str(path), f"cannot read it ({error.strerror or error})") from None
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        header, records = _xlsx_records(path, data, sheet)
    elif suffix in (".csv", ".tsv", ".txt"):
        if sheet is not None:
            raise IngestError(str(path), "--sheet applies to XLSX files only")
        header, records = _csv_records(path, data, "\t" if suffix == ".tsv" else None)
    else:
        raise IngestError(
            str(path), f"unsupported list format {suffix or '(none)'}; give a .csv or .xlsx file"
        )
    columns = [h.strip() for h in header]
    resolved = _resolve_mapping(path, columns, mapping or {})
    parsed = ParsedList(str(path), hashlib.sha256(data).hexdigest(), columns, resolved)
    index = {column: i for i, column in enumerate(columns)}
    for line, cells in records:
        if not any(str(c).strip() for c in cells if c is not None):
            continue  # blank lines carry nothing
        if len(cells) > len(columns) and any(str(c).strip() for c in cells[len(columns) :] if c is not None):
            parsed.problems.append(
                RowProblem(line, f"{len(cells)} cells but the header has {len(columns)} columns")
            )
            continue
        raw = {column: _text(cells[i]) if i < len(cells) else "" for column, i in index.items()}
        values, problems = _clean(
            {f: cells[index[c]] if index[c] < len(cells) else None for f, c in resolved.items()}
        )
        if problems:
            parsed.problems.append(RowProblem(line, "; ".join(problems)))
            continue
        parsed.rows.append(ListRow(line, values, raw))
    return parsed


def _resolve_mapping(path: Path, columns: list[str], given: Mapping[str, str]) -> dict[str, str]:
    by_fold = {c.casefold(): c for c in columns}
    mapping: dict[str, str] = {}
    for key, column in given.items():
        if key not in FIELDS:
            raise IngestError(
                str(path), f"unknown field {key!r} in the mapping; fields are {', '.join(FIELDS)}"
            )
        found = column if column in columns else by_fold.get(column.casefold())
        if found is None:
            raise IngestError(str(path), f"no column {column!r} for {key}; columns are {', '.join(columns)}")
        mapping[key] = found
    taken = set(mapping.values())
    for key in FIELDS:
        if key in mapping:
            continue
        guess = next((by_fold[a] for a in _ALIASES[key] if a in by_fold and by_fold[a] not in taken), None)
        if guess is not None:
            mapping[key] = guess
            taken.add(guess)
    if "name" not in mapping:
        raise IngestError(
            str(path), f"no name column; map one with --map name=COLUMN (columns are {', '.join(columns)})"
        )
    return mapping


def _csv_records(
    path: Path, data: bytes, delimiter: str | None
) -> tuple[list[str], Iterator[tuple[int, list[str]]]]:
    text = _decode(path, data)
    if delimiter is None:
        try:
            delimiter = csv.Sniffer().sniff(text[:4096], delimiters=",;\t|").delimiter
        except csv.Error:
            delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = next(reader)
    except StopIteration:
        raise IngestError(str(path), "the file is empty (no header row)") from None
    except csv.Error as error:
        raise IngestError(str(path), f"cannot read the header: {error}") from None

    def records() -> Iterator[tuple[int, list[str]]]:
        start = reader.line_num + 1
        while True:
            try:
                cells = next(reader)
            except StopIteration:
                return
            except csv.Error as error:  # e.g. a NUL byte: that line is lost, the rest is read
                yield start, [f"\x00{error}"]
                start = reader.line_num + 1
                continue
            yield start, cells
            start = reader.line_num + 1

    return header, records()


def _decode(path: Path, data: bytes) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        best = from_bytes(data).best()
        if best is None:
            raise IngestError(str(path), "not text: cannot tell its character encoding") from None
        return str(best)


def _xlsx_records(
    path: Path, data: bytes, sheet: str | None
) -> tuple[list[str], Iterator[tuple[int, list[Any]]]]:
    from openpyxl import load_workbook

    try:
        book = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise IngestError(str(path), f"not a readable XLSX workbook ({type(error).__name__})") from None
    if sheet is not None and sheet not in book.sheetnames:
        raise IngestError(str(path), f"no sheet {sheet!r}; sheets are {', '.join(book.sheetnames)}")
    ws = book[sheet] if sheet is not None else book.worksheets[0]
    rows = ws.iter_rows(values_only=True)
    try:
        header = [_text(c) for c in next(rows)]
    except StopIteration:
        raise IngestError(str(path), "the sheet is empty (no header row)") from None
    while header and not header[-1]:
        header.pop()

    def records() -> Iterator[tuple[int, list[Any]]]:
        for number, cells in enumerate(rows, start=2):
            yield number, list(cells)

    return header, records()


def _text(cell: Any) -> str:
    if cell is None:
        return ""
    if isinstance(cell, datetime):
        return cell.date().isoformat() if cell.time() == datetime.min.time() else cell.isoformat()
    if isinstance(cell, date):
        return cell.isoformat()
    if isinstance(cell, float) and cell.is_integer():
        return str(int(cell))
    return str(cell).strip()


def _clean(cells: dict[str, Any]) -> tuple[dict[str, Any], list[str]]:
    values: dict[str, Any] = dict.fromkeys(FIELDS)
    problems: list[str] = []
    for key, cell in cells.items():
        text = _text(cell)
        if text.startswith("\x00"):
            return values, [f"unreadable CSV record ({text[1:]})"]
        if not text:
            continue
        if key in ("birth_date", "event_date"):
            iso = parse_date(cell if isinstance(cell, date) else text)
            if iso is None:
                problems.append(
                    f"{key} {text!r} is not a date (write YYYY, YYYY-MM, YYYY-MM-DD or DD/MM/YYYY)"
                )
            values[key] = iso
        elif key == "age":
            try:
                age = float(text)
            except ValueError:
                age = -1
            if not (0 <= age <= MAX_AGE) or not age.is_integer():
                problems.append(f"age {text!r} is not a whole number of years between 0 and {MAX_AGE}")
            else:
                values[key] = int(age)
        elif key == "sex":
            sex = _SEX.get(text.casefold().rstrip("."))
            if sex is None:
                problems.append(f"sex {text!r} not understood (write m or f, male or female)")
            values[key] = sex
        elif key == "event":
            values[key] = text.casefold()
        else:
            values[key] = text
    if not values["name"]:
        problems.insert(0, "no name")
    return values, problems


def parse_date(value: Any) -> str | None:
    """ISO text (YYYY, YYYY-MM or YYYY-MM-DD, keeping the precision given) or None."""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    text = str(value).strip()
    if m := _ISO.fullmatch(text):
        y, mo, d = m.group(1), m.group(2), m.group(3)
    elif m := _DMY.fullmatch(text):
        d, mo, y = m.groups()
    else:
        return None
    try:
        if d is not None:
            return date(int(y), int(mo), int(d)).isoformat()
        if mo is not None:
            return f"{int(y):04d}-{int(mo):02d}" if 1 <= int(mo) <= 12 else None
    except ValueError:
        return None
    return f"{int(y):04d}"
