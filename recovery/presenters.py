"""Turn core results into the words a screen shows, without Kivy.

Keeping wording and date formats here means they are tested as plain functions, and
every screen (and later the PDF report) says "Day 12 of about 56" the same way. Dates
are worded in :mod:`recovery.date_words`, the plan (Today and Plan) in
:mod:`recovery.plan_words`; their names are re-exported here.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from recovery.checkin import (
    TEMPERATURE_MAX_C,
    TEMPERATURE_MIN_C,
    celsius_from_fahrenheit,
    format_temperature,
    recorded_at,
)
from recovery.date_words import in_days, short_date  # noqa: F401  (re-exported for the screens)
from recovery.plan_words import (  # noqa: F401  (re-exported for the screens)
    PlanRestriction,
    PlanWeek,
    RestrictionLine,
    TodayView,
    plan_restrictions,
    plan_weeks,
    today_view,
)
from recovery.review import PeriodReview, signs_of
from recovery.validation import ValidationError


def phone_text(number: str) -> str:
    """A phone number that a line break can never split: its spaces become no-break spaces."""
    return number.strip().replace(" ", "\u00a0")


# --------------------------------------------------------------------------- triage results

LEVEL_WORDS = {
    "ok": "Fine",
    "watch": "Keep watching",
    "call_doctor": "Call today",
    "emergency": "Emergency",
}


# --------------------------------------------------------------------------- week review


@dataclass(frozen=True)
class WeekRow:
    """One day of the caregiver's week, as words."""

    day: str
    pain: str
    temperature: str
    signs: str
    level: str
    level_word: str
    highlight: bool
    checkins: str
    details: str = ""
    """Each check-in of the day on its own line: time, readings, signs and level (shown when the row is opened)."""


def week_rows(review: PeriodReview, unit: str, today: date) -> list[WeekRow]:
    """One row per day, newest last, with missed days, warning days and days before first use marked."""
    rows = []
    for day in review.days:
        if day.checkin_count == 0:
            status = "no check-in" if day.missed else "before the app was used" if day.before_first_use else "—"
            rows.append(WeekRow(short_date(day.day, today), "", "", status, "", "", False, ""))
            continue
        level = str(day.level) if day.level else "ok"
        rows.append(
            WeekRow(
                day=short_date(day.day, today),
                pain=f"worst {day.worst_pain}" if day.worst_pain is not None else "",
                temperature=format_temperature(day.highest_temperature_c, unit) if day.highest_temperature_c else "",
                signs=", ".join(day.signs) if day.signs else "no warning signs",
                level=level,
                level_word=LEVEL_WORDS[level],
                highlight=day.needs_attention,
                checkins="1 check-in" if day.checkin_count == 1 else f"{day.checkin_count} check-ins",
                details="\n".join(_entry_line(entry.checkin, str(entry.assessment.level), unit) for entry in day.entries),
            )
        )
    return rows


def _entry_line(checkin: Mapping[str, Any], level: str, unit: str) -> str:
    """"09:10  ·  pain 4  ·  38.4 °C  ·  nausea  —  Call today"."""
    parts = [f"{recorded_at(checkin):%H:%M}"]
    if "pain" in checkin:
        parts.append(f"pain {checkin['pain']}")
    if "temperature_c" in checkin:
        parts.append(format_temperature(checkin["temperature_c"], unit))
    parts.extend(signs_of(checkin))
    return "  ·  ".join(parts) + f"  —  {LEVEL_WORDS[level]}"


def week_summary(review: PeriodReview) -> str:
    """The Week screen's first line: emergencies named as such, calls, missed days, days before first use."""
    def days(count: int) -> str:
        return f"{count} day{'s' if count != 1 else ''}"

    parts = []
    if review.emergency_days:
        parts.append(f"{days(review.emergency_days)} reached an emergency")
    if review.call_days:
        parts.append(f"{days(review.call_days)} needed a call to the clinic")
    if not parts:
        parts.append("No day needed a call")
    if review.missed_days:
        parts.append(f"{days(review.missed_days)} without a check-in")
    if review.days_before_first_use:
        parts.append(f"{days(review.days_before_first_use)} before the app was used")
    return ". ".join(parts) + "."


def trend_line(review: PeriodReview) -> str:
    """"Average pain 3.4, down 1.2 from the week before" and similar."""
    if review.average_pain is None:
        return "No pain scores this week."
    text = f"Average pain {review.average_pain:g}"
    trend = review.pain_trend
    if trend is None:
        return text + "."
    if trend == 0:
        return text + ", the same as the week before."
    direction = "up" if trend > 0 else "down"
    return text + f", {direction} {abs(trend):g} from the week before."


# --------------------------------------------------------------------------- the check-in form

#: Single-choice questions: field → [(value, label)].
CHOICES: dict[str, list[tuple[str, str]]] = {
    "headache": [("none", "None"), ("mild", "Mild"), ("moderate", "Moderate"), ("severe", "Severe")],
    "pump_swelling": [("none", "No swelling"), ("small_stable", "Small, not growing"), ("new_or_growing", "New or growing")],
    "leg_weakness": [("none", "Normal"), ("gradual", "Weaker over days"), ("sudden", "Suddenly weak or numb")],
    "pump_alarm": [("none", "No alarm"), ("single_tone", "Single beeps"), ("two_tone", "Two-tone alarm")],
}
WOUND_CHOICES: list[tuple[str, str]] = [
    ("redness", "Redness"),
    ("warmth", "Warm to touch"),
    ("swelling", "Swelling"),
    ("drainage", "Leaking fluid"),
    ("opening", "Opening up"),
    ("bleeding", "Bleeding"),
]
#: Yes/no signs shown as chips; a picked chip records ``True``.
SIGN_CHOICES: list[tuple[str, str]] = [
    ("slow_breathing", "Breathing slow or shallow"),
    ("confused_or_hard_to_wake", "Confused or hard to wake"),
    ("stiff_neck", "Stiff neck"),
    ("nausea", "Feeling sick"),
    ("urination_trouble", "Trouble passing urine"),
    ("bowel_bladder_change", "Bowel or bladder change"),
    ("itching_tingling", "Itching or tingling"),
    ("spasticity_increase", "Stiffer muscles, more spasms"),
]
#: The "Anything else?" group (data version 5): rarer signs, folded away so a normal day stays two taps.
MORE_SIGN_CHOICES: list[tuple[str, str]] = [
    ("cannot_pass_urine", "No urine for 8 hours"),
    ("seizure", "A seizure (fit)"),
    ("self_harm_thoughts", "Thoughts of harming myself"),
    ("hallucinations_or_mood_change", "Seeing or hearing things, or a sudden mood change"),
    ("dizzy_or_fainting", "Dizzy or fainting"),
    ("rash_or_hives", "A new rash or hives"),
    ("pump_moved", "Pump feels moved or loose"),
]
TEMPERATURE_RANGES = {"C": (TEMPERATURE_MIN_C, TEMPERATURE_MAX_C), "F": (93.2, 109.4)}
TEMPERATURE_EXAMPLES = {"C": "37.2", "F": "98.6"}


def parse_temperature(text: str, unit: str) -> float | None:
    """A typed reading in the patient's unit as stored °C; ``None`` if left empty.

    Raises ``ValueError`` with a message for beside the field, in plain words, quoting
    what was typed: a letter in the number ("1o1.3"), a reading in the other unit, or a
    number no thermometer shows on a person ("399" for 39.9).
    """
    typed = text.strip()
    cleaned = typed.replace(",", ".").rstrip("°CFcf ").strip()
    if not cleaned:
        return None
    low, high = TEMPERATURE_RANGES[unit]
    example = TEMPERATURE_EXAMPLES[unit]
    try:
        value = float(cleaned)
    except ValueError:
        odd = next((c for c in cleaned if not (c.isdigit() or c in ".-+")), "")
        if not any(c.isdigit() for c in cleaned):
            what = "is not a number"
        elif odd.isalpha():
            what = f"has the letter “{odd}” in it"
        else:
            what = f"has “{odd}” in it" if odd.strip() else "is more than one number"
        raise ValueError(f"“{typed}” {what}. Type the temperature as a number, like {example}.") from None
    if not math.isfinite(value) or not low <= value <= high:
        other = "F" if unit == "C" else "C"
        other_low, other_high = TEMPERATURE_RANGES[other]
        if other_low <= value <= other_high:
            raise ValueError(
                f"{value:g} looks like °{other}, but the app is set to °{unit}. Type it in °{unit}, like {example}, "
                "or change the unit in Settings."
            )
        raise ValueError(f"{value:g} °{unit} is not a body temperature. Type a number from {low:g} to {high:g}, like {example}.")
    celsius = value if unit == "C" else celsius_from_fahrenheit(value)
    return round(min(max(celsius, TEMPERATURE_MIN_C), TEMPERATURE_MAX_C), 2)


@dataclass
class CheckinForm:
    """What the check-in screen collected; only answered questions become fields."""

    pain: int | None = None
    temperature_text: str = ""
    headache: str | None = None
    headache_upright: bool | None = None
    wound: list[str] = field(default_factory=list)
    wound_answered: bool = False
    pump_swelling: str | None = None
    leg_weakness: str | None = None
    signs: list[str] = field(default_factory=list)
    pump_alarm: str | None = None
    notes: str = ""
    drowsy: bool | None = None

    def fields(self, unit: str) -> dict[str, Any]:
        """The check-in fields (without ``recorded_at``); raises ``ValidationError`` for bad input."""
        result: dict[str, Any] = {}
        if self.pain is not None:
            result["pain"] = self.pain
        try:
            temperature = parse_temperature(self.temperature_text, unit)
        except ValueError as exc:
            raise ValidationError({"temperature_c": str(exc)}, what="check-in") from None
        if temperature is not None:
            result["temperature_c"] = temperature
        for name in ("headache", "pump_swelling", "leg_weakness", "pump_alarm"):
            value = getattr(self, name)
            if value is not None:
                result[name] = value
        if self.headache not in (None, "none") and self.headache_upright is not None:
            result["headache_upright"] = self.headache_upright
        if self.wound or self.wound_answered:
            result["wound"] = list(self.wound)
        for sign in self.signs:
            result[sign] = True
        if self.drowsy is not None:
            result["drowsy"] = self.drowsy
        if self.notes.strip():
            result["notes"] = self.notes.strip()
        return result


# --------------------------------------------------------------------------- the profile form

DRUG_CHOICES: list[tuple[str, str]] = [
    ("morphine", "Morphine"),
    ("hydromorphone", "Hydromorphone"),
    ("fentanyl", "Fentanyl"),
    ("sufentanil", "Sufentanil"),
    ("ziconotide", "Ziconotide (Prialt)"),
    ("baclofen", "Baclofen"),
    ("bupivacaine", "Bupivacaine"),
    ("clonidine", "Clonidine"),
    ("other", "Other or not sure"),
]
UNIT_CHOICES: list[tuple[str, str]] = [("C", "°C"), ("F", "°F")]
TEXT_SCALE_CHOICES: list[tuple[float, str]] = [(0.9, "Small"), (1.0, "Normal"), (1.25, "Large"), (1.5, "Largest")]
#: An implant date further than this from today is probably a typo; the form asks once.
PLAUSIBLE_DAYS = 365


def profile_from_form(
    answers: Mapping[str, Any], keep: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """A profile from the form's answers: text trimmed, empty optional fields left out.

    ``keep`` holds fields the form does not show (clearances, refill dates, text size)
    so editing the profile in Settings never drops them.
    """
    profile: dict[str, Any] = {k: v for k, v in (keep or {}).items()}
    for name, value in answers.items():
        if isinstance(value, str):
            value = value.strip()
        if value in ("", None):
            profile.pop(name, None)
        else:
            profile[name] = value
    return profile


def surgery_date_question(text: str, today: date) -> str:
    """A question to confirm an unlikely implant date (empty when the date looks right)."""
    try:
        chosen = date.fromisoformat(text.strip())
    except ValueError:
        return ""
    days = (chosen - today).days
    if days > PLAUSIBLE_DAYS:
        return f"That is {days} days from now. Check the year, or press Save again if it is right."
    if days < -PLAUSIBLE_DAYS * 3:
        return f"That is {-days // 365} years ago. Check the year, or press Save again if it is right."
    return ""


# --------------------------------------------------------------------------- the pump


DRUG_WORDS = dict(DRUG_CHOICES)


def refill_line(settings: Mapping[str, Any], today: date) -> str:
    """"Next refill: Thu 17 Dec (in 23 days)", or a prompt when no date is known."""
    from recovery.pump import refill_date

    refill = refill_date(settings)
    if refill is None:
        return ""
    if refill < today:
        return f"Refill was due {short_date(refill, today)} ({in_days(refill, today)}). Log it, or call your clinic."
    return f"Next refill: {short_date(refill, today)} ({in_days(refill, today)})."


def pump_card_lines(settings: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The facts on the pump card, in the order a stranger in an emergency needs them."""
    drug = settings.get("drug")
    drug_text = DRUG_WORDS.get(drug, "not recorded") if drug else "not recorded"
    if settings.get("drug_concentration"):
        drug_text += f", {settings['drug_concentration']}"
    surgery = date.fromisoformat(settings["surgery_date"])
    clinic = " · ".join(p for p in (settings.get("clinic_name"), settings.get("clinic_phone")) if p)
    return [
        ("Name", settings.get("patient_name") or "not recorded"),
        ("Implanted pump", "intrathecal drug pump (medicine into the spine)"),
        ("Medicine", drug_text),
        ("Pump model", settings.get("pump_model") or "not recorded"),
        ("Implanted", f"{surgery.day} {surgery:%B %Y}"),
        ("Pump clinic", clinic or "not recorded"),
        ("After hours", settings.get("after_hours_phone") or "not recorded"),
    ]


def battery_line(earliest: date, latest: date, book_by: date, today: date) -> str:
    months = (book_by.year - today.year) * 12 + book_by.month - today.month
    when = f"{earliest:%B %Y} and {latest:%B %Y}"
    if months <= 0:
        return f"The battery is expected to run out between {when}. It is time to book the replacement."
    return f"The battery is expected to run out between {when}. Book the replacement around {book_by:%B %Y}."
