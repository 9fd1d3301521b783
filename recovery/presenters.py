"""Turn core results into the words a screen shows, without Kivy.

Keeping wording and date formats here means they are tested as plain functions, and
every screen (and later the PDF report) says "Day 12 of about 56" the same way.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from recovery.checkin import (
    TEMPERATURE_MAX_C,
    TEMPERATURE_MIN_C,
    celsius_from_fahrenheit,
    format_temperature,
    recorded_at,
)
from recovery.plan import PlanStatus, RecoveryPlan
from recovery.review import PeriodReview, signs_of
from recovery.triage import Assessment
from recovery.validation import ValidationError


def short_date(day: date, today: date) -> str:
    """``Thu 26 Nov``, with the year only when it is not this year."""
    text = f"{day:%a} {day.day} {day:%b}"
    return text if day.year == today.year else f"{text} {day.year}"


def in_days(day: date, today: date) -> str:
    """``today``, ``tomorrow``, ``in 5 days``, ``yesterday`` or ``5 days ago``."""
    delta = (day - today).days
    if delta == 0:
        return "today"
    if delta == 1:
        return "tomorrow"
    if delta == -1:
        return "yesterday"
    return f"in {delta} days" if delta > 0 else f"{-delta} days ago"


@dataclass(frozen=True)
class RestrictionLine:
    title: str
    until: str
    icon: str


@dataclass(frozen=True)
class TodayView:
    """What the Today screen shows about the plan."""

    headline: str
    phase_line: str
    phase_detail: str
    progress: float
    progress_label: str
    restrictions: tuple[RestrictionLine, ...]
    next_milestone: str
    next_change: str


def phone_text(number: str) -> str:
    """A phone number that a line break can never split: its spaces become no-break spaces."""
    return number.strip().replace(" ", "\u00a0")


def today_view(status: PlanStatus) -> TodayView:
    """Words for the Today screen from :meth:`RecoveryPlan.status`."""
    today = status.on
    if status.before_surgery:
        days = status.days_until_surgery
        headline = "Surgery tomorrow" if days == 1 else f"Surgery in {days} days"
        phase_line = f"{status.phase.title} · implant on {short_date(status.surgery_date, today)}"
    elif status.day >= status.total_days:
        headline = f"Day {status.day}: recovery complete"
        phase_line = status.phase.title
    else:
        headline = f"Day {status.day} of about {status.total_days}"
        phase_line = f"{status.phase.title} · week {status.week}"

    restrictions = tuple(
        RestrictionLine(r.title, f"until {short_date(r.last_day, today)}", r.icon) for r in status.restrictions
    )
    milestone = status.next_milestone
    next_milestone = (
        f"Next: {milestone.title} · {short_date(milestone.date, today)} ({in_days(milestone.date, today)})"
        if milestone
        else ""
    )
    if status.before_surgery:  # nothing after the operation is "next" yet: the operation is
        surgery = status.surgery_date
        next_milestone = f"Next: your implant · {short_date(surgery, today)} ({in_days(surgery, today)})"
    change = None if status.before_surgery else status.next_change
    next_change = ""
    if change:
        allowed = "; ".join(r.resume for r in change.restrictions)
        next_change = f"From {short_date(change.date, today)} you may {allowed}."
    return TodayView(
        headline=headline,
        phase_line=phase_line,
        phase_detail=status.phase.detail,
        progress=status.progress,
        progress_label=f"{round(status.progress * 100)} %",
        restrictions=restrictions,
        next_milestone=next_milestone,
        next_change=next_change,
    )


# --------------------------------------------------------------------------- triage results

LEVEL_WORDS = {
    "ok": "Fine",
    "watch": "Keep watching",
    "call_doctor": "Call today",
    "emergency": "Emergency",
}


@dataclass(frozen=True)
class ResultView:
    """What the Result screen shows for one assessment."""

    level: str
    word: str
    title: str
    call_line: str
    advice: str
    reasons: tuple[str, ...]
    sources: str


def result_view(assessment: Assessment, settings: Mapping[str, Any]) -> ResultView:
    """The Result screen's words: who to call, what to do, and every reason with its source."""
    emergency_number = phone_text(settings.get("emergency_number") or "911")
    clinic = settings.get("clinic_name") or "your pump clinic"
    phone = phone_text(settings.get("clinic_phone") or "")
    level = str(assessment.level)
    if level == "emergency":
        call_line = f"Call {emergency_number} now"
        advice = "If you can, have someone stay with you. Show them this screen."
    elif level == "call_doctor":
        call_line = f"Call {clinic} today" + (f": {phone}" if phone else "")
        advice = "Tell them what you noted here. Out of hours, or if you cannot reach them, go to urgent care."
    elif level == "watch":
        call_line = ""
        advice = "Keep an eye on it and check in again in a few hours, or sooner if it gets worse."
    else:
        call_line = ""
        advice = "Nothing in this check-in needs a call. Keep to your plan and check in again later."
    return ResultView(
        level=level,
        word=LEVEL_WORDS[level],
        title=assessment.title,
        call_line=call_line,
        advice=advice,
        reasons=tuple(f.reason for f in assessment.findings),
        sources=", ".join(assessment.sources),
    )


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


# --------------------------------------------------------------------------- the plan screen


@dataclass(frozen=True)
class PlanWeek:
    """One week of the plan as the Plan screen lists it."""

    heading: str
    phase: str
    events: tuple[str, ...]
    current: bool


@dataclass(frozen=True)
class PlanRestriction:
    id: str
    title: str
    span: str
    detail: str
    icon: str
    cleared: bool
    over: bool


def plan_weeks(plan: RecoveryPlan, surgery_date: date, today: date, cleared: Sequence[str] = ()) -> list[PlanWeek]:
    """Weeks 1 to 8 (and after), each with its phase, milestones and what becomes allowed."""
    weeks_total = (plan.recovery_days + 6) // 7
    milestones = plan.milestones(surgery_date)
    restrictions = plan.dated_restrictions(surgery_date, cleared)
    weeks = []
    for number in range(1, weeks_total + 2):
        first = surgery_date + timedelta(days=(number - 1) * 7)
        last = first + timedelta(days=6)
        after = number > weeks_total
        dated = [(m.date, m.title) for m in milestones if first <= m.date <= last or (after and m.date >= first)]
        dated += [
            (r.free_from, f"you may {r.resume}")
            for r in restrictions
            if not r.cleared and (first <= r.free_from <= last or (after and r.free_from >= first))
        ]
        events = tuple(f"{short_date(day, today)}: {text}" for day, text in sorted(dated, key=lambda item: item[0]))
        if after:
            heading = f"After week {weeks_total} · from {short_date(first, today)}"
        else:
            heading = f"Week {number} · {short_date(first, today)} to {short_date(last, today)}"
        weeks.append(
            PlanWeek(
                heading=heading,
                phase=plan.phase_on(surgery_date, first).title,
                events=events,
                current=first <= today <= last or (after and today >= first),
            )
        )
    return weeks


def plan_restrictions(
    plan: RecoveryPlan, surgery_date: date, today: date, cleared: Sequence[str] = ()
) -> list[PlanRestriction]:
    """Every restriction with its dates, whether the doctor cleared it, and whether it is over."""
    return [
        PlanRestriction(
            id=r.id,
            title=r.title,
            span=f"{short_date(r.starts, today)} to {short_date(r.last_day, today)}",
            detail=r.detail,
            icon=r.icon,
            cleared=r.cleared,
            over=today > r.last_day,
        )
        for r in plan.dated_restrictions(surgery_date, cleared)
    ]


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
