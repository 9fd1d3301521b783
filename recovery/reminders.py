"""The reminder engine: what is due now, given the profile, the plan, the check-ins and the past.

Pure and clock-free: the caller passes ``now`` as an aware datetime whose time zone is
the patient's (an IANA zone, so daylight-saving rules apply). Every reminder has a
stable id built from what it is about ("checkin:2026-11-24", "milestone:follow_up:eve"),
so recording delivered ids makes delivery happen once, whatever the clock does.

Each reminder is due from ``due_at`` until ``expires_at``. A reminder that expired
before anyone was there to see it (machine off, app closed) is dropped, not delivered
late; those still current are delivered together as one notification, never a burst.

Times that fall in a spring-forward gap fire at the same wall time after the change
(02:30 on a day that skips from 02:00 to 03:00 fires at 03:30); times that occur twice
in autumn fire at the first of the two. Either way the id is the calendar day, so the
day gets exactly one.

Notification texts never name a symptom, a reading or a note: they may show on a lock
screen. They are worded in the current language (the saved one: the app and the notify
command apply it first), dates by Babel.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Set
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone, tzinfo
from typing import Any

from recovery.checkin import local_day, recorded_at
from recovery.i18n import N_, _, format_short_day, ngettext
from recovery.plan import DatedMilestone, RecoveryPlan
from recovery.restriction_words import resume_words
from recovery.pump import refill_date
from recovery.triage import Level, assess, load_rules

APP_TITLE = "Recovery Companion"
MORNING = time(8, 0)
EVENING = time(18, 0)
FOLLOW_UP_AFTER = timedelta(hours=5)
LATEST_FOLLOW_UP = time(21, 0)
WARNING_VALID_FOR = timedelta(hours=24)
#: Results that ask for a new check-in a few hours later (an emergency is handled by calling).
CHECK_AGAIN_LEVELS = (Level.WATCH, Level.CALL_DOCTOR)
REFILL_DAYS_BEFORE = (7, 1)
#: An appointment with a time is announced the day before (at the reminder time) and this long before it.
APPOINTMENT_LEAD = timedelta(hours=2)
#: How an appointment is named on a lock screen: never the name the patient typed (translated where shown).
APPOINTMENT_WORDS = {
    # Translators: an appointment named on a lock screen, in "Tomorrow: {what} (Thu 26 Nov)."
    "stitches_out": N_("stitches or clips out"),
    "follow_up": N_("your first follow-up visit"),
    "later_follow_up": N_("your follow-up visit"),
    "other": N_("your appointment"),
}


@dataclass(frozen=True)
class Reminder:
    """One thing to tell the patient, and the window in which it is worth telling."""

    id: str
    kind: str
    due_at: datetime
    expires_at: datetime
    title: str
    body: str
    screen: str = "today"

    def is_due(self, now: datetime) -> bool:
        # Compare instants in UTC: Python compares two datetimes of the *same* zone by wall
        # time alone, which is wrong across a daylight-saving change.
        return _utc(self.due_at) <= _utc(now) < _utc(self.expires_at)


@dataclass(frozen=True)
class Notification:
    """What is actually shown: one reminder, or one catch-up for several."""

    title: str
    body: str
    reminder_ids: tuple[str, ...]
    screen: str


def _utc(moment: datetime) -> datetime:
    return moment.astimezone(timezone.utc)


def _at(day: date, clock: time, zone: tzinfo | None) -> datetime:
    """Wall-clock time on ``day`` in ``zone`` (a gap time lands after the change; a fold takes the first)."""
    return datetime.combine(day, clock, tzinfo=zone)


def _end_of(day: date, zone: tzinfo | None) -> datetime:
    return _at(day + timedelta(days=1), time(0, 0), zone)


def _parse_time(text: str) -> time:
    hours, minutes = text.split(":")
    return time(int(hours), int(minutes))


def candidates(
    *,
    profile: Mapping[str, Any],
    plan: RecoveryPlan,
    checkins: Iterable[Mapping[str, Any]],
    now: datetime,
    battery_book_by: date | None = None,
) -> list[Reminder]:
    """Every reminder whose window is near ``now`` (yesterday to tomorrow), delivered or not."""
    zone = now.tzinfo
    today = now.date()
    surgery = date.fromisoformat(profile["surgery_date"])
    reminder_time = _parse_time(profile.get("reminder_time", "09:00"))
    checkins = list(checkins)
    checked_days = {local_day(c) for c in checkins}
    found: list[Reminder] = []

    # Daily check-in, during the recovery, with one gentle follow-up later the same day.
    for day in (today - timedelta(days=1), today, today + timedelta(days=1)):
        if not 0 <= (day - surgery).days < plan.recovery_days or day in checked_days:
            continue
        first = _at(day, reminder_time, zone)
        later = min(first + FOLLOW_UP_AFTER, _at(day, LATEST_FOLLOW_UP, zone))
        has_follow_up = _utc(later) > _utc(first)
        found.append(
            Reminder(
                f"checkin:{day}",
                "checkin",
                first,
                later if has_follow_up else _end_of(day, zone),  # the follow-up takes over: never both at once
                APP_TITLE,
                _("Time for your daily check-in."),
                "checkin",
            )
        )
        if has_follow_up:
            found.append(
                Reminder(
                    f"checkin-followup:{day}",
                    "checkin_followup",
                    later,
                    _end_of(day, zone),
                    APP_TITLE,
                    _("You have not checked in today. It takes less than a minute."),
                    "checkin",
                )
            )

    # Milestones: the evening before and the morning of; appointments from the sheet have their own times.
    for milestone in plan.milestones(surgery):
        if milestone.appointment_id is not None:
            found.extend(appointment_reminders(milestone, reminder_time, zone, today))
            continue
        eve = milestone.date - timedelta(days=1)
        found.append(
            Reminder(
                f"milestone:{milestone.id}:eve",
                "milestone",
                _at(eve, EVENING, zone),
                _end_of(eve, zone),
                APP_TITLE,
                # Translators: a milestone of the plan, the day before; {what} starts in lower case
                _("Tomorrow: {what} ({date}).").format(
                    what=milestone.title.lower(), date=format_short_day(milestone.date, today)
                ),
                "plan",
            )
        )
        found.append(
            Reminder(
                f"milestone:{milestone.id}:day",
                "milestone",
                _at(milestone.date, MORNING, zone),
                _end_of(milestone.date, zone),
                APP_TITLE,
                _("Today: {what}.").format(what=milestone.title.lower()),
                "plan",
            )
        )

    # Restrictions ending, unless the doctor already lifted them.
    for restriction in plan.dated_restrictions(surgery, profile.get("cleared", ())):
        if not restriction.ends:  # cleared already, or "until my doctor says"
            continue
        found.append(
            Reminder(
                f"restriction:{restriction.id}:{restriction.free_from}",
                "restriction",
                _at(restriction.free_from, MORNING, zone),
                _end_of(restriction.free_from + timedelta(days=1), zone),
                APP_TITLE,
                # Translators: {activity} is what the patient may do again ("drive, if your doctor agrees")
                _("From today you may {activity}.").format(activity=resume_words(restriction)),
                "plan",
            )
        )

    # Refills: a week before and the day before.
    refill = refill_date(profile)
    if refill is not None:
        starts = [_at(refill - timedelta(days=d), reminder_time, zone) for d in REFILL_DAYS_BEFORE]
        ends = starts[1:] + [_end_of(refill, zone)]  # each one gives way to the next, so a catch-up never says both
        for days_before, start, end in zip(REFILL_DAYS_BEFORE, starts, ends):
            on = format_short_day(refill, today)
            if days_before == 1:
                text = _("Pump refill tomorrow ({date}). Check your appointment.").format(date=on)
            else:
                text = ngettext(
                    "Pump refill in {n} day ({date}). Check your appointment.",
                    "Pump refill in {n} days ({date}). Check your appointment.",
                    days_before,
                ).format(n=days_before, date=on)
            found.append(Reminder(f"refill:{refill}:{days_before}d", "refill", start, end, APP_TITLE, text, "today"))

    # The pump's battery: time to book the replacement (the window stays open a month).
    if battery_book_by is not None:
        found.append(
            Reminder(
                f"battery:{battery_book_by}",
                "battery",
                _at(battery_book_by, reminder_time, zone),
                _end_of(battery_book_by + timedelta(days=30), zone),
                APP_TITLE,
                _(
                    "Time to book your pump replacement with your clinic: "
                    "the battery is expected to run out in about 6 months."
                ),
                "pump",
            )
        )

    # A check-in that said "keep an eye on this" or "call today", with nothing newer: ask again after 4 hours.
    if checkins:
        latest = max(checkins, key=recorded_at)
        when = recorded_at(latest)
        again_after = check_again_after()
        if _utc(now) - _utc(when) < WARNING_VALID_FOR + again_after:
            history = [c for c in checkins if c is not latest]
            if assess(latest, profile=profile, history=history).level in CHECK_AGAIN_LEVELS:
                found.append(
                    Reminder(
                        f"warning:{latest['recorded_at']}",
                        "warning",
                        when + again_after,
                        when + again_after + WARNING_VALID_FOR,
                        APP_TITLE,
                        _("Please check in again: how are you feeling now?"),
                        "checkin",
                    )
                )
    return found


def appointment_reminders(visit: DatedMilestone, reminder_time: time, zone: tzinfo | None, today: date) -> list[Reminder]:
    """The day before at the reminder time, then two hours before (or, without a time, on the morning).

    The id holds the date and time, so a visit moved to another day is announced again;
    each reminder gives way to the next, so a catch-up never says both.
    """
    what = _(APPOINTMENT_WORDS.get(visit.appointment_kind or "other", APPOINTMENT_WORDS["other"]))
    key = f"appointment:{visit.appointment_id}:{visit.date}" + (f"T{visit.time:%H%M}" if visit.time else "")
    eve = visit.date - timedelta(days=1)
    first = _at(eve, reminder_time, zone)
    on = format_short_day(visit.date, today)
    if visit.time is None:
        second = _at(visit.date, MORNING, zone)
        second_ends = _end_of(visit.date, zone)
        second_text = _("Today: {what}.").format(what=what)
        first_text = _("Tomorrow: {what} ({date}).").format(what=what, date=on)
    else:
        visit_zone = _zone(visit.zone) or zone
        starts = datetime.combine(visit.date, visit.time, tzinfo=visit_zone)
        second, second_ends = starts - APPOINTMENT_LEAD, starts
        clock = f"{visit.time:%H:%M}"
        second_text = _("Today at {time}: {what}.").format(time=clock, what=what)
        first_text = _("Tomorrow at {time}: {what} ({date}).").format(time=clock, what=what, date=on)
    found = []
    if _utc(first) < _utc(second):
        found.append(Reminder(f"{key}:day-before", "appointment", first, second, APP_TITLE, first_text, "plan"))
    found.append(Reminder(f"{key}:soon", "appointment", second, second_ends, APP_TITLE, second_text, "plan"))
    return found


def _zone(name: str | None) -> tzinfo | None:
    if not name:
        return None
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return None


def check_again_after() -> timedelta:
    """How long after a "keep an eye on this" or "call today" result the app asks for a new check-in."""
    return timedelta(hours=load_rules().check_again_after_hours)


def due_reminders(
    *,
    profile: Mapping[str, Any],
    plan: RecoveryPlan,
    checkins: Iterable[Mapping[str, Any]],
    delivered: Set[str],
    now: datetime,
    battery_book_by: date | None = None,
) -> list[Reminder]:
    """Reminders due at ``now`` and never delivered, earliest first."""
    if now.tzinfo is None:
        raise ValueError("now must be time-zone aware")
    due = [
        r
        for r in candidates(profile=profile, plan=plan, checkins=checkins, now=now, battery_book_by=battery_book_by)
        if r.is_due(now) and r.id not in delivered
    ]
    return sorted(due, key=lambda r: (_utc(r.due_at), r.id))


def notification_for(due: list[Reminder]) -> Notification | None:
    """One notification for everything due: the reminder itself, or a short catch-up list."""
    if not due:
        return None
    if len(due) == 1:
        only = due[0]
        return Notification(only.title, only.body, (only.id,), only.screen)
    lines = "\n".join(f"• {r.body}" for r in due[:4])
    rest = len(due) - 4
    more = "\n• " + ngettext("and {n} more", "and {n} more", rest).format(n=rest) if rest > 0 else ""
    return Notification(
        ngettext("{app}: {n} reminder", "{app}: {n} reminders", len(due)).format(app=APP_TITLE, n=len(due)),
        lines + more,
        tuple(r.id for r in due),
        due[0].screen,
    )
