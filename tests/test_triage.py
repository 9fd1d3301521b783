"""Triage: each rule's level, the highest-wins policy, reasons with actions, and history."""

from __future__ import annotations

import json

import pytest

from helpers import checkin_at
from recovery.triage import LEVELS, RULES_FILE, Level, assess, load_rules

WHEN = "2026-11-24T09:00:00+01:00"


def level_of(profile: dict[str, object] | None = None, **fields: object) -> str:
    return assess(checkin_at(WHEN, **fields), profile=profile).level


@pytest.mark.parametrize(
    ("fields", "profile", "expected"),
    [
        # emergency
        ({"slow_breathing": True}, None, "emergency"),
        ({"confused_or_hard_to_wake": True}, None, "emergency"),
        ({"leg_weakness": "sudden"}, None, "emergency"),
        ({"temperature_c": 38.0, "stiff_neck": True}, None, "emergency"),
        ({"pump_alarm": "two_tone"}, {"drug": "baclofen"}, "emergency"),
        ({"itching_tingling": True, "temperature_c": 38.5}, {"drug": "baclofen"}, "emergency"),
        ({"spasticity_increase": True, "confused_or_hard_to_wake": True}, {"drug": "baclofen"}, "emergency"),
        # call_doctor
        ({"temperature_c": 38.0}, None, "call_doctor"),
        ({"temperature_c": 39.2}, None, "call_doctor"),
        ({"headache": "severe"}, None, "call_doctor"),
        ({"headache": "mild", "headache_upright": True}, None, "call_doctor"),
        ({"wound": ["drainage"]}, None, "call_doctor"),
        ({"wound": ["redness", "warmth", "opening"]}, None, "call_doctor"),
        ({"pump_swelling": "new_or_growing"}, None, "call_doctor"),
        ({"urination_trouble": True}, None, "call_doctor"),
        ({"bowel_bladder_change": True}, None, "call_doctor"),
        ({"leg_weakness": "gradual"}, None, "call_doctor"),
        ({"stiff_neck": True}, None, "call_doctor"),
        ({"stiff_neck": True, "temperature_c": 37.9}, None, "call_doctor"),
        ({"pump_alarm": "single_tone"}, None, "call_doctor"),
        ({"pump_alarm": "two_tone"}, {"drug": "morphine"}, "call_doctor"),
        ({"pump_alarm": "single_tone"}, {"drug": "baclofen"}, "call_doctor"),
        ({"itching_tingling": True}, {"drug": "baclofen"}, "call_doctor"),
        ({"spasticity_increase": True}, {"drug": "baclofen"}, "call_doctor"),
        # watch
        ({"headache": "mild"}, None, "watch"),
        ({"headache": "moderate"}, None, "watch"),
        ({"pump_swelling": "small_stable"}, None, "watch"),
        ({"nausea": True}, None, "watch"),
        ({"temperature_c": 37.5}, None, "watch"),
        ({"temperature_c": 37.99}, None, "watch"),
        # ok
        ({}, None, "ok"),
        ({"pain": 6, "temperature_c": 37.4, "headache": "none", "wound": []}, None, "ok"),
        ({"pump_swelling": "none", "leg_weakness": "none", "pump_alarm": "none"}, None, "ok"),
        ({"itching_tingling": True, "spasticity_increase": True}, {"drug": "morphine"}, "ok"),
        ({"slow_breathing": False, "confused_or_hard_to_wake": False, "stiff_neck": False}, None, "ok"),
        # drowsiness: watch, or call the clinic in the 3 days after an opioid refill or dose change
        ({"drowsy": True}, {"drug": "morphine"}, "watch"),
        ({"drowsy": True}, {"drug": "morphine", "last_refill_date": "2026-11-22"}, "call_doctor"),
        ({"drowsy": True}, {"drug": "morphine", "last_refill_date": "2026-11-21"}, "watch"),
        ({"drowsy": True}, {"drug": "hydromorphone", "last_dose_change_date": "2026-11-24"}, "call_doctor"),
        ({"drowsy": True}, {"drug": "baclofen", "last_refill_date": "2026-11-24"}, "watch"),
    ],
)
def test_rules_give_their_level(fields: dict[str, object], profile: dict[str, object] | None, expected: str) -> None:
    assert level_of(profile, **fields) == expected


@pytest.mark.parametrize(
    ("threshold", "temperature", "expected"),
    [(38.3, 38.0, "watch"), (38.3, 38.3, "call_doctor"), (37.8, 37.8, "call_doctor"), (37.8, 37.6, "watch")],
)
def test_the_fever_threshold_comes_from_the_profile(threshold: float, temperature: float, expected: str) -> None:
    assert level_of({"fever_threshold_c": threshold}, temperature_c=temperature) == expected


def test_the_highest_level_wins_and_every_reason_is_reported_most_urgent_first() -> None:
    result = assess(
        checkin_at(WHEN, slow_breathing=True, wound=["redness"], nausea=True),
        profile={"clinic_name": "Riverside Pain Clinic", "clinic_phone": "555-0142", "emergency_number": "999"},
    )
    assert result.level == "emergency"
    assert [f.rule_id for f in result.findings] == ["slow_breathing", "wound_signs", "nausea"]
    assert [f.level for f in result.findings] == ["emergency", "call_doctor", "watch"]
    assert "Call 999 now" in result.reasons[0]
    assert "Call Riverside Pain Clinic today on 555-0142" in result.reasons[1]
    assert "redness" in result.reasons[1]
    assert result.title == "Get emergency help now"


def test_reasons_quote_the_reading_in_the_patients_unit() -> None:
    fahrenheit = assess(checkin_at(WHEN, temperature_c=38.6), profile={"temperature_unit": "F"})
    assert "101.5 °F" in fahrenheit.reasons[0] and "100.4 °F" in fahrenheit.reasons[0]
    celsius = assess(checkin_at(WHEN, temperature_c=38.6))
    assert "38.6 °C" in celsius.reasons[0] and "38.0 °C" in celsius.reasons[0]


def test_without_a_profile_the_advice_still_names_whom_to_call() -> None:
    result = assess(checkin_at(WHEN, urination_trouble=True))
    assert "Call your pump clinic today" in result.reasons[0]
    emergency = assess(checkin_at(WHEN, slow_breathing=True))
    assert "Call 911 now" in emergency.reasons[0]


def test_ok_has_no_reasons_but_a_title_and_action() -> None:
    result = assess(checkin_at(WHEN, pain=2))
    assert result.level == Level.OK and result.reasons == [] and result.title and result.action


# ------------------------------------------------------------------ "getting worse, not better"


def history_pain(*day_pains: tuple[str, int]) -> list[dict[str, object]]:
    return [checkin_at(f"{day}T09:00:00+01:00", pain=pain) for day, pain in day_pains]


@pytest.mark.parametrize(
    ("history", "pain", "expected"),
    [
        (history_pain(("2026-11-21", 3), ("2026-11-22", 3), ("2026-11-23", 4)), 5, "call_doctor"),
        (history_pain(("2026-11-21", 3), ("2026-11-22", 3), ("2026-11-23", 4)), 4, "ok"),
        (history_pain(("2026-11-23", 2), ("2026-11-21", 6), ("2026-11-22", 2)), 4, "call_doctor"),  # any order
        (history_pain(("2026-11-20", 1), ("2026-11-23", 5)), 5, "ok"),  # day 4 back does not count
        (history_pain(("2026-11-24", 1)), 8, "ok"),  # same day does not count
        (history_pain(("2026-11-25", 1)), 8, "ok"),  # later check-ins do not count
        ([checkin_at("2026-11-23T09:00:00+01:00", temperature_c=37.0)], 8, "ok"),  # no earlier pain
        ([], 9, "ok"),
    ],
)
def test_pain_two_points_above_the_previous_three_days_median_calls_the_doctor(
    history: list[dict[str, object]], pain: int, expected: str
) -> None:
    assert assess(checkin_at(WHEN, pain=pain), history=history).level == expected


def test_the_pain_reason_quotes_the_numbers() -> None:
    result = assess(checkin_at(WHEN, pain=6), history=history_pain(("2026-11-23", 3), ("2026-11-22", 4)))
    assert "Your pain of 6 is 2.5 points above your usual 3.5" in result.reasons[0]


# ------------------------------------------------------------------ input and rules file


@pytest.mark.parametrize("bad", [{"pain": 3}, checkin_at(WHEN, pain=12), checkin_at(WHEN, fever=True)])
def test_invalid_checkins_raise_value_error(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        assess(bad)


def test_an_invalid_history_entry_used_for_the_baseline_raises() -> None:
    with pytest.raises(ValueError, match="pain"):
        assess(checkin_at(WHEN, pain=5), history=[checkin_at("2026-11-23T09:00:00+01:00", pain=99)])


def test_levels_are_ordered_and_compare_with_plain_strings() -> None:
    assert LEVELS == ("ok", "watch", "call_doctor", "emergency")
    assert Level.OK < Level.WATCH < Level.CALL_DOCTOR < Level.EMERGENCY
    assert Level.WATCH < "emergency" and Level.EMERGENCY >= "call_doctor"
    assert max(Level("watch"), Level("call_doctor")) == "call_doctor"


def test_every_rule_cites_known_sources_and_every_level_has_words() -> None:
    known = set(json.loads((RULES_FILE.parent / "sources.json").read_text(encoding="utf-8"))["sources"])
    book = load_rules()
    assert len(book.rules) >= 20
    for rule in book.rules:
        assert rule.sources and set(rule.sources) <= known, rule.id
    assert set(book.level_titles) == set(Level) == set(book.level_actions)


def test_every_rule_in_the_file_is_reachable_by_some_check_in() -> None:
    """Each rule id appears in the parametrised table above or a dedicated test."""
    covered = {
        "slow_breathing", "confused_or_hard_to_wake", "sudden_leg_weakness", "fever_with_stiff_neck",
        "baclofen_two_tone_alarm", "baclofen_withdrawal_signs", "fever", "severe_headache", "positional_headache",
        "wound_signs", "pump_swelling_new", "urination_trouble", "bowel_bladder_change", "gradual_leg_weakness",
        "stiff_neck", "pump_alarm", "baclofen_itching_or_spasticity", "pain_rising", "headache_mild_or_moderate",
        "small_stable_swelling", "nausea", "raised_temperature", "drowsy", "drowsy_after_pump_change",
    }  # fmt: skip
    assert {rule.id for rule in load_rules().rules} == covered
