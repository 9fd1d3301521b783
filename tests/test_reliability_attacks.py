"""Issue 13, "Reliability, second pass": each break an outside attack found, as a test that failed before the fix.

The numbers in the test names are the issue's. Commands run as a separate process with
``python -m recovery``, as a patient (or the background job) runs them, so a traceback
would show on stderr and a crash as the exit status.
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dbus_session import bus_without_notifications, notification_bus, slow_notification_server
from helpers import PROJECT_ROOT, checkin_at
from recovery.store import DB_FILE_NAME, open_store

BERLIN = ZoneInfo("Europe/Berlin")
PROFILE = {
    "surgery_date": "2026-11-12",
    "drug": "morphine",
    "clinic_name": "Riverside Pain Clinic",
    "clinic_phone": "555-0142",
    "emergency_number": "999",
    "reminder_time": "09:00",
}


def command(home: Path | str, *args: str, env: dict[str, str] | None = None, cwd: Path = PROJECT_ROOT, **kwargs) -> subprocess.CompletedProcess[str]:
    """``python -m recovery ARGS`` as a patient runs it."""
    return subprocess.run(
        [sys.executable, "-m", "recovery", *args],
        cwd=cwd,
        env={**(env or os.environ), "RECOVERY_HOME": str(home), "TZ": "Europe/Berlin", "PYTHONPATH": str(PROJECT_ROOT)},
        capture_output=True,
        text=True,
        timeout=120,
        **kwargs,
    )


def no_traceback(result: subprocess.CompletedProcess[str]) -> None:
    assert "Traceback" not in result.stderr + result.stdout, result.stderr[-3000:]


@pytest.fixture
def patient(home: Path) -> Path:
    with open_store(home) as store:
        store.save_profile(PROFILE)
        store.add_checkin(checkin_at("2026-11-23T20:00:00+01:00", pain=4))
    return home


# ------------------------------------------------------------------ 1. one extreme date bricks everything


def csv_with(recorded_at: str) -> str:
    from recovery.export.csv_io import COLUMNS

    return ",".join(COLUMNS) + "\r\n" + recorded_at + ",3" + "," * (len(COLUMNS) - 2) + "\r\n"


@pytest.mark.parametrize("instant", ["9999-12-31T23:59:59-12:00", "0001-01-01T00:00:00+14:00", "1999-12-31T12:00:00+00:00", "2100-01-01T00:00:00Z"])
def test_1_an_instant_outside_the_sane_range_is_refused_and_everything_keeps_working(patient: Path, tmp_path: Path, instant: str) -> None:
    csv_file = tmp_path / "hostile.csv"
    csv_file.write_text(csv_with(instant), encoding="utf-8")
    imported = command(patient, "import", str(csv_file))
    no_traceback(imported)
    assert imported.returncode == 1 and "recorded_at" in imported.stdout and "2000" in imported.stdout, imported.stdout
    backup = {
        "format": "recovery-companion-backup", "format_version": 1, "schema_version": 4, "profile": None,
        "checkins": [{"id": "c" * 32, "checkin": {"recorded_at": instant, "pain": 1}}],
    }  # fmt: skip
    (tmp_path / "hostile.json").write_text(json.dumps(backup), encoding="utf-8")
    restored = command(patient, "import", str(tmp_path / "hostile.json"), "--yes")
    no_traceback(restored)
    assert restored.returncode == 1 and "not valid" in restored.stdout
    for fmt in ("json", "csv", "pdf"):
        exported = command(patient, "export", "--format", fmt, "-o", str(tmp_path / f"out.{fmt}"))
        no_traceback(exported)
        assert exported.returncode == 0, exported.stdout
    with open_store(patient) as store:
        assert len(store.checkins()) == 1


def test_1_a_stored_value_the_app_cannot_handle_is_set_aside_at_open_never_a_crash(patient: Path, tmp_path: Path) -> None:
    data = json.loads((patient / DB_FILE_NAME).read_bytes())
    data["checkins"]["2"] = {"id": "d" * 32, "checkin": {"recorded_at": "9999-12-31T23:59:59-12:00", "pain": 2}}
    (patient / DB_FILE_NAME).write_text(json.dumps(data), encoding="utf-8")
    exported = command(patient, "export", "--format", "json", "-o", str(tmp_path / "b.json"))
    no_traceback(exported)
    assert exported.returncode == 0 and "set aside" in exported.stdout and "open the app to repair it" in exported.stdout
    assert [c["checkin"]["pain"] for c in json.loads((tmp_path / "b.json").read_bytes())["checkins"]] == [4]
    with open_store(patient) as store:  # what the app and notify do at open
        assert store.recovery is not None and "1 set aside" in store.recovery.message
        assert "from the year 2000" in store.recovery.message
        assert [c["pain"] for c in store.checkins()] == [4], "the good check-in is kept"
    notified = command(patient, "notify", "--now", "2026-11-24T09:00:00+01:00")
    no_traceback(notified)
    assert notified.returncode in (0, 3), notified.stdout


@pytest.mark.parametrize(
    ("field", "value"),
    [("surgery_date", "1900-01-01"), ("surgery_date", "9999-12-31"), ("next_refill_date", "0001-01-01"), ("trial_date", "2100-01-01")],
)
def test_1_profile_dates_outside_the_sane_range_are_refused(home: Path, field: str, value: str) -> None:
    from recovery.validation import ValidationError

    with open_store(home) as store, pytest.raises(ValidationError) as refused:
        store.save_profile({**PROFILE, field: value})
    assert field in refused.value.errors and "2000" in refused.value.errors[field]


def test_1_pump_log_dates_outside_the_sane_range_are_refused(home: Path) -> None:
    with open_store(home) as store:
        for day in ("1900-01-01", "9999-12-31"):
            with pytest.raises(ValueError, match="2000"):
                store.add_pump_event("refill", day, "")
        assert store.pump_events() == []


def test_1_a_checkin_typed_more_than_a_day_ahead_of_the_clock_is_refused_but_imports_may_carry_it(store) -> None:
    from recovery.plan import load_plan
    from recovery.services import Companion
    from recovery.validation import ValidationError

    now = datetime(2026, 11, 24, 9, 0, tzinfo=BERLIN)
    companion = Companion(store, load_plan(), lambda: now)
    store.save_profile(PROFILE)
    with pytest.raises(ValidationError) as refused:
        companion.record_checkin(checkin_at("2026-11-26T09:00:00+01:00", pain=2))
    assert "more than a day after this computer's clock" in refused.value.errors["recorded_at"]
    companion.record_checkin(checkin_at("2026-11-25T08:00:00+01:00", pain=2))  # within a day: a time-zone trip
    assert store.add_new_checkins([checkin_at("2027-03-01T09:00:00+01:00", pain=1)]) == 1  # an import


# ------------------------------------------------------------------ 2. a notification never shown counted as delivered


def test_2_a_bus_without_a_notification_service_is_not_a_delivery(patient: Path, tmp_path: Path) -> None:
    with bus_without_notifications(tmp_path / "bare") as address:
        result = command(patient, "notify", "--now", "2026-11-24T09:00:00+01:00", env={**os.environ, "DBUS_SESSION_BUS_ADDRESS": address})
    no_traceback(result)
    assert result.returncode == 3, result.stdout
    assert "no notification service" in result.stdout and "show in the app" in result.stdout
    with open_store(patient) as store:
        assert store.delivered_reminders() == set(), "still due, so the app shows it"


def test_2_a_real_notification_server_confirms_with_an_id_and_only_that_counts(patient: Path, tmp_path: Path) -> None:
    from recovery.notifier import DesktopNotifier

    with notification_bus(tmp_path / "bus") as bus:
        notifier = DesktopNotifier(bus.env())
        assert notifier.notify("-Recovery Companion \"quoted\" 😊", "Time for your daily check-in.") is True
        bus.wait_for("Time for your daily check-in.")
        assert notifier.unavailable_reason == ""
        result = command(patient, "notify", "--now", "2026-11-24T09:00:00+01:00", env=bus.env())
        assert result.returncode == 0 and "Delivered 1 reminder." in result.stdout
    with open_store(patient) as store:
        assert store.delivered_reminders() == {"checkin:2026-11-24"}


# ------------------------------------------------------------------ 3. a slow notifier keeps the app out


def test_3_the_background_job_never_holds_the_lock_while_the_desktop_is_slow(patient: Path, tmp_path: Path) -> None:
    with slow_notification_server(tmp_path / "slow", delay_s=3) as (address, log):
        job = subprocess.Popen(
            [sys.executable, "-m", "recovery", "notify", "--now", "2026-11-24T09:00:00+01:00"],
            cwd=PROJECT_ROOT,
            env={**os.environ, "RECOVERY_HOME": str(patient), "DBUS_SESSION_BUS_ADDRESS": address, "TZ": "Europe/Berlin"},
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        try:
            deadline = time.monotonic() + 60
            while "received" not in log.read_text():
                assert job.poll() is None and time.monotonic() < deadline, job.communicate()
                time.sleep(0.05)
            started = time.monotonic()
            with open_store(patient, lock_timeout=1.0) as store:  # what the app does, while the desktop is busy
                assert store.profile()["clinic_phone"] == "555-0142"
            assert time.monotonic() - started < 2
            out, err = job.communicate(timeout=60)
        finally:
            if job.poll() is None:
                job.kill()
    assert job.returncode == 0 and "Delivered 1 reminder." in out, out + err
    with open_store(patient) as store:
        assert store.delivered_reminders() == {"checkin:2026-11-24"}


def test_3_a_desktop_that_never_answers_is_given_up_on_within_the_time_limit(tmp_path: Path) -> None:
    from recovery.notifier import DesktopNotifier

    with slow_notification_server(tmp_path / "slower", delay_s=30) as (address, _log):
        notifier = DesktopNotifier({"DBUS_SESSION_BUS_ADDRESS": address}, answer_within_s=1.0)
        started = time.monotonic()
        assert notifier.notify("Recovery Companion", "Time for your daily check-in.") is False
        assert time.monotonic() - started < 5 and "did not answer" in notifier.unavailable_reason


HOLD_LOCK_FOR = """
import sys, time
from recovery.store import open_store
store = open_store(sys.argv[1])
print("holding", flush=True)
time.sleep(float(sys.argv[2]))
store.close()
print("released", flush=True)
"""


@contextmanager
def lock_held(home: Path, seconds: float) -> Iterator[subprocess.Popen[str]]:
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK_FOR, str(home), str(seconds)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "holding"
        yield holder
    finally:
        holder.kill()
        holder.wait()


@pytest.mark.ui
def test_3_the_app_waits_with_opening_while_a_job_holds_the_lock_then_opens(patient: Path) -> None:
    from ui_helpers import running_app, wait_for

    with lock_held(patient, 2.5):
        with running_app(patient) as app:
            assert any(notice.startswith("Opening") for notice in app.notices), app.notices
            assert app.screen("help").emergency_number == "999", "Help now shows the saved numbers meanwhile"
            wait_for(lambda: app.companion is not None and not app.read_only, timeout=15)
            assert app.root_widget.screen_manager.current == "today"
            assert not any("already open" in notice or notice.startswith("Opening") for notice in app.notices)
            assert app.companion.store.read_only is False


# ------------------------------------------------------------------ issue 12, fix 5: a second copy shows the right numbers


@pytest.mark.ui
def test_12_5_a_second_copy_shows_the_saved_numbers_and_says_the_app_is_open(patient: Path) -> None:
    from ui_helpers import running_app, wait_for

    with lock_held(patient, 120):
        with running_app(patient) as app:
            wait_for(lambda: any("already open in another window" in n for n in app.notices), timeout=20)
            helper = app.go("help")
            assert helper.emergency_number == "999"
            assert helper.clinic_line == "Riverside Pain Clinic: 555-0142"
            assert app.go("checkin").name == "help", "only Help now and About while the data is open elsewhere"
            assert (patient / "show-window.request").exists(), "the open window is asked to come to the front"
            assert not app.show_navigation


# ------------------------------------------------------------------ 4. export onto the live data file


@pytest.mark.parametrize("name", [DB_FILE_NAME, "recovery.json.1", "sub/report.pdf", "."])
def test_4_an_export_into_the_data_folder_is_refused_and_the_data_is_untouched(patient: Path, name: str) -> None:
    before = {p.name: p.read_bytes() for p in patient.iterdir() if p.is_file()}
    result = command(patient, "export", "--format", "json", "-o", str(patient / name))
    no_traceback(result)
    assert result.returncode == 1 and "outside the data folder" in result.stdout, result.stdout
    after = {p.name: p.read_bytes() for p in patient.iterdir() if p.is_file()}
    assert after == before
    with open_store(patient) as store:
        assert store.recovery is None and len(store.checkins()) == 1


def test_4_a_link_into_the_data_folder_is_refused_too(patient: Path, tmp_path: Path) -> None:
    (tmp_path / "innocent.json").symlink_to(patient / DB_FILE_NAME)
    result = command(patient, "export", "--format", "json", "-o", str(tmp_path / "innocent.json"))
    assert result.returncode == 1 and "outside the data folder" in result.stdout


# ------------------------------------------------------------------ 5. a killed export leaves hidden copies


KILLED_EXPORT = """
import os, signal, sys
from pathlib import Path
from recovery.store import atomic
from recovery.export import write_private_file

def die(*_args):
    os.kill(os.getpid(), signal.SIGKILL)

atomic.fs.replace = die  # killed after the temp file is complete, before it replaces the target
write_private_file(Path(sys.argv[1]), b"health data " * 200_000)
"""


def test_5_a_killed_export_leaves_no_hidden_copy_after_the_next_export(patient: Path, tmp_path: Path) -> None:
    out = tmp_path / "exports"
    out.mkdir()
    killed = subprocess.run([sys.executable, "-c", KILLED_EXPORT, str(out / "backup.json")], cwd=PROJECT_ROOT, capture_output=True)
    assert killed.returncode == -signal.SIGKILL
    leftovers = [p.name for p in out.iterdir() if p.name.endswith(".tmp")]
    assert leftovers and all("recovery-companion" in name for name in leftovers), leftovers
    (out / "someone-elses.tmp").write_text("not ours")  # never touched
    result = command(patient, "export", "--format", "json", "-o", str(out / "backup.json"))
    assert result.returncode == 0
    assert sorted(p.name for p in out.iterdir()) == ["backup.json", "someone-elses.tmp"]


def test_5_a_live_export_of_another_process_is_never_removed(tmp_path: Path) -> None:
    from recovery.export import write_private_file

    alive = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    try:
        in_progress = tmp_path / f".report.pdf.recovery-companion-{alive.pid}-abcd1234.tmp"
        in_progress.write_bytes(b"half")
        dead_pid = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True).stdout.strip()
        orphan = tmp_path / f".report.pdf.recovery-companion-{dead_pid}-efgh5678.tmp"
        orphan.write_bytes(b"half")
        write_private_file(tmp_path / "report.pdf", b"%PDF")
        assert in_progress.exists() and not orphan.exists()
    finally:
        alive.kill()
        alive.wait()


# ------------------------------------------------------------------ 6. broken data folders


@contextmanager
def read_only_folder(folder: Path) -> Iterator[Path]:
    """A folder holding a patient's data on a read-only mount (as root) or without write permission."""
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "--bind", str(folder), str(folder)], capture_output=True).returncode == 0
        assert mounted and subprocess.run(["mount", "-o", "remount,bind,ro", str(folder)], capture_output=True).returncode == 0
        try:
            yield folder
        finally:
            subprocess.run(["umount", str(folder)], capture_output=True)
    else:
        os.chmod(folder, 0o500)
        try:
            yield folder
        finally:
            os.chmod(folder, 0o700)


@contextmanager
def full_disk(tmp_path: Path) -> Iterator[Path]:
    """A 128 KiB disk that is full (a real tmpfs as root)."""
    mount_point = tmp_path / "tiny-disk"
    mount_point.mkdir()
    assert os.geteuid() == 0, "the full-disk folder test needs root to mount a small tmpfs (CI runs as root)"
    assert subprocess.run(["mount", "-t", "tmpfs", "-o", "size=128k,nr_inodes=64", "tmpfs", str(mount_point)], capture_output=True).returncode == 0
    try:
        fd = os.open(mount_point / "filler", os.O_WRONLY | os.O_CREAT, 0o600)
        try:
            while True:
                os.write(fd, b"x" * 4096)
        except OSError as exc:
            assert exc.errno == errno.ENOSPC
        finally:
            os.close(fd)
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)


def broken_homes(tmp_path: Path) -> dict[str, tuple[Path, str]]:
    a_file = tmp_path / "a-file"
    a_file.write_text("not a folder")
    dangling = tmp_path / "dangling"
    dangling.symlink_to(tmp_path / "unplugged-drive" / "recovery")
    return {"a regular file": (a_file, "is a file, not a folder"), "a dangling link": (dangling, "does not exist")}


@pytest.mark.parametrize("kind", ["a regular file", "a dangling link"])
def test_6_a_data_folder_that_is_not_a_folder_gives_one_sentence_and_no_traceback(tmp_path: Path, kind: str) -> None:
    home, says = broken_homes(tmp_path)[kind]
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(csv_with("2026-11-20T09:00:00+01:00"), encoding="utf-8")
    for args in (("import", str(csv_file)), ("export", "--format", "csv", "-o", str(tmp_path / "x.csv")), ("notify",)):
        result = command(home, *args)
        no_traceback(result)
        assert result.returncode != 0 and says in result.stdout, (args, result.stdout, result.stderr[-2000:])
        assert len(result.stdout.strip().splitlines()) == 1, result.stdout


def test_6_a_read_only_data_folder_refuses_writes_plainly_and_still_exports(patient: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(csv_with("2026-11-20T09:00:00+01:00"), encoding="utf-8")
    os.chmod(patient / DB_FILE_NAME, 0o644)  # an older version left it readable: the repair chmod must not be needed to read
    with read_only_folder(patient):
        imported = command(patient, "import", str(csv_file))
        no_traceback(imported)
        assert imported.returncode != 0 and ("read-only" in imported.stdout or "not allowed" in imported.stdout), imported.stdout
        exported = command(patient, "export", "--format", "json", "-o", str(tmp_path / "b.json"))
        no_traceback(exported)
        assert exported.returncode == 0, exported.stdout
    assert json.loads((tmp_path / "b.json").read_bytes())["profile"]["clinic_phone"] == "555-0142"


def test_6_a_brand_new_data_folder_on_a_full_disk_gives_one_sentence(tmp_path: Path) -> None:
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(csv_with("2026-11-20T09:00:00+01:00"), encoding="utf-8")
    with full_disk(tmp_path) as disk:
        result = command(disk / "new-home", "import", str(csv_file))
    no_traceback(result)
    assert result.returncode != 0 and "full" in result.stdout, result.stdout + result.stderr[-2000:]


@pytest.mark.ui
@pytest.mark.parametrize("kind", ["a regular file", "a dangling link"])
def test_6_the_app_shows_the_same_sentence_in_its_window_instead_of_crashing(tmp_path: Path, kind: str) -> None:
    from ui_helpers import running_app, wait_for

    home, says = broken_homes(tmp_path)[kind]
    with running_app(home) as app:
        wait_for(lambda: app.data_ready)
        assert any(says in notice for notice in app.notices), app.notices
        assert app.root_widget.screen_manager.current == "help"


# ------------------------------------------------------------------ 7. symlinks are followed


def test_7_a_planted_link_is_never_chmodded_through(patient: Path, tmp_path: Path) -> None:
    outside = tmp_path / "someone-elses-file"
    outside.write_text("shared notes")
    os.chmod(outside, 0o644)
    (patient / "innocent-looking").symlink_to(outside)
    with open_store(patient):
        pass
    assert outside.stat().st_mode & 0o777 == 0o644


@pytest.mark.parametrize("name", [DB_FILE_NAME, "recovery.lock"])
def test_7_a_data_file_that_is_a_link_is_refused_with_a_clear_message(patient: Path, tmp_path: Path, name: str) -> None:
    real = tmp_path / "elsewhere.json"
    shutil.copy(patient / name, real) if (patient / name).exists() else real.write_text("x")
    before = real.read_bytes()
    (patient / name).unlink(missing_ok=True)
    (patient / name).symlink_to(real)
    csv_file = tmp_path / "in.csv"
    csv_file.write_text(csv_with("2026-11-20T09:00:00+01:00"), encoding="utf-8")
    result = command(patient, "import", str(csv_file))
    no_traceback(result)
    assert result.returncode != 0 and "is a link" in result.stdout, result.stdout
    assert (patient / name).is_symlink() and real.read_bytes() == before


# ------------------------------------------------------------------ 8. the PIN limit fails open on a full disk


@pytest.mark.ui
def test_8_when_the_guess_count_cannot_be_saved_no_guess_is_checked(patient: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery.pin import load_lock, new_lock, save_lock
    from recovery.store import atomic
    from ui_helpers import running_app

    save_lock(patient, new_lock("2468"))
    with running_app(patient) as app:
        assert app.locked

        def disk_full(*_args: object, **_kwargs: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(atomic.fs, "mkstemp", disk_full)
        for _ in range(12):
            ok, message = app.try_unlock("0000")
            assert not ok and "cannot check the PIN" in message and "disk is full" in message
        ok, message = app.try_unlock("2468")
        assert not ok and app.locked, "not even the right PIN is checked while tries cannot be counted"
        monkeypatch.undo()
        ok, _message = app.try_unlock("2468")
        assert ok and not app.locked
    assert load_lock(patient).failures == 0


def test_8_every_checked_guess_is_on_disk_before_it_is_checked(patient: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery import pin

    lock = pin.new_lock("2468")
    pin.save_lock(patient, lock)
    seen_on_disk: list[int] = []
    real_hash = pin._hash

    def spying_hash(guess: str, salt: bytes) -> str:
        seen_on_disk.append(pin.load_lock(patient).failures)
        return real_hash(guess, salt)

    monkeypatch.setattr(pin, "_hash", spying_hash)
    now = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)
    for n in range(3):
        attempt = pin.check_pin(patient, pin.load_lock(patient), "1111", now + timedelta(minutes=n))
        assert not attempt.ok
    assert seen_on_disk == [1, 2, 3]


# ------------------------------------------------------------------ 9. the clock set back


def test_9_with_the_clock_set_back_the_week_and_the_report_still_show_the_newest_checkin(home: Path, tmp_path: Path) -> None:
    from pypdf import PdfReader

    from recovery.plan import load_plan
    from recovery.services import Companion

    with open_store(home) as store:
        store.save_profile(PROFILE)
        store.add_checkin(checkin_at("2026-11-24T08:00:00+01:00", pain=3))
        store.add_checkin(checkin_at("2026-11-24T20:00:00+01:00", temperature_c=38.6, wound=["redness", "drainage"]))
        day_before = datetime(2026, 11, 23, 21, 0, tzinfo=BERLIN)
        companion = Companion(store, load_plan(), lambda: day_before)
        week = companion.week_review()
        assert week.end == date(2026, 11, 24)
        newest = next(day for day in week.days if day.day == date(2026, 11, 24))
        assert newest.checkin_count == 2 and newest.needs_attention
        start, end = companion.report_range()
        assert end == date(2026, 11, 24)
        text = "".join(page.extract_text() for page in PdfReader(str(companion.export_pdf(tmp_path / "r.pdf", start, end))).pages)
        assert "38.6" in text
        behind = companion.clock_behind()
        assert behind and "clock says" in behind and "Check the date and time" in behind
        assert Companion(store, load_plan(), lambda: datetime(2026, 11, 24, 21, 0, tzinfo=BERLIN)).clock_behind() is None


@pytest.mark.ui
def test_9_today_says_plainly_when_the_clock_is_behind_the_newest_checkin(home: Path) -> None:
    from ui_helpers import running_app

    with open_store(home) as store:
        store.save_profile(PROFILE)
        store.add_checkin(checkin_at("2026-11-24T20:00:00+01:00", temperature_c=38.6))
    with running_app(home, today=date(2026, 11, 23), clock=lambda: datetime(2026, 11, 23, 21, 0, tzinfo=BERLIN)) as app:
        assert app.root_widget.screen_manager.current == "today"
        assert any("clock says" in notice for notice in app.notices), app.notices


# ------------------------------------------------------------------ nothing lost: importing a set-aside file


def test_a_set_aside_file_repaired_by_hand_brings_its_records_back(patient: Path, tmp_path: Path) -> None:
    with open_store(patient) as store:
        store.add_checkin(checkin_at("2026-11-24T08:00:00+01:00", pain=5, notes="morning"))
    data = json.loads((patient / DB_FILE_NAME).read_bytes())
    last = data["checkins"][max(data["checkins"], key=int)]
    last["checkin"]["pain"] = 11  # a hand edit gone wrong, in the newest record (no backup holds it)
    (patient / DB_FILE_NAME).write_text(json.dumps(data), encoding="utf-8")
    with open_store(patient) as store:
        notice = store.recovery
        assert notice is not None and "1 set aside" in notice.message and "pain" in notice.message
        assert [c.get("notes") for c in store.checkins()] == [None]
    refused = command(patient, "import", str(notice.kept_at))
    assert refused.returncode == 1 and "pain" in refused.stdout and "--skip-bad" in refused.stdout
    repaired = notice.kept_at.read_text(encoding="utf-8").replace('"pain": 11', '"pain": 6')
    notice.kept_at.write_text(repaired, encoding="utf-8")
    restored = command(patient, "import", str(notice.kept_at), "--yes")
    no_traceback(restored)
    assert restored.returncode == 0 and "Restored 1 check-in" in restored.stdout, restored.stdout
    with open_store(patient) as store:
        assert [c.get("notes") for c in store.checkins()] == [None, "morning"]
        assert store.checkins()[-1]["pain"] == 6


# ------------------------------------------------------------------ also: a full disk, and exports that hold the lock


def _notify_with_no_room(home: Path, now: str, bus_env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    limit = (home / DB_FILE_NAME).stat().st_size

    def no_bigger_files() -> None:
        import resource

        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return command(home, "notify", "--now", now, env=bus_env, preexec_fn=no_bigger_files)


def test_also_on_a_full_disk_a_reminder_is_shown_at_most_once_an_hour(patient: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "runtime"))
    (tmp_path / "runtime").mkdir()
    with notification_bus(tmp_path / "bus") as bus:
        env = {**bus.env(), "XDG_RUNTIME_DIR": str(tmp_path / "runtime")}
        first = _notify_with_no_room(patient, "2026-11-24T09:00:00+01:00", env)
        no_traceback(first)
        assert first.returncode == 2 and "could not be recorded" in first.stdout, first.stdout + first.stderr[-2000:]
        for quarter in ("09:15", "09:30", "09:45"):
            again = _notify_with_no_room(patient, f"2026-11-24T{quarter}:00+01:00", env)
            assert again.returncode == 3 and "not shown again before 10:00" in again.stdout, again.stdout
        bus.send_marker("after-the-pause")
        bus.wait_for("after-the-pause")
        assert len([call for call in bus.notify_calls() if "daily check-in" in call]) == 1
        later = _notify_with_no_room(patient, "2026-11-24T10:01:00+01:00", env)
        assert later.returncode == 2, later.stdout
        freed = command(patient, "notify", "--now", "2026-11-24T11:05:00+01:00", env=env)
        assert freed.returncode == 0 and "Delivered 1 reminder." in freed.stdout
    with open_store(patient) as store:
        assert store.delivered_reminders() == {"checkin:2026-11-24"}


def test_also_an_export_reads_a_snapshot_and_the_app_can_open_meanwhile(patient: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from recovery import cli
    from recovery.export import pdf

    rendering, finish = threading.Event(), threading.Event()
    real_render = pdf.render_report

    def slow_render(*args: object, **kwargs: object) -> bytes:
        rendering.set()
        assert finish.wait(30)
        return real_render(*args, **kwargs)

    monkeypatch.setattr(pdf, "render_report", slow_render)
    monkeypatch.setenv("RECOVERY_HOME", str(patient))
    outcome: list[int] = []
    exporter = threading.Thread(target=lambda: outcome.append(cli.main(["export", "--format", "pdf", "-o", str(tmp_path / "r.pdf")], out=open(os.devnull, "w"))))
    exporter.start()
    try:
        assert rendering.wait(30)
        with open_store(patient, lock_timeout=0.5) as store:  # the app opening while a long report is written
            store.add_checkin(checkin_at("2026-11-24T10:00:00+01:00", pain=2))
    finally:
        finish.set()
        exporter.join(30)
    assert outcome == [0] and (tmp_path / "r.pdf").exists()


# ------------------------------------------------------------------ issue 12, item 10: commands while the app is open


def test_12_10_a_relative_output_path_is_reported_in_full(patient: Path, tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    result = command(patient, "export", "--format", "csv", "-o", "mine.csv", cwd=work)
    assert result.returncode == 0 and f"Saved {work / 'mine.csv'}." in result.stdout, result.stdout
    card = command(patient, "card", "-o", "card.pdf", cwd=work)
    assert card.returncode == 0 and f"Saved {work / 'card.pdf'}." in card.stdout


def test_12_10_a_report_inside_the_project_checkout_is_refused_and_another_checkout_warned(patient: Path, tmp_path: Path) -> None:
    written = PROJECT_ROOT / "report-from-a-test.pdf"
    try:
        result = command(patient, "export", "--format", "pdf", "-o", written.name, cwd=PROJECT_ROOT)
        assert result.returncode == 1 and "git checkout" in result.stdout, result.stdout
        assert not written.exists()
    finally:
        written.unlink(missing_ok=True)
    other = tmp_path / "my-notes"
    (other / ".git").mkdir(parents=True)
    warned = command(patient, "export", "--format", "csv", "-o", str(other / "c.csv"))
    assert warned.returncode == 0 and "is a git checkout" in warned.stdout and (other / "c.csv").exists()


def test_12_10_csv_gives_temperatures_in_fahrenheit_as_well_as_celsius(home: Path, tmp_path: Path) -> None:
    from recovery.export.csv_io import parse_checkins_csv

    with open_store(home) as store:
        store.save_profile({**PROFILE, "temperature_unit": "F"})
        store.add_checkin(checkin_at("2026-11-24T08:00:00+01:00", temperature_c=38.6))
    result = command(home, "export", "--format", "csv", "-o", str(tmp_path / "t.csv"))
    assert result.returncode == 0
    lines = (tmp_path / "t.csv").read_text(encoding="utf-8-sig").splitlines()
    header = lines[0].split(",")
    row = dict(zip(header, lines[1].split(",")))
    assert row["temperature_c"] == "38.6" and row["temperature_f"] == "101.5"
    assert parse_checkins_csv((tmp_path / "t.csv").read_bytes()).checkins[0]["temperature_c"] == 38.6
