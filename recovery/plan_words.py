"""The plan in words for the Today and Plan screens: days, restrictions, dates, and where each comes from.

Every date the patient sees says its origin: "from your discharge sheet", "from
Riverside Pain Clinic's settings", or "usual advice" with its sources, and a
restriction the sheet made shorter than usual says so ("per your instructions").
All these sentences are here, in one place.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recovery.date_words import at_time, in_days, short_date
from recovery.plan_model import CLINIC, REPLACING_KINDS, SHEET, DatedMilestone, DatedRestriction, PlanStatus, RecoveryPlan

FROM_SHEET = "From your discharge sheet"
FROM_CLINIC = "From {clinic}'s settings"
SOME_CLINIC = "your clinic"
USUAL = "Usual advice"
SHORT_ORIGIN = {SHEET: "your discharge sheet", CLINIC: "{clinic}'s settings"}
UNTIL_DOCTOR = "until your doctor says you may"
UNTIL_DOCTOR_SHORT = "until your doctor says"
USUAL_TIMING = "Usual timing, not your appointment: your discharge sheet or clinic gives the real date."


def may_again(resume: str) -> str:
    """``drive, if your doctor agrees``: what the patient may do again, with the doctor's say once."""
    return resume if ", if your " in resume else f"{resume}, if your doctor agrees"


def origin_words(origin: str, clinic: str | None) -> str:
    """``From your discharge sheet``, ``From Riverside Pain Clinic's settings`` or ``Usual advice``."""
    if origin == SHEET:
        return FROM_SHEET
    if origin == CLINIC:
        return FROM_CLINIC.format(clinic=clinic or SOME_CLINIC)
    return USUAL


def short_origin(origin: str, clinic: str | None) -> str:
    """The origin after a date on Today: ``your discharge sheet``, ``Riverside Pain Clinic's settings``, ``usual advice``."""
    return SHORT_ORIGIN.get(origin, USUAL.lower()).format(clinic=clinic or SOME_CLINIC)


def with_sources(words: str, sources: Sequence[str]) -> str:
    """``Usual advice, from KETT, SPN (listed in About)``: the IDs About explains."""
    shown = [s for s in sources if s != "APP-NOTE"]
    if not shown:
        return words + ", chosen by the app where sources give no number (see About)."
    return f"{words}, from {', '.join(shown)} (listed in About)."


def length_words(days: int) -> str:
    """``6 weeks`` or ``10 days`` (restricted days counting the implant day)."""
    if days % 7 == 0:
        weeks = days // 7
        return "1 week" if weeks == 1 else f"{weeks} weeks"
    return "1 day" if days == 1 else f"{days} days"


def restriction_origin(restriction: DatedRestriction, clinic: str | None) -> str:
    """Where a restriction's dates come from, in a sentence (the Plan screen)."""
    if restriction.origin == SHEET:
        usual = restriction.usual_until_day
        if restriction.open_ended:
            return f"{FROM_SHEET}: {UNTIL_DOCTOR}."
        if usual is not None and restriction.until_day < usual:
            return (
                f"{FROM_SHEET}: {length_words(restriction.until_day + 1)}, shorter than the usual "
                f"{length_words(usual + 1)}, per your instructions."
            )
        return f"{FROM_SHEET}."
    if restriction.origin == CLINIC:
        return origin_words(CLINIC, clinic) + "."
    return with_sources(USUAL, restriction.sources)


def milestone_origin(milestone: DatedMilestone, clinic: str | None) -> str:
    if milestone.origin == SHEET:
        return f"{FROM_SHEET}."
    if milestone.origin == CLINIC:
        return origin_words(CLINIC, clinic) + "."
    return with_sources("Usual timing, not an appointment", milestone.sources)


def when_words(milestone: DatedMilestone, today: date, zone: str | None = None) -> str:
    """``Thu 3 Dec at 10:30``; the visit's time zone is named if it is not the computer's."""
    text = short_date(milestone.date, today) + at_time(milestone.time)
    if milestone.time is not None and milestone.zone and zone and milestone.zone != zone:
        text += f" ({milestone.zone} time)"
    return text


# --------------------------------------------------------------------------- Today


@dataclass(frozen=True)
class RestrictionLine:
    title: str
    until: str
    icon: str
    origin: str = ""


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
    next_origin: str = ""


def today_view(status: PlanStatus, clinic: str | None = None, zone: str | None = None) -> TodayView:
    """Words for the Today screen from :meth:`RecoveryPlan.status` (``clinic`` names the clinic's settings)."""
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
        RestrictionLine(
            r.title,
            UNTIL_DOCTOR_SHORT if r.open_ended else f"until {short_date(r.last_day, today)}",
            r.icon,
            short_origin(r.origin, clinic),
        )
        for r in status.restrictions
    )
    milestone = status.next_milestone
    next_milestone = next_origin = ""
    if milestone:
        next_milestone = f"Next: {milestone.title} · {when_words(milestone, today, zone)} ({in_days(milestone.date, today)})"
        next_origin = origin_words(milestone.origin, clinic)
        if milestone.origin not in (SHEET, CLINIC) and milestone.id in REPLACING_KINDS:
            next_origin = USUAL_TIMING
    if status.before_surgery:  # nothing after the operation is "next" yet: the operation is
        surgery = status.surgery_date
        next_milestone = f"Next: your implant · {short_date(surgery, today)} ({in_days(surgery, today)})"
        next_origin = ""
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
        next_origin=next_origin,
    )


# --------------------------------------------------------------------------- the Plan screen


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
    origin: str = ""


@dataclass(frozen=True)
class PlanDate:
    """A milestone or appointment on the Plan screen, with its time and origin."""

    title: str
    when: str
    detail: str
    origin: str
    past: bool


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
        dated = [
            (m.date, short_date(m.date, today) + at_time(m.time), m.title)
            for m in milestones
            if first <= m.date <= last or (after and m.date >= first)
        ]
        dated += [
            (r.free_from, short_date(r.free_from, today), f"you may {r.resume}")
            for r in restrictions
            if r.ends and (first <= r.free_from <= last or (after and r.free_from >= first))
        ]
        events = tuple(f"{when}: {text}" for _day, when, text in sorted(dated, key=lambda item: item[0]))
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
    plan: RecoveryPlan, surgery_date: date, today: date, cleared: Sequence[str] = (), clinic: str | None = None
) -> list[PlanRestriction]:
    """Every restriction with its dates and origin, whether the doctor cleared it, and whether it is over."""
    return [
        PlanRestriction(
            id=r.id,
            title=r.title,
            span=(
                f"From {short_date(r.starts, today)} {UNTIL_DOCTOR}"
                if r.open_ended
                else f"{short_date(r.starts, today)} to {short_date(r.last_day, today)}"
            ),
            detail=r.detail,
            icon=r.icon,
            cleared=r.cleared,
            over=not r.open_ended and today > r.last_day,
            origin=restriction_origin(r, clinic),
        )
        for r in plan.dated_restrictions(surgery_date, cleared)
    ]


def plan_dates(plan: RecoveryPlan, surgery_date: date, today: date, clinic: str | None = None, zone: str | None = None) -> list[PlanDate]:
    """Every milestone and appointment, earliest first, with its date, time and origin."""
    return [
        PlanDate(
            title=m.title,
            when=f"{when_words(m, today, zone)} ({in_days(m.date, today)})",
            detail=m.detail,
            origin=milestone_origin(m, clinic),
            past=m.date < today,
        )
        for m in plan.milestones(surgery_date)
    ]
