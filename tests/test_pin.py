"""The optional PIN: a salted slow hash, limited guesses, a safe way out, and help that is never locked."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from recovery.pin import PinError, check_new_pin, load_lock, new_lock, save_lock, try_pin
from recovery.store import open_store
from ui_helpers import PROFILE, buttons_with_text, frames, press, running_app

NOW = datetime(2026, 11, 24, 9, 0, tzinfo=timezone.utc)


def test_only_a_salted_slow_hash_is_stored(home: Path) -> None:
    home.mkdir()
    save_lock(home, new_lock("482913"))
    raw = (home / "pin.json").read_text()
    assert "482913" not in raw
    stored = json.loads(raw)
    assert len(bytes.fromhex(stored["salt"])) == 16 and len(bytes.fromhex(stored["digest"])) == 32
    assert new_lock("482913").digest != stored["digest"], "a fresh salt each time"
    assert (home / "pin.json").stat().st_mode & 0o777 == 0o600


@pytest.mark.parametrize(("pin", "again", "says"), [("12", "12", "4 to 8 digits"), ("12a4", "12a4", "digits"), ("1234", "1243", "not the same")])
def test_unusable_pins_are_refused_with_the_reason(pin: str, again: str, says: str) -> None:
    with pytest.raises(PinError, match=says):
        check_new_pin(pin, again)


def test_wrong_guesses_are_counted_and_slowed_down() -> None:
    lock = new_lock("1234")
    moment = NOW
    for _ in range(4):
        attempt = try_pin(lock, "0000", moment)
        assert not attempt.ok and attempt.message == "That PIN is not right."
        lock = attempt.lock
    fifth = try_pin(lock, "0000", moment)
    assert "Wait 30 seconds" in fifth.message
    waiting = try_pin(fifth.lock, "1234", moment + timedelta(seconds=10))
    assert not waiting.ok and "Try again in 20 seconds" in waiting.message, "even the right PIN waits"
    sixth = try_pin(fifth.lock, "0000", moment + timedelta(seconds=31))
    assert "Wait 60 seconds" in sixth.message
    right = try_pin(sixth.lock, "1234", moment + timedelta(seconds=95))
    assert right.ok and right.lock.failures == 0 and right.lock.wait_until is None
    capped = lock
    for n in range(20):
        capped = try_pin(capped, "9999", moment + timedelta(hours=n)).lock
    assert datetime.fromisoformat(capped.wait_until) - (moment + timedelta(hours=19)) == timedelta(minutes=15)


def test_the_guess_count_survives_a_restart(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile(PROFILE)
    save_lock(home, new_lock("1234"))
    with running_app(home) as app:
        for _ in range(5):
            app.try_unlock("0000")
    assert load_lock(home).failures == 5 and load_lock(home).wait_until is not None


def test_a_pin_locks_the_app_but_never_help(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile(PROFILE)
    save_lock(home, new_lock("2468"))
    with running_app(home) as app:
        manager = app.root_widget.screen_manager
        assert manager.current == "lock" and not app.show_navigation
        for name in ("today", "checkin", "week", "settings"):
            app.go(name)
            assert manager.current == "lock", name
        press(app.root_widget.ids.help_button)
        assert manager.current == "help"
        assert app.back() and manager.current == "lock", "back from help returns to the lock, not past it"
        lock_screen = app.screen("lock")
        lock_screen.ids.pin.text = "1111"
        press(buttons_with_text(lock_screen, "Unlock")[0])
        assert lock_screen.message == "That PIN is not right." and manager.current == "lock"
        lock_screen.ids.pin.text = "2468"
        press(buttons_with_text(lock_screen, "Unlock")[0])
        assert manager.current == "settings", "where the patient was heading"
        assert app.show_navigation and not app.locked


def test_the_app_locks_again_after_five_minutes_away(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile(PROFILE)
    save_lock(home, new_lock("2468"))
    with running_app(home) as app:
        app.try_unlock("2468")
        app.go("plan")
        app._away_since = NOW
        app.relock_if_away_long(NOW + timedelta(minutes=4))
        assert not app.locked
        app._away_since = NOW
        app.relock_if_away_long(NOW + timedelta(minutes=5))
        assert app.locked and app.root_widget.screen_manager.current == "lock"
        app.try_unlock("2468")
        assert app.root_widget.screen_manager.current == "plan", "back where the patient was"


def test_settings_turn_the_pin_on_and_off(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile(PROFILE)
    with running_app(home) as app:
        settings = app.go("settings")
        settings.ids.new_pin.text, settings.ids.new_pin_again.text = "1357", "1375"
        press(buttons_with_text(settings, "Turn on PIN lock")[0])
        assert "not the same" in settings.pin_message and load_lock(home) is None
        settings.ids.new_pin.text, settings.ids.new_pin_again.text = "1357", "1357"
        press(buttons_with_text(settings, "Turn on PIN lock")[0])
        assert settings.pin_on and load_lock(home) is not None
        frames()
        settings.ids.current_pin.text = "0000"
        press(buttons_with_text(settings, "Turn off PIN lock")[0])
        assert settings.pin_on and "not right" in settings.pin_message
        settings.ids.current_pin.text = "1357"
        press(buttons_with_text(settings, "Turn off PIN lock")[0])
        assert not settings.pin_on and load_lock(home) is None


def test_forgetting_the_pin_loses_no_data(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile(PROFILE)
        store.add_checkin({"recorded_at": "2026-11-24T09:00:00+01:00", "pain": 3})
    save_lock(home, new_lock("9999"))
    (home / "pin.json").unlink()  # the documented way out
    with running_app(home) as app:
        assert not app.locked and app.companion.store.checkins()[0]["pain"] == 3
