"""The check-in vocabulary: what is accepted exactly as given, and what is refused by name."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import NEW_SIGNS, checkin_at, json_values as json_values_strategy
from recovery.checkin import (
    FIELD_NAMES,
    NOTES_MAX_CHARS,
    celsius_from_fahrenheit,
    fahrenheit_from_celsius,
    format_temperature,
    local_day,
    validate_checkin,
)
from recovery.validation import ValidationError

WHEN = "2026-11-24T08:30:00+01:00"

FULL = {
    "recorded_at": WHEN,
    "pain": 4,
    "temperature_c": 37.2,
    "headache": "mild",
    "headache_upright": False,
    "stiff_neck": False,
    "confused_or_hard_to_wake": False,
    "drowsy": False,
    "slow_breathing": False,
    "nausea": True,
    "wound": ["redness", "warmth"],
    "pump_swelling": "small_stable",
    "urination_trouble": False,
    "bowel_bladder_change": False,
    "leg_weakness": "none",
    "itching_tingling": False,
    "spasticity_increase": False,
    "pump_alarm": "none",
    "cannot_pass_urine": False,
    "seizure": False,
    "self_harm_thoughts": False,
    "hallucinations_or_mood_change": False,
    "dizzy_or_fainting": True,
    "rash_or_hives": False,
    "pump_moved": False,
    "notes": "Walked to the corner twice. Ça va mieux — 😊",
}


def test_the_vocabulary_is_exactly_the_issue_list_in_csv_order() -> None:
    assert FIELD_NAMES == tuple(FULL)


@pytest.mark.parametrize("name", NEW_SIGNS)
@pytest.mark.parametrize("value", [1, "yes", None, [True]], ids=["int", "text", "null", "list"])
def test_the_new_signs_are_optional_bools_refused_by_name_otherwise(name: str, value: object) -> None:
    assert validate_checkin(checkin_at(WHEN, **{name: True})) == checkin_at(WHEN, **{name: True})
    assert validate_checkin(checkin_at(WHEN, **{name: False})) == checkin_at(WHEN, **{name: False})
    with pytest.raises(ValidationError) as refused:
        validate_checkin(checkin_at(WHEN, **{name: value}))
    assert refused.value.errors == {name: f"must be true or false (got {value!r})"}


@pytest.mark.parametrize(
    "checkin",
    [
        FULL,
        checkin_at(WHEN),
        checkin_at(WHEN, pain=0),
        checkin_at(WHEN, pain=10),
        checkin_at(WHEN, temperature_c=34.0),
        checkin_at(WHEN, temperature_c=43),
        checkin_at("2026-11-24T07:30:00Z", wound=[]),
        checkin_at("2026-11-24T07:30:00.123456-05:00", notes=""),
        checkin_at(WHEN, notes="x" * NOTES_MAX_CHARS),
        checkin_at(WHEN, notes="שלום\u200f مرحبا\n\ttab and newline"),
    ],
    ids=["full", "only-time", "pain-0", "pain-10", "temp-min", "temp-int-max", "utc-z", "micro", "notes-max", "rtl"],
)
def test_valid_checkins_are_returned_unchanged(checkin: dict[str, object]) -> None:
    assert validate_checkin(checkin) == checkin


@pytest.mark.parametrize(
    ("field", "value", "says"),
    [
        ("pain", 11, "0 to 10"),
        ("pain", -1, "0 to 10"),
        ("pain", 4.0, "whole number"),
        ("pain", True, "whole number"),
        ("pain", "4", "whole number"),
        ("temperature_c", 33.9, "34.0 to 43.0"),
        ("temperature_c", 43.1, "34.0 to 43.0"),
        ("temperature_c", math.nan, "Celsius"),
        ("temperature_c", math.inf, "Celsius"),
        ("temperature_c", "37.5", "Celsius"),
        ("headache", "awful", "none, mild, moderate, severe"),
        ("headache", None, "none, mild, moderate, severe"),
        ("headache_upright", "yes", "true or false"),
        ("stiff_neck", 1, "true or false"),
        ("wound", "redness", "list"),
        ("wound", ["pus"], "redness"),
        ("wound", ["redness", "redness"], "once"),
        ("pump_swelling", "huge", "new_or_growing"),
        ("leg_weakness", "some", "gradual"),
        ("pump_alarm", "beep", "two_tone"),
        ("notes", 42, "text"),
        ("notes", "x" * (NOTES_MAX_CHARS + 1), "20,000"),
        ("notes", "broken \ud800 emoji", "cannot be saved"),
        ("recorded_at", "2026-11-24T08:30:00", "UTC offset"),
        ("recorded_at", "yesterday", "2026-01-31T08:30:00+01:00"),
        ("recorded_at", 1732435800, "date and time"),
    ],
)
def test_bad_values_are_refused_naming_the_field_and_what_is_allowed(field: str, value: object, says: str) -> None:
    with pytest.raises(ValueError) as refused:
        validate_checkin(checkin_at(WHEN, **{field: value}) if field != "recorded_at" else {"recorded_at": value})
    assert isinstance(refused.value, ValidationError)
    assert field in refused.value.errors
    assert says in refused.value.errors[field]
    assert field in str(refused.value)


def test_unknown_keys_and_a_missing_time_are_refused_together() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_checkin({"pain": 3, "mood": "good"})
    assert set(refused.value.errors) == {"recorded_at", "mood"}
    assert "not a check-in field" in refused.value.errors["mood"]


@pytest.mark.parametrize("not_a_dict", [None, [], "pain=3", 3])
def test_a_checkin_must_be_a_mapping(not_a_dict: object) -> None:
    with pytest.raises(ValueError, match="set of fields"):
        validate_checkin(not_a_dict)


def test_local_day_is_the_day_in_the_offset_it_was_recorded_in() -> None:
    late_evening_in_new_york = checkin_at("2026-11-24T23:59:59-05:00")
    assert str(local_day(late_evening_in_new_york)) == "2026-11-24"
    just_after_midnight = checkin_at("2026-11-25T00:00:00-05:00")
    assert local_day(just_after_midnight) != local_day(late_evening_in_new_york)


@pytest.mark.parametrize(("fahrenheit", "celsius"), [(98.6, 37.0), (100.4, 38.0), (101.0, 38.33), (93.2, 34.0)])
def test_fahrenheit_readings_convert_to_the_stored_celsius(fahrenheit: float, celsius: float) -> None:
    assert celsius_from_fahrenheit(fahrenheit) == pytest.approx(celsius, abs=0.01)
    assert fahrenheit_from_celsius(celsius) == pytest.approx(fahrenheit, abs=0.1)


def test_temperatures_are_shown_in_the_patients_unit() -> None:
    assert format_temperature(38.6, "C") == "38.6 °C"
    assert format_temperature(38.0, "F") == "100.4 °F"


json_values = json_values_strategy()
VALID_VALUES = {
    "recorded_at": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    "pain": st.integers(0, 10),
    "temperature_c": st.floats(34.0, 43.0),
    "headache": st.sampled_from(("none", "mild", "moderate", "severe")),
    "wound": st.lists(st.sampled_from(("redness", "warmth", "swelling", "drainage", "opening", "bleeding")), unique=True),
    "pump_swelling": st.sampled_from(("none", "small_stable", "new_or_growing")),
    "leg_weakness": st.sampled_from(("none", "gradual", "sudden")),
    "pump_alarm": st.sampled_from(("none", "single_tone", "two_tone")),
    "notes": st.text(max_size=200),
}
field_value = {name: st.one_of(VALID_VALUES.get(name, st.booleans()), json_values) for name in FIELD_NAMES}
candidates = st.fixed_dictionaries(
    {}, optional={**field_value, "other": json_values}  # type: ignore[arg-type]
)


@given(candidates)
def test_any_dict_is_accepted_unchanged_or_refused_with_a_validation_error(candidate: dict[str, object]) -> None:
    try:
        accepted = validate_checkin(candidate)
    except ValidationError as refused:
        assert refused.errors and all(isinstance(m, str) and m for m in refused.errors.values())
    else:
        assert accepted == candidate
        assert "recorded_at" in candidate and "other" not in candidate
