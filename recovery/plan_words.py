"""The plan in words for the Today and Plan screens: days, restrictions, dates, and where each comes from.

Every date the patient sees says its origin: "from your discharge sheet", "from
Riverside Pain Clinic's settings", or "usual advice" with its sources, and a
restriction the sheet made shorter than usual says so ("per your instructions").
All these sentences are here, in one place, in the patient's language (the plan's
own texts, titles and details, come translated from the plan).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from recovery.date_words import day_at, in_days, short_date
from recovery.i18n import N_, Language, _, language, ngettext
from recovery.plan_model import CLINIC, REPLACING_KINDS, SHEET, DatedMilestone, DatedRestriction, PlanStatus, RecoveryPlan

USUAL_TIMING = N_("Usual timing, not your appointment: your discharge sheet or clinic gives the real date.")


def origin_words(origin: str, clinic: str | None) -> str:
    """``From your discharge sheet``, ``From Riverside Pain Clinic's settings`` or ``Usual advice``."""
    if origin == SHEET:
        return _("From your discharge sheet")
    if origin == CLINIC:
        return _("From {clinic}'s settings").format(clinic=clinic) if clinic else _("From your clinic's settings")
    return _("Usual advice")


def short_origin(origin: str, clinic: str | None) -> str:
    """The origin after a date on Today: ``your discharge sheet``, ``Riverside Pain Clinic's settings``, ``usual advice``."""
    if origin == SHEET:
        return _("your discharge sheet")
    if origin == CLINIC:
        return _("{clinic}'s settings").format(clinic=clinic) if clinic else _("your clinic's settings")
    return _("usual advice")


def with_sources(words: str, sources: Sequence[str]) -> str:
    """``Usual advice, from KETT, SPN (listed in About)``: the IDs About explains."""
    shown = [s for s in sources if s != "APP-NOTE"]
    if not shown:
        # Translators: {origin} is "Usual advice" or "Usual timing, not an appointment"
        return _("{origin}, chosen by the app where sources give no number (see About).").format(origin=words)
    # Translators: {sources} are short source codes such as KETT, SPN, explained in About
    return _("{origin}, from {sources} (listed in About).").format(origin=words, sources=", ".join(shown))


def length_words(days: int) -> str:
    """``6 weeks`` or ``10 days`` (restricted days counting the implant day)."""
    if days % 7 == 0:
        weeks = days // 7
        return ngettext("{count} week", "{count} weeks", weeks).format(count=weeks)
    return ngettext("{count} day", "{count} days", days).format(count=days)


def restriction_origin(restriction: DatedRestriction, clinic: str | None) -> str:
    """Where a restriction's dates come from, in a sentence (the Plan screen)."""
    if restriction.origin == SHEET:
        usual = restriction.usual_until_day
        if restriction.open_ended:
            return _("From your discharge sheet: until your doctor says you may.")
        if usual is not None and restriction.until_day < usual:
            return _("From your discharge sheet: {length}, shorter than the usual {usual}, per your instructions.").format(
                length=length_words(restriction.until_day + 1), usual=length_words(usual + 1)
            )
        return _("From your discharge sheet.")
    if restriction.origin == CLINIC:
        return origin_words(CLINIC, clinic) + "."
    return with_sources(_("Usual advice"), restriction.sources)


def milestone_origin(milestone: DatedMilestone, clinic: str | None) -> str:
    if milestone.origin == SHEET:
        return _("From your discharge sheet.")
    if milestone.origin == CLINIC:
        return origin_words(CLINIC, clinic) + "."
    return with_sources(_("Usual timing, not an appointment"), milestone.sources)


def when_words(milestone: DatedMilestone, today: date, zone: str | None = None) -> str:
    """``Thu 3 Dec at 10:30``; the visit's time zone is named if it is not the computer's."""
    text = day_at(milestone.date, milestone.time, today)
    if milestone.time is not None and milestone.zone and zone and milestone.zone != zone:
        # Translators: a time zone's name after an appointment's time: "Thu 3 Dec at 10:30 (Europe/Berlin time)"
        text = _("{when} ({zone} time)").format(when=text, zone=milestone.zone)
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
        if days == 1:
            headline = _("Surgery tomorrow")
        else:
            headline = ngettext("Surgery in {count} day", "Surgery in {count} days", days).format(count=days)
        phase_line = _("{phase} · implant on {day}").format(phase=status.phase.title, day=short_date(status.surgery_date, today))
    elif status.day >= status.total_days:
        headline = _("Day {day}: recovery complete").format(day=status.day)
        phase_line = status.phase.title
    else:
        # Translators: the headline of Today: the day of recovery and the usual length in days
        headline = _("Day {day} of about {total}").format(day=status.day, total=status.total_days)
        phase_line = _("{phase} · week {week}").format(phase=status.phase.title, week=status.week)

    restrictions = tuple(
        RestrictionLine(
            r.title,
            _("until your doctor says") if r.open_ended else _("until {day}").format(day=short_date(r.last_day, today)),
            r.icon,
            short_origin(r.origin, clinic),
        )
        for r in status.restrictions
    )
    milestone = status.next_milestone
    next_milestone = next_origin = ""
    if milestone:
        next_milestone = _("Next: {what} · {when} ({in_days})").format(
            what=milestone.title, when=when_words(milestone, today, zone), in_days=in_days(milestone.date, today)
        )
        next_origin = origin_words(milestone.origin, clinic)
        if milestone.origin not in (SHEET, CLINIC) and milestone.id in REPLACING_KINDS:
            next_origin = _(USUAL_TIMING)
    if status.before_surgery:  # nothing after the operation is "next" yet: the operation is
        surgery = status.surgery_date
        next_milestone = _("Next: your implant · {day} ({in_days})").format(
            day=short_date(surgery, today), in_days=in_days(surgery, today)
        )
        next_origin = ""
    change = None if status.before_surgery else status.next_change
    next_change = ""
    if change:
        allowed = "; ".join(r.resume for r in change.restrictions)
        # Translators: {things} is what becomes allowed, from the plan ("go back to work, if your team agrees")
        next_change = _("From {day} you may {things}.").format(day=short_date(change.date, today), things=allowed)
    return TodayView(
        headline=headline,
        phase_line=phase_line,
        phase_detail=status.phase.detail,
        progress=status.progress,
        # Translators: a percentage; CLDR languages differ in the space before %
        progress_label=_("{percent} %").format(percent=round(status.progress * 100)),
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
            (m.date, day_at(m.date, m.time, today), m.title)
            for m in milestones
            if first <= m.date <= last or (after and m.date >= first)
        ]
        dated += [
            (r.free_from, short_date(r.free_from, today), _("you may {things}").format(things=r.resume))
            for r in restrictions
            if r.ends and (first <= r.free_from <= last or (after and r.free_from >= first))
        ]
        events = tuple(f"{when}: {text}" for _day, when, text in sorted(dated, key=lambda item: item[0]))
        if after:
            heading = _("After week {week} · from {day}").format(week=weeks_total, day=short_date(first, today))
        else:
            heading = _("Week {week} · {first} to {last}").format(
                week=number, first=short_date(first, today), last=short_date(last, today)
            )
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
                _("From {day} until your doctor says you may").format(day=short_date(r.starts, today))
                if r.open_ended
                else _("{first} to {last}").format(first=short_date(r.starts, today), last=short_date(r.last_day, today))
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
            when=_("{when} ({in_days})").format(when=when_words(m, today, zone), in_days=in_days(m.date, today)),
            detail=m.detail,
            origin=milestone_origin(m, clinic),
            past=m.date < today,
        )
        for m in plan.milestones(surgery_date)
    ]
