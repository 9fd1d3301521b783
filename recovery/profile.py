"""The patient's profile: implant date, drug, clinic, units and preferences.

Like a check-in, a profile is a plain dict that is either accepted exactly as given or
refused with every bad field named. Defaults (emergency number 911, °C, a 09:00
reminder) are filled in by :func:`with_defaults` when the profile is read, not written
into the file, so a later change of default reaches everyone who never chose.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from recovery.drugs import DRUGS, OPIOIDS  # noqa: F401  (OPIOIDS: part of this module's public names)
from recovery.plan import RESTRICTION_IDS
from recovery.validation import describe, is_real_number, is_whole_number, parse_iso_date, phone_problem, validate_record

TEMPERATURE_UNITS = ("C", "F")
#: Text-size steps offered in Settings (1.0 = 100 %).
TEXT_SCALES = (0.9, 1.0, 1.25, 1.5)
FEVER_THRESHOLD_RANGE_C = (37.5, 39.5)
REFILL_INTERVAL_RANGE_DAYS = (7, 365)
NAME_MAX_CHARS = 80

DEFAULTS: Mapping[str, Any] = {
    "emergency_number": "911",
    "temperature_unit": "C",
    "reminder_time": "09:00",
    "cleared": [],
    "text_scale": 1.0,
}
PROFILE_FIELDS = (
    "surgery_date",
    "patient_name",
    "drug",
    "clinic_name",
    "clinic_phone",
    "emergency_number",
    "fever_threshold_c",
    "temperature_unit",
    "reminder_time",
    "caregiver_name",
    "pump_model",
    "next_refill_date",
    "last_refill_date",
    "refill_interval_days",
    "last_dose_change_date",
    "drug_concentration",
    "after_hours_phone",
    "trial_date",
    "trial_relief_percent",
    "preop_done",
    "cleared",
    "text_scale",
    "language",  # stand-in for the i18n-core branch's field (optional "en" | "es"); the lead keeps theirs at merge
)
PREOP_ITEMS = ("tests", "clearance", "medicines", "driver_help", "tobacco")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")


def _name_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not value.strip():
        return "must be text, not empty"
    if len(value) > NAME_MAX_CHARS:
        return f"is too long ({len(value)} characters; at most {NAME_MAX_CHARS})"
    if any(ord(ch) < 32 for ch in value):
        return "must be on one line, without control characters"
    return None


def _emergency_number_problem(value: Any) -> str | None:
    if not isinstance(value, str) or not value.isascii() or not value.isdigit() or not 2 <= len(value) <= 6:
        return f"must be a short number of digits only, such as 911, 999, 112 or 000 (got {describe(value)})"
    return None


def _field_problem(name: str, value: Any) -> str | None:
    if name in ("surgery_date", "next_refill_date", "last_refill_date", "last_dose_change_date", "trial_date"):
        try:
            parse_iso_date(value)
        except ValueError as exc:
            return str(exc)
        return None
    if name == "drug":
        return None if value in DRUGS else f"must be one of {', '.join(DRUGS)} (got {describe(value)})"
    if name in ("patient_name", "clinic_name", "caregiver_name", "pump_model"):
        return _name_problem(value)
    if name in ("clinic_phone", "after_hours_phone"):
        return phone_problem(value)
    if name == "drug_concentration":
        return _name_problem(value)
    if name == "trial_relief_percent":
        if not is_whole_number(value) or not 0 <= value <= 100:
            return f"must be a whole number of percent from 0 to 100 (got {describe(value)})"
        return None
    if name == "preop_done":
        if not isinstance(value, list) or any(v not in PREOP_ITEMS for v in value) or len(set(value)) != len(value):
            return f"must list checklist items from {', '.join(PREOP_ITEMS)}, each once (got {describe(value)})"
        return None
    if name == "emergency_number":
        return _emergency_number_problem(value)
    if name == "fever_threshold_c":
        low, high = FEVER_THRESHOLD_RANGE_C
        if not is_real_number(value) or not low <= value <= high:
            return f"must be a temperature in °C from {low} to {high} (got {describe(value)})"
        return None
    if name == "temperature_unit":
        return None if value in TEMPERATURE_UNITS else f"must be C or F (got {describe(value)})"
    if name == "reminder_time":
        if not isinstance(value, str) or not _TIME.match(value):
            return f"must be a time of day written HH:MM, 24-hour (got {describe(value)})"
        return None
    if name == "refill_interval_days":
        low, high = REFILL_INTERVAL_RANGE_DAYS
        if not is_whole_number(value) or not low <= value <= high:
            return f"must be a whole number of days from {low} to {high} (got {describe(value)})"
        return None
    if name == "language":  # stand-in, see PROFILE_FIELDS
        return None if value in ("en", "es") else f"must be en or es (got {describe(value)})"
    if name == "text_scale":
        if not is_real_number(value) or value not in TEXT_SCALES:
            return f"must be one of {', '.join(f'{round(s * 100)} %' for s in TEXT_SCALES)} (got {describe(value)})"
        return None
    if name == "cleared":
        if not isinstance(value, list) or any(v not in RESTRICTION_IDS for v in value):
            return f"must list restriction ids from {', '.join(RESTRICTION_IDS)} (got {describe(value)})"
        if len(set(value)) != len(value):
            return "lists the same restriction twice"
        return None
    raise AssertionError(name)  # pragma: no cover - PROFILE_FIELDS is static


def validate_profile(profile: object) -> dict[str, Any]:
    """Return the profile unchanged if it is valid; raise ``ValidationError`` naming each bad field."""
    return validate_record(
        profile,
        what="profile",
        fields=PROFILE_FIELDS,
        required={"surgery_date": "is required: the implant date (or the planned date) starts the plan"},
        problem=_field_problem,
    )


def with_defaults(profile: Mapping[str, Any]) -> dict[str, Any]:
    """The profile with defaults filled in for every field the patient has not set."""
    merged = {key: (list(value) if isinstance(value, list) else value) for key, value in DEFAULTS.items()}
    merged.update(profile)
    return merged
