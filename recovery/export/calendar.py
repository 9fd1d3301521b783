"""Milestones, appointments, restriction endings and refill dates as an iCalendar file for the patient's own calendar.

Every event keeps a stable id, so importing the file again updates it instead of
adding a copy. An appointment from the discharge sheet that has a time is a timed
event in its time zone (with the zone's rules in the file); the others are all-day.
A stitches-out or first follow-up appointment keeps the id of the usual milestone it
replaces, so re-importing turns the old all-day guess into the real appointment.
Written with the maintained ``icalendar`` library, in the current language (the plan
passed in is worded in it too).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from icalendar import Calendar, Event

from recovery.i18n import _
from recovery.plan import DatedMilestone, RecoveryPlan
from recovery.restriction_words import resume_words
from recovery.pump import refill_date

PRODUCT_ID = "-//Recovery Companion//Recovery plan//EN"
UID_DOMAIN = "recovery-companion.local"
#: A timed appointment is shown as lasting this long (the sheet gives only the start).
APPOINTMENT_LENGTH = timedelta(hours=1)


def _event(uid: str, start: date | datetime, summary: str, description: str, stamp: datetime) -> Event:
    event = Event()
    event.add("uid", f"{uid}@{UID_DOMAIN}")
    event.add("dtstamp", stamp)
    event.add("dtstart", start)
    if isinstance(start, datetime):
        event.add("dtend", start + APPOINTMENT_LENGTH)
        event.add("transp", "OPAQUE")
    else:
        event.add("dtend", start + timedelta(days=1))
        event.add("transp", "TRANSPARENT")
    event.add("summary", summary)
    event.add("description", description)
    return event


def _zone(name: str | None, fallback: tzinfo | None) -> tzinfo:
    """The appointment's own IANA zone, else the computer's if it has an IANA name, else UTC via the offset."""
    for candidate in (name, getattr(fallback, "key", None)):
        if candidate:
            try:
                return ZoneInfo(candidate)
            except (ZoneInfoNotFoundError, ValueError):
                continue
    return fallback or timezone.utc


def _milestone_event(milestone: DatedMilestone, surgery: date, now: datetime) -> Event:
    replaces_usual = milestone.appointment_id is None or not milestone.id.startswith("visit-")
    uid = f"milestone-{milestone.id}-{surgery}" if replaces_usual else f"appointment-{milestone.appointment_id}"
    start: date | datetime = milestone.date
    if milestone.time is not None:
        start = datetime.combine(milestone.date, milestone.time, tzinfo=_zone(milestone.zone, now.tzinfo))
        if not isinstance(start.tzinfo, ZoneInfo):
            start = start.astimezone(timezone.utc)
    return _event(uid, start, milestone.title, milestone.detail, now)


def plan_calendar(profile: Mapping[str, Any], plan: RecoveryPlan, now: datetime) -> bytes:
    """The .ics file for this patient's milestones and appointments, restriction endings and next refill."""
    calendar = Calendar()
    calendar.add("prodid", PRODUCT_ID)
    calendar.add("version", "2.0")
    # Translators: the name of the calendar the patient imports
    calendar.add("x-wr-calname", _("Recovery plan"))
    surgery = date.fromisoformat(profile["surgery_date"])
    for milestone in plan.milestones(surgery):
        calendar.add_component(_milestone_event(milestone, surgery, now))
    for restriction in plan.dated_restrictions(surgery, profile.get("cleared", ())):
        if not restriction.ends:  # cleared already, or "until my doctor says"
            continue
        calendar.add_component(
            _event(
                f"restriction-{restriction.id}-{surgery}",
                restriction.free_from,
                # Translators: a calendar event's title; {activity} is what the patient may do again
                _("You may {activity}").format(activity=resume_words(restriction)),
                _("Until the day before: {title}. {detail}").format(title=restriction.title, detail=restriction.detail),
                now,
            )
        )
    refill = refill_date(profile)
    if refill is not None:
        clinic = profile.get("clinic_name") or _("your pump clinic")
        calendar.add_component(
            _event(f"refill-{refill}", refill, _("Pump refill"), _("Refill appointment at {clinic}.").format(clinic=clinic), now)
        )
    calendar.add_missing_timezones()
    return calendar.to_ical()
