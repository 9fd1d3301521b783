"""Check-ins as CSV: one row per check-in, one column per field of the vocabulary.

The columns are named exactly as the check-in fields, plus ``temperature_f`` right after
``temperature_c``: the same reading in °F, for patients (and spreadsheets) that think in
Fahrenheit. It is derived: import reads °C when given, and converts ``temperature_f``
only for a row that has no °C. Lists are joined with ``;``;
true/false are written ``true``/``false``; an empty cell means "not answered" (so an
empty list or empty note reads back as not answered). The file
is UTF-8 with a byte-order mark so spreadsheet programs open accents and symbols
correctly, and a text cell that a spreadsheet would run as a formula (``=``, ``+``,
``-``, ``@``) is prefixed with ``'``, reversibly: import removes exactly one leading ``'``.

The column names and the values (``true``, ``redness``) stay English in every language:
they are the import format, and a file must read back on any computer. The messages
about a bad row are in the patient's language.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from recovery.checkin import FIELDS, celsius_from_fahrenheit, fahrenheit_from_celsius, validate_checkin
from recovery.i18n import _
from recovery.validation import ValidationError

FAHRENHEIT = "temperature_f"
_KIND = {field.name: field.kind for field in FIELDS}
_FIELD_NAMES = tuple(field.name for field in FIELDS)
COLUMNS = tuple(
    column for name in _FIELD_NAMES for column in ((name, FAHRENHEIT) if name == "temperature_c" else (name,))
)
_FORMULA_STARTS = ("=", "+", "-", "@", "'", "\t", "\r")


def _cell(name: str, value: Any) -> str:
    kind = _KIND[name]
    if kind == "bool":
        return "true" if value else "false"
    if kind == "multi":
        return ";".join(value)
    text = str(value)
    if kind == "text" and text.startswith(_FORMULA_STARTS):
        return "'" + text
    return text


def checkins_to_csv(checkins: Iterable[Mapping[str, Any]]) -> bytes:
    """The CSV file for ``checkins`` (already valid), as UTF-8 bytes with BOM."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for checkin in checkins:
        row = {name: _cell(name, checkin[name]) for name in _FIELD_NAMES if name in checkin}
        if "temperature_c" in checkin:
            row[FAHRENHEIT] = f"{fahrenheit_from_celsius(checkin['temperature_c']):.1f}"
        writer.writerow([row.get(name, "") for name in COLUMNS])
    return buffer.getvalue().encode("utf-8-sig")


def _value(name: str, text: str) -> Any:
    """One cell back to a field value; raises ``ValueError`` with the allowed form."""
    kind = _KIND[name]
    if kind == "int":
        try:
            return int(text)
        except ValueError:
            raise ValueError(_("must be a whole number from 0 to 10 (got {value})").format(value=repr(text))) from None
    if kind == "temperature":
        try:
            return int(text) if text.strip().lstrip("-").isdigit() else float(text)
        except ValueError:
            raise ValueError(_("must be a number of degrees Celsius (got {value})").format(value=repr(text))) from None
    if kind == "bool":
        lowered = text.strip().lower()
        if lowered not in ("true", "false"):
            raise ValueError(_("must be true or false (got {value})").format(value=repr(text)))
        return lowered == "true"
    if kind == "multi":
        return [part.strip() for part in text.split(";") if part.strip()]
    if kind == "text" and text.startswith("'"):
        return text[1:]
    return text


@dataclass(frozen=True)
class BadRow:
    """A row that could not be imported: its line in the file and why."""

    line: int
    errors: dict[str, str]

    def __str__(self) -> str:
        problems = "; ".join(f"{field}: {message}" for field, message in self.errors.items())
        return _("line {n}: {problems}").format(n=self.line, problems=problems)


@dataclass(frozen=True)
class ParsedCSV:
    checkins: list[dict[str, Any]]
    bad_rows: list[BadRow]


def parse_checkins_csv(data: bytes) -> ParsedCSV:
    """Read every row and validate it; bad rows are reported by line number and field.

    A wrong header (an unknown or missing ``recorded_at`` column) is reported as line 1.
    """
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        return ParsedCSV([], [BadRow(1, {"file": _("is not UTF-8 text (bad byte at position {n})").format(n=exc.start)})])
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        header = next(reader)
    except StopIteration:
        return ParsedCSV([], [BadRow(1, {"file": _("is empty; the first line must name the columns")})])
    unknown = [name for name in header if name not in _KIND and name != FAHRENHEIT]
    if unknown or "recorded_at" not in header or len(set(header)) != len(header):
        if unknown:
            problem = _("unknown column {name}; columns are {columns}").format(name=repr(unknown[0]), columns=", ".join(COLUMNS))
        elif len(set(header)) != len(header):
            problem = _("a column is named twice; columns are {columns}").format(columns=", ".join(COLUMNS))
        else:
            problem = _("the recorded_at column is missing; columns are {columns}").format(columns=", ".join(COLUMNS))
        return ParsedCSV([], [BadRow(1, {"header": problem})])
    checkins, bad = [], []
    for row in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            bad.append(BadRow(line, {"row": _("has {n} cells; the header has {columns}").format(n=len(row), columns=len(header))}))
            continue
        checkin: dict[str, Any] = {}
        errors: dict[str, str] = {}
        fahrenheit = ""
        for name, cell in zip(header, row):
            if cell == "":
                continue
            if name == FAHRENHEIT:
                fahrenheit = cell
                continue
            try:
                checkin[name] = _value(name, cell)
            except ValueError as exc:
                errors[name] = str(exc)
        if fahrenheit and "temperature_c" not in checkin and "temperature_c" not in errors:
            try:
                checkin["temperature_c"] = celsius_from_fahrenheit(float(fahrenheit))
            except ValueError:
                errors[FAHRENHEIT] = _("must be a number of degrees Fahrenheit (got {value})").format(value=repr(fahrenheit))
        if not errors:
            try:
                validate_checkin(checkin)
            except ValidationError as exc:
                errors = exc.errors
        if errors:
            bad.append(BadRow(line, errors))
        else:
            checkins.append(checkin)
    return ParsedCSV(checkins, bad)
