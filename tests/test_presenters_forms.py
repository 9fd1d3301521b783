"""Words and form logic behind the check-in, result, plan, week and profile screens."""

from __future__ import annotations

from datetime import date

import pytest

from helpers import checkin_at
from recovery.plan import load_plan
from recovery.presenters import (
    CheckinForm,
    parse_temperature,
    plan_restrictions,
    plan_weeks,
    profile_from_form,
    surgery_date_question,
    trend_line,
    week_rows,
)
from recovery.result_words import result_view
from recovery.review import review_period
from recovery.triage import assess
from recovery.palette import LEVEL_COLOURS, LEVEL_TINTS, contrast
from recovery import palette as theme
from recovery.validation import ValidationError


@pytest.mark.parametrize(
    ("text", "unit", "celsius"),
    [("37.2", "C", 37.2), (" 38,4 ", "C", 38.4), ("98.6", "F", 37.0), ("100.4 °F", "F", 38.0), ("", "C", None)],
)
def test_temperatures_are_read_in_the_patients_unit(text: str, unit: str, celsius: float | None) -> None:
    assert parse_temperature(text, unit) == celsius


@pytest.mark.parametrize(
    ("text", "unit", "says"),
    [
        ("399", "C", "399 °C is not a body temperature. Type a number from 34 to 43, like 37.2"),
        ("45", "F", "45 °F is not a body temperature. Type a number from 93.2 to 109.4, like 98.6"),
        ("37", "F", "37 looks like °C, but the app is set to °F"),
        ("101.3", "C", "101.3 looks like °F, but the app is set to °C"),
        ("hot", "C", "“hot” is not a number. Type the temperature as a number, like 37.2."),
        ("1o1.3", "F", "“1o1.3” has the letter “o” in it. Type the temperature as a number, like 98.6."),
        ("37 5", "C", "“37 5” is more than one number"),
    ],
)
def test_impossible_temperatures_are_explained(text: str, unit: str, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        parse_temperature(text, unit)


def test_only_answered_questions_become_fields() -> None:
    assert CheckinForm().fields("C") == {}
    form = CheckinForm(
        pain=0,
        headache="none",
        headache_upright=True,  # a stale follow-up answer is dropped once the headache is gone
        wound_answered=True,
        signs=["stiff_neck"],
        notes="  ",
    )
    assert form.fields("C") == {"pain": 0, "headache": "none", "wound": [], "stiff_neck": True}
    with pytest.raises(ValidationError) as refused:
        CheckinForm(temperature_text="4O").fields("C")
    assert "temperature_c" in refused.value.errors


@pytest.mark.parametrize(
    ("fields", "level", "call_line"),
    [
        ({"slow_breathing": True}, "emergency", "Call 999 now"),
        ({"temperature_c": 38.5}, "call_doctor", "Call Riverside today: 555-0142"),
        ({"nausea": True}, "watch", ""),
        ({}, "ok", ""),
    ],
)
def test_results_say_whom_to_call(fields: dict, level: str, call_line: str) -> None:
    settings = {"emergency_number": "999", "clinic_name": "Riverside", "clinic_phone": "555-0142"}
    view = result_view(assess(checkin_at("2026-11-24T09:00:00+01:00", **fields), profile=settings), settings)
    assert (view.level, view.call_line) == (level, call_line)
    assert view.advice and view.word and view.title
    assert bool(view.reasons) == (level != "ok")


def test_week_rows_and_trend_read_at_a_glance() -> None:
    checkins = [
        checkin_at("2026-11-23T09:00:00+01:00", pain=5, temperature_c=38.4, wound=["redness"]),
        checkin_at("2026-11-16T09:00:00+01:00", pain=7),
    ]
    review = review_period(checkins, date(2026, 11, 22), date(2026, 11, 24), today=date(2026, 11, 24))
    rows = week_rows(review, "F", date(2026, 11, 24))
    assert [r.day for r in rows] == ["Sun 22 Nov", "Mon 23 Nov", "Tue 24 Nov"]
    assert rows[0].signs == "no check-in" and not rows[0].highlight
    assert rows[1].highlight and rows[1].temperature == "101.1\u00a0°F" and rows[1].level_word == "Call today"
    assert rows[1].signs == "wound redness" and rows[1].pain == "worst 5"
    assert trend_line(review) == "Average pain 5."
    assert trend_line(review_period([], date(2026, 11, 22), date(2026, 11, 24))) == "No pain scores this week."


def test_plan_weeks_mark_this_week_and_list_its_events() -> None:
    weeks = plan_weeks(load_plan(), date(2026, 11, 12), date(2026, 11, 24), cleared=["driving"])
    assert [w.current for w in weeks].index(True) == 1
    assert weeks[1].events == ("Sun 22 Nov: Stitches or clips out",)
    assert not any("drive" in e for w in weeks for e in w.events if "you may" in e)
    assert weeks[-1].heading.startswith("After week 8")
    restrictions = {r.id: r for r in plan_restrictions(load_plan(), date(2026, 11, 12), date(2026, 12, 24), ["driving"])}
    assert restrictions["driving"].cleared and restrictions["driving"].over
    assert restrictions["lifting"].span == "Thu 12 Nov to Wed 6 Jan 2027" and not restrictions["lifting"].over


def test_profile_form_trims_text_drops_empty_fields_and_keeps_hidden_ones() -> None:
    profile = profile_from_form(
        {"clinic_name": "  Riverside ", "caregiver_name": "", "drug": None, "surgery_date": "2026-11-12"},
        keep={"cleared": ["driving"], "caregiver_name": "Old name", "text_scale": 1.25},
    )
    assert profile == {"clinic_name": "Riverside", "surgery_date": "2026-11-12", "cleared": ["driving"], "text_scale": 1.25}


@pytest.mark.parametrize(
    ("text", "asks"),
    [("2026-12-01", False), ("2020-01-01", True), ("2028-06-01", True), ("2025-06-01", False), ("nonsense", False)],
)
def test_unlikely_implant_dates_are_questioned(text: str, asks: bool) -> None:
    assert bool(surgery_date_question(text, date(2026, 11, 24))) == asks


def test_every_colour_pair_is_readable() -> None:
    for level, (background, text) in LEVEL_COLOURS.items():
        assert contrast(text, background) >= 4.5, level
        assert contrast(theme.TEXT, LEVEL_TINTS[level]) >= 7, level
    assert contrast(theme.TEXT, theme.BACKGROUND) >= 7
    assert contrast(theme.TEXT, theme.CARD) >= 7
    assert contrast(theme.MUTED_TEXT, theme.CARD) >= 4.5
    assert contrast(theme.ON_ACCENT, theme.ACCENT) >= 7
    assert contrast(theme.ERROR_TEXT, theme.CARD) >= 4.5
    assert contrast(theme.TEXT, theme.CHIP) >= 7
    assert contrast(theme.ACCENT, theme.BACKGROUND) >= 4.5


@pytest.mark.parametrize(
    ("fields", "says_notes_unread"),
    [
        ({"pain": 2}, True),  # "fine", but the notes may say more than the answers
        ({"nausea": True}, True),  # keep watching: the same
        ({"pain": 9}, False),  # already a call: the patient is told to call anyway
    ],
)
def test_a_calm_result_after_written_notes_says_the_app_does_not_read_them(fields: dict, says_notes_unread: bool) -> None:
    settings = {"clinic_name": "Riverside Pain Clinic", "clinic_phone": "555-0142", "emergency_number": "999"}
    checkin = checkin_at("2026-11-24T09:00:00+01:00", notes="legs went suddenly numb this morning", **fields)
    with_notes = result_view(assess(checkin, profile=settings), settings, wrote_notes=True)
    without = result_view(assess(checkin, profile=settings), settings)
    assert ("does not read your notes" in with_notes.advice) is says_notes_unread
    assert "does not read your notes" not in without.advice
    if says_notes_unread:
        assert "Riverside Pain Clinic on 555-0142" in with_notes.advice and "999" in with_notes.advice
