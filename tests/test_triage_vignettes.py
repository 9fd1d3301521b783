"""Clinical vignettes: one row per case a reviewing clinician tried, with the level the sources support.

Each vignette names the issue-11 rule row it proves (``rNN`` in its id), the check-in,
the profile, the earlier check-ins, the level expected, and the rules that must (and
must not) be among the findings. Together they cover every row of the table in issue 11,
the °F boundaries, an unknown drug, shuffled histories and invalid history entries.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import pytest

from helpers import checkin_at
from recovery.checkin import celsius_from_fahrenheit
from recovery.triage import assess, load_rules

WHEN = "2026-11-24T09:00:00+01:00"
F = {"temperature_unit": "F"}


def at(day: int, hour: int = 9, offset: str = "+01:00", **fields: Any) -> dict[str, Any]:
    """An earlier check-in on 2026-11-``day`` at ``hour``."""
    return checkin_at(f"2026-11-{day:02d}T{hour:02d}:00:00{offset}", **fields)


def fahrenheit(reading: float) -> float:
    """What the check-in stores when a reading is typed in °F."""
    return celsius_from_fahrenheit(reading)


def implant_days_ago(days: int) -> dict[str, str]:
    from datetime import date, timedelta

    return {"surgery_date": (date(2026, 11, 24) - timedelta(days=days)).isoformat()}


def shuffled(entries: list[dict[str, Any]], seed: int) -> list[dict[str, Any]]:
    copy = list(entries)
    random.Random(seed).shuffle(copy)
    return copy


@dataclass(frozen=True)
class Vignette:
    fields: dict[str, Any]
    level: str
    profile: dict[str, Any] = field(default_factory=dict)
    history: list[Any] = field(default_factory=list)
    matches: tuple[str, ...] = ()
    not_matches: tuple[str, ...] = ()
    skipped: int = 0


RISING = [at(18, pain=2), at(20, pain=3), at(23, pain=3)]  # median 3
GARBAGE: list[Any] = ["not a check-in", None, 42, {"pain": 3}, at(23, pain=99), {"recorded_at": "yesterday", "pain": 1}]

VIGNETTES = {
    # 1. pain >= 8 is a call, whatever the history
    "r01-pain-10-no-history": Vignette({"pain": 10}, "call_doctor", matches=("severe_pain",)),
    "r01-pain-8-boundary": Vignette({"pain": 8}, "call_doctor", matches=("severe_pain",)),
    "r01-pain-7-alone-is-fine": Vignette({"pain": 7}, "ok"),
    "r01-pain-9-steady-history": Vignette(
        {"pain": 9}, "call_doctor", history=[at(22, pain=9), at(23, pain=9)], matches=("severe_pain",), not_matches=("pain_rising",)
    ),
    # 2. pain rising: >= 2 above the median of the 7 days before, same-day earlier check-ins count
    "r02-two-above-the-week": Vignette({"pain": 5}, "call_doctor", history=RISING, matches=("pain_rising",)),
    "r02-one-above-is-fine": Vignette({"pain": 4}, "ok", history=RISING),
    "r02-exactly-7-days-back-counts": Vignette({"pain": 4}, "call_doctor", history=[at(17, pain=2)], matches=("pain_rising",)),
    "r02-8-days-back-is-ignored": Vignette({"pain": 4}, "ok", history=[at(16, pain=2)]),
    "r02-same-day-earlier-counts": Vignette({"pain": 4}, "call_doctor", history=[at(24, hour=7, pain=2)], matches=("pain_rising",)),
    "r02-same-day-later-is-ignored": Vignette({"pain": 4}, "ok", history=[at(24, hour=11, pain=2)]),
    "r02-one-earlier-check-in-is-enough": Vignette({"pain": 5}, "call_doctor", history=[at(23, pain=3)], matches=("pain_rising",)),
    "r02-earlier-check-ins-without-pain": Vignette({"pain": 5}, "ok", history=[at(23, temperature_c=37.0)]),
    "r02-another-time-zone-earlier": Vignette(
        {"pain": 3}, "call_doctor", history=[at(23, hour=20, offset="-05:00", pain=1)], matches=("pain_rising",)
    ),
    "r02-shuffled-history-a": Vignette({"pain": 5}, "call_doctor", history=shuffled(RISING, 1), matches=("pain_rising",)),
    "r02-shuffled-history-b": Vignette(
        {"pain": 6}, "call_doctor", history=shuffled([*RISING, at(21, pain=8), at(22, pain=4)], 7), matches=("pain_rising",)
    ),
    # 3. any two of: fever, severe headache, stiff neck
    "r03-fever-and-stiff-neck": Vignette({"temperature_c": 38.0, "stiff_neck": True}, "emergency", matches=("meningitis_signs",)),
    "r03-fever-and-severe-headache": Vignette(
        {"temperature_c": 38.2, "headache": "severe"}, "emergency", matches=("meningitis_signs", "fever", "severe_headache")
    ),
    "r03-severe-headache-and-stiff-neck": Vignette({"headache": "severe", "stiff_neck": True}, "emergency", matches=("meningitis_signs",)),
    "r03-stiff-neck-alone": Vignette({"stiff_neck": True}, "call_doctor", matches=("stiff_neck",), not_matches=("meningitis_signs",)),
    "r03-below-the-limit-and-stiff-neck": Vignette({"temperature_c": 37.9, "stiff_neck": True}, "call_doctor"),
    "r03-100.4F-and-stiff-neck": Vignette({"temperature_c": fahrenheit(100.4), "stiff_neck": True}, "emergency", profile=F),
    # 4. 40.0 °C / 104.0 °F or higher
    "r04-40.0C": Vignette({"temperature_c": 40.0}, "emergency", matches=("very_high_temperature", "fever")),
    "r04-39.9C": Vignette({"temperature_c": 39.9}, "call_doctor", not_matches=("very_high_temperature",)),
    "r04-39.95C-shows-40.0C": Vignette({"temperature_c": 39.95}, "emergency"),
    "r04-104.0F": Vignette({"temperature_c": fahrenheit(104.0)}, "emergency", profile=F),
    "r04-103.9F": Vignette({"temperature_c": fahrenheit(103.9)}, "call_doctor", profile=F),
    "r04-39.95C-shows-103.9F": Vignette({"temperature_c": 39.95}, "call_doctor", profile=F),
    # 5. below 35.5 °C / 95.9 °F
    "r05-35.4C": Vignette({"temperature_c": 35.4}, "call_doctor", matches=("low_temperature",)),
    "r05-35.5C": Vignette({"temperature_c": 35.5}, "ok"),
    "r05-95.8F": Vignette({"temperature_c": fahrenheit(95.8)}, "call_doctor", profile=F, matches=("low_temperature",)),
    "r05-95.9F": Vignette({"temperature_c": fahrenheit(95.9)}, "ok", profile=F),
    # 6. drowsy alone, any drug
    "r06-drowsy-morphine": Vignette({"drowsy": True}, "watch", profile={"drug": "morphine"}, matches=("drowsy",)),
    "r06-drowsy-ziconotide": Vignette({"drowsy": True}, "watch", profile={"drug": "ziconotide"}),
    "r06-drowsy-no-drug": Vignette({"drowsy": True}, "watch"),
    # 7. drowsy within 72 h of a refill or dose change, any drug
    "r07-morphine-refill-today": Vignette(
        {"drowsy": True}, "call_doctor", profile={"drug": "morphine", "last_refill_date": "2026-11-24"}, matches=("drowsy_after_pump_change",)
    ),
    "r07-baclofen-refill-2-days-ago": Vignette(
        {"drowsy": True}, "call_doctor", profile={"drug": "baclofen", "last_refill_date": "2026-11-22"}, matches=("drowsy_after_pump_change",)
    ),
    "r07-ziconotide-dose-change-3-days-ago": Vignette(
        {"drowsy": True}, "call_doctor", profile={"drug": "ziconotide", "last_dose_change_date": "2026-11-21"}
    ),
    "r07-clonidine-refill-4-days-ago": Vignette(
        {"drowsy": True}, "watch", profile={"drug": "clonidine", "last_refill_date": "2026-11-20"}, not_matches=("drowsy_after_pump_change",)
    ),
    "r07-no-drug-refill-yesterday": Vignette({"drowsy": True}, "call_doctor", profile={"last_refill_date": "2026-11-23"}),
    "r07-refill-but-not-drowsy": Vignette({"drowsy": False}, "ok", profile={"drug": "morphine", "last_refill_date": "2026-11-24"}),
    # 8. baclofen: drowsy with any leg weakness
    "r08-baclofen-drowsy-weaker-over-days": Vignette(
        {"drowsy": True, "leg_weakness": "gradual"}, "emergency", profile={"drug": "baclofen"}, matches=("baclofen_drowsy_and_weak",)
    ),
    "r08-baclofen-drowsy-legs-normal": Vignette({"drowsy": True, "leg_weakness": "none"}, "watch", profile={"drug": "baclofen"}),
    "r08-morphine-drowsy-weaker-over-days": Vignette(
        {"drowsy": True, "leg_weakness": "gradual"},
        "call_doctor",
        profile={"drug": "morphine"},
        matches=("gradual_leg_weakness", "drowsy"),
        not_matches=("baclofen_drowsy_and_weak",),
    ),
    # 9. baclofen: itching/tingling or stiffer muscles with any pump alarm
    "r09-baclofen-itching-single-beeps": Vignette(
        {"itching_tingling": True, "pump_alarm": "single_tone"}, "emergency", profile={"drug": "baclofen"}, matches=("baclofen_signs_with_alarm",)
    ),
    "r09-baclofen-spasms-two-tone": Vignette(
        {"spasticity_increase": True, "pump_alarm": "two_tone"}, "emergency", profile={"drug": "baclofen"}
    ),
    "r09-baclofen-itching-no-alarm": Vignette(
        {"itching_tingling": True, "pump_alarm": "none"}, "call_doctor", profile={"drug": "baclofen"}, matches=("baclofen_itching_or_spasticity",)
    ),
    "r09-morphine-itching-single-beeps": Vignette(
        {"itching_tingling": True, "pump_alarm": "single_tone"}, "call_doctor", profile={"drug": "morphine"}, matches=("pump_alarm",)
    ),
    # 10. drug "other" or not set: the baclofen rules apply
    "r10-no-drug-two-tone": Vignette({"pump_alarm": "two_tone"}, "emergency", matches=("baclofen_two_tone_alarm",)),
    "r10-other-itching": Vignette({"itching_tingling": True}, "call_doctor", profile={"drug": "other"}, matches=("baclofen_itching_or_spasticity",)),
    "r10-other-spasms-and-fever": Vignette(
        {"spasticity_increase": True, "temperature_c": 38.4}, "emergency", profile={"drug": "other"}, matches=("baclofen_withdrawal_signs",)
    ),
    "r10-no-drug-drowsy-and-weak": Vignette({"drowsy": True, "leg_weakness": "gradual"}, "emergency", matches=("baclofen_drowsy_and_weak",)),
    "r10-hydromorphone-two-tone-is-a-call": Vignette(
        {"pump_alarm": "two_tone"}, "call_doctor", profile={"drug": "hydromorphone"}, not_matches=("baclofen_two_tone_alarm",)
    ),
    # 11. any leg weakness with a bowel/bladder change or trouble passing urine
    "r11-weaker-over-days-and-bowel-change": Vignette(
        {"leg_weakness": "gradual", "bowel_bladder_change": True},
        "emergency",
        profile={"drug": "morphine"},
        matches=("leg_weakness_with_bladder_or_bowel", "bowel_bladder_change"),
    ),
    "r11-sudden-weakness-and-urine-trouble": Vignette(
        {"leg_weakness": "sudden", "urination_trouble": True},
        "emergency",
        profile={"drug": "morphine"},
        matches=("leg_weakness_with_bladder_or_bowel", "sudden_leg_weakness", "urination_trouble"),
    ),
    "r11-weaker-over-days-and-urine-trouble": Vignette(
        {"leg_weakness": "gradual", "urination_trouble": True}, "emergency", profile={"drug": "morphine"}
    ),
    "r11-legs-normal-and-urine-trouble": Vignette({"leg_weakness": "none", "urination_trouble": True}, "call_doctor", profile={"drug": "morphine"}),
    # 12-18: the new "Anything else?" fields
    "r12-no-urine-for-8-hours": Vignette({"cannot_pass_urine": True}, "emergency", matches=("cannot_pass_urine",)),
    "r12-answered-no": Vignette({"cannot_pass_urine": False}, "ok"),
    "r13-seizure": Vignette({"seizure": True}, "emergency", matches=("seizure",)),
    "r14-self-harm-thoughts": Vignette({"self_harm_thoughts": True}, "emergency", matches=("self_harm_thoughts",)),
    "r15-hallucinations-or-mood": Vignette(
        {"hallucinations_or_mood_change": True}, "call_doctor", profile={"drug": "morphine"}, matches=("hallucinations_or_mood_change",)
    ),
    "r16-dizzy-or-fainting": Vignette({"dizzy_or_fainting": True}, "call_doctor", matches=("dizzy_or_fainting",)),
    "r17-rash-or-hives": Vignette({"rash_or_hives": True}, "call_doctor", matches=("rash_or_hives",)),
    "r18-pump-moved": Vignette({"pump_moved": True}, "call_doctor", matches=("pump_moved",)),
    "r15-18-all-no": Vignette(
        {"hallucinations_or_mood_change": False, "dizzy_or_fainting": False, "rash_or_hives": False, "pump_moved": False}, "ok"
    ),
    # 19. swelling alone at a cut in the first 14 days is "keep an eye on it"
    "r19-swelling-day-3": Vignette(
        {"wound": ["swelling"]}, "watch", profile=implant_days_ago(3), matches=("wound_swelling_first_weeks",), not_matches=("wound_signs",)
    ),
    "r19-swelling-day-14": Vignette({"wound": ["swelling"]}, "watch", profile=implant_days_ago(14)),
    "r19-swelling-day-15": Vignette({"wound": ["swelling"]}, "call_doctor", profile=implant_days_ago(15), matches=("wound_signs",)),
    "r19-swelling-and-redness-day-3": Vignette({"wound": ["swelling", "redness"]}, "call_doctor", profile=implant_days_ago(3)),
    "r19-leaking-day-2": Vignette({"wound": ["drainage"]}, "call_doctor", profile=implant_days_ago(2)),
    "r19-swelling-implant-date-unknown": Vignette({"wound": ["swelling"]}, "call_doctor"),
    # 20. baclofen withdrawal signs with fever or confusion
    "r20-baclofen-itching-and-fever": Vignette(
        {"itching_tingling": True, "temperature_c": 38.5}, "emergency", profile={"drug": "baclofen"}, matches=("baclofen_withdrawal_signs",)
    ),
    "r20-baclofen-spasms-and-confusion": Vignette(
        {"spasticity_increase": True, "confused_or_hard_to_wake": True}, "emergency", profile={"drug": "baclofen"}
    ),
    # The fever limit, compared in the patient's unit at the precision the screen shows
    "fever-100.0F-against-37.8C-is-at-the-limit": Vignette(
        {"temperature_c": fahrenheit(100.0)}, "call_doctor", profile={**F, "fever_threshold_c": 37.8}, matches=("fever",)
    ),
    "fever-99.9F-against-37.8C-is-below": Vignette(
        {"temperature_c": fahrenheit(99.9)}, "watch", profile={**F, "fever_threshold_c": 37.8}, matches=("raised_temperature",)
    ),
    "fever-100.4F-default-limit": Vignette({"temperature_c": fahrenheit(100.4)}, "call_doctor", profile=F),
    "fever-100.3F-default-limit": Vignette({"temperature_c": fahrenheit(100.3)}, "watch", profile=F),
    "fever-37.95C-shows-38.0C": Vignette({"temperature_c": 37.95}, "call_doctor"),
    "fever-37.95C-shows-100.3F": Vignette({"temperature_c": 37.95}, "watch", profile=F),
    "fever-38.3C-clinic-limit": Vignette({"temperature_c": 38.0}, "watch", profile={"fever_threshold_c": 38.3}),
    "fever-profile-limit-above-range-is-capped": Vignette({"temperature_c": 38.5}, "call_doctor", profile={"fever_threshold_c": 39.5}),
    "raised-37.5C": Vignette({"temperature_c": 37.5}, "watch", matches=("raised_temperature",)),
    "raised-99.4F-shows-below-99.5F": Vignette({"temperature_c": fahrenheit(99.4)}, "ok", profile=F),
    # Invalid earlier check-ins are skipped and counted, never an exception
    "history-garbage-slow-breathing": Vignette({"slow_breathing": True}, "emergency", history=GARBAGE, skipped=6),
    "history-garbage-around-a-valid-baseline": Vignette(
        {"pain": 6}, "call_doctor", history=[*GARBAGE, at(22, pain=3)], matches=("pain_rising",), skipped=6
    ),
    "history-garbage-only": Vignette({"pain": 6}, "ok", history=GARBAGE, skipped=6),
    # Headache: "common in the first days" only in week 1
    "headache-mild-day-2": Vignette({"headache": "mild"}, "watch", profile=implant_days_ago(2), matches=("headache_first_week",)),
    "headache-moderate-day-30": Vignette(
        {"headache": "moderate"}, "watch", profile=implant_days_ago(30), matches=("headache_mild_or_moderate",), not_matches=("headache_first_week",)
    ),
    # The rules issue 11 kept, each once more
    "kept-slow-breathing-whatever-else": Vignette(
        {"slow_breathing": True, "confused_or_hard_to_wake": True, "nausea": True, "pump_swelling": "small_stable"},
        "emergency",
        matches=("slow_breathing", "confused_or_hard_to_wake", "nausea", "small_stable_swelling"),
    ),
    "kept-positional-headache": Vignette(
        {"headache": "moderate", "headache_upright": True}, "call_doctor", profile=implant_days_ago(4), matches=("positional_headache",)
    ),
    "kept-new-pump-swelling": Vignette({"pump_swelling": "new_or_growing"}, "call_doctor", matches=("pump_swelling_new",)),
    # Found by an outside reviewer's vignettes (written from the sources alone, without the rules)
    "outside-morphine-two-tone-and-dizzy": Vignette(
        {"pump_alarm": "two_tone", "dizzy_or_fainting": True}, "emergency", profile={"drug": "morphine"}, matches=("alarm_and_unwell",)
    ),
    "outside-hydromorphone-single-beeps-and-drowsy": Vignette(
        {"pump_alarm": "single_tone", "drowsy": True}, "emergency", profile={"drug": "hydromorphone"}, matches=("alarm_and_unwell",)
    ),
    "outside-morphine-single-beeps-alone-is-a-call": Vignette(
        {"pump_alarm": "single_tone"}, "call_doctor", profile={"drug": "morphine"}, not_matches=("alarm_and_unwell",)
    ),
    "outside-baclofen-itching-spasms-light-headed": Vignette(
        {"itching_tingling": True, "spasticity_increase": True, "dizzy_or_fainting": True},
        "emergency",
        profile={"drug": "baclofen"},
        matches=("baclofen_signs_with_dizziness",),
    ),
    "outside-morphine-dizzy-and-itching-is-a-call": Vignette(
        {"itching_tingling": True, "dizzy_or_fainting": True},
        "call_doctor",
        profile={"drug": "morphine"},
        not_matches=("baclofen_signs_with_dizziness",),
    ),
    "outside-morphine-stiffer-muscles-is-not-fine": Vignette(
        {"spasticity_increase": True}, "watch", profile={"drug": "morphine"}, matches=("itching_or_stiffness",)
    ),
    "outside-ziconotide-itching-is-not-fine": Vignette(
        {"itching_tingling": True}, "watch", profile={"drug": "ziconotide"}, matches=("itching_or_stiffness",)
    ),
    "outside-baclofen-itching-is-a-call-not-a-watch": Vignette(
        {"itching_tingling": True}, "call_doctor", profile={"drug": "baclofen"}, not_matches=("itching_or_stiffness",)
    ),
    # A normal day
    "normal-day": Vignette(
        {"pain": 3, "temperature_c": 36.8, "headache": "none", "wound": [], "pump_swelling": "none", "leg_weakness": "none", "pump_alarm": "none"},
        "ok",
        profile={"drug": "morphine", **implant_days_ago(12)},
    ),
}


@pytest.mark.parametrize("name", sorted(VIGNETTES))
def test_vignette(name: str) -> None:
    case = VIGNETTES[name]
    result = assess(checkin_at(WHEN, **case.fields), profile=case.profile, history=case.history)
    found = {finding.rule_id for finding in result.findings}
    assert result.level == case.level, f"{name}: {sorted(found)}"
    assert set(case.matches) <= found, f"{name}: {sorted(found)}"
    assert not set(case.not_matches) & found, f"{name}: {sorted(found)}"
    assert result.skipped_history == case.skipped
    assert (result.title == "Nothing here needs a call") == (not result.findings)


def test_there_are_enough_vignettes_and_every_row_and_rule_is_proven() -> None:
    assert len(VIGNETTES) >= 60
    rows = {name[1:3] for name in VIGNETTES if name.startswith("r") and name[1:3].isdigit()}
    assert rows == {f"{n:02d}" for n in range(1, 21)}
    proven = {rule for case in VIGNETTES.values() for rule in case.matches}
    assert {rule.id for rule in load_rules().rules} == proven, "every rule in the file is proven by a vignette"
