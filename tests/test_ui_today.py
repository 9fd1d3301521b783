"""The first window: a real Kivy window (SDL2 offscreen when there is no display)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT, png_size_and_variety
from recovery.plan import load_plan
from recovery.store import Store, open_store

pytestmark = pytest.mark.ui


def show(widget):
    """Put ``widget`` in the real window and let Kivy draw a few frames."""
    from kivy.base import EventLoop

    EventLoop.ensure_window()
    window = EventLoop.window
    window.add_widget(widget)
    for _ in range(3):
        EventLoop.idle()
    return window


def test_today_shows_day_phase_restrictions_and_whats_next(store: Store) -> None:
    from recovery.ui.today import RestrictionRow, TodayScreen

    store.save_profile({"surgery_date": "2026-11-12", "cleared": ["driving"]})
    screen = TodayScreen(store=store, plan=load_plan(), today=date(2026, 11, 24))
    window = show(screen)
    try:
        assert screen.headline == "Day 12 of about 56"
        assert screen.phase_line == "Healing · week 2"
        assert screen.progress_label == "21 %"
        rows = [w for w in screen.restrictions_box.children if isinstance(w, RestrictionRow)]
        titles = {row.title for row in rows}
        assert "Don't lift more than 5 lb (2.3 kg)" in titles
        assert "Don't drive" not in titles, "the doctor cleared driving"
        assert all(row.until.startswith("until ") for row in rows)
        assert screen.next_milestone.startswith("Next: First follow-up visit · Thu 26 Nov")
        assert not screen.needs_profile
    finally:
        window.remove_widget(screen)


def test_first_run_asks_for_the_date_explains_a_bad_one_and_saves_a_good_one(store: Store) -> None:
    from kivy.uix.button import Button

    from recovery.ui.today import TodayScreen

    screen = TodayScreen(store=store, plan=load_plan(), today=date(2026, 11, 24))
    window = show(screen)
    try:
        assert screen.needs_profile and screen.headline == ""
        save = next(w for w in screen.walk() if isinstance(w, Button) and w.text.startswith("Save"))
        screen.ids.date_input.text = "12/11/2026"
        save.dispatch("on_release")
        assert "YYYY-MM-DD" in screen.date_error
        assert store.profile() is None, "nothing is saved from a refused date"
        screen.ids.date_input.text = " 2026-11-20 "
        save.dispatch("on_release")
        assert screen.date_error == ""
        assert store.profile() == {"surgery_date": "2026-11-20"}
        assert screen.headline == "Day 4 of about 56" and not screen.needs_profile
    finally:
        window.remove_widget(screen)


def _launch(home: Path, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    fake_home = tmp_path / "user-home"
    fake_home.mkdir(exist_ok=True)
    env = {
        **os.environ,
        "RECOVERY_HOME": str(home),
        "HOME": str(fake_home),
        "KIVY_HOME": str(tmp_path / "kivy-home"),
        "SDL_VIDEODRIVER": os.environ.get("SDL_VIDEODRIVER", "offscreen"),
    }
    return subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "main.py"), *args],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=90,
    )


def test_the_launch_command_draws_today_and_saves_its_own_screenshot(tmp_path: Path) -> None:
    home = tmp_path / "data"
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12"})
    shot = tmp_path / "today.png"
    result = _launch(home, tmp_path, "--today", "2026-11-24", "--screenshot", str(shot))
    assert result.returncode == 0, result.stderr[-3000:]
    width, height, variety = png_size_and_variety(shot)
    assert (width, height) == (420, 800)
    assert variety > 50, "the window drew text and colours, not a blank screen"
    assert "Traceback" not in result.stderr
    assert list((tmp_path / "user-home").iterdir()) == [], "nothing written outside the chosen folders"


def test_a_second_window_on_the_same_data_explains_instead_of_crashing(tmp_path: Path) -> None:
    home = tmp_path / "data"
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12"})
        result = _launch(home, tmp_path, "--screenshot", str(tmp_path / "locked.png"))
    assert result.returncode == 0, result.stderr[-3000:]
    assert "Traceback" not in result.stderr
    assert (tmp_path / "locked.png").exists()


def test_a_broken_clinic_file_falls_back_to_the_default_plan_and_says_so(tmp_path: Path) -> None:
    from recovery.ui.app import RecoveryApp

    home = tmp_path / "data"
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12"})
    (home / "clinic.json").write_text('{"driving_weeks": "six"}', encoding="utf-8")
    app = RecoveryApp(home=home, today=date(2026, 11, 24))
    screen = app.build()
    try:
        assert "clinic.json: driving_weeks must be a whole number" in screen.notice
        assert "default plan" in screen.notice
        assert screen.headline == "Day 12 of about 56"
    finally:
        app.on_stop()
        app.on_stop()  # Kivy may call it twice; closing twice is harmless
