"""The patient's discharge sheet: checked, stored, laid over the plan with its origin, never less safe."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from types import MappingProxyType
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from helpers import json_values
from recovery.discharge import (
    EMPTY_SHEET,
    DischargeSheet,
    Length,
    Visit,
    Weight,
    sheet_from_record,
    validate_sheet_record,
)
from recovery.discharge_form import SheetAnswers, parse_sheet_answers, parse_visit, with_visit
from recovery.plan import load_plan
from recovery.plan_sheet import with_sheet
from recovery.plan_words import plan_restrictions, restriction_origin, today_view
from recovery.services import Companion
from recovery.store import open_store
from recovery.store.schema import DISCHARGE
from recovery.validation import ValidationError

SURGERY = date(2026, 11, 12)
TODAY = date(2026, 11, 24)
BERLIN = ZoneInfo("Europe/Berlin")
FOLLOW_UP_ID = "f" * 32
RECORD = {
    "appointments": [
        {"id": FOLLOW_UP_ID, "kind": "follow_up", "date": "2026-12-03", "time": "10:30", "zone": "Europe/Berlin"},
        {"id": "a" * 32, "kind": "other", "date": "2026-12-08", "name": "Physiotherapy"},
    ],
    "restrictions": {"driving": {"weeks": 6}, "soaking": {"days": 14}},
    "lifting_limit": {"lb": 10},
    "fever_threshold_c": 38.3,
    "other_instructions": "Keep the binder on.",
}


def answers(**lengths: tuple[str, str]) -> SheetAnswers:
    return SheetAnswers(lengths=lengths, weight=("", "lb"), fever="", other="")


# ------------------------------------------------------------------ the stored record


def test_a_record_round_trips_exactly() -> None:
    sheet = sheet_from_record(RECORD)
    assert sheet.to_record() == RECORD
    assert validate_sheet_record(RECORD) == RECORD
    assert sheet.restrictions["driving"] == Length(6, "weeks") and sheet.restrictions["driving"].until_day == 41
    assert sheet.restrictions["soaking"].until_day == 13
    assert sheet.visit(FOLLOW_UP_ID).at == time(10, 30)


@pytest.mark.parametrize(
    ("change", "says"),
    [
        ({"fever_threshold_c": 39.0}, "from 37.5 to 38.5"),
        ({"fever_threshold_c": 37.4}, "from 37.5 to 38.5"),
        ({"restrictions": {"driving": {"weeks": 0}}}, "restrictions.driving"),
        ({"restrictions": {"driving": {"days": 366}}}, "restrictions.driving"),
        ({"restrictions": {"driving": {"weeks": 53}}}, "restrictions.driving"),
        ({"restrictions": {"flying": {"weeks": 2}}}, "not a restriction"),
        ({"lifting_limit": {"lb": 60}}, "lifting_limit"),
        ({"lifting_limit": {"stone": 1}}, "lifting_limit"),
        ({"appointments": [{"id": "x", "kind": "follow_up", "date": "2026-12-03"}]}, "malformed id"),
        ({"appointments": [{"id": "b" * 32, "kind": "party", "date": "2026-12-03"}]}, "kind"),
        ({"appointments": [{"id": "b" * 32, "kind": "other", "date": "2026-12-03"}]}, "name"),
        ({"appointments": [{"id": "b" * 32, "kind": "follow_up", "date": "2026-12-03", "time": "25:00"}]}, "time"),
        ({"appointments": [{"id": "b" * 32, "kind": "follow_up", "date": "2026-12-03", "zone": "../../etc"}]}, "zone"),
        (
            {"appointments": [{"id": c * 32, "kind": "follow_up", "date": "2026-12-03"} for c in "bc"]},
            "only one follow_up",
        ),
        ({"other_instructions": "x" * 2001}, "at most 2000"),
        ({"comment": "hi"}, "not a discharge-sheet field"),
    ],
)
def test_a_bad_record_is_refused_naming_the_problem(change: dict, says: str) -> None:
    with pytest.raises(ValueError, match=says):
        validate_sheet_record({**RECORD, **change})


@given(json_values())
def test_no_json_value_crashes_the_record_check(value: object) -> None:
    try:
        validate_sheet_record(value)
    except ValueError:
        pass


# ------------------------------------------------------------------ the form


def test_the_form_reads_lengths_weight_fever_and_instructions() -> None:
    form = SheetAnswers(
        lengths={"driving": ("6", "weeks"), "shower": ("3", "weeks"), "work": ("", "weeks"), "stairs": (" 10 ", "days")},
        weight=("4,5", "kg"),
        fever=("100.4"),
        other="  Binder on day and night.  ",
    )
    sheet = parse_sheet_answers(form, "F", EMPTY_SHEET)
    assert sheet.restrictions == {
        "driving": Length(6, "weeks"),
        "shower": Length(3, "days"),
        "stairs": Length(10, "days"),
    }, "the shower is counted in days after the operation; an empty field is the usual advice"
    assert sheet.lifting_limit == Weight(4.5, "kg")
    assert sheet.fever_threshold_c == 38.0
    assert sheet.other_instructions == "Binder on day and night."


def test_until_my_doctor_says_needs_no_number() -> None:
    sheet = parse_sheet_answers(answers(driving=("", "until_cleared")), "C", EMPTY_SHEET)
    assert sheet.restrictions["driving"].until_cleared


@pytest.mark.parametrize(
    ("form", "field", "says"),
    [
        (answers(driving=("60", "weeks")), "driving", "Type a number of weeks from 1 to 52, like 6"),
        (answers(soaking=("0", "days")), "soaking", "Type a number of days from 1 to 365"),
        (answers(stairs=("six", "weeks")), "stairs", "Type a number of weeks"),
        (answers(shower=("400", "days")), "shower", "Type the day after your operation"),
        (SheetAnswers({}, ("60", "lb"), "", ""), "weight", "Type the weight from 1 to 50 lb, like 10"),
        (SheetAnswers({}, ("30", "kg"), "", ""), "weight", "Type the weight from 0.5 to 22.5 kg, like 4.5"),
        (SheetAnswers({}, ("", "lb"), "39", ""), "fever", "Type a temperature from 37.5 to 38.5 °C, like 38.0"),
        (SheetAnswers({}, ("", "lb"), "hot", ""), "fever", "Type a temperature"),
        (SheetAnswers({}, ("", "lb"), "", "x" * 2001), "other", "That is too long"),
    ],
)
def test_each_bad_field_gets_a_plain_sentence(form: SheetAnswers, field: str, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        parse_sheet_answers(form, "C", EMPTY_SHEET)
    assert list(refused.value.errors) == [field]
    assert refused.value.errors[field].startswith(says), refused.value.errors[field]
    for word in ("YYYY", "until_day", "None", "{", "restriction id"):
        assert word not in refused.value.errors[field], "no developer wording"


def test_the_fever_limit_in_fahrenheit_is_range_checked_in_fahrenheit() -> None:
    with pytest.raises(ValidationError) as refused:
        parse_sheet_answers(SheetAnswers({}, ("", "lb"), "102", ""), "F", EMPTY_SHEET)
    assert refused.value.errors["fever"].startswith("Type a temperature from 99.5 to 101.3 °F, like 100.4")
    assert parse_sheet_answers(SheetAnswers({}, ("", "lb"), "101.3", ""), "F", EMPTY_SHEET).fever_threshold_c == 38.5
    assert parse_sheet_answers(SheetAnswers({}, ("", "lb"), "99.5", ""), "F", EMPTY_SHEET).fever_threshold_c == 37.5


def test_an_unchanged_fever_limit_keeps_its_exact_stored_value() -> None:
    stored = DischargeSheet(fever_threshold_c=38.3)
    assert parse_sheet_answers(SheetAnswers({}, ("", "lb"), "100.9", ""), "F", stored).fever_threshold_c == 38.3


def visit(**kwargs: object) -> Visit:
    fields: dict[str, object] = {"kind": "follow_up", "name": "", "date_text": "2026-12-03", "time_text": "10:30", "sheet": EMPTY_SHEET}
    fields.update(kwargs)
    return parse_visit(surgery=SURGERY, today=TODAY, zone=BERLIN, **fields)  # type: ignore[arg-type]


def test_an_appointment_keeps_its_date_time_and_time_zone() -> None:
    entered = visit(time_text=" 9.05 ")
    assert (entered.kind, entered.on, entered.at, entered.zone) == ("follow_up", date(2026, 12, 3), time(9, 5), "Europe/Berlin")
    assert visit(time_text="").at is None


@pytest.mark.parametrize(
    ("kwargs", "field", "says"),
    [
        ({"kind": None}, "kind", "Pick what the appointment is for."),
        ({"date_text": "03/12/2026"}, "date", "Type the date like 2026-12-08, or pick it with the − and + buttons."),
        ({"date_text": ""}, "date", "Type the date like"),
        ({"date_text": "2026-11-01"}, "date", "That is before your implant on Thu 12 Nov 2026. Check the date on your sheet."),
        ({"date_text": "2029-11-01"}, "date", "That is more than two years ahead. Check the year."),
        ({"time_text": "half past ten"}, "time", "Type the time like 10:30 (24-hour)"),
        ({"time_text": "24:00"}, "time", "Type the time like 10:30"),
        ({"kind": "other"}, "name", "Type what the visit is, like Physiotherapy"),
    ],
)
def test_a_bad_appointment_is_named_beside_its_field(kwargs: dict, field: str, says: str) -> None:
    with pytest.raises(ValidationError) as refused:
        visit(**kwargs)
    assert refused.value.errors[field].startswith(says), refused.value.errors


def test_only_one_first_follow_up_but_any_number_of_later_ones() -> None:
    sheet = with_visit(EMPTY_SHEET, visit())
    with pytest.raises(ValidationError) as refused:
        visit(sheet=sheet)
    assert "Another follow-up" in refused.value.errors["kind"]
    later = visit(kind="later_follow_up", date_text="2027-01-05", sheet=sheet)
    assert later.title == "Follow-up visit"
    changed = visit(sheet=sheet, replacing=sheet.appointments[0].id, time_text="11:00")
    assert changed.id == sheet.appointments[0].id, "changing keeps the appointment's id (and its calendar event)"


# ------------------------------------------------------------------ one plan, with its origin


def test_the_sheet_wins_over_the_clinic_which_wins_over_the_defaults() -> None:
    clinic = load_plan({"clinic_name": "Riverside Pain Clinic", "driving_weeks": 8, "restrictions": {"stairs": {"until_day": 20}}})
    plan = with_sheet(clinic, sheet_from_record(RECORD))
    origins = {r.id: (r.origin, r.until_day) for r in plan.restrictions}
    assert origins["driving"] == ("sheet", 41), "6 weeks from the sheet, not the clinic's 8"
    assert origins["stairs"] == ("clinic", 20)
    assert origins["bending_twisting"] == ("default", 55)
    assert plan.lifting_limit_lb == 10 and plan.restriction("lifting").title == "Don't lift more than 10 lb (4.5 kg)"
    assert plan.fever_threshold_c == 38.3 and plan.settings["fever_threshold_c"].origin == "sheet"
    assert plan.driving_weeks == 6 and "assumes 6 weeks" in plan.restriction("driving").detail
    assert plan.other_instructions == "Keep the binder on."
    assert clinic.restriction("driving").until_day == 55, "the clinic's plan is not changed"


def test_appointments_replace_the_usual_milestone_of_their_kind() -> None:
    plan = with_sheet(load_plan(), sheet_from_record(RECORD))
    milestones = {m.id: m for m in plan.milestones(SURGERY)}
    follow_up = milestones["follow_up"]
    assert (follow_up.date, follow_up.time, follow_up.origin) == (date(2026, 12, 3), time(10, 30), "sheet")
    assert milestones["stitches_out"].origin == "default", "no stitches appointment entered: the usual day stays"
    assert [m.title for m in plan.milestones(SURGERY)].count("First follow-up visit") == 1
    assert milestones["visit-" + "a" * 32].title == "Physiotherapy"


def test_origins_are_worded_and_shorter_restrictions_say_per_your_instructions() -> None:
    plan = with_sheet(load_plan({"clinic_name": "Riverside Pain Clinic", "restrictions": {"stairs": {"until_day": 20}}}), sheet_from_record(RECORD))
    lines = {r.id: r for r in plan_restrictions(plan, SURGERY, TODAY, clinic=plan.clinic_name)}
    assert lines["soaking"].origin == "From your discharge sheet: 2 weeks, shorter than the usual 6 weeks, per your instructions."
    assert lines["driving"].origin == "From your discharge sheet."
    assert lines["stairs"].origin == "From Riverside Pain Clinic's settings."
    assert lines["bending_twisting"].origin.startswith("Usual advice, from KRAMES, BCH")
    dated = {r.id: r for r in plan.dated_restrictions(SURGERY)}
    assert restriction_origin(dated["work"], None).startswith("Usual advice, from SEED-000, PSP, MDT-ITB-SURG")


def test_until_my_doctor_says_has_no_end_date_anywhere() -> None:
    plan = with_sheet(load_plan(), DischargeSheet(restrictions=MappingProxyType({"driving": Length(until_cleared=True)})))
    status = plan.status(SURGERY, date(2027, 3, 1))
    assert [r.id for r in status.restrictions] == ["driving"], "still applies months later, until cleared"
    view = today_view(plan.status(SURGERY, TODAY))
    assert next(r for r in view.restrictions if r.title == "Don't drive").until == "until your doctor says"
    line = next(r for r in plan_restrictions(plan, SURGERY, TODAY) if r.id == "driving")
    assert line.span == "From Thu 12 Nov until your doctor says you may" and not line.over
    assert all(r.id != "driving" for c in [plan.next_change(SURGERY, TODAY)] if c for r in c.restrictions)
    assert plan.status(SURGERY, TODAY, cleared=["driving"]).restrictions == tuple(
        r for r in plan.status(SURGERY, TODAY, cleared=["driving"]).restrictions if r.id != "driving"
    )


@given(st.floats(37.5, 38.5), st.integers(1, 52))
def test_nothing_on_the_sheet_leaves_the_safe_ranges(fever: float, weeks: int) -> None:
    record = {"fever_threshold_c": round(fever, 2), "restrictions": {"driving": {"weeks": weeks}, "stairs": {"days": weeks}}}
    plan = with_sheet(load_plan(), sheet_from_record(record))
    assert 37.5 <= plan.fever_threshold_c <= 38.5
    assert all(0 <= r.until_day <= 365 for r in plan.restrictions)


# ------------------------------------------------------------------ the store, the companion and the backup


class Clock:
    def __init__(self, moment: datetime) -> None:
        self.moment = moment

    def __call__(self) -> datetime:
        return self.moment


def test_the_companion_saves_checks_and_clears_the_sheet(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12", "temperature_unit": "C"})
        companion = Companion(store, load_plan(), Clock(datetime(2026, 11, 24, 9, tzinfo=BERLIN)))
        assert companion.plan.restriction("driving").origin == "default"
        companion.save_visit(kind="follow_up", name="", date_text="2026-12-03", time_text="10:30")
        companion.save_sheet_answers(SheetAnswers({"driving": ("6", "weeks")}, ("10", "lb"), "38.3", ""))
        assert companion.plan.restriction("driving").until_day == 41
        assert companion.settings()["fever_threshold_c"] == 38.3, "triage uses the sheet's fever limit"
        with pytest.raises(ValidationError):
            companion.save_sheet_answers(SheetAnswers({"driving": ("60", "weeks")}, ("", "lb"), "", ""))
        assert companion.discharge_sheet().restrictions["driving"].amount == 6, "a refused form changes nothing"
        companion.clear_discharge_sheet()
        assert companion.discharge_sheet() == EMPTY_SHEET
        assert companion.plan.restriction("driving").until_day == 27
        assert companion.settings()["fever_threshold_c"] == 38.0
    raw = json.loads((home / "recovery.json").read_text())
    assert raw[DISCHARGE] == {}, "cleared back to the default: nothing left in the file"


def test_a_version_5_data_file_gains_an_empty_discharge_table(home: Path) -> None:
    home.mkdir()
    (home / "recovery.json").write_text(
        json.dumps({"meta": {"1": {"schema_version": 5}}, "profile": {"1": {"profile": {"surgery_date": "2026-11-12"}}}})
    )
    with open_store(home) as store:
        assert store.recovery is None and store.discharge_sheet() is None
        store.save_discharge_sheet(RECORD)
    upgraded = json.loads((home / "recovery.json").read_text())
    assert upgraded["meta"]["1"]["schema_version"] >= 6
    assert upgraded[DISCHARGE] == {"1": {"sheet": RECORD}}
    assert (home / "recovery.json.before-v6").exists()


def test_a_hand_damaged_sheet_is_set_aside_and_the_rest_kept(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12"})
        store.save_discharge_sheet(RECORD)
    raw = json.loads((home / "recovery.json").read_text())
    raw[DISCHARGE]["1"]["sheet"]["fever_threshold_c"] = 41.0  # outside the safe range
    (home / "recovery.json").write_text(json.dumps(raw))
    with open_store(home) as store:
        assert store.recovery is not None
        assert store.profile() == {"surgery_date": "2026-11-12"}
        assert store.discharge_sheet() in (None, RECORD), "never the unsafe value"


def test_a_json_backup_restored_into_a_new_folder_brings_the_sheet_back(tmp_path: Path) -> None:
    from recovery.export.backup import backup_to_json, load_backup

    with open_store(tmp_path / "old") as store:
        store.save_profile({"surgery_date": "2026-11-12"})
        store.save_discharge_sheet(RECORD)
        document = backup_to_json(store.snapshot(), datetime(2026, 11, 26, tzinfo=timezone.utc))
    with open_store(tmp_path / "new") as fresh:
        added = fresh.merge(load_backup(document))
        assert added["discharge_sheet"] == 1 and fresh.discharge_sheet() == RECORD
        assert fresh.merge(load_backup(document))["discharge_sheet"] == 0, "a second restore changes nothing"
    broken = json.loads(document)
    broken["discharge_sheet"]["fever_threshold_c"] = 40
    from recovery.export.backup import BackupError

    with pytest.raises(BackupError, match="discharge sheet in the backup is not valid"):
        load_backup(json.dumps(broken).encode())


# ------------------------------------------------------------------ reminders


def test_appointment_reminders_come_the_day_before_and_two_hours_before_once() -> None:
    from recovery.reminders import due_reminders

    plan = with_sheet(load_plan(), sheet_from_record(RECORD))
    profile = {"surgery_date": "2026-11-12", "reminder_time": "09:00", "cleared": []}
    delivered: set[str] = set()

    def due(moment: datetime) -> list[str]:
        found = [r for r in due_reminders(profile=profile, plan=plan, checkins=[], delivered=delivered, now=moment) if r.kind == "appointment"]
        delivered.update(r.id for r in found)
        return [r.body for r in found]

    assert due(datetime(2026, 12, 2, 8, 59, tzinfo=BERLIN)) == []
    assert due(datetime(2026, 12, 2, 9, 0, tzinfo=BERLIN)) == ["Tomorrow at 10:30: your first follow-up visit (Thu 3 Dec)."]
    assert due(datetime(2026, 12, 2, 20, 0, tzinfo=BERLIN)) == [], "delivered once"
    assert due(datetime(2026, 12, 3, 8, 29, tzinfo=BERLIN)) == []
    assert due(datetime(2026, 12, 3, 8, 30, tzinfo=BERLIN)) == ["Today at 10:30: your first follow-up visit."]
    assert due(datetime(2026, 12, 3, 9, 0, tzinfo=BERLIN)) == []
    assert due(datetime(2026, 12, 7, 9, 0, tzinfo=BERLIN)) == ["Tomorrow: your appointment (Tue 8 Dec)."], (
        "a visit the patient named is never named on a lock screen"
    )
    assert due(datetime(2026, 12, 8, 8, 0, tzinfo=BERLIN)) == ["Today: your appointment."]


def test_the_usual_follow_up_reminder_is_gone_once_an_appointment_replaces_it() -> None:
    from recovery.reminders import candidates

    profile = {"surgery_date": "2026-11-12", "reminder_time": "09:00"}
    moment = datetime(2026, 11, 25, 18, 0, tzinfo=BERLIN)  # the usual follow-up is day 14, 26 Nov
    usual = [r.id for r in candidates(profile=profile, plan=load_plan(), checkins=[], now=moment)]
    assert "milestone:follow_up:eve" in usual
    with_appointment = [r.id for r in candidates(profile=profile, plan=with_sheet(load_plan(), sheet_from_record(RECORD)), checkins=[], now=moment)]
    assert not any(rid.startswith("milestone:follow_up") for rid in with_appointment)


def test_a_moved_appointment_is_announced_again() -> None:
    from recovery.reminders import due_reminders

    profile = {"surgery_date": "2026-11-12", "reminder_time": "09:00"}
    first = with_sheet(load_plan(), sheet_from_record(RECORD))
    moved_record = json.loads(json.dumps(RECORD))
    moved_record["appointments"][0]["time"] = "11:30"
    moved = with_sheet(load_plan(), sheet_from_record(moved_record))
    moment = datetime(2026, 12, 3, 8, 30, tzinfo=BERLIN)
    delivered = {r.id for r in due_reminders(profile=profile, plan=first, checkins=[], delivered=set(), now=moment)}
    later = datetime(2026, 12, 3, 9, 30, tzinfo=BERLIN)
    again = [r.body for r in due_reminders(profile=profile, plan=moved, checkins=[], delivered=delivered, now=later) if r.kind == "appointment"]
    assert again == ["Today at 11:30: your first follow-up visit."]


# ------------------------------------------------------------------ the calendar file


def test_the_calendar_has_the_timed_appointment_in_its_zone_with_a_stable_uid() -> None:
    from icalendar import Calendar

    from recovery.export.calendar import plan_calendar

    profile = {"surgery_date": "2026-11-12"}
    now = datetime(2026, 11, 24, 9, tzinfo=BERLIN)
    before = Calendar.from_ical(plan_calendar(profile, load_plan(), now))
    after_bytes = plan_calendar(profile, with_sheet(load_plan(), sheet_from_record(RECORD)), now)
    after = Calendar.from_ical(after_bytes)
    events = {str(e["uid"]): e for e in after.walk("VEVENT")}
    old = {str(e["uid"]): e for e in before.walk("VEVENT")}
    uid = "milestone-follow_up-2026-11-12@recovery-companion.local"
    assert uid in old and uid in events, "re-importing updates the usual follow-up event into the appointment"
    start = events[uid].decoded("dtstart")
    assert isinstance(start, datetime) and start == datetime(2026, 12, 3, 10, 30, tzinfo=BERLIN)
    assert str(start.tzinfo) == "Europe/Berlin"
    assert b"DTSTART;TZID=Europe/Berlin:20261203T103000" in after_bytes
    assert b"BEGIN:VTIMEZONE" in after_bytes and b"TZID:Europe/Berlin" in after_bytes
    physio = events["appointment-" + "a" * 32 + "@recovery-companion.local"]
    assert physio.decoded("dtstart") == date(2026, 12, 8), "no time on the sheet: an all-day event"
    driving = [e for e in after.walk("VEVENT") if "drive" in str(e["summary"])]
    assert [e.decoded("dtstart") for e in driving] == [date(2026, 12, 24)], "driving from 6 weeks"
    again = Calendar.from_ical(plan_calendar(profile, with_sheet(load_plan(), sheet_from_record(RECORD)), now + timedelta(days=1)))
    assert sorted(str(e["uid"]) for e in again.walk("VEVENT")) == sorted(events), "the same ids on every export"


# ------------------------------------------------------------------ crash safety


def test_a_full_disk_saves_nothing_of_the_sheet_and_says_so(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from recovery.store import NotSavedError, atomic

    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12"})
        store.save_discharge_sheet(RECORD)
        before = (home / "recovery.json").read_bytes()
        original = atomic.fs.write

        def full(*_args: object, **_kwargs: object) -> object:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(atomic.fs, "write", full)
        companion = Companion(store, load_plan(), Clock(datetime(2026, 11, 24, 9, tzinfo=BERLIN)))
        with pytest.raises(NotSavedError, match="disk is full"):
            companion.save_sheet_answers(SheetAnswers({"driving": ("8", "weeks")}, ("", "lb"), "", ""))
        with pytest.raises(NotSavedError):
            companion.clear_discharge_sheet()
        assert (home / "recovery.json").read_bytes() == before
        assert store.discharge_sheet() == RECORD, "the store's view agrees with the disk"
        assert companion.plan.restriction("driving").until_day == 41
        monkeypatch.setattr(atomic.fs, "write", original)
        companion.clear_discharge_sheet()
        assert store.discharge_sheet() is None


KILL_MID_SAVE = """
import os, sys
from recovery.store import atomic, open_store
home = sys.argv[1]
store = open_store(home)
original = atomic.fs.replace
def die(*args, **kwargs):
    os._exit(9)  # killed after the new file is written and synced, before it replaces the old one
atomic.fs.replace = die
store.save_discharge_sheet({"restrictions": {"driving": {"weeks": 8}}})
"""


def test_a_kill_in_the_middle_of_saving_the_sheet_leaves_the_old_one_whole(home: Path) -> None:
    from helpers import run_python

    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12"})
        store.save_discharge_sheet(RECORD)
    result = run_python(KILL_MID_SAVE, str(home))
    assert result.returncode == 9, result.stderr
    with open_store(home) as store:
        assert store.recovery is None
        assert store.discharge_sheet() == RECORD
