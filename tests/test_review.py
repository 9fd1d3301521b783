"""Review of a range of days: per-day numbers, levels, missed days, notes, trend."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import checkin_at
from recovery.review import review_period, seven_days_ending, signs_of

PROFILE = {"surgery_date": "2026-11-14", "drug": "morphine"}
START, END = date(2026, 11, 16), date(2026, 11, 22)  # Monday to Sunday
WEEK = [
    checkin_at("2026-11-16T08:00:00+01:00", pain=4, temperature_c=37.0),
    checkin_at("2026-11-16T20:00:00+01:00", pain=6, temperature_c=37.6, notes="Sore evening"),
    checkin_at("2026-11-17T09:00:00+01:00", pain=3, wound=["redness"], headache="mild"),
    # 18 Nov: missed
    checkin_at("2026-11-19T23:59:59+01:00", pain=2),
    checkin_at("2026-11-20T00:00:00+01:00", pain=2, slow_breathing=True),
    checkin_at("2026-11-21T12:00:00+01:00"),  # partial: only the time
    checkin_at("2026-11-22T10:00:00+01:00", pain=3, temperature_c=38.2, notes="Called the clinic"),
]
PREVIOUS_WEEK = [checkin_at("2026-11-14T09:00:00+01:00", pain=7), checkin_at("2026-11-15T09:00:00+01:00", pain=6)]


@pytest.fixture(scope="module")
def review():
    return review_period(WEEK + PREVIOUS_WEEK, START, END, profile=PROFILE, today=date(2026, 11, 22))


def test_one_row_per_day_with_counts_worst_and_average_pain(review) -> None:
    assert [d.day.day for d in review.days] == list(range(16, 23))
    monday = review.days[0]
    assert (monday.checkin_count, monday.worst_pain, monday.average_pain) == (2, 6, 5.0)
    assert monday.highest_temperature_c == 37.6
    assert monday.level == "watch"  # 37.6 °C is a raised temperature


def test_the_day_level_is_the_highest_any_checkin_reached(review) -> None:
    levels = {d.day.day: d.level for d in review.days}
    assert levels == {16: "watch", 17: "call_doctor", 18: None, 19: "ok", 20: "emergency", 21: "ok", 22: "call_doctor"}
    assert [d.day.day for d in review.days if d.needs_attention] == [17, 20, 22]


def test_midnight_splits_days_and_missed_days_are_marked(review) -> None:
    thursday, friday = review.days[3], review.days[4]
    assert thursday.checkin_count == 1 and friday.checkin_count == 1
    assert [d.day.day for d in review.days if d.missed] == [18]


def test_signs_and_notes_are_collected_per_day(review) -> None:
    tuesday = review.days[1]
    assert tuesday.signs == ("mild headache", "wound redness")
    assert [(n.time, n.text) for n in review.days[0].notes] == [("20:00", "Sore evening")]
    assert review.days[5].signs == () and review.days[5].worst_pain is None


def test_every_warning_is_listed_with_its_reasons(review) -> None:
    assert [w.recorded_at[:10] for w in review.warnings] == ["2026-11-17", "2026-11-20", "2026-11-22"]
    assert review.warnings[1].assessment.level == "emergency"
    assert any("slow or shallow breathing" in r for r in review.warnings[1].assessment.reasons)


def test_pain_trend_against_the_previous_period(review) -> None:
    assert review.average_pain == 3.3
    assert review.previous_average_pain == 6.5
    assert review.pain_trend == -3.2
    assert review.worst_day is not None and review.worst_day.day.day == 20
    assert review.missed_days == 1


def test_days_before_the_implant_or_in_the_future_are_not_missed() -> None:
    review = review_period([], date(2026, 11, 10), date(2026, 11, 26), profile=PROFILE, today=date(2026, 11, 20))
    missed = [d.day.day for d in review.days if d.missed]
    assert missed == list(range(14, 21))
    assert review.worst_day is None and review.pain_trend is None


def test_a_range_must_run_forwards() -> None:
    with pytest.raises(ValueError, match="end"):
        review_period([], date(2026, 11, 20), date(2026, 11, 19))


def test_the_caregivers_week_is_the_seven_days_up_to_a_day() -> None:
    assert seven_days_ending(date(2026, 11, 24)) == (date(2026, 11, 18), date(2026, 11, 24))


def test_signs_are_named_in_plain_words() -> None:
    checkin = checkin_at(
        "2026-11-20T09:00:00+01:00",
        leg_weakness="gradual",
        pump_alarm="two_tone",
        pump_swelling="none",
        stiff_neck=False,
        wound=["drainage"],
    )
    assert signs_of(checkin) == ["leg weakness (gradual)", "pump alarm (two-tone)", "wound drainage"]


def test_a_week_across_the_autumn_clock_change_keeps_every_checkin_on_its_own_day() -> None:
    from datetime import datetime
    from zoneinfo import ZoneInfo

    berlin = ZoneInfo("Europe/Berlin")  # clocks go back at 03:00 on Sunday 25 Oct 2026

    def at(day: int, hour: int, minute: int = 0, **fields: object) -> dict[str, object]:
        return checkin_at(datetime(2026, 10, day, hour, minute, tzinfo=berlin).isoformat(), **fields)

    week = [
        at(24, 23, 59, pain=4),  # +02:00
        at(25, 0, 30, pain=5),  # +02:00, still summer time
        at(25, 23, 30, pain=6),  # +01:00, winter time
        at(26, 0, 0, pain=2),  # +01:00
    ]
    assert week[1]["recorded_at"].endswith("+02:00") and week[2]["recorded_at"].endswith("+01:00")
    review = review_period(week, date(2026, 10, 24), date(2026, 10, 26))
    assert [(d.day.day, d.checkin_count, d.worst_pain) for d in review.days] == [(24, 1, 4), (25, 2, 6), (26, 1, 2)]
    assert review.days[1].average_pain == 5.5
