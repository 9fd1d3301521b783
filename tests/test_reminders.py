"""The reminder engine with fixed clocks: each kind, once only, catch-up, DST, travel, clock jumps."""

from __future__ import annotations

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from helpers import checkin_at
from recovery.plan import load_plan
from recovery.profile import with_defaults
from recovery.pump import refill_date
from recovery.reminders import Reminder, candidates, due_reminders, notification_for

BERLIN = ZoneInfo("Europe/Berlin")
NEW_YORK = ZoneInfo("America/New_York")
TOKYO = ZoneInfo("Asia/Tokyo")
PLAN = load_plan()
PROFILE = with_defaults({"surgery_date": "2026-11-12", "reminder_time": "09:00", "drug": "morphine"})


def due(now: datetime, *, profile=PROFILE, checkins=(), delivered=frozenset()) -> list[Reminder]:
    return due_reminders(profile=profile, plan=PLAN, checkins=list(checkins), delivered=set(delivered), now=now)


def ids(reminders: list[Reminder]) -> list[str]:
    return [r.id for r in reminders]


class Simulation:
    """Runs the engine at each given moment, delivering everything due, like the app or the job would."""

    def __init__(self, profile=PROFILE, checkins=()) -> None:
        self.profile = profile
        self.checkins = list(checkins)
        self.delivered: dict[str, datetime] = {}
        self.notifications: list[tuple[datetime, tuple[str, ...]]] = []

    def run(self, now: datetime) -> None:
        note = notification_for(due(now, profile=self.profile, checkins=self.checkins, delivered=set(self.delivered)))
        if note:
            self.notifications.append((now, note.reminder_ids))
            for reminder_id in note.reminder_ids:
                self.delivered[reminder_id] = now

    def every(self, start: datetime, end: datetime, step: timedelta) -> None:
        moment = start
        while moment <= end:
            self.run(moment)
            moment = moment + step  # aware arithmetic: wall time, as a scheduler polling a wall clock sees it

    def ids_delivered(self, prefix: str) -> list[str]:
        return sorted(i for i in self.delivered if i.startswith(prefix))


# ------------------------------------------------------------------ each kind


def test_the_daily_checkin_is_due_at_the_chosen_time_and_not_before() -> None:
    assert ids(due(datetime(2026, 11, 24, 8, 59, tzinfo=BERLIN))) == []
    at_nine = due(datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN))
    assert ids(at_nine) == ["checkin:2026-11-24"]
    assert at_nine[0].body == "Time for your daily check-in." and at_nine[0].screen == "checkin"


def test_a_checkin_made_today_skips_both_daily_reminders() -> None:
    done = [checkin_at("2026-11-24T08:30:00+01:00", pain=2)]
    assert due(datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN), checkins=done) == []
    assert due(datetime(2026, 11, 24, 16, 0, tzinfo=BERLIN), checkins=done) == []


def test_one_gentle_follow_up_later_that_day() -> None:
    delivered = {"checkin:2026-11-24"}
    assert ids(due(datetime(2026, 11, 24, 13, 59, tzinfo=BERLIN), delivered=delivered)) == []
    assert ids(due(datetime(2026, 11, 24, 14, 0, tzinfo=BERLIN), delivered=delivered)) == ["checkin-followup:2026-11-24"]
    late = with_defaults({**PROFILE, "reminder_time": "20:30"})
    follow_up = next(r for r in candidates(profile=late, plan=PLAN, checkins=[], now=datetime(2026, 11, 24, 12, tzinfo=BERLIN)) if r.id == "checkin-followup:2026-11-24")
    assert follow_up.due_at.time().isoformat() == "21:00:00", "never later than 21:00"


def test_no_daily_reminder_outside_the_recovery() -> None:
    before = datetime(2026, 11, 11, 9, 0, tzinfo=BERLIN)
    after = datetime(2027, 1, 7, 9, 0, tzinfo=BERLIN)  # day 56
    assert not [r for r in due(before) if r.kind == "checkin"]
    assert not [r for r in due(after) if r.kind == "checkin"]


@pytest.mark.parametrize(
    ("now", "expected"),
    [
        (datetime(2026, 11, 25, 18, 0, tzinfo=BERLIN), "milestone:follow_up:eve"),
        (datetime(2026, 11, 26, 8, 0, tzinfo=BERLIN), "milestone:follow_up:day"),
        (datetime(2026, 11, 21, 18, 30, tzinfo=BERLIN), "milestone:stitches_out:eve"),
        (datetime(2026, 12, 10, 8, 0, tzinfo=BERLIN), "restriction:driving:2026-12-10"),
    ],
)
def test_milestones_and_restriction_endings(now: datetime, expected: str) -> None:
    found = due(now, delivered={f"checkin:{now.date()}", f"checkin-followup:{now.date()}"})
    assert expected in ids(found)
    reminder = next(r for r in found if r.id == expected)
    if reminder.kind == "restriction":
        assert reminder.body == "From today you may drive, if your doctor agrees."
    else:
        assert reminder.body.startswith(("Tomorrow:", "Today:"))


def test_a_restriction_the_doctor_already_lifted_is_not_announced() -> None:
    cleared = with_defaults({**PROFILE, "cleared": ["driving"]})
    assert "restriction:driving:2026-12-10" not in ids(due(datetime(2026, 12, 10, 8, 0, tzinfo=BERLIN), profile=cleared))


def test_refills_a_week_and_a_day_before() -> None:
    profile = with_defaults({**PROFILE, "next_refill_date": "2027-02-10"})
    assert ids(due(datetime(2027, 2, 3, 9, 0, tzinfo=BERLIN), profile=profile)) == ["refill:2027-02-10:7d"]
    assert ids(due(datetime(2027, 2, 9, 9, 0, tzinfo=BERLIN), profile=profile)) == ["refill:2027-02-10:1d"]
    derived = with_defaults({**PROFILE, "last_refill_date": "2027-01-01", "refill_interval_days": 40})
    assert refill_date(derived) == date(2027, 2, 10)
    assert refill_date(PROFILE) is None


def test_a_call_today_checkin_asks_again_after_four_hours_unless_something_newer_came() -> None:
    fever = checkin_at("2026-11-24T10:00:00+01:00", temperature_c=38.6)
    delivered = {"checkin:2026-11-24", "checkin-followup:2026-11-24"}
    assert ids(due(datetime(2026, 11, 24, 13, 59, tzinfo=BERLIN), checkins=[fever], delivered=delivered)) == []
    again = due(datetime(2026, 11, 24, 14, 0, tzinfo=BERLIN), checkins=[fever], delivered=delivered)
    assert ids(again) == ["warning:2026-11-24T10:00:00+01:00"]
    newer = checkin_at("2026-11-24T12:00:00+01:00", temperature_c=37.2)
    assert due(datetime(2026, 11, 24, 14, 0, tzinfo=BERLIN), checkins=[fever, newer], delivered=delivered) == []


@pytest.mark.parametrize(
    ("fields", "asks_again"),
    [
        ({"nausea": True}, True),  # keep an eye on this
        ({"temperature_c": 37.6}, True),  # a little raised
        ({"urination_trouble": True}, True),  # call today, as before
        ({"pain": 2}, False),  # nothing needed a call
        ({"slow_breathing": True}, False),  # an emergency: the patient is calling, not checking in
    ],
)
def test_a_watch_result_also_asks_for_a_new_checkin_after_four_hours(fields: dict, asks_again: bool) -> None:
    latest = checkin_at("2026-11-24T10:00:00+01:00", **fields)
    delivered = {"checkin:2026-11-24", "checkin-followup:2026-11-24"}
    assert ids(due(datetime(2026, 11, 24, 13, 59, tzinfo=BERLIN), checkins=[latest], delivered=delivered)) == []
    again = ids(due(datetime(2026, 11, 24, 14, 0, tzinfo=BERLIN), checkins=[latest], delivered=delivered))
    assert again == (["warning:2026-11-24T10:00:00+01:00"] if asks_again else [])


def test_notification_texts_never_carry_symptoms_or_notes() -> None:
    fever = checkin_at("2026-11-24T10:00:00+01:00", temperature_c=38.6, notes="SENTINEL-PHI-123", wound=["drainage"])
    profile = with_defaults({**PROFILE, "next_refill_date": "2026-11-25"})
    texts = []
    for hour in range(0, 24):
        for reminder in candidates(profile=profile, plan=PLAN, checkins=[fever], now=datetime(2026, 11, 24, hour, tzinfo=BERLIN)):
            texts.append(reminder.title + " " + reminder.body)
    assert texts
    for forbidden in ("SENTINEL", "38.6", "drainage", "fever", "temperature", "wound"):
        assert not any(forbidden.lower() in text.lower() for text in texts), forbidden


# ------------------------------------------------------------------ once only, catch-up


def test_every_reminder_is_delivered_exactly_once_over_a_week_of_polling() -> None:
    sim = Simulation()
    sim.every(datetime(2026, 11, 20, 0, 0, tzinfo=BERLIN), datetime(2026, 11, 27, 0, 0, tzinfo=BERLIN), timedelta(minutes=1))
    delivered_ids = [i for _when, batch in sim.notifications for i in batch]
    assert len(delivered_ids) == len(set(delivered_ids))
    assert sim.ids_delivered("checkin:") == [f"checkin:2026-11-{d}" for d in range(20, 27)]
    assert "milestone:follow_up:eve" in sim.delivered and "milestone:stitches_out:day" in sim.delivered


def test_missed_reminders_collapse_into_one_catch_up_and_stale_ones_are_dropped() -> None:
    sim = Simulation()
    sim.run(datetime(2026, 11, 21, 9, 0, tzinfo=BERLIN))  # the last time the machine was on
    sim.notifications.clear()
    sim.run(datetime(2026, 11, 25, 19, 0, tzinfo=BERLIN))  # switched on four days later
    assert len(sim.notifications) == 1
    batch = sim.notifications[0][1]
    assert set(batch) == {"checkin-followup:2026-11-25", "milestone:follow_up:eve"}
    assert not any(i.startswith("checkin:2026-11-22") for i in sim.delivered), "yesterday's reminders are not sent late"
    note = notification_for(due(datetime(2026, 11, 25, 19, 0, tzinfo=BERLIN)))
    assert note is not None and note.title == "Recovery Companion: 2 reminders" and note.body.count("•") == 2
    sim.run(datetime(2026, 11, 25, 19, 1, tzinfo=BERLIN))
    assert len(sim.notifications) == 1, "nothing more a minute later"


# ------------------------------------------------------------------ daylight saving, travel, clock jumps


@pytest.mark.parametrize(
    ("zone", "spring", "autumn"),
    [(BERLIN, date(2026, 3, 29), date(2026, 10, 25)), (NEW_YORK, date(2026, 3, 8), date(2026, 11, 1))],
)
def test_a_0230_reminder_fires_once_on_both_clock_change_days(zone: ZoneInfo, spring: date, autumn: date) -> None:
    for day, expected_wall_time in ((spring, "03:30"), (autumn, "02:30")):
        surgery = day - timedelta(days=10)
        profile = with_defaults({"surgery_date": surgery.isoformat(), "reminder_time": "02:30"})
        sim = Simulation(profile)
        start = datetime.combine(day - timedelta(days=1), datetime.min.time(), tzinfo=zone)
        utc = ZoneInfo("UTC")
        moment = start.astimezone(utc)
        end = (start + timedelta(days=2)).astimezone(utc)
        while moment <= end:  # poll every minute of real (UTC) time across the change
            sim.run(moment.astimezone(zone))
            moment += timedelta(minutes=1)
        fired = [when for when, batch in sim.notifications if f"checkin:{day}" in batch]
        assert len(fired) == 1, (zone, day)
        assert fired[0].strftime("%H:%M") == expected_wall_time


def test_flying_nine_hours_east_neither_repeats_nor_skips_a_day() -> None:
    sim = Simulation()
    sim.every(datetime(2026, 11, 22, 0, 0, tzinfo=BERLIN), datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN), timedelta(minutes=5))
    landed = datetime(2026, 11, 23, 12, 0, tzinfo=BERLIN).astimezone(TOKYO)  # 20:00 in Tokyo
    sim.every(landed, landed + timedelta(days=2), timedelta(minutes=5))
    assert sim.ids_delivered("checkin:") == ["checkin:2026-11-22", "checkin:2026-11-23", "checkin:2026-11-24", "checkin:2026-11-25"]
    tokyo_24 = next(when for when, batch in sim.notifications if "checkin:2026-11-24" in batch)
    assert tokyo_24.astimezone(TOKYO).strftime("%H:%M") == "09:00", "the new zone's morning"


def test_clock_jumps_back_two_hours_and_forward_25_hours_without_duplicates() -> None:
    sim = Simulation()
    sim.every(datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN), datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN), timedelta(minutes=1))
    sim.every(datetime(2026, 11, 24, 8, 0, tzinfo=BERLIN), datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN), timedelta(minutes=1))
    assert sim.ids_delivered("checkin:") == ["checkin:2026-11-24"]
    before_jump = len(sim.notifications)
    sim.run(datetime(2026, 11, 25, 11, 0, tzinfo=BERLIN))  # +25 h in one step
    assert len(sim.notifications) == before_jump + 1, "at most one catch-up"
    delivered_ids = [i for _when, batch in sim.notifications for i in batch]
    assert len(delivered_ids) == len(set(delivered_ids))
    assert "checkin:2026-11-25" in sim.delivered and "checkin-followup:2026-11-24" not in sim.delivered


def test_now_must_carry_a_time_zone() -> None:
    with pytest.raises(ValueError, match="time-zone aware"):
        due(datetime(2026, 11, 24, 9, 0))
