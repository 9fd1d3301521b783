"""The check-in vocabulary: what a patient can report, and how it is validated.

A check-in is a plain dict. Every field but ``recorded_at`` is optional, so a partial
check-in ("just my temperature") is as valid as a full one, and several per day are
fine. Validation never repairs or reorders anything: a check-in is either accepted
exactly as given (and so round-trips through the store unchanged) or refused with a
:class:`~recovery.validation.ValidationError` naming each bad field.

The field names are also the CSV export columns, so they are part of the public surface.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recovery.i18n import _, format_number
from recovery.validation import (
    describe,
    has_unsavable_characters,
    is_real_number,
    is_whole_number,
    parse_aware_datetime,
    validate_record,
)

PAIN_MIN, PAIN_MAX = 0, 10
TEMPERATURE_MIN_C, TEMPERATURE_MAX_C = 34.0, 43.0
NOTES_MAX_CHARS = 20_000

HEADACHE = ("none", "mild", "moderate", "severe")
WOUND_SIGNS = ("redness", "warmth", "swelling", "drainage", "opening", "bleeding")
PUMP_SWELLING = ("none", "small_stable", "new_or_growing")
LEG_WEAKNESS = ("none", "gradual", "sudden")
PUMP_ALARM = ("none", "single_tone", "two_tone")


@dataclass(frozen=True)
class Field:
    """One check-in field: its name, its kind, and the plain-language question behind it."""

    name: str
    kind: str  # "datetime" | "int" | "temperature" | "bool" | "choice" | "multi" | "text"
    question: str
    choices: tuple[str, ...] = ()


#: The vocabulary, in the order a form and a CSV file show it.
FIELDS: tuple[Field, ...] = (
    Field("recorded_at", "datetime", "When was this?"),
    Field("pain", "int", "Pain right now, from 0 (none) to 10 (worst imaginable)"),
    Field("temperature_c", "temperature", "Temperature"),
    Field("headache", "choice", "Headache", HEADACHE),
    Field("headache_upright", "bool", "Is the headache worse when you sit or stand, and better lying flat?"),
    Field("stiff_neck", "bool", "Stiff neck"),
    Field("confused_or_hard_to_wake", "bool", "Confused, or hard to wake up"),
    Field("drowsy", "bool", "More drowsy or sleepy than usual"),
    Field("slow_breathing", "bool", "Breathing slow or shallow"),
    Field("nausea", "bool", "Feeling sick (nausea) or vomiting"),
    Field("wound", "multi", "At either incision (belly or back)", WOUND_SIGNS),
    Field("pump_swelling", "choice", "Fluid or a bulge near the pump", PUMP_SWELLING),
    Field("urination_trouble", "bool", "Trouble passing urine"),
    Field("bowel_bladder_change", "bool", "New change in bowel or bladder control"),
    Field("leg_weakness", "choice", "Weakness or numbness in the legs", LEG_WEAKNESS),
    Field("itching_tingling", "bool", "Itching or tingling without a rash"),
    Field("spasticity_increase", "bool", "Muscles stiffer or more spasms than usual"),
    Field("pump_alarm", "choice", "Pump alarm heard", PUMP_ALARM),
    # Added in data version 5 ("Anything else?" in the check-in); optional like every field.
    Field("cannot_pass_urine", "bool", "Not able to pass any urine for 8 hours or more"),
    Field("seizure", "bool", "A seizure (fit)"),
    Field("self_harm_thoughts", "bool", "Thoughts of harming yourself"),
    Field("hallucinations_or_mood_change", "bool", "Seeing or hearing things that are not there, or a sudden change in mood"),
    Field("dizzy_or_fainting", "bool", "Dizzy, light-headed or fainting"),
    Field("rash_or_hives", "bool", "A new rash or hives"),
    Field("pump_moved", "bool", "The pump feels turned, moved or loose under the skin"),
    Field("notes", "text", "Notes"),
)
FIELD_NAMES: tuple[str, ...] = tuple(f.name for f in FIELDS)
_BY_NAME: dict[str, Field] = {f.name: f for f in FIELDS}


def _field_problem(field: Field, value: Any) -> str | None:
    """Why ``value`` is not allowed for ``field``, or ``None`` if it is fine."""
    if field.kind == "datetime":
        try:
            parse_aware_datetime(value)
        except ValueError as exc:
            return str(exc)
        return None
    if field.kind == "int":
        if not is_whole_number(value) or not PAIN_MIN <= value <= PAIN_MAX:
            return _("must be a whole number from {low} to {high} (got {value})").format(
                low=PAIN_MIN, high=PAIN_MAX, value=describe(value)
            )
        return None
    if field.kind == "temperature":
        if not is_real_number(value) or not TEMPERATURE_MIN_C <= value <= TEMPERATURE_MAX_C:
            return _("must be a number of degrees Celsius from {low} to {high} (got {value})").format(
                low=format_number(TEMPERATURE_MIN_C, 1), high=format_number(TEMPERATURE_MAX_C, 1), value=describe(value)
            )
        return None
    if field.kind == "bool":
        if not isinstance(value, bool):
            return _("must be true or false (got {value})").format(value=describe(value))
        return None
    if field.kind == "choice":
        if not isinstance(value, str) or value not in field.choices:
            return _("must be one of {choices} (got {value})").format(choices=", ".join(field.choices), value=describe(value))
        return None
    if field.kind == "multi":
        if not isinstance(value, list):
            return _("must be a list drawn from {choices} (got {value})").format(
                choices=", ".join(field.choices), value=describe(value)
            )
        unknown = [v for v in value if not isinstance(v, str) or v not in field.choices]
        if unknown:
            return _("may only hold {choices} (got {value})").format(choices=", ".join(field.choices), value=describe(unknown[0]))
        if len(set(value)) != len(value):
            return _("lists the same sign twice; list each sign once")
        return None
    if field.kind == "text":
        if not isinstance(value, str):
            return _("must be text (got {value})").format(value=describe(value))
        if len(value) > NOTES_MAX_CHARS:
            return _("is {length} characters long; the limit is {limit}").format(
                length=format_number(len(value)), limit=format_number(NOTES_MAX_CHARS)
            )
        if has_unsavable_characters(value):
            return _("holds characters that cannot be saved (broken emoji or encoding); retype them")
        return None
    raise AssertionError(f"unknown field kind {field.kind}")  # pragma: no cover - table is static


def validate_checkin(checkin: object) -> dict[str, Any]:
    """Return the check-in unchanged if every field is allowed; raise ``ValidationError`` otherwise.

    All problems are reported at once so a form can mark every bad field in one pass.
    """
    return validate_record(
        checkin,
        what="check-in",
        fields=FIELD_NAMES,
        required={"recorded_at": _("is required: every check-in needs the date and time it was made")},
        problem=lambda name, value: _field_problem(_BY_NAME[name], value),
    )


def recorded_at(checkin: Mapping[str, Any]) -> datetime:
    """The moment a (validated) check-in was made, with the offset it was made in."""
    return parse_aware_datetime(checkin["recorded_at"])


def local_day(checkin: Mapping[str, Any]) -> date:
    """The calendar day the patient lived this check-in on.

    It is taken in the offset stored with the check-in, so it never moves when the
    patient travels or the clocks change later.
    """
    return recorded_at(checkin).date()


def celsius_from_fahrenheit(fahrenheit: float) -> float:
    """Convert a reading typed in °F to the °C the check-in stores, to 0.01 °C."""
    return round((fahrenheit - 32.0) * 5.0 / 9.0, 2)


def fahrenheit_from_celsius(celsius: float) -> float:
    """Convert a stored °C reading for display in °F, to 0.1 °F."""
    return round(celsius * 9.0 / 5.0 + 32.0, 1)


def format_temperature(celsius: float, unit: str = "C", lang: str | None = None) -> str:
    """``38.6 °C`` or ``101.5 °F`` (``38,6 °C`` in Spanish): how every screen and report shows a reading.

    In the current language unless ``lang`` says otherwise (the care team's report).
    """
    from recovery.i18n import language

    return language(lang).format_temperature(celsius, unit)


def shown_tenths(celsius: float, unit: str = "C") -> int:
    """A reading as the screen shows it, in tenths of a degree of ``unit`` (38.04 °C → 380).

    Triage compares readings and limits this way, so "100.0 °F" is never called "below
    your limit of 100.0 °F": what the patient sees is what is compared.
    """
    shown = fahrenheit_from_celsius(celsius) if unit == "F" else celsius
    return round(float(f"{shown:.1f}") * 10)
