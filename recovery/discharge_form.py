"""The "My discharge sheet" form: typed text in, a :class:`DischargeSheet` out, or a plain message per field.

Parsing happens here, once, at the edge: the screen hands over what is in its fields
and gets back a typed value or a :class:`~recovery.validation.ValidationError` whose
messages are sentences a patient can act on ("Type the date like 2026-12-21, or pick
it with the − and + buttons."). Every sentence the form can show is in :data:`SAYS`
(English ids, shown in the patient's language).
"""

from __future__ import annotations

import uuid
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date, time, timedelta, tzinfo
from types import MappingProxyType

from recovery.checkin import celsius_from_fahrenheit, fahrenheit_from_celsius
from recovery.discharge import (
    FEVER_RANGE_C,
    LIFTING_RANGE,
    MAX_APPOINTMENTS,
    MAX_LENGTH,
    OTHER_MAX_CHARS,
    SHEET_RESTRICTIONS,
    UNTIL_CLEARED,
    VISIT_NAME_MAX_CHARS,
    DischargeSheet,
    Length,
    Visit,
    Weight,
    appointment_date_problem,
    valid_zone,
    visit_name_problem,
)
from recovery.i18n import N_, _, language
from recovery.number_words import decimal, temperature
from recovery.plan_model import APPOINTMENT_KINDS, REPLACING_KINDS
from recovery.validation import ValidationError

FEVER_RANGE_F = (99.5, 101.3)
#: Every sentence the form shows, in one place (for wording reviews; English ids, shown translated).
SAYS = {
    "weeks": N_("Type a number of weeks from 1 to {max}, like 6, or leave it empty for the usual advice."),
    "days": N_("Type a number of days from 1 to {max}, like 14, or leave it empty for the usual advice."),
    "shower": N_("Type the day after your operation, from 1 to {max}, like 3 (the operation day is day 0), or leave it empty."),
    "weight": N_("Type the weight from {low} to {high} {unit}, like {example}, or leave it empty for the usual advice."),
    "fever": N_("Type a temperature from {low} to {high} °{unit}, like {example}, or leave it empty for the usual {usual}."),
    "other_long": N_("That is too long: at most {max} characters (this has {count}). Keep the most important part."),
    "kind": N_("Pick what the appointment is for."),
    "only_one": N_("You already entered this one. Remove it first, or pick \u201c{another}\u201d."),
    "too_many": N_("That is {max} appointments already. Remove one that is over first."),
    "name": N_("Type what the visit is, like Physiotherapy or Pump check."),
    "name_long": N_("Keep the name short: at most {max} characters."),
    "date": N_("Type the date like {example}, or pick it with the \u2212 and + buttons."),
    "time": N_("Type the time like 10:30 (24-hour), or leave it empty if the sheet gives none."),
}
FEVER_EXAMPLES = {"C": 38.0, "F": 100.4}
WEIGHT_EXAMPLES = {"lb": 10.0, "kg": 4.5}


def says(key: str, **words: object) -> str:
    """The sentence :data:`SAYS` ``[key]`` in the patient's language, with ``words`` filled in."""
    return _(SAYS[key]).format(**words)


@dataclass(frozen=True)
class SheetAnswers:
    """What the sheet form's fields hold, as typed.

    ``lengths`` maps a restriction id to (text, unit), unit ``weeks``, ``days`` or
    ``until_cleared``; the shower's text is the first day a shower is allowed.
    """

    lengths: Mapping[str, tuple[str, str]]
    weight: tuple[str, str]
    fever: str
    other: str


def parse_sheet_answers(
    answers: SheetAnswers, temperature_unit: str, keep: DischargeSheet
) -> DischargeSheet:
    """The sheet the form describes; appointments come from ``keep`` (they are saved one by one).

    Raises ``ValidationError`` mapping each bad field ("driving", "weight", "fever",
    "other") to a sentence. An unchanged fever limit keeps its stored value exactly.
    """
    errors: dict[str, str] = {}
    lengths: dict[str, Length] = {}
    for restriction_id in SHEET_RESTRICTIONS:
        text, unit = answers.lengths.get(restriction_id, ("", "weeks"))
        if unit == UNTIL_CLEARED:
            lengths[restriction_id] = Length(until_cleared=True)
            continue
        if restriction_id == "shower":
            unit = "days"
        amount = _whole(text)
        if amount is _EMPTY:
            continue
        if amount is None or not 1 <= amount <= MAX_LENGTH[unit]:
            key = "shower" if restriction_id == "shower" else unit
            errors[restriction_id] = says(key, max=MAX_LENGTH[unit])
            continue
        lengths[restriction_id] = Length(amount, unit)

    weight = None
    text, unit = answers.weight
    amount = _number(text)
    low, high = LIFTING_RANGE[unit]
    if amount is None or (amount is not _EMPTY and not low <= amount <= high):
        errors["weight"] = says("weight", low=decimal(low), high=decimal(high), unit=unit, example=decimal(WEIGHT_EXAMPLES[unit]))
    elif amount is not _EMPTY:
        weight = Weight(float(amount), unit)

    fever = _fever(answers.fever, temperature_unit, keep.fever_threshold_c)
    if isinstance(fever, str):
        errors["fever"] = fever
        fever = None

    other = answers.other.strip()
    if len(other) > OTHER_MAX_CHARS:
        errors["other"] = says("other_long", max=OTHER_MAX_CHARS, count=len(other))
    if errors:
        raise ValidationError(errors, what="discharge sheet")
    return DischargeSheet(keep.appointments, MappingProxyType(lengths), weight, fever, other)


def fever_text(celsius: float | None, unit: str) -> str:
    """A stored fever limit as the field shows it, in the patient's unit (``38.0``, ``38,0``)."""
    if celsius is None:
        return ""
    value = fahrenheit_from_celsius(celsius) if unit == "F" else celsius
    return language().format_number(round(value, 1), 1)


def _fever(text: str, unit: str, stored: float | None) -> float | None | str:
    """°C from the typed limit, ``None`` if empty, or the message if it cannot be used."""
    if stored is not None and text.strip() == fever_text(stored, unit):
        return stored
    value = _number(text.strip().rstrip("°CFcf ").strip())
    if value is _EMPTY:
        return None
    low, high = FEVER_RANGE_F if unit == "F" else FEVER_RANGE_C
    if value is None or not low <= value <= high:
        return says(
            "fever",
            low=decimal(low),
            high=decimal(high),
            unit=unit,
            example=language().format_number(FEVER_EXAMPLES[unit], 1),
            usual=temperature(38.0, unit),
        )
    celsius = celsius_from_fahrenheit(value) if unit == "F" else round(float(value), 2)
    return min(max(celsius, FEVER_RANGE_C[0]), FEVER_RANGE_C[1])


def parse_visit(
    *,
    kind: str | None,
    name: str,
    date_text: str,
    time_text: str,
    surgery: date,
    today: date,
    zone: tzinfo | None,
    sheet: DischargeSheet,
    replacing: str | None = None,
) -> Visit:
    """A new appointment (or a changed one, ``replacing`` its id); ``ValidationError`` per field otherwise."""
    errors: dict[str, str] = {}
    others = [v for v in sheet.appointments if v.id != replacing]
    if kind not in APPOINTMENT_KINDS:
        errors["kind"] = says("kind")
    elif kind in REPLACING_KINDS and any(v.kind == kind for v in others):
        errors["kind"] = says("only_one", another=_("Another follow-up"))
    elif len(others) >= MAX_APPOINTMENTS:
        errors["kind"] = says("too_many", max=MAX_APPOINTMENTS)
    name = " ".join(name.split())
    if kind == "other" or name:
        problem = visit_name_problem(name)
        if problem:
            errors["name"] = says("name") if not name else says("name_long", max=VISIT_NAME_MAX_CHARS)
    on = _date(date_text)
    if on is None:
        errors["date"] = says("date", example=_example_date(today, surgery))
    else:
        problem = appointment_date_problem(on, surgery, today)
        if problem:
            errors["date"] = problem
    at: time | None = None
    if time_text.strip():
        at = _time(time_text)
        if at is None:
            errors["time"] = says("time")
    if errors:
        raise ValidationError(errors, what="appointment")
    assert kind is not None and on is not None
    return Visit(replacing or uuid.uuid4().hex, kind, on, at, name if kind != "stitches_out" else "", zone_name(zone))


def with_visit(sheet: DischargeSheet, visit: Visit) -> DischargeSheet:
    """``sheet`` with ``visit`` added, or put in place of the one with its id, in date order."""
    kept = [v for v in sheet.appointments if v.id != visit.id] + [visit]
    kept.sort(key=lambda v: (v.on, v.at or time.min, v.id))
    return replace(sheet, appointments=tuple(kept))


def without_visit(sheet: DischargeSheet, visit_id: str) -> DischargeSheet:
    return replace(sheet, appointments=tuple(v for v in sheet.appointments if v.id != visit_id))


def zone_name(zone: tzinfo | None) -> str | None:
    """The IANA name of ``zone`` (``Europe/Berlin``) if it has one, so a visit keeps its time zone."""
    key = getattr(zone, "key", None)
    return key if valid_zone(key) else None


class _Empty:
    """Marks a field left empty (distinct from ``None``, a field that does not parse)."""


_EMPTY = _Empty()


def _whole(text: str) -> int | None | _Empty:
    cleaned = text.strip()
    if not cleaned:
        return _EMPTY
    return int(cleaned) if cleaned.isascii() and cleaned.isdigit() and len(cleaned) <= 4 else None


def _number(text: str) -> float | None | _Empty:
    cleaned = text.strip().replace(",", ".")
    if not cleaned:
        return _EMPTY
    try:
        value = float(cleaned)
    except ValueError:
        return None
    return value if value == value and abs(value) < 1e6 else None


def _date(text: str) -> date | None:
    cleaned = text.strip()
    try:
        parsed = date.fromisoformat(cleaned)
    except ValueError:
        return None
    return parsed if parsed.isoformat() == cleaned else None


def _time(text: str) -> time | None:
    cleaned = text.strip().replace(".", ":")
    if len(cleaned) == 4 and cleaned[1] == ":":
        cleaned = "0" + cleaned
    if len(cleaned) != 5 or cleaned[2] != ":" or not (cleaned[:2] + cleaned[3:]).isdigit():
        return None
    hours, minutes = int(cleaned[:2]), int(cleaned[3:])
    return time(hours, minutes) if hours < 24 and minutes < 60 else None


def _example_date(today: date, surgery: date) -> str:
    return (max(today, surgery) + timedelta(days=14)).isoformat()
