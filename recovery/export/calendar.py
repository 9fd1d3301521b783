"""Milestones, restriction endings and refill dates as an iCalendar file for the patient's own calendar.

All-day events with stable ids (so importing the file again updates instead of
duplicating), written with the maintained ``icalendar`` library.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta
from typing import Any

from icalendar import Calendar, Event

from recovery.plan import RecoveryPlan
from recovery.pump import refill_date

PRODUCT_ID = "-//Recovery Companion//Recovery plan//EN"
UID_DOMAIN = "recovery-companion.local"


def _event(uid: str, day: date, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", day)
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("transp", "TRANSPARENT")
    return event


def plan_calendar(profile: Mapping[str, Any], plan: RecoveryPlan, now: datetime) -> bytes:
    """The .ics file for this patient's milestones, restriction endings and next refill."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", "Recovery plan")
    surgery = date.fromisoformat(profile["surgery_date"])
    for milestone in plan.milestones(surgery):
        calendar.add_component(
            _event(f"milestone-{milestone.id}-{surgery}", milestone.date, milestone.title, milestone.detail, now)
        )
    for restriction in plan.dated_restrictions(surgery, profile.get("cleared", ())):
        if restriction.cleared:
            continue
        calendar.add_component(
            _event(
                f"restriction-{restriction.id}-{surgery}",
                restriction.free_from,
                f"You may {restriction.resume.removesuffix(', if your doctor agrees')}, if your doctor agrees",
                f"Until the day before: {restriction.title}. {restriction.detail}",
                now,
            )
        )
    refill = refill_date(profile)
    if refill is not None:
        clinic = profile.get("clinic_name") or "your pump clinic"
        calendar.add_component(
            _event(f"refill-{refill}", refill, "Pump refill", f"Refill appointment at {clinic}.", now)
        )
    return calendar.to_ical()
