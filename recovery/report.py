"""The clinician report as data: what page 1 says and the day-by-day log after it.

Building the content here, without any PDF library, keeps every number and sentence
testable; :mod:`recovery.export.pdf` only lays it out. Page 1 answers "how has the
recovery gone since we last saw you" in a minute: who, which pump, the range, the
chart, every event that needed a call, restrictions and milestones, and the patient's
questions for the visit.

The report is written in one language: the patient's by default, or the care team's
(``export --lang en``). Every word here, the plan's texts and the triage levels are
taken in that language; what the patient typed (names, notes, questions) stays as typed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from recovery.checkin import format_temperature, local_day, recorded_at
from recovery.i18n import DEFAULT_LANGUAGE, N_, Language, language
from recovery.plan import RecoveryPlan
from recovery.plan_model import CLINIC, SHEET
from recovery.profile import with_defaults
from recovery.pump import refill_date
from recovery.review import PeriodReview, review_period, signs_of

#: How the report names where a value came from (the usual advice is not marked).
REPORT_ORIGINS = {SHEET: N_("per discharge sheet"), CLINIC: N_("per clinic settings")}
#: The medicine in the pump, as the report names it.
DRUG_NAMES = {
    "morphine": N_("Morphine"),
    "hydromorphone": N_("Hydromorphone"),
    "fentanyl": N_("Fentanyl"),
    "sufentanil": N_("Sufentanil"),
    "ziconotide": N_("Ziconotide (Prialt)"),
    "baclofen": N_("Baclofen"),
    "bupivacaine": N_("Bupivacaine"),
    "clonidine": N_("Clonidine"),
    "other": N_("Other or not recorded"),
}
#: A triage level in one or two words, for the tables.
LEVEL_WORDS = {
    "ok": N_("Fine"),
    "watch": N_("Keep watching"),
    "call_doctor": N_("Call today"),
    "emergency": N_("Emergency"),
}
EVENT_KINDS = {"refill": N_("Refill"), "dose_change": N_("Dose change")}


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
    language: str = DEFAULT_LANGUAGE
    """The language the report is written in (the PDF's headings follow it)."""


def _reported(checkin: Mapping[str, Any], unit: str, words: Language) -> str:
    """What a check-in reported, in a clinician's words: readings first, then signs."""
    parts = []
    if "temperature_c" in checkin:
        parts.append(words._("temperature {value}").format(value=format_temperature(checkin["temperature_c"], unit, words.code)))
    if "pain" in checkin:
        parts.append(words._("pain {value}/10").format(value=checkin["pain"]))
    parts.extend(signs_of(checkin, words.code))
    return ", ".join(parts)


def _marked(text: str, origin: str, words: Language) -> str:
    """``text`` with where it came from, when that is not the usual advice."""
    if origin not in REPORT_ORIGINS:
        return text
    return words._("{text} ({origin})").format(text=text, origin=words._(REPORT_ORIGINS[origin]))


def _in_days(day: date, today: date, words: Language) -> str:
    """``today``, ``tomorrow``, ``in 5 days``, ``yesterday`` or ``5 days ago``."""
    delta = (day - today).days
    if delta == 0:
        return words._("today")
    if delta == 1:
        return words._("tomorrow")
    if delta == -1:
        return words._("yesterday")
    if delta > 0:
        return words.ngettext("in {n} day", "in {n} days", delta).format(n=delta)
    return words.ngettext("{n} day ago", "{n} days ago", -delta).format(n=-delta)


def levels_line(review: PeriodReview, lang: str | None = None) -> str:
    """How many days reached each serious level, emergency counted and named as such."""
    words = language(lang)
    emergency, call = review.emergency_days, review.call_days
    if not emergency and not call:
        return words._("No day reached 'call today' or 'emergency'.")
    parts = []
    if emergency:
        parts.append(words.ngettext("{n} day reached 'emergency'", "{n} days reached 'emergency'", emergency).format(n=emergency))
    if call:
        parts.append(words.ngettext("{n} day reached 'call today'", "{n} days reached 'call today'", call).format(n=call))
    checks = len(review.warnings)
    in_all = words.ngettext("{n} check-in in all", "{n} check-ins in all", checks).format(n=checks)
    return words._("{levels} ({in_all}).").format(levels=words.format_list(parts), in_all=in_all)


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
    lang: str | None = None,
) -> Report:
    """Everything the PDF shows for ``start``..``end`` (``checkins`` may include earlier ones for history).

    ``first_use`` is the day of the first check-in ever made: the days before it are
    "before the app was used", never "without a check-in". The report is written in
    ``lang`` (default: the current language), and ``plan`` must be worded in it too
    (:meth:`recovery.services.Companion.plan_in`).
    """
    words = language(lang)
    settings = with_defaults(profile)
    settings.setdefault("fever_threshold_c", plan.fever_threshold_c)
    today = now.date()
    unit = settings.get("temperature_unit", "C")
    everything = sorted(checkins, key=recorded_at)
    review = review_period(everything, start, end, profile=settings, today=today, first_use=first_use, lang=words.code)
    surgery = date.fromisoformat(settings["surgery_date"])
    day_number = (today - surgery).days

    def day_text(day: date) -> str:
        return words.format_short_day(day, today)

    def long_day(day: date) -> str:
        return words.format_short_day(day)

    def said_day(day: date) -> str:
        """A date inside a sentence, in full: ``Thursday, November 19`` / ``jueves, 19 de noviembre``."""
        return words.format_day(day, today)

    not_recorded = words._("not recorded")
    drug = settings.get("drug")
    drug_text = words._(DRUG_NAMES[drug]) if drug in DRUG_NAMES else not_recorded
    if settings.get("drug_concentration"):
        drug_text = f"{drug_text}, {settings['drug_concentration']}"
    if day_number >= 0:
        implant = words._("{date} (day {n} today)").format(date=long_day(surgery), n=day_number)
    else:
        implant = words._("{date} (planned)").format(date=long_day(surgery))
    fever_limit = format_temperature(settings["fever_threshold_c"], unit, words.code)
    patient = [
        (words._("Patient"), settings.get("patient_name") or not_recorded),
        (words._("Implant"), implant),
        (words._("Drug in pump"), drug_text),
        (words._("Pump"), settings.get("pump_model") or not_recorded),
        (
            words._("Clinic"),
            " · ".join(p for p in (settings.get("clinic_name"), settings.get("clinic_phone")) if p) or not_recorded,
        ),
        (words._("Fever limit"), _marked(fever_limit, plan.settings["fever_threshold_c"].origin, words)),
    ]
    if settings.get("caregiver_name"):
        patient.append((words._("Carer"), settings["caregiver_name"]))
    refill = refill_date(settings)
    if refill is not None:
        patient.append((words._("Next refill"), long_day(refill)))

    days = (end - start).days + 1
    in_range = [c for c in everything if start <= local_day(c) <= end]
    checked_days = sum(1 for d in review.days if d.checkin_count)
    summary = [
        words._("{checkins} on {checked} of {days}; {missed}.").format(
            checkins=words.ngettext("{n} check-in", "{n} check-ins", len(in_range)).format(n=len(in_range)),
            checked=checked_days,
            days=words.ngettext("{n} day", "{n} days", days).format(n=days),
            missed=words.ngettext("{n} day without a check-in", "{n} days without a check-in", review.missed_days).format(
                n=review.missed_days
            ),
        )
    ]
    if review.days_before_first_use and first_use is not None:
        before = review.days_before_first_use
        summary.append(
            words.ngettext(
                "The app was first used on {date}; the {n} day before that is not counted as missed.",
                "The app was first used on {date}; the {n} days before that are not counted as missed.",
                before,
            ).format(date=said_day(first_use), n=before)
        )
    if review.average_pain is not None:
        worst = max((d for d in review.days if d.worst_pain is not None), key=lambda d: d.worst_pain or 0)
        numbers = {
            "average": words.format_number(review.average_pain),
            "worst": worst.worst_pain,
            "date": said_day(worst.day),
            "n": days,
        }
        if review.previous_average_pain is not None:
            pain_line = words.ngettext(
                "Average pain {average} of 10 (the {n} day before: {previous}). Worst pain {worst} on {date}.",
                "Average pain {average} of 10 (the {n} days before: {previous}). Worst pain {worst} on {date}.",
                days,
            ).format(previous=words.format_number(review.previous_average_pain), **numbers)
        else:
            pain_line = words._("Average pain {average} of 10. Worst pain {worst} on {date}.").format(**numbers)
        summary.append(pain_line)
    temperatures = [d for d in review.days if d.highest_temperature_c is not None]
    if temperatures:
        hottest = max(temperatures, key=lambda d: d.highest_temperature_c or 0)
        summary.append(
            words._("Highest temperature {temperature} on {date}.").format(
                temperature=format_temperature(hottest.highest_temperature_c or 0, unit, words.code), date=said_day(hottest.day)
            )
        )
    summary.append(levels_line(review, words.code))

    events = []
    for warning in review.warnings:
        when = datetime.fromisoformat(warning.recorded_at)
        level = str(warning.assessment.level)
        events.append(
            Event(
                when=f"{day_text(when.date())} {when:%H:%M}",
                level=level,
                level_word=words._(LEVEL_WORDS[level]),
                what=_reported(warning.checkin, unit, words),
            )
        )

    cleared = settings.get("cleared", [])
    restrictions = []
    for r in plan.dated_restrictions(surgery, cleared):
        if r.cleared:
            status = words._("cleared by the doctor")
        elif r.open_ended:
            status = words._("until the doctor clears it")
        elif today > r.last_day:
            status = words._("ended {date}").format(date=day_text(r.last_day))
        elif today < r.starts:
            status = words._("from {start} to {end}").format(start=day_text(r.starts), end=day_text(r.last_day))
        else:
            status = words._("applies until {date}").format(date=day_text(r.last_day))
        restrictions.append(StatusLine(r.title, _marked(status, r.origin, words)))
    milestones = []
    for m in plan.milestones(surgery):
        when_words = words._("passed") if m.date < today else _in_days(m.date, today, words)
        if m.time is not None:
            status = words._("{date} at {time} ({when})").format(date=day_text(m.date), time=f"{m.time:%H:%M}", when=when_words)
        else:
            status = words._("{date} ({when})").format(date=day_text(m.date), when=when_words)
        milestones.append(StatusLine(m.title, _marked(status, m.origin, words)))

    log = []
    unused = [d.day for d in review.days if d.before_first_use]
    if unused:
        span = day_text(unused[0])
        if len(unused) > 1:
            span = words._("{start} to {end}").format(start=span, end=day_text(unused[-1]))
        log.append(LogRow(span, "", "", "", "", words._("before the app was used"), ""))
    for day in review.days:
        if not day.entries:
            if day.missed:
                log.append(LogRow(day_text(day.day), "", "", "", "", words._("no check-in"), ""))
            continue
        for entry in day.entries:
            checkin = entry.checkin
            temperature = checkin.get("temperature_c")
            log.append(
                LogRow(
                    day=day_text(day.day),
                    time=f"{recorded_at(checkin):%H:%M}",
                    pain=str(checkin["pain"]) if "pain" in checkin else "",
                    temperature=format_temperature(temperature, unit, words.code) if temperature is not None else "",
                    level=words._(LEVEL_WORDS[str(entry.assessment.level)]),
                    signs=", ".join(signs_of(checkin, words.code)),
                    notes=checkin.get("notes", ""),
                )
            )

    events_text = []
    for e in sorted(pump_events, key=lambda e: e["date"]):
        line = f"{day_text(date.fromisoformat(e['date']))}: {words._(EVENT_KINDS[e['kind']])}"
        events_text.append(f"{line} ({e['note']})" if e["note"] else line)
    return Report(
        pump_events=tuple(events_text),
        title=words._("Recovery report: intrathecal pump"),
        patient=tuple(patient),
        range_text=words.ngettext("{start} to {end} ({n} day)", "{start} to {end} ({n} days)", days).format(
            start=long_day(start), end=long_day(end), n=days
        ),
        summary=tuple(summary),
        review=review,
        unit=unit,
        events=tuple(events),
        restrictions=tuple(restrictions),
        milestones=tuple(milestones),
        questions=tuple(questions),
        log=tuple(log),
        exported_at=f"{words.format_short_day(now.date(), weekday=False)} {now:%H:%M}",
        instructions=plan.other_instructions,
        language=words.code,
    )
