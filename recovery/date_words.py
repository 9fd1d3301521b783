"""Dates and times as every screen, reminder and report words them ("Thu 26 Nov", "in 5 days", "at 10:30")."""

from __future__ import annotations

from datetime import date, time


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


def at_time(clock: time | None) -> str:
    """`` at 10:30`` for a known time of day, empty otherwise (appended to a date)."""
    return f" at {clock:%H:%M}" if clock is not None else ""
