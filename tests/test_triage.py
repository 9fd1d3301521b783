"""Triage: each rule's level, the highest-wins policy, reasons with actions, and history.

The clinical vignettes for the issue-11 table are in ``test_triage_vignettes.py``; this
module covers the mechanics: wording beside a higher level, units, the rules file.
"""

from __future__ import annotations

import json
import re

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import checkin_at
from recovery.checkin import TEMPERATURE_MAX_C, TEMPERATURE_MIN_C
from recovery.triage import LEVELS, RULES_FILE, Level, assess, load_rules, signs_at

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
        ({"temperature_c": 37.94}, None, "watch"),
        # ok
        ({}, None, "ok"),
        ({"pain": 6, "temperature_c": 37.4, "headache": "none", "wound": []}, None, "ok"),
        ({"pump_swelling": "none", "leg_weakness": "none", "pump_alarm": "none"}, None, "ok"),
        ({"itching_tingling": True, "spasticity_increase": True}, {"drug": "morphine"}, "watch"),  # settles with time, but never "fine"
        ({"slow_breathing": False, "confused_or_hard_to_wake": False, "stiff_neck": False}, None, "ok"),
        # drowsiness: watch, or call the clinic from a refill or dose change day through the 3 days after, any drug
        ({"drowsy": True}, {"drug": "morphine"}, "watch"),
        ({"drowsy": True}, {"drug": "morphine", "last_refill_date": "2026-11-22"}, "call_doctor"),
        ({"drowsy": True}, {"drug": "morphine", "last_refill_date": "2026-11-21"}, "call_doctor"),
        ({"drowsy": True}, {"drug": "morphine", "last_refill_date": "2026-11-20"}, "watch"),
        ({"drowsy": True}, {"drug": "hydromorphone", "last_dose_change_date": "2026-11-24"}, "call_doctor"),
        ({"drowsy": True}, {"drug": "baclofen", "last_refill_date": "2026-11-24"}, "call_doctor"),
    ],
)
def test_rules_give_their_level(fields: dict[str, object], profile: dict[str, object] | None, expected: str) -> None:
    assert level_of(profile, **fields) == expected


@pytest.mark.parametrize(
    ("threshold", "temperature", "expected"),
    [(38.3, 38.0, "watch"), (38.3, 38.3, "call_doctor"), (37.8, 37.8, "call_doctor"), (37.8, 37.6, "watch"), (38.5, 38.4, "watch")],
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
    assert result.reasons[1] == "You reported redness at an incision. Tell the emergency team about this too."
    assert result.reasons[2] == "Also noted: feeling sick. Tell the emergency team about this too."
    assert "urgent care" not in " ".join(result.reasons), "no 'go to urgent care' inside an emergency"
    assert result.title == "Get emergency help now"


def test_beside_a_call_a_watch_sign_is_noted_and_the_call_names_the_clinic() -> None:
    result = assess(
        checkin_at(WHEN, urination_trouble=True, headache="mild", pump_swelling="small_stable"),
        profile={"clinic_name": "Riverside Pain Clinic", "clinic_phone": "555-0142", "surgery_date": "2026-11-22"},
    )
    assert result.level == "call_doctor"
    assert "Call Riverside Pain Clinic today on 555-0142" in result.reasons[0]
    assert result.reasons[1:] == [
        "Also noted: a mild or moderate headache in the first week. Tell Riverside Pain Clinic about this too when you call.",
        "Also noted: small swelling near the pump that is not growing. Tell Riverside Pain Clinic about this too when you call.",
    ]


REASSURING = re.compile(r"\bcommon\b|\bnormal\b|settles|often|nothing here", re.IGNORECASE)


@pytest.mark.parametrize(
    "fields",
    [
        {"slow_breathing": True, "nausea": True, "headache": "mild", "pump_swelling": "small_stable", "wound": ["swelling"]},
        {"temperature_c": 38.6, "nausea": True, "headache": "moderate", "drowsy": True},
        {"pain": 9, "pump_swelling": "small_stable", "temperature_c": 37.6},
    ],
)
def test_no_watch_sign_reassures_beside_a_call_or_an_emergency(fields: dict[str, object]) -> None:
    result = assess(checkin_at(WHEN, **fields), profile={"surgery_date": "2026-11-22"})
    assert result.level >= Level.CALL_DOCTOR
    watch = [f for f in result.findings if f.level == Level.WATCH]
    assert watch, "the case has watch-level signs"
    for finding in watch:
        assert finding.reason.startswith("Also noted: ") and not REASSURING.search(finding.text), finding.text
    assert all(f.action for f in result.findings), "every finding says what to do"


def test_alone_a_watch_sign_keeps_its_own_words() -> None:
    result = assess(checkin_at(WHEN, headache="mild"), profile={"surgery_date": "2026-11-22"})
    assert result.level == "watch" and result.reasons == [
        "A headache is common in the first days. Tell your team if it lasts, gets worse, or is worse when you sit up. "
        "Check in again in a few hours, or sooner if it gets worse."
    ]


@given(
    reading=st.floats(min_value=TEMPERATURE_MIN_C, max_value=TEMPERATURE_MAX_C).map(lambda c: round(c, 2)),
    limit=st.sampled_from([37.5, 37.6, 37.8, 38.0, 38.3, 38.5]),
    unit=st.sampled_from(["C", "F"]),
)
def test_temperature_texts_never_contradict_what_they_show(reading: float, limit: float, unit: str) -> None:
    result = assess(checkin_at(WHEN, temperature_c=reading), profile={"fever_threshold_c": limit, "temperature_unit": unit})
    for finding in result.findings:
        shown = [float(n) for n in re.findall(r"(\d+\.\d)[ \u00a0]°" + unit, finding.full_reason)]
        if finding.rule_id == "fever":
            assert shown[0] >= shown[1], finding.full_reason
        if finding.rule_id == "raised_temperature":
            assert shown[0] < shown[1], finding.full_reason
        if finding.rule_id == "low_temperature":
            assert shown[0] < shown[1], finding.full_reason
        if finding.rule_id == "very_high_temperature":
            assert shown[0] >= shown[1], finding.full_reason


def test_the_self_harm_action_names_the_emergency_number_and_the_clinics_crisis_line() -> None:
    default = assess(checkin_at(WHEN, self_harm_thoughts=True), profile={"emergency_number": "999"})
    assert default.level == "emergency" and "Call 999 now" in default.reasons[0]
    clinic = assess(checkin_at(WHEN, self_harm_thoughts=True), profile={"emergency_number": "999", "crisis_line": "116 123"})
    assert "Call 999 now, or your crisis line on 116 123" in clinic.reasons[0]


@pytest.mark.parametrize(
    ("drug", "says"),
    [("baclofen", 'say "I have a baclofen pump"'), (None, 'say "I have an implanted drug pump", and which medicine')],
)
def test_baclofen_withdrawal_says_call_the_emergency_number_and_what_to_say(drug: str | None, says: str) -> None:
    profile = {"emergency_number": "112", **({"drug": drug} if drug else {})}
    result = assess(checkin_at(WHEN, itching_tingling=True, temperature_c=38.4), profile=profile)
    withdrawal = next(f for f in result.findings if f.rule_id == "baclofen_withdrawal_signs")
    assert withdrawal.action.startswith("Call 112 now") and says in withdrawal.action
    assert "urgent care" not in withdrawal.text


def signs(level: Level, profile: dict[str, object] | None = None) -> list[str]:
    """Help's signs with the no-break spaces (that keep "38.0 °C" on one line) read as spaces."""
    return [sign.replace("\u00a0", " ") for sign in signs_at(level, profile)]


def test_help_signs_state_the_fever_figure_in_both_units() -> None:
    assert "A temperature of 38.0 °C / 100.4 °F or higher" in signs(Level.CALL_DOCTOR)
    assert "A temperature of 100.4 °F / 38.0 °C or higher" in signs(Level.CALL_DOCTOR, {"temperature_unit": "F"})
    assert "A temperature of 38.3 °C / 100.9 °F or higher" in signs(Level.CALL_DOCTOR, {"fever_threshold_c": 38.3})
    emergency = signs(Level.EMERGENCY)
    assert "A temperature of 40.0 °C / 104.0 °F or higher" in emergency
    assert not [sign for sign in emergency + signs(Level.CALL_DOCTOR) if "{" in sign or "limit" in sign.lower()]
    assert "38.0\u00a0°C / 100.4\u00a0°F" in signs_at(Level.CALL_DOCTOR)[2], "a number never wraps away from its unit"


@pytest.mark.parametrize(("drug", "baclofen_signs"), [("morphine", 0), ("baclofen", 6), ("other", 6), (None, 6)])
def test_help_lists_the_baclofen_signs_only_where_they_can_apply(drug: str | None, baclofen_signs: int) -> None:
    profile = {"drug": drug} if drug else {}
    listed = signs(Level.EMERGENCY, profile) + signs(Level.CALL_DOCTOR, profile)
    assert len([sign for sign in listed if sign.startswith("Baclofen pump")]) == baclofen_signs
    assert "Slow or shallow breathing" in listed


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


def test_the_pain_reason_quotes_the_numbers() -> None:
    result = assess(checkin_at(WHEN, pain=6), history=history_pain(("2026-11-23", 3), ("2026-11-22", 4)))
    assert "Your pain of 6 is 2.5 points above your usual 3.5 over the last 7 days" in result.reasons[0]


# ------------------------------------------------------------------ input and rules file


@pytest.mark.parametrize("bad", [{"pain": 3}, checkin_at(WHEN, pain=12), checkin_at(WHEN, fever=True)])
def test_invalid_checkins_raise_value_error(bad: dict[str, object]) -> None:
    with pytest.raises(ValueError):
        assess(bad)


def test_an_invalid_history_entry_is_skipped_and_counted_not_raised() -> None:
    history = [checkin_at("2026-11-23T09:00:00+01:00", pain=99), checkin_at("2026-11-22T09:00:00+01:00", pain=2)]
    result = assess(checkin_at(WHEN, pain=5), history=history)
    assert result.skipped_history == 1 and result.level == "call_doctor"


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
    raw = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    for name, parameter in raw["parameters"].items():
        assert parameter["sources"] and set(parameter["sources"]) <= known, name


@pytest.mark.parametrize(
    ("edit", "says"),
    [
        (lambda raw: raw["rules"][0].update(when={"field": "pulse", "is": True}), "unknown field 'pulse'"),
        (lambda raw: raw["rules"][0].update(when={"drug": ["aspirin"]}), "unknown drug"),
        (lambda raw: raw["rules"][0].update(when={"at_least": 3, "of": [{"fact": "fever"}]}), "at_least"),
        (lambda raw: raw["rules"][0].update(sources=[]), "cites no source"),
        (lambda raw: raw["parameters"]["pain_rise_points"].update(sources=[]), "cites no source"),
        (lambda raw: raw["levels"]["watch"].pop("also"), "levels.watch"),
    ],
)
def test_a_malformed_rules_file_is_refused_by_name(tmp_path, monkeypatch: pytest.MonkeyPatch, edit, says: str) -> None:
    import recovery.rulebook as rulebook

    raw = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    edit(raw)
    bad = tmp_path / "triage_rules.json"
    bad.write_text(json.dumps(raw), encoding="utf-8")
    monkeypatch.setattr(rulebook, "RULES_FILE", bad)
    load_rules.cache_clear()
    try:
        with pytest.raises(rulebook.RulesError, match=re.escape(says)):
            load_rules()
    finally:
        monkeypatch.undo()
        load_rules.cache_clear()


def test_a_history_parsed_once_gives_the_same_assessment_as_the_raw_list() -> None:
    from recovery.triage import History

    raw = [checkin_at("2026-11-22T09:00:00+01:00", pain=2), {"pain": 1}, checkin_at("2026-11-23T09:00:00+01:00", pain=3)]
    parsed = History.of(raw)
    assert parsed.skipped == 1 and len(parsed.entries) == 2 and History.of(parsed) is parsed
    for pain in (3, 5, 9):
        assert assess(checkin_at(WHEN, pain=pain), history=parsed) == assess(checkin_at(WHEN, pain=pain), history=raw)
