"""Turn core results into the words a screen shows, without Kivy.

Keeping wording and date formats here means they are tested as plain functions, and
every screen (and later the PDF report) says "Day 12 of about 56" the same way. Here:
the levels' words, the week review and the profile form. Dates are worded in
:mod:`recovery.date_words`, numbers and temperatures in :mod:`recovery.number_words`,
the plan (Today and Plan) in :mod:`recovery.plan_words`, the check-in form in
:mod:`recovery.checkin_form` and the pump in :mod:`recovery.pump_words`; their names
are re-exported here. Every word is in the patient's language (``_``); tables of
choices hold English ids marked with ``N_`` and are translated where shown.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from recovery.checkin import recorded_at
from recovery.checkin_form import (  # noqa: F401  (re-exported for the screens)
    CHOICES,
    MORE_SIGN_CHOICES,
    SIGN_CHOICES,
    TEMPERATURE_EXAMPLES,
    TEMPERATURE_RANGES,
    WOUND_CHOICES,
    YES_NO,
    CheckinForm,
    parse_temperature,
    temperature_example,
)
from recovery.date_words import clock_time, in_days, short_date  # noqa: F401  (in_days: re-exported)
from recovery.i18n import N_, Language, _, language, ngettext
from recovery.number_words import decimal, temperature
from recovery.pump_words import (  # noqa: F401  (re-exported for the screens and the pump card)
    DRUG_CHOICES,
    DRUG_WORDS,
    battery_line,
    drug_word,
    pump_card_lines,
    refill_line,
)
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


def phone_text(number: str) -> str:
    """A phone number that a line break can never split: its spaces become no-break spaces."""
    return unbroken(number.strip())


def unbroken(text: str) -> str:
    """``text`` with no-break spaces: a date or a reading that a line break never splits ("mar, 24 nov")."""
    return text.replace(" ", "\u00a0")


def numbers_kept_with_words(text: str) -> str:
    """A count stays on the line of the word it counts ("1 day", "5 días"): no break after a number."""
    return re.sub(r"(\d) ", "\\1\u00a0", text)


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
    return numbers_kept_with_words(". ".join(parts) + ".")


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


# --------------------------------------------------------------------------- the profile form

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
