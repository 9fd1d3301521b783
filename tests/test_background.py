"""Background reminders: the scheduler entries, and the calendar file."""

from __future__ import annotations

import configparser
import io
import os
import stat
import subprocess
import sys
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from icalendar import Calendar

from recovery import background, cli
from recovery.export.calendar import plan_calendar
from recovery.plan import load_plan
from recovery.store import open_store

COMMAND = ["/opt/app/.venv/bin/python", "-m", "recovery", "notify"]
ENVIRONMENT = {"RECOVERY_HOME": "/home/ana/My Recovery", "DBUS_SESSION_BUS_ADDRESS": "unix:path=/run/user/1000/bus"}


@pytest.fixture
def crontab_program(tmp_path: Path) -> tuple[str, Path]:
    """A stand-in ``crontab`` that keeps the table in a file, as the real one keeps it in the spool."""
    table = tmp_path / "crontab.txt"
    program = tmp_path / "crontab"
    program.write_text(
        "#!/bin/sh\n"
        f'TABLE="{table}"\n'
        'if [ "$1" = "-l" ]; then [ -f "$TABLE" ] || { echo "no crontab for user" >&2; exit 1; }; cat "$TABLE"; exit 0; fi\n'
        'if [ "$1" = "-" ]; then cat > "$TABLE"; exit 0; fi\n'
        "exit 2\n"
    )
    program.chmod(program.stat().st_mode | stat.S_IEXEC)
    return str(program), table


def test_crontab_install_keeps_other_lines_and_remove_takes_only_ours(crontab_program: tuple[str, Path]) -> None:
    program, table = crontab_program
    table.write_text("0 3 * * * backup-photos\n")
    cron = background.Crontab(crontab=program)
    assert cron.usable() and not cron.status().installed
    status = cron.install(COMMAND, ENVIRONMENT)
    assert status.installed and "every 15 minutes" in str(status)
    lines = table.read_text().splitlines()
    assert lines[0] == "0 3 * * * backup-photos"
    assert lines[1].startswith("*/15 * * * * ") and lines[1].endswith(background.CRON_MARKER)
    assert "RECOVERY_HOME='/home/ana/My Recovery'" in lines[1]
    assert "/opt/app/.venv/bin/python -m recovery notify" in lines[1]
    cron.install(COMMAND, ENVIRONMENT)
    assert len(table.read_text().splitlines()) == 2, "installing twice keeps one entry"
    assert cron.status().installed
    cron.remove()
    assert table.read_text().splitlines() == ["0 3 * * * backup-photos"] and not cron.status().installed


def test_the_cron_line_runs_notify_on_this_machine(crontab_program: tuple[str, Path], tmp_path: Path) -> None:
    """Run the installed command line the way cron would, through /bin/sh, against a real store."""
    program, table = crontab_program
    home = tmp_path / "data"
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12"})
    env = {"RECOVERY_HOME": str(home), "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/none"}
    background.Crontab(crontab=program).install(background.notify_command(sys.executable), env)
    line = table.read_text().splitlines()[0]
    command = line.split(" ", 5)[5].replace(">/dev/null 2>&1", f"> {tmp_path}/out.txt 2>&1")
    subprocess.run(["/bin/sh", "-c", command], cwd=tmp_path, timeout=60)
    said = (tmp_path / "out.txt").read_text()
    assert "Nothing is due." in said or "not available" in said or "Delivered" in said, said


def test_systemd_units_run_notify_every_15_minutes_and_catch_up(tmp_path: Path) -> None:
    calls: list[list[str]] = []

    def runner(command, stdin=None):
        calls.append(list(command))
        return subprocess.CompletedProcess(command, 0, "", "")

    timer = background.SystemdUserTimer(tmp_path / "config", runner)
    status = timer.install(COMMAND, ENVIRONMENT)
    assert status.installed
    unit_dir = tmp_path / "config" / "systemd" / "user"
    service = configparser.ConfigParser(interpolation=None, strict=False)
    service.read(unit_dir / f"{background.UNIT_NAME}.service")
    assert service["Service"]["Type"] == "oneshot"
    assert service["Service"]["ExecStart"] == "/opt/app/.venv/bin/python -m recovery notify"
    assert "'RECOVERY_HOME=/home/ana/My Recovery'" in (unit_dir / f"{background.UNIT_NAME}.service").read_text()
    timer_unit = configparser.ConfigParser(interpolation=None)
    timer_unit.read(unit_dir / f"{background.UNIT_NAME}.timer")
    assert timer_unit["Timer"]["OnCalendar"] == "*:0/15" and timer_unit["Timer"]["Persistent"] == "true"
    assert ["systemctl", "--user", "enable", "--now", f"{background.UNIT_NAME}.timer"] in calls
    timer.remove()
    assert not list(unit_dir.iterdir())


def test_a_refused_systemd_timer_leaves_nothing_behind(tmp_path: Path) -> None:
    def refusing(command, stdin=None):
        return subprocess.CompletedProcess(command, 1, "", "Failed to connect to bus")

    timer = background.SystemdUserTimer(tmp_path / "config", refusing)
    assert not timer.usable()
    status = timer.install(COMMAND, ENVIRONMENT)
    assert not status.installed and "refused" in str(status)
    assert not list((tmp_path / "config" / "systemd" / "user").iterdir())


def test_the_job_keeps_the_data_folder_and_desktop_session(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env = background.job_environment({"RECOVERY_HOME": str(tmp_path / "x"), "TZ": "Europe/Berlin"})
    assert env["RECOVERY_HOME"] == str((tmp_path / "x").resolve()) and env["TZ"] == "Europe/Berlin"
    assert env["DBUS_SESSION_BUS_ADDRESS"] == f"unix:path=/run/user/{os.getuid()}/bus"


def test_reminders_command_reports_status(monkeypatch: pytest.MonkeyPatch, crontab_program: tuple[str, Path]) -> None:
    program, table = crontab_program
    monkeypatch.setattr(background, "choose_backend", lambda *a, **k: background.Crontab(crontab=program))
    out = io.StringIO()
    assert cli.main(["reminders", "install"], out=out) == 0
    assert cli.main(["reminders", "status"], out=out) == 0
    assert cli.main(["reminders", "remove"], out=out) == 0
    said = out.getvalue().splitlines()
    assert said == [
        "Background reminders: On: a crontab entry checks every 15 minutes.",
        "Background reminders: On: a crontab entry checks every 15 minutes.",
        "Background reminders: Off.",
    ]


def test_without_any_scheduler_the_steps_are_explained(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(background, "choose_backend", lambda *a, **k: None)
    out = io.StringIO()
    assert cli.main(["reminders", "install"], out=out) == 1
    assert "Task Scheduler" in out.getvalue() and "launchd" in out.getvalue()
    assert out.getvalue().startswith("Background reminders: ")


# ------------------------------------------------------------------ calendar


def test_the_calendar_holds_milestones_restriction_endings_and_the_refill(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    home = tmp_path / "data"
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12", "cleared": ["driving"], "next_refill_date": "2027-01-20", "clinic_name": "Riverside"})
    monkeypatch.setenv("RECOVERY_HOME", str(home))
    out = io.StringIO()
    assert cli.main(["calendar", "-o", str(tmp_path / "plan.ics")], out=out) == 0
    assert (tmp_path / "plan.ics").stat().st_mode & 0o777 == 0o600
    calendar = Calendar.from_ical((tmp_path / "plan.ics").read_bytes())
    events = {str(e["summary"]): e.decoded("dtstart") for e in calendar.walk("VEVENT")}
    assert events["First follow-up visit"] == date(2026, 11, 26)
    assert events["Recovery complete"] == date(2027, 1, 7)
    assert events["You may lift more than 5 lb, if your doctor agrees"] == date(2027, 1, 7)
    assert not any("drive" in summary for summary in events), "a cleared restriction is left out"
    assert events["Pump refill"] == date(2027, 1, 20)
    uids = [str(e["uid"]) for e in calendar.walk("VEVENT")]
    assert len(uids) == len(set(uids)) and all(uid.endswith("@recovery-companion.local") for uid in uids)
    again = plan_calendar({"surgery_date": "2026-11-12"}, load_plan(), datetime(2026, 12, 1, tzinfo=timezone.utc))
    assert b"milestone-follow_up-2026-11-12@recovery-companion.local" in again, "ids stay the same on export again"
