"""The use cases the screens call, on a real store."""

from __future__ import annotations

import threading
from datetime import date, datetime, timedelta, timezone

import pytest

from recovery.plan import load_plan
from recovery.services import Companion
from recovery.store import Store

TZ = timezone(timedelta(hours=1))


class FixedClock:
    def __init__(self, when: datetime) -> None:
        self.when = when

    def __call__(self) -> datetime:
        return self.when


@pytest.fixture
def clock() -> FixedClock:
    return FixedClock(datetime(2026, 11, 24, 9, 30, tzinfo=TZ))


@pytest.fixture
def companion(store: Store, clock: FixedClock) -> Companion:
    store.save_profile({"surgery_date": "2026-11-12", "drug": "morphine", "clinic_name": "Riverside"})
    return Companion(store, load_plan({"fever_threshold_c": 38.3}), clock)


def test_settings_fill_defaults_and_the_clinics_fever_threshold(companion: Companion) -> None:
    settings = companion.settings()
    assert settings["emergency_number"] == "911" and settings["fever_threshold_c"] == 38.3
    assert companion.profile() == {"surgery_date": "2026-11-12", "drug": "morphine", "clinic_name": "Riverside"}


def test_a_profile_fever_limit_above_the_clinic_range_is_shown_as_the_one_triage_uses(store: Store, clock: FixedClock) -> None:
    """An older profile may hold 39.5 °C; triage caps it at 38.5 °C, and so does every screen and the report."""
    store.save_profile({"surgery_date": "2026-11-12", "drug": "morphine", "fever_threshold_c": 39.5})
    companion = Companion(store, load_plan(), clock)
    assert companion.settings()["fever_threshold_c"] == 38.5
    record = companion.record_checkin(companion.new_checkin({"temperature_c": 38.6}))
    assert record.assessment.level == "call_doctor"
    report = companion.build_report(date(2026, 11, 18), date(2026, 11, 24), "en")
    assert ("Fever limit", "38.5 °C") in [(label, value.split(" (")[0]) for label, value in report.patient]


def test_new_checkins_carry_the_local_time_and_offset(companion: Companion) -> None:
    assert companion.new_checkin({"pain": 2}) == {"recorded_at": "2026-11-24T09:30:00+01:00", "pain": 2}


def test_recording_saves_and_triages_against_recent_history(companion: Companion, store: Store) -> None:
    for day in (21, 22, 23):
        store.add_checkin({"recorded_at": f"2026-11-{day}T09:00:00+01:00", "pain": 2})
    recorded = companion.record_checkin(companion.new_checkin({"pain": 5, "temperature_c": 38.1}))
    assert store.checkins()[-1] == recorded.checkin
    assert recorded.assessment.level == "call_doctor"
    assert [f.rule_id for f in recorded.assessment.findings] == ["pain_rising", "raised_temperature"]


def test_the_pain_history_reaches_back_seven_days_when_recording_and_reopening(companion: Companion, store: Store) -> None:
    store.add_checkin({"recorded_at": "2026-11-17T10:00:00+01:00", "pain": 2})  # 6 days 23.5 hours earlier
    recorded = companion.record_checkin(companion.new_checkin({"pain": 4}))
    assert [f.rule_id for f in recorded.assessment.findings] == ["pain_rising"]
    reopened = companion.assess_record(store.checkin_records()[-1])
    assert [f.rule_id for f in reopened.findings] == ["pain_rising"], "a result reopened later says the same"


def test_the_clinics_crisis_line_and_lifting_limit_reach_triage_and_the_pump_advice(store: Store, clock: FixedClock) -> None:
    store.save_profile({"surgery_date": "2026-11-12", "drug": "morphine", "emergency_number": "999"})
    companion = Companion(store, load_plan({"crisis_line": "116 123", "lifting_limit_lb": 10}), clock)
    assert companion.settings()["crisis_line"] == "116 123"
    assert "crisis_line" not in companion.profile(), "a clinic value is never written into the profile"
    recorded = companion.record_checkin(companion.new_checkin({"self_harm_thoughts": True}))
    assert recorded.assessment.level == "emergency"
    assert "Call 999 now, or your crisis line on 116 123" in recorded.assessment.reasons[0]
    driver_help = next(item for item in companion.pump_content().checklist if item.id == "driver_help")
    assert "more than 10 lb (4.5 kg)" in driver_help.detail and "5 lb" not in driver_help.detail


def test_checkins_today_and_the_latest_warning(companion: Companion, clock: FixedClock) -> None:
    assert companion.checkins_today().count == 0 and companion.latest_warning() is None
    companion.record_checkin(companion.new_checkin({"nausea": True}))
    assert companion.checkins_today().count == 1 and companion.checkins_today().last_time == "09:30"
    record, assessment = companion.latest_warning()
    assert assessment.level == "watch" and record.checkin["nausea"] is True
    clock.when += timedelta(hours=1)
    companion.record_checkin(companion.new_checkin({"pain": 1}))
    assert companion.latest_warning() is None, "a newer fine check-in clears the banner"
    clock.when += timedelta(days=3)
    assert companion.checkins_today().count == 0


def test_clearing_and_restoring_a_restriction(companion: Companion) -> None:
    companion.set_cleared("driving", True)
    companion.set_cleared("lifting", True)
    companion.set_cleared("lifting", False)
    assert companion.profile()["cleared"] == ["driving"]
    assert "driving" not in {r.id for r in companion.status().restrictions}
    with pytest.raises(KeyError):
        companion.set_cleared("flying", True)


def test_status_before_first_run_is_none(store: Store, clock: FixedClock) -> None:
    companion = Companion(store, load_plan(), clock)
    assert companion.status() is None and companion.settings() == {} and not companion.has_profile()


def test_week_review_covers_the_seven_days_up_to_today(companion: Companion) -> None:
    companion.record_checkin(companion.new_checkin({"pain": 3}))
    review = companion.week_review()
    assert (review.start, review.end) == (date(2026, 11, 18), date(2026, 11, 24))
    assert review.days[-1].checkin_count == 1


def test_saves_from_a_worker_thread_and_reads_on_the_main_thread_interleave_safely(companion: Companion) -> None:
    errors: list[BaseException] = []

    def writer() -> None:
        try:
            for minute in range(40):
                companion.record_checkin({"recorded_at": f"2026-11-24T10:{minute:02d}:00+01:00", "pain": minute % 11})
        except BaseException as exc:  # noqa: BLE001
            errors.append(exc)

    thread = threading.Thread(target=writer)
    thread.start()
    while thread.is_alive():
        companion.checkins_today()
        companion.week_review()
    thread.join()
    assert errors == []
    assert companion.checkins_today().count == 40


def test_travelling_keeps_each_checkin_on_its_own_day(store: Store) -> None:
    from zoneinfo import ZoneInfo

    store.save_profile({"surgery_date": "2026-11-12"})
    berlin = FixedClock(datetime(2026, 11, 24, 23, 30, tzinfo=ZoneInfo("Europe/Berlin")))
    at_home = Companion(store, load_plan(), berlin)
    at_home.record_checkin(at_home.new_checkin({"pain": 3}))
    tokyo = FixedClock(datetime(2026, 11, 25, 18, 0, tzinfo=ZoneInfo("Asia/Tokyo")))  # 10:00 in Berlin
    away = Companion(store, load_plan(), tokyo)
    away.record_checkin(away.new_checkin({"pain": 2}))
    days = [(d.day.isoformat(), d.checkin_count) for d in away.week_review().days if d.checkin_count]
    assert days == [("2026-11-24", 1), ("2026-11-25", 1)]
    assert [c["recorded_at"] for c in store.checkins()] == ["2026-11-24T23:30:00+01:00", "2026-11-25T18:00:00+09:00"]
