"""Turn core results into the words a screen shows, without Kivy.

Keeping wording and date formats here means they are tested as plain functions, and
every screen (and later the PDF report) says "Day 12 of about 56" the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from recovery.plan import PlanStatus


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
    change = status.next_change
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
