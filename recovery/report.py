"""The clinician report as data: what page 1 says and the day-by-day log after it.

Building the content here, without any PDF library, keeps every number and sentence
testable; :mod:`recovery.export.pdf` only lays it out. Page 1 answers "how has the
recovery gone since we last saw you" in a minute: who, which pump, the range, the
chart, every event that needed a call, restrictions and milestones, and the patient's
questions for the visit.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recovery.checkin import format_temperature, local_day, recorded_at
from recovery.date_words import at_time, in_days, short_date
from recovery.plan import RecoveryPlan
from recovery.plan_model import CLINIC, SHEET
from recovery.presenters import LEVEL_WORDS
from recovery.profile import with_defaults
from recovery.pump import refill_date
from recovery.review import PeriodReview, review_period, signs_of

#: How the report names where a value came from (the usual advice is not marked).
REPORT_ORIGINS = {SHEET: "per discharge sheet", CLINIC: "per clinic settings"}
DRUG_NAMES = {
    "ziconotide": "Ziconotide (Prialt)",
    "other": "Other or not recorded",
}


@dataclass(frozen=True)
class Event:
    when: str
    level: str
    level_word: str
    what: str


@dataclass(frozen=True)
class StatusLine:
    title: str
    status: str


@dataclass(frozen=True)
class LogRow:
    day: str
    time: str
    pain: str
    temperature: str
    level: str
    signs: str
    notes: str


@dataclass(frozen=True)
class Report:
    title: str
    patient: tuple[tuple[str, str], ...]
    range_text: str
    summary: tuple[str, ...]
    review: PeriodReview
    unit: str
    events: tuple[Event, ...]
    restrictions: tuple[StatusLine, ...]
    milestones: tuple[StatusLine, ...]
    questions: tuple[str, ...]
    log: tuple[LogRow, ...]
    exported_at: str
    pump_events: tuple[str, ...] = ()
    instructions: str = ""
    """Other instructions from the patient's discharge sheet, as typed."""


def _reported(checkin: Mapping[str, Any], unit: str) -> str:
    """What a check-in reported, in a clinician's words: readings first, then signs."""
    parts = []
    if "temperature_c" in checkin:
        parts.append(f"temperature {format_temperature(checkin['temperature_c'], unit)}")
    if "pain" in checkin:
        parts.append(f"pain {checkin['pain']}/10")
    parts.extend(signs_of(checkin))
    return ", ".join(parts)


def _long_date(day: date) -> str:
    return f"{day:%a} {day.day} {day:%b %Y}"


def _marked(text: str, origin: str) -> str:
    """``text`` with where it came from, when that is not the usual advice."""
    return f"{text} ({REPORT_ORIGINS[origin]})" if origin in REPORT_ORIGINS else text


def levels_line(review: PeriodReview) -> str:
    """How many days reached each serious level, emergency counted and named as such."""
    emergency, call = review.emergency_days, review.call_days
    if not emergency and not call:
        return "No day reached 'call today' or 'emergency'."
    parts = []
    if emergency:
        parts.append(f"{emergency} day{'s' if emergency != 1 else ''} reached 'emergency'")
    if call:
        parts.append(f"{call} day{'s' if call != 1 else ''} reached 'call today'")
    checks = len(review.warnings)
    return " and ".join(parts) + f" ({checks} check-in{'s' if checks != 1 else ''} in all)."


def build_report(
    *,
    profile: Mapping[str, Any],
    plan: RecoveryPlan,
    checkins: Iterable[Mapping[str, Any]],
    questions: Sequence[str],
    start: date,
    end: date,
    now: datetime,
    pump_events: Sequence[Mapping[str, Any]] = (),
    first_use: date | None = None,
) -> Report:
    """Everything the PDF shows for ``start``..``end`` (``checkins`` may include earlier ones for history).

    ``first_use`` is the day of the first check-in ever made: the days before it are
    "before the app was used", never "without a check-in".
    """
    settings = with_defaults(profile)
    settings.setdefault("fever_threshold_c", plan.fever_threshold_c)
    today = now.date()
    unit = settings.get("temperature_unit", "C")
    everything = sorted(checkins, key=recorded_at)
    review = review_period(everything, start, end, profile=settings, today=today, first_use=first_use)
    surgery = date.fromisoformat(settings["surgery_date"])
    day_number = (today - surgery).days

    drug = settings.get("drug")
    patient = [
        ("Patient", settings.get("patient_name") or "not recorded"),
        (
            "Implant",
            f"{_long_date(surgery)} (day {day_number} today)" if day_number >= 0 else f"{_long_date(surgery)} (planned)",
        ),
        (
            "Drug in pump",
            (DRUG_NAMES.get(drug, drug.capitalize()) if drug else "not recorded")
            + (f", {settings['drug_concentration']}" if settings.get("drug_concentration") else ""),
        ),
        ("Pump", settings.get("pump_model") or "not recorded"),
        ("Clinic", " · ".join(p for p in (settings.get("clinic_name"), settings.get("clinic_phone")) if p) or "not recorded"),
        ("Fever limit", _marked(format_temperature(settings["fever_threshold_c"], unit), plan.settings["fever_threshold_c"].origin)),
    ]
    if settings.get("caregiver_name"):
        patient.append(("Carer", settings["caregiver_name"]))
    refill = refill_date(settings)
    if refill is not None:
        patient.append(("Next refill", f"{_long_date(refill)}"))

    days = (end - start).days + 1
    in_range = [c for c in everything if start <= local_day(c) <= end]
    checked_days = sum(1 for d in review.days if d.checkin_count)
    summary = [
        f"{len(in_range)} check-in{'s' if len(in_range) != 1 else ''} on {checked_days} of {days} days; "
        f"{review.missed_days} day{'s' if review.missed_days != 1 else ''} without a check-in."
    ]
    if review.days_before_first_use and first_use is not None:
        before = review.days_before_first_use
        summary.append(
            f"The app was first used on {short_date(first_use, today)}; the {before} day{'s' if before != 1 else ''} "
            "before that are not counted as missed."
        )
    if review.average_pain is not None:
        line = f"Average pain {review.average_pain:g} of 10"
        if review.previous_average_pain is not None:
            line += f" (the {days} days before: {review.previous_average_pain:g})"
        worst = max((d for d in review.days if d.worst_pain is not None), key=lambda d: d.worst_pain or 0)
        summary.append(f"{line}. Worst pain {worst.worst_pain} on {short_date(worst.day, today)}.")
    temperatures = [d for d in review.days if d.highest_temperature_c is not None]
    if temperatures:
        hottest = max(temperatures, key=lambda d: d.highest_temperature_c or 0)
        summary.append(
            f"Highest temperature {format_temperature(hottest.highest_temperature_c or 0, unit)} "
            f"on {short_date(hottest.day, today)}."
        )
    summary.append(levels_line(review))

    events = []
    for warning in review.warnings:
        when = datetime.fromisoformat(warning.recorded_at)
        events.append(
            Event(
                when=f"{short_date(when.date(), today)} {when:%H:%M}",
                level=str(warning.assessment.level),
                level_word=LEVEL_WORDS[str(warning.assessment.level)],
                what=_reported(warning.checkin, unit),
            )
        )

    cleared = settings.get("cleared", [])
    restrictions = []
    for r in plan.dated_restrictions(surgery, cleared):
        if r.cleared:
            status = "cleared by the doctor"
        elif r.open_ended:
            status = "until the doctor clears it"
        elif today > r.last_day:
            status = f"ended {short_date(r.last_day, today)}"
        elif today < r.starts:
            status = f"from {short_date(r.starts, today)} to {short_date(r.last_day, today)}"
        else:
            status = f"applies until {short_date(r.last_day, today)}"
        restrictions.append(StatusLine(r.title, _marked(status, r.origin)))
    milestones = [
        StatusLine(
            m.title,
            _marked(
                f"{short_date(m.date, today)}{at_time(m.time)} ({'passed' if m.date < today else in_days(m.date, today)})",
                m.origin,
            ),
        )
        for m in plan.milestones(surgery)
    ]

    log = []
    unused = [d.day for d in review.days if d.before_first_use]
    if unused:
        span = short_date(unused[0], today) + (f" to {short_date(unused[-1], today)}" if len(unused) > 1 else "")
        log.append(LogRow(span, "", "", "", "", "before the app was used", ""))
    for day in review.days:
        if not day.entries:
            if day.missed:
                log.append(LogRow(short_date(day.day, today), "", "", "", "", "no check-in", ""))
            continue
        for entry in day.entries:
            checkin = entry.checkin
            temperature = checkin.get("temperature_c")
            log.append(
                LogRow(
                    day=short_date(day.day, today),
                    time=f"{recorded_at(checkin):%H:%M}",
                    pain=str(checkin["pain"]) if "pain" in checkin else "",
                    temperature=format_temperature(temperature, unit) if temperature is not None else "",
                    level=LEVEL_WORDS[str(entry.assessment.level)],
                    signs=", ".join(signs_of(checkin)),
                    notes=checkin.get("notes", ""),
                )
            )

    kinds = {"refill": "Refill", "dose_change": "Dose change"}
    events_text = tuple(
        f"{short_date(date.fromisoformat(e['date']), today)}: {kinds[e['kind']]}" + (f" ({e['note']})" if e["note"] else "")
        for e in sorted(pump_events, key=lambda e: e["date"])
    )
    return Report(
        pump_events=events_text,
        title="Recovery report: intrathecal pump",
        patient=tuple(patient),
        range_text=f"{_long_date(start)} to {_long_date(end)} ({days} days)",
        summary=tuple(summary),
        review=review,
        unit=unit,
        events=tuple(events),
        restrictions=tuple(restrictions),
        milestones=tuple(milestones),
        questions=tuple(questions),
        log=tuple(log),
        exported_at=f"{now:%d %b %Y %H:%M}",
        instructions=plan.other_instructions,
    )
