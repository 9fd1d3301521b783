"""Profile validation and defaults."""

from __future__ import annotations

import pytest

from recovery.profile import DEFAULTS, validate_profile, with_defaults
from recovery.validation import ValidationError

FULL = {
    "surgery_date": "2026-11-12",
    "drug": "baclofen",
    "clinic_name": "Clínica São José",
    "clinic_phone": "+1 (555) 014-2 ext 12",
    "emergency_number": "112",
    "fever_threshold_c": 38.3,
    "temperature_unit": "F",
    "reminder_time": "20:30",
    "caregiver_name": "Zoë",
    "pump_model": "SynchroMed II 8637-40",
    "next_refill_date": "2027-01-07",
    "refill_interval_days": 56,
    "cleared": ["driving"],
}


def test_a_full_profile_is_accepted_unchanged() -> None:
    assert validate_profile(FULL) == FULL


def test_only_the_implant_date_is_required_and_defaults_fill_the_rest() -> None:
    minimal = {"surgery_date": "2026-11-12"}
    assert validate_profile(minimal) == minimal
    merged = with_defaults(minimal)
    assert merged["emergency_number"] == "911" and merged["temperature_unit"] == "C"
    merged["cleared"].append("driving")
    assert DEFAULTS["cleared"] == [], "defaults are copied, never shared"


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("surgery_date", "12/11/2026", "YYYY-MM-DD"),
        ("surgery_date", "2026-02-30", "real date"),
        ("drug", "aspirin", "baclofen"),
        ("clinic_name", "   ", "not empty"),
        ("clinic_name", "x" * 81, "too long"),
        ("clinic_name", "Line\nbreak", "one line"),
        ("clinic_phone", "call me", "phone number"),
        ("clinic_phone", "12", "phone number"),
        ("emergency_number", "9-1-1", "digits only"),
        ("emergency_number", 911, "digits only"),
        ("fever_threshold_c", 36.0, "37.5 to 39.5"),
        ("fever_threshold_c", "38", "37.5 to 39.5"),
        ("temperature_unit", "K", "C or F"),
        ("reminder_time", "9:00", "HH:MM"),
        ("reminder_time", "24:00", "HH:MM"),
        ("refill_interval_days", 3, "7 to 365"),
        ("next_refill_date", "soon", "YYYY-MM-DD"),
        ("cleared", ["flying"], "restriction ids"),
        ("cleared", ["driving", "driving"], "twice"),
        ("shoe_size", 9, "not a profile field"),
    ],
)
def test_bad_profile_fields_are_refused_by_name(field: str, value: object, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        validate_profile({**FULL, field: value})
    assert says in refused.value.errors[field]


def test_a_profile_without_an_implant_date_is_refused() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_profile({"drug": "morphine"})
    assert "surgery_date" in refused.value.errors
