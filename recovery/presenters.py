"""Turn core results into the words a screen shows, without Kivy.

Keeping wording and date formats here means they are tested as plain functions, and
every screen (and later the PDF report) says "Day 12 of about 56" the same way. Dates
are worded in :mod:`recovery.date_words`, numbers and temperatures in
:mod:`recovery.number_words`, the plan (Today and Plan) in :mod:`recovery.plan_words`;
their names are re-exported here. Every word is in the patient's language (``_``);
tables of choices hold English ids marked with ``N_`` and are translated where shown.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from recovery.checkin import TEMPERATURE_MAX_C, TEMPERATURE_MIN_C, celsius_from_fahrenheit, recorded_at
from recovery.date_words import clock_time, in_days, month_year, short_date, day_month_year
from recovery.i18n import N_, Language, _, language, ngettext
from recovery.number_words import decimal, temperature
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

#: The four levels' one-word names in English (ids for translation; see :func:`level_word`).
LEVEL_WORDS = {
    # Translators: the four triage levels as one short word or two, on coloured badges
    "ok": N_("Fine"),
    "watch": N_("Keep watching"),
    "call_doctor": N_("Call today"),
    "emergency": N_("Emergency"),
}


def level_word(level: str, lang: Language | None = None) -> str:
    """``Call today`` (``Llame hoy``): a level's word in the patient's (or ``lang``'s) language."""
    return (lang or language())._(LEVEL_WORDS[level])


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
            if day.missed:
                status = _("no check-in")
            elif day.before_first_use:
                status = _("before the app was used")
            else:
                status = "—"
            rows.append(WeekRow(short_date(day.day, today), "", "", status, "", "", False, ""))
            continue
        level = str(day.level) if day.level else "ok"
        rows.append(
            WeekRow(
                day=short_date(day.day, today),
                # Translators: the worst pain score (0 to 10) of a day, after "Pain"
                pain=_("worst {score}").format(score=day.worst_pain) if day.worst_pain is not None else "",
                temperature=temperature(day.highest_temperature_c, unit) if day.highest_temperature_c else "",
                signs=", ".join(day.signs) if day.signs else _("no warning signs"),
                level=level,
                level_word=level_word(level),
                highlight=day.needs_attention,
                checkins=ngettext("{count} check-in", "{count} check-ins", day.checkin_count).format(count=day.checkin_count),
                details="\n".join(_entry_line(entry.checkin, str(entry.assessment.level), unit) for entry in day.entries),
            )
        )
    return rows


def _entry_line(checkin: Mapping[str, Any], level: str, unit: str) -> str:
    """"09:10  ·  pain 4  ·  38.4 °C  ·  nausea  —  Call today"."""
    parts = [clock_time(recorded_at(checkin).time())]
    if "pain" in checkin:
        # Translators: a pain score (0 to 10) in a list of readings
        parts.append(_("pain {score}").format(score=checkin["pain"]))
    if "temperature_c" in checkin:
        parts.append(temperature(checkin["temperature_c"], unit))
    parts.extend(signs_of(checkin))
    return "  ·  ".join(parts) + f"  —  {level_word(level)}"


def week_summary(review: PeriodReview) -> str:
    """The Week screen's first line: emergencies named as such, calls, missed days, days before first use."""
    parts = []
    if review.emergency_days:
        count = review.emergency_days
        parts.append(ngettext("{count} day reached an emergency", "{count} days reached an emergency", count).format(count=count))
    if review.call_days:
        count = review.call_days
        parts.append(
            ngettext("{count} day needed a call to the clinic", "{count} days needed a call to the clinic", count).format(count=count)
        )
    if not parts:
        parts.append(_("No day needed a call"))
    if review.missed_days:
        count = review.missed_days
        parts.append(ngettext("{count} day without a check-in", "{count} days without a check-in", count).format(count=count))
    if review.days_before_first_use:
        count = review.days_before_first_use
        parts.append(
            ngettext("{count} day before the app was used", "{count} days before the app was used", count).format(count=count)
        )
    return ". ".join(parts) + "."


def trend_line(review: PeriodReview) -> str:
    """"Average pain 3.4, down 1.2 from the week before" and similar."""
    if review.average_pain is None:
        return _("No pain scores this week.")
    average = decimal(review.average_pain)
    trend = review.pain_trend
    if trend is None:
        return _("Average pain {average}.").format(average=average)
    if trend == 0:
        return _("Average pain {average}, the same as the week before.").format(average=average)
    if trend > 0:
        return _("Average pain {average}, up {change} from the week before.").format(average=average, change=decimal(trend))
    return _("Average pain {average}, down {change} from the week before.").format(average=average, change=decimal(-trend))


# --------------------------------------------------------------------------- the check-in form

# The choices' labels are English ids (N_), shown translated (``tr.labels`` in the .kv files).

#: Single-choice questions: field → [(value, label)].
CHOICES: dict[str, list[tuple[str, str]]] = {
    # Translators: how bad a headache is
    "headache": [("none", N_("None")), ("mild", N_("Mild")), ("moderate", N_("Moderate")), ("severe", N_("Severe"))],
    "pump_swelling": [
        ("none", N_("No swelling")),
        ("small_stable", N_("Small, not growing")),
        ("new_or_growing", N_("New or growing")),
    ],
    "leg_weakness": [("none", N_("Normal")), ("gradual", N_("Weaker over days")), ("sudden", N_("Suddenly weak or numb"))],
    "pump_alarm": [("none", N_("No alarm")), ("single_tone", N_("Single beeps")), ("two_tone", N_("Two-tone alarm"))],
}
WOUND_CHOICES: list[tuple[str, str]] = [
    ("redness", N_("Redness")),
    ("warmth", N_("Warm to touch")),
    ("swelling", N_("Swelling")),
    ("drainage", N_("Leaking fluid")),
    ("opening", N_("Opening up")),
    ("bleeding", N_("Bleeding")),
]
#: Yes/no signs shown as chips; a picked chip records ``True``.
SIGN_CHOICES: list[tuple[str, str]] = [
    ("slow_breathing", N_("Breathing slow or shallow")),
    ("confused_or_hard_to_wake", N_("Confused or hard to wake")),
    ("stiff_neck", N_("Stiff neck")),
    ("nausea", N_("Feeling sick")),
    ("urination_trouble", N_("Trouble passing urine")),
    ("bowel_bladder_change", N_("Bowel or bladder change")),
    ("itching_tingling", N_("Itching or tingling")),
    ("spasticity_increase", N_("Stiffer muscles, more spasms")),
]
#: The "Anything else?" group (data version 5): rarer signs, folded away so a normal day stays two taps.
MORE_SIGN_CHOICES: list[tuple[str, str]] = [
    ("cannot_pass_urine", N_("No urine for 8 hours")),
    ("seizure", N_("A seizure (fit)")),
    ("self_harm_thoughts", N_("Thoughts of harming myself")),
    ("hallucinations_or_mood_change", N_("Seeing or hearing things, or a sudden mood change")),
    ("dizzy_or_fainting", N_("Dizzy or fainting")),
    ("rash_or_hives", N_("A new rash or hives")),
    ("pump_moved", N_("Pump feels moved or loose")),
]
#: Yes and No for a follow-up question.
YES_NO: list[tuple[bool, str]] = [(True, N_("Yes")), (False, N_("No"))]
TEMPERATURE_RANGES = {"C": (TEMPERATURE_MIN_C, TEMPERATURE_MAX_C), "F": (93.2, 109.4)}
TEMPERATURE_EXAMPLES = {"C": 37.2, "F": 98.6}


def temperature_example(unit: str) -> str:
    """``37.2`` (``37,2``): a typical reading to show in the field, with the language's decimal sign."""
    return decimal(TEMPERATURE_EXAMPLES[unit])


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
    example = temperature_example(unit)
    try:
        value = float(cleaned)
    except ValueError:
        odd = next((c for c in cleaned if not (c.isdigit() or c in ".-+")), "")
        if not any(c.isdigit() for c in cleaned):
            problem = _("“{typed}” is not a number. Type the temperature as a number, like {example}.")
        elif odd.isalpha():
            problem = _("“{typed}” has the letter “{odd}” in it. Type the temperature as a number, like {example}.")
        elif odd.strip():
            problem = _("“{typed}” has “{odd}” in it. Type the temperature as a number, like {example}.")
        else:
            problem = _("“{typed}” is more than one number. Type the temperature as a number, like {example}.")
        raise ValueError(problem.format(typed=typed, odd=odd, example=example)) from None
    if not math.isfinite(value) or not low <= value <= high:
        other = "F" if unit == "C" else "C"
        other_low, other_high = TEMPERATURE_RANGES[other]
        if other_low <= value <= other_high:
            raise ValueError(
                _(
                    "{value} looks like °{other}, but the app is set to °{unit}. Type it in °{unit}, like {example}, "
                    "or change the unit in Settings."
                ).format(value=decimal(value), other=other, unit=unit, example=example)
            )
        raise ValueError(
            _("{value} °{unit} is not a body temperature. Type a number from {low} to {high}, like {example}.").format(
                value=decimal(value) if math.isfinite(value) else typed, unit=unit, low=decimal(low), high=decimal(high), example=example
            )
        )
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
    # Translators: medicine names as on a Spanish-language label (MedlinePlus en español)
    ("morphine", N_("Morphine")),
    ("hydromorphone", N_("Hydromorphone")),
    ("fentanyl", N_("Fentanyl")),
    ("sufentanil", N_("Sufentanil")),
    ("ziconotide", N_("Ziconotide (Prialt)")),
    ("baclofen", N_("Baclofen")),
    ("bupivacaine", N_("Bupivacaine")),
    ("clonidine", N_("Clonidine")),
    ("other", N_("Other or not sure")),
]
UNIT_CHOICES: list[tuple[str, str]] = [("C", "°C"), ("F", "°F")]
TEXT_SCALE_CHOICES: list[tuple[float, str]] = [
    # Translators: the four text sizes in Settings
    (0.9, N_("Small")),
    (1.0, N_("Normal")),
    (1.25, N_("Large")),
    (1.5, N_("Largest")),
]
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
        return ngettext(
            "That is {count} day from now. Check the year, or press Save again if it is right.",
            "That is {count} days from now. Check the year, or press Save again if it is right.",
            days,
        ).format(count=days)
    if days < -PLAUSIBLE_DAYS * 3:
        years = -days // 365
        return ngettext(
            "That is {count} year ago. Check the year, or press Save again if it is right.",
            "That is {count} years ago. Check the year, or press Save again if it is right.",
            years,
        ).format(count=years)
    return ""


# --------------------------------------------------------------------------- the pump


DRUG_WORDS = dict(DRUG_CHOICES)


def drug_word(drug: str | None, lang: Language | None = None) -> str:
    """``Morphine`` (``Morfina``); ``not recorded`` when unknown."""
    lang = lang or language()
    return lang._(DRUG_WORDS[drug]) if drug in DRUG_WORDS else lang._("not recorded")


def refill_line(settings: Mapping[str, Any], today: date) -> str:
    """"Next refill: Thu 17 Dec (in 23 days)", or a prompt when no date is known."""
    from recovery.pump import refill_date

    refill = refill_date(settings)
    if refill is None:
        return ""
    words = {"day": short_date(refill, today), "when": in_days(refill, today)}
    if refill < today:
        return _("Refill was due {day} ({when}). Log it, or call your clinic.").format(**words)
    return _("Next refill: {day} ({when}).").format(**words)


def pump_card_lines(settings: Mapping[str, Any], lang: Language | None = None) -> list[tuple[str, str]]:
    """The facts on the pump card, in the order a stranger in an emergency needs them."""
    lang = lang or language()
    missing = lang._("not recorded")
    drug_text = drug_word(settings.get("drug"), lang)
    if settings.get("drug_concentration"):
        drug_text += f", {settings['drug_concentration']}"
    surgery = date.fromisoformat(settings["surgery_date"])
    clinic = " · ".join(p for p in (settings.get("clinic_name"), settings.get("clinic_phone")) if p)
    return [
        (lang._("Name"), settings.get("patient_name") or missing),
        (lang._("Implanted pump"), lang._("intrathecal drug pump (medicine into the spine)")),
        (lang._("Medicine"), drug_text),
        (lang._("Pump model"), settings.get("pump_model") or missing),
        (lang._("Implanted"), day_month_year(surgery, lang)),
        (lang._("Pump clinic"), clinic or missing),
        (lang._("After hours"), settings.get("after_hours_phone") or missing),
    ]


def battery_line(earliest: date, latest: date, book_by: date, today: date) -> str:
    months = (book_by.year - today.year) * 12 + book_by.month - today.month
    words = {"earliest": month_year(earliest), "latest": month_year(latest), "book_by": month_year(book_by)}
    if months <= 0:
        return _(
            "The battery is expected to run out between {earliest} and {latest}. It is time to book the replacement."
        ).format(**words)
    return _(
        "The battery is expected to run out between {earliest} and {latest}. Book the replacement around {book_by}."
    ).format(**words)
