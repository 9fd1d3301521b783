"""My discharge sheet in the real app: typed in by taps and typing, then Plan, Today, reminders, the PDF,
the calendar file and a backup all follow it; the first-run offer; the clinic's settings file screen."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from pypdf import PdfReader

from dbus_session import notification_bus
from helpers import PROJECT_ROOT
from recovery.plan import load_plan
from recovery.services import Companion
from recovery.store import open_store
from ui_helpers import PROFILE, buttons_with_text, chip, press, running_app

pytestmark = pytest.mark.ui
BERLIN = ZoneInfo("Europe/Berlin")


def command(home: Path, *args: str, env: dict[str, str] | None = None, answer: str = "") -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recovery", *args],
        cwd=PROJECT_ROOT,
        env={**(env or os.environ), "RECOVERY_HOME": str(home), "TZ": "Europe/Berlin"},
        input=answer,
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture(scope="module")
def typed_in(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A data folder where the patient typed the sheet into the app (follow-up 1 Dec 10:30, driving 6 weeks, 10 lb)."""
    folder = tmp_path_factory.mktemp("sheet")
    env = {
        **os.environ,
        "KIVY_HOME": str(folder / "kivy"),
        "SDL_VIDEODRIVER": os.environ.get("SDL_VIDEODRIVER", "offscreen"),
        "TZ": "Europe/Berlin",
    }
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "tests" / "drive_discharge_sheet.py"), str(folder / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "every step held" in result.stdout  # Plan and Today were checked inside the app, step by step
    return folder / "data"


def test_what_was_typed_is_saved_with_its_time_zone(typed_in: Path) -> None:
    with open_store(typed_in) as store:
        sheet = store.discharge_sheet()
    follow_up = next(a for a in sheet["appointments"] if a["kind"] == "follow_up")
    assert (follow_up["date"], follow_up["time"], follow_up["zone"]) == ("2026-12-01", "10:30", "Europe/Berlin")
    assert sheet["restrictions"]["driving"] == {"weeks": 6} and sheet["lifting_limit"] == {"lb": 10}


def test_notify_the_day_before_and_two_hours_before_delivers_each_once(typed_in: Path, tmp_path: Path) -> None:
    with notification_bus(tmp_path / "bus") as bus:
        eve = command(typed_in, "notify", "--now", "2026-11-30T09:00:00+01:00", env=bus.env())
        assert eve.returncode == 0 and "Delivered" in eve.stdout, eve.stdout + eve.stderr
        bus.wait_for("Tomorrow at 10:30: your first follow-up visit (Tue 1 Dec).")
        again = command(typed_in, "notify", "--now", "2026-11-30T11:00:00+01:00", env=bus.env())
        assert "Nothing is due." in again.stdout
        soon = command(typed_in, "notify", "--now", "2026-12-01T08:30:00+01:00", env=bus.env())
        assert "Delivered 1 reminder." in soon.stdout, soon.stdout + soon.stderr
        bus.wait_for("Today at 10:30: your first follow-up visit.")
        after = command(typed_in, "notify", "--now", "2026-12-01T08:50:00+01:00", env=bus.env())
        assert "Nothing is due." in after.stdout
        bus.send_marker("end-of-test")
        bus.wait_for("end-of-test")
        calls = bus.notify_calls()
        assert sum("first follow-up visit" in call for call in calls) == 2, "each reminder exactly once"
        assert not any("Physiotherapy" in call for call in calls), "a typed visit name never reaches the lock screen"


def test_the_pdf_report_shows_the_appointment_and_the_restrictions(typed_in: Path, tmp_path: Path) -> None:
    with open_store(typed_in) as store:
        companion = Companion(store, load_plan(), lambda: datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN))
        path = companion.export_pdf(tmp_path / "report.pdf", date(2026, 11, 18), date(2026, 11, 24))
    text = " ".join(page.extract_text() for page in PdfReader(str(path)).pages)
    flat = " ".join(text.split())
    for expected in (
        "First follow-up visit: Tue 1 Dec at 10:30 (in 7 days) (per discharge sheet)",
        "Don't drive: applies until Wed 23 Dec (per discharge sheet)",
        "Don't lift more than 10 lb (4.5 kg): applies until Wed 6 Jan 2027 (per discharge sheet)",
        "Wear the abdominal binder day and night for 6 weeks.",
    ):
        assert expected in flat, expected


def test_the_calendar_file_has_the_timed_follow_up(typed_in: Path, tmp_path: Path) -> None:
    result = command(typed_in, "calendar", "-o", str(tmp_path / "plan.ics"))
    assert result.returncode == 0, result.stdout
    ics = (tmp_path / "plan.ics").read_bytes()
    assert b"DTSTART;TZID=Europe/Berlin:20261201T103000" in ics
    assert b"UID:milestone-follow_up-2026-11-12@recovery-companion.local" in ics
    assert re.search(rb"SUMMARY:You may drive\\, if your doctor agrees\r\nDTSTART;VALUE=DATE:20261224", ics)


def test_a_json_backup_restored_into_a_new_folder_brings_the_sheet_back(typed_in: Path, tmp_path: Path) -> None:
    backup = tmp_path / "backup.json"
    assert command(typed_in, "export", "--format", "json", "-o", str(backup)).returncode == 0
    assert json.loads(backup.read_text())["discharge_sheet"]["lifting_limit"] == {"lb": 10}
    restored = command(tmp_path / "new-computer", "import", str(backup))
    assert restored.returncode == 0 and "and your discharge sheet" in restored.stdout, restored.stdout
    with open_store(tmp_path / "new-computer") as store:
        companion = Companion(store, load_plan(), lambda: datetime(2026, 11, 24, 10, 0, tzinfo=BERLIN))
        plan = companion.plan
        assert plan.restriction("driving").until_day == 41 and plan.lifting_limit_lb == 10
        follow_up = next(m for m in plan.milestones(date(2026, 11, 12)) if m.id == "follow_up")
        assert (follow_up.date, f"{follow_up.time:%H:%M}") == (date(2026, 12, 1), "10:30")


# ------------------------------------------------------------------ in the window


@pytest.fixture
def home_with_profile(home: Path) -> Path:
    with open_store(home) as store:
        store.save_profile(PROFILE)
    return home


def test_first_run_offers_the_sheet_and_later_goes_to_today(home: Path) -> None:
    with running_app(home) as app:
        screen = app.screen("first_run")
        form = screen.ids.form
        form.ids.surgery_date.text = "2026-11-12"
        press(chip(form.ids.drug, "morphine"))
        press(buttons_with_text(screen, "Save and start")[0])
        assert screen.offering_sheet and app.root_widget.screen_manager.current == "first_run"
        press(buttons_with_text(screen, "Enter my discharge sheet")[0])
        assert app.root_widget.screen_manager.current == "discharge"
        app.back()
        assert app.root_widget.screen_manager.current == "today", "Back from the sheet goes to Today, not to set-up"


def test_the_sheet_screen_shows_what_applies_if_empty_and_clears_only_after_asking(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        screen = app.go("discharge")
        assert screen.rows["driving"].usual == "If empty: 4 weeks, the usual advice."
        assert screen.rows["shower"].usual == "If empty: from day 3, the usual advice."
        screen.rows["driving"].ids.doctor.value = "until_cleared"
        press(buttons_with_text(screen, "Save my sheet")[0])
        assert app.companion.discharge_sheet().restrictions["driving"].until_cleared
        assert screen.rows["driving"].preview == "Until your doctor says you may"
        press(buttons_with_text(screen, "Clear my sheet")[0])
        assert screen.confirm_clear and not app.companion.discharge_sheet().is_empty(), "nothing is cleared yet"
        press(buttons_with_text(screen, "Yes, clear everything")[0])
        assert app.companion.discharge_sheet().is_empty()
        assert screen.rows["driving"].ids.doctor.value is None and screen.message.startswith("Cleared.")


def test_the_clinic_file_screen_checks_shows_the_changes_and_applies_on_yes(home_with_profile: Path, tmp_path: Path) -> None:
    good = tmp_path / "riverside.json"
    good.write_text(json.dumps({"clinic_name": "Riverside Pain Clinic", "driving_weeks": 6, "milestones": {"follow_up": {"day": 28}}}))
    bad = tmp_path / "broken.json"
    bad.write_text('{"driving_weeks": "6"}')
    with running_app(home_with_profile) as app:
        screen = app.go("clinic_file")
        assert screen.status.startswith("None in use")
        screen.ids.path.text = str(bad)
        press(buttons_with_text(screen, "Check this file")[0])
        assert screen.error == "broken.json: driving_weeks must be a whole number from 1 to 12 (got '6'). Nothing was changed."
        assert not screen.summary and not (home_with_profile / "clinic.json").exists()
        screen.ids.path.text = str(good)
        press(buttons_with_text(screen, "Check this file")[0])
        assert "Driving: from 4 to 6 weeks" in screen.summary and "Follow-up: from day 14 to day 28" in screen.summary
        assert "Settings from: Riverside Pain Clinic" in screen.summary
        assert not (home_with_profile / "clinic.json").exists(), "nothing is applied before Use these settings"
        press(buttons_with_text(screen, "Use these settings")[0])
        assert (home_with_profile / "clinic.json").exists()
        assert app.companion.plan.driving_weeks == 6, "the plan follows at once"
        assert screen.status.startswith("In use: the settings from Riverside Pain Clinic")
        plan_screen = app.go("plan")
        driving = next(r for r in plan_screen.ids.restrictions_box.children if r.restriction_id == "driving")
        assert driving.origin == "From Riverside Pain Clinic's settings."
        sheet = app.go("discharge")
        assert sheet.rows["driving"].usual == "If empty: 6 weeks, from Riverside Pain Clinic's settings."


def test_the_clinic_file_screen_lists_json_files_from_the_usual_folders_newest_first(tmp_path: Path) -> None:
    import os as _os

    from recovery.ui.screens.clinic_file import likely_files

    downloads, documents = tmp_path / "Downloads", tmp_path / "Documents"
    downloads.mkdir()
    documents.mkdir()
    older = downloads / "riverside.json"
    older.write_text("{}")
    _os.utime(older, (1_700_000_000, 1_700_000_000))
    newer = documents / "clinic.JSON"
    newer.write_text("{}")
    (documents / "recovery-backup-2026-11-24.json").write_text("{}")
    (documents / "notes.txt").write_text("")
    assert likely_files([downloads, documents, tmp_path / "missing"]) == [newer.resolve(), older.resolve()]


def test_a_full_disk_keeps_what_was_typed_on_the_sheet_screen(home_with_profile: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    import errno

    from recovery.store import atomic

    with running_app(home_with_profile) as app:
        screen = app.go("discharge")
        screen.rows["driving"].ids.amount.text = "6"
        screen.ids.other.text = "Binder on."

        def full(*_args: object, **_kwargs: object) -> object:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(atomic.fs, "write", full)
        press(buttons_with_text(screen, "Save my sheet")[0])
        assert screen.message.startswith("Not saved: the disk is full") and screen.message.endswith("Your answers are still here.")
        assert screen.rows["driving"].ids.amount.text == "6" and screen.ids.other.text == "Binder on."
        assert app.companion.discharge_sheet().is_empty()
        monkeypatch.undo()
        press(buttons_with_text(screen, "Save my sheet")[0])
        assert app.companion.discharge_sheet().restrictions["driving"].amount == 6


def test_an_appointment_can_be_changed_and_removed_and_typing_survives_a_look_at_help(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        screen = app.go("discharge")
        press(chip(screen.ids.kind, "stitches_out"))
        screen.ids.visit_date.text = "2026-11-23"
        press(buttons_with_text(screen, "Add this appointment")[0])
        visit_id = app.companion.discharge_sheet().appointments[0].id
        row = next(iter(screen.ids.visits_box.children))
        assert (row.title, row.when) == ("Stitches or clips out", "Mon 23 Nov")
        press(buttons_with_text(row, "Change")[0])
        assert screen.editing == visit_id and screen.ids.visit_date.text == "2026-11-23"
        screen.ids.visit_time.text = "9:15"
        press(buttons_with_text(screen, "Save this appointment")[0])
        saved = app.companion.discharge_sheet().appointments
        assert [(v.id, f"{v.at:%H:%M}") for v in saved] == [(visit_id, "09:15")], "changed in place, same id"
        assert screen.message == "Saved: Stitches or clips out, Mon 23 Nov at 09:15."

        screen.rows["stairs"].ids.amount.text = "3"
        app.go("help")
        app.back()
        assert screen.rows["stairs"].ids.amount.text == "3", "a look at Help now keeps what was typed"

        row = next(iter(screen.ids.visits_box.children))
        press(buttons_with_text(row, "Remove")[0])
        assert app.companion.discharge_sheet().appointments == ()
        assert screen.ids.no_visits.text.startswith("No appointments entered yet")
