"""Reminders reach a real notification daemon on a private D-Bus, once; failures never reach the patient."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from dbus_session import notification_bus
from helpers import PROJECT_ROOT, checkin_at
from recovery.notifier import DesktopNotifier, session_bus_available
from recovery.store import open_store
from ui_helpers import RecordingNotifier, running_app, wait_for

PROFILE = {"surgery_date": "2026-11-12", "drug": "morphine", "reminder_time": "09:00"}
AT_NINE = "2026-11-24T09:00:00+01:00"
BERLIN = ZoneInfo("Europe/Berlin")


def half_past_nine() -> datetime:
    return datetime(2026, 11, 24, 9, 30, tzinfo=BERLIN)


def notify(home: Path, env: dict[str, str], now: str = AT_NINE) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recovery", "notify", "--now", now],
        cwd=PROJECT_ROOT,
        env={**env, "RECOVERY_HOME": str(home), "TZ": "Europe/Berlin"},
        capture_output=True,
        text=True,
        timeout=60,
    )


@pytest.fixture
def patient(home: Path) -> Path:
    with open_store(home) as store:
        store.save_profile(PROFILE)
        store.add_checkin(checkin_at("2026-11-23T20:00:00+01:00", pain=4, notes="SENTINEL-PHI-123 private note"))
    return home


def test_notify_delivers_once_to_a_real_daemon_and_a_second_run_sends_nothing(patient: Path, tmp_path: Path) -> None:
    with notification_bus(tmp_path / "bus") as bus:
        first = notify(patient, bus.env())
        assert first.returncode == 0 and "Delivered 1 reminder." in first.stdout, first.stdout + first.stderr
        bus.wait_for("Time for your daily check-in.")
        second = notify(patient, bus.env())
        assert second.returncode == 0 and "Nothing is due." in second.stdout
        bus.send_marker("end-of-test")
        bus.wait_for("end-of-test")
        ours = [call for call in bus.notify_calls() if "daily check-in" in call]
        assert len(ours) == 1
        assert '"Recovery Companion"' in ours[0], "the title"
        assert bus.monitored_calls(expected=2) == 2  # ours and the marker, nothing from the second run
        everything = bus.monitor_log.read_text(errors="replace") + bus.daemon_log.read_text(errors="replace")
        assert "SENTINEL" not in everything and "pain" not in everything.lower(), "no health data on the bus"
    with open_store(patient) as store:
        assert store.delivered_reminders() == {"checkin:2026-11-24"}


def test_without_a_desktop_nothing_is_marked_delivered_and_the_next_chance_delivers(patient: Path, tmp_path: Path) -> None:
    no_desktop = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/no-such-bus", "XDG_RUNTIME_DIR": str(tmp_path)}
    result = notify(patient, no_desktop)
    assert result.returncode == 3 and "not available" in result.stdout and "Traceback" not in result.stderr
    with open_store(patient) as store:
        assert store.delivered_reminders() == set()
    with notification_bus(tmp_path / "bus") as bus:
        later = notify(patient, bus.env(), now="2026-11-24T09:15:00+01:00")
        assert "Delivered 1 reminder." in later.stdout
        bus.wait_for("Time for your daily check-in.")


def test_notify_steps_aside_while_the_app_has_the_data_open(patient: Path) -> None:
    with open_store(patient):
        result = notify(patient, dict(os.environ))
    assert result.returncode == 0 and "The app is open" in result.stdout


def test_the_running_app_delivers_to_the_desktop(patient: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with notification_bus(tmp_path / "bus") as bus:
        monkeypatch.setenv("DBUS_SESSION_BUS_ADDRESS", bus.address)
        with running_app(patient, notifier=DesktopNotifier(), clock=half_past_nine) as app:
            app.check_reminders()
            bus.wait_for("Time for your daily check-in.")
            wait_for(lambda: not app._checking_reminders)
            assert app.notices == []
            assert "checkin:2026-11-24" in app.companion.store.delivered_reminders()


@pytest.mark.ui
def test_when_the_desktop_cannot_show_it_the_app_does_and_says_why_once(patient: Path) -> None:
    failing = RecordingNotifier(works=False)
    with running_app(patient, notifier=failing, clock=half_past_nine) as app:
        app.check_reminders()
        wait_for(lambda: len(app.notices) == 2)
        assert app.notices[0].startswith("Desktop notifications are not available")
        assert app.notices[1] == "Time for your daily check-in."
        assert app.companion.store.delivered_reminders() == {"checkin:2026-11-24"}
        app.check_reminders()
        wait_for(lambda: not app._checking_reminders)
        assert len(app.notices) == 2, "delivered once, and the explanation is not repeated"


@pytest.mark.parametrize("error", [NotImplementedError("No usable implementation found!"), TypeError("float"), OSError("bus")])
def test_any_plyer_failure_becomes_false(error: Exception, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from plyer import notification

    def broken(**_kwargs: object) -> None:
        raise error

    monkeypatch.setattr(notification, "notify", broken)
    bus_file = tmp_path / "bus"
    bus_file.touch()
    notifier = DesktopNotifier({"DBUS_SESSION_BUS_ADDRESS": f"unix:path={bus_file}", "PATH": os.environ["PATH"]})
    assert notifier._notify_plyer("Recovery Companion", "Time for your daily check-in.") is False  # the facade elsewhere
    assert error.__class__.__name__ in notifier.unavailable_reason


def test_no_bus_or_no_backend_is_reported_without_calling_plyer(tmp_path: Path) -> None:
    assert not session_bus_available({"DBUS_SESSION_BUS_ADDRESS": f"unix:path={tmp_path}/gone", "XDG_RUNTIME_DIR": str(tmp_path)})
    no_bus = DesktopNotifier({"XDG_RUNTIME_DIR": str(tmp_path), "PATH": os.environ["PATH"]})
    assert no_bus.notify("t", "b") is False and "no desktop session" in no_bus.unavailable_reason
    (tmp_path / "bus").touch()  # a socket path that is not a bus
    not_a_bus = DesktopNotifier({"XDG_RUNTIME_DIR": str(tmp_path), "PATH": str(tmp_path)})
    assert not_a_bus.notify("t", "b") is False and "could not be reached" in not_a_bus.unavailable_reason
