"""The running app under a real pointer and a real keyboard (xdotool on a private Xvfb display).

These are the proof that a control works: ``python3 main.py`` runs as a patient starts
it, xdotool moves the X pointer to where the app says a control is drawn and clicks, or
presses keys, and the test waits for what a patient would see change. The widget-level
tests in ``test_ui_screens.py`` are faster but press controls from inside Kivy, which
skips the window's real input path (and once hid four dead controls).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from real_window import RealApp, demo_home, wait_until, x_display
from ui_helpers import PROFILE

pytestmark = pytest.mark.ui

EMERGENCY_TODAY = {"recorded_at": "2026-11-24T08:00:00+01:00", "slow_breathing": True}


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with x_display() as name:
        yield name


@pytest.fixture
def app(display: str, tmp_path: Path) -> Iterator[RealApp]:
    home = demo_home(tmp_path / "home", PROFILE)
    with RealApp(display, home, tmp_path / "scratch") as running:
        yield running


def open_checkin(app: RealApp) -> None:
    app.click_text("Check in", kind="NavButton")
    app.wait_screen("checkin")


# ------------------------------------------------------------------ the four dead controls


def test_headache_chips_answer_a_real_click_and_open_the_follow_up(app: RealApp) -> None:
    open_checkin(app)
    app.click_text("Moderate", path_has="headache/")
    wait_until(lambda: app.widget("checkin", "headache")["value"] == "moderate", "the Moderate chip to be picked")
    wait_until(lambda: app.widget("checkin", "headache_follow_up")["shown"], "the sitting-up question to appear")
    app.click_text("Yes", path_has="headache_upright/")
    wait_until(lambda: app.widget("checkin", "headache_upright")["value"] is True, "Yes to be picked")


def test_the_pump_alarm_buttons_answer_a_real_click(app: RealApp) -> None:
    app.click_text("My pump is beeping")
    app.wait_screen("alarm")
    app.click_text("Single beeps, about once an hour")
    wait_until(lambda: app.state()["screen_state"]["tone"] == "single_tone", "single beeps to be chosen")
    assert app.state()["screen_state"]["heading"]
    app.click_text("A two-tone alarm, repeating")
    wait_until(lambda: app.state()["screen_state"]["tone"] == "two_tone", "the two-tone alarm to be chosen")
    banner = wait_until(lambda: (b := app.widget("alarm", "advice_banner"))["visible"] == b["rect"] and b, "the advice in view")
    assert banner["text"] == app.state()["screen_state"]["heading"]


def test_the_pump_alarm_buttons_answer_tab_and_enter(app: RealApp) -> None:
    app.click_text("My pump is beeping")
    app.wait_screen("alarm")
    wait_until(lambda: tab_to(app, "Single beeps, about once an hour"), "Tab to reach the single-beeps button")
    app.key("Return")
    wait_until(lambda: app.state()["screen_state"]["tone"] == "single_tone", "Enter to choose single beeps")
    wait_until(lambda: tab_to(app, "A two-tone alarm, repeating"), "Tab to reach the two-tone button")
    app.key("space")
    wait_until(lambda: app.state()["screen_state"]["tone"] == "two_tone", "Space to choose the two-tone alarm")


def test_todays_emergency_banner_opens_its_result_on_a_real_click(display: str, tmp_path: Path) -> None:
    home = demo_home(tmp_path / "home", PROFILE, [EMERGENCY_TODAY])
    with RealApp(display, home, tmp_path / "scratch") as app:
        banner = app.control(kind="LevelBanner")
        assert banner["text"].startswith("Get emergency help now")
        app.click(banner)
        state = app.wait_screen("result")
        assert state["screen_state"]["level"] == "emergency"


@pytest.mark.parametrize("start", ["Today", "Plan"])
def test_f1_opens_help_now_and_never_kivys_settings_panel(app: RealApp, start: str) -> None:
    if start != "Today":
        app.click_text(start, kind="NavButton")
        app.wait_screen(start.lower())
    app.key("F1")
    state = app.wait_screen("help")
    assert not state["kivy_settings_open"], state["window_children"]
    app.key("F1")  # a second F1 must not toggle anything open either
    app.wait_idle()
    state = app.state()
    assert state["screen"] == "help" and not state["kivy_settings_open"], state["window_children"]


# ------------------------------------------------------------------ every key binding


def tab_to(app: RealApp, text: str) -> bool:
    """Press Tab once; true when the control with ``text`` has the keyboard focus."""
    app.key("Tab")
    focus = app.wait_idle()["focus"]
    return bool(focus and focus["text"] == text)


def test_escape_goes_back_and_never_closes_the_app(app: RealApp) -> None:
    app.click_text("Plan", kind="NavButton")
    app.wait_screen("plan")
    app.click_text("Week", kind="NavButton")
    app.wait_screen("week")
    app.key("Escape")
    app.wait_screen("plan")
    app.key("Escape")
    app.wait_screen("today")
    app.key("Escape")
    app.key("Escape")
    assert app.wait_idle()["screen"] == "today"
    assert app.process is not None and app.process.poll() is None, "Esc closed the app"


def test_tab_moves_the_focus_and_enter_and_space_press(app: RealApp) -> None:
    open_checkin(app)
    app.click_text("None", path_has="headache/")
    wait_until(lambda: app.widget("checkin", "headache")["value"] == "none", "None to be picked")
    app.key("Tab")
    wait_until(lambda: (app.state()["focus"] or {}).get("text") == "Mild", "Tab to move from None to Mild")
    app.key("space")
    wait_until(lambda: app.widget("checkin", "headache")["value"] == "mild", "Space to pick Mild")
    app.key("Tab")
    wait_until(lambda: (app.state()["focus"] or {}).get("text") == "Moderate", "Tab to move on to Moderate")
    app.key("Return")
    wait_until(lambda: app.widget("checkin", "headache")["value"] == "moderate", "Enter to pick Moderate")


def controls_on(app: RealApp) -> list[dict[str, Any]]:
    return [c for c in app.controls() if c["enabled"] and c["kind"] != "TextInput"]


# ------------------------------------------------------------------ a small window at the largest text size


def test_a_small_window_at_the_largest_text_keeps_titles_words_and_numbers_whole(display: str, tmp_path: Path) -> None:
    home = demo_home(tmp_path / "home", {**PROFILE, "text_scale": 1.5, "clinic_phone": "+44 20 7946 0000"})
    with RealApp(display, home, tmp_path / "scratch", size=(320, 480)) as app:
        for tab, title in (("Today", "Today"), ("Check in", "Check in"), ("Week", "Week")):
            app.click_text(tab, kind="NavButton")
            app.wait_screen(title.lower().replace(" ", ""))
            strip = app.widget("root", "title_strip_label")
            assert strip["text"] == title and strip["visible"] and strip["lines"] == [title], strip
        anchors = app.widget("checkin", "anchors_narrow")
        whole = {"0\u00a0=\u00a0no\u00a0pain", "5\u00a0=\u00a0moderate", "10\u00a0=\u00a0worst\u00a0imaginable"}
        drawn = [part for line in anchors["lines"] for part in line.split(" ") if part]
        assert sorted(drawn) == sorted(whole), f"the pain words are broken or run together: {anchors['lines']}"
        app.click_text("Today", kind="NavButton")
        app.wait_screen("today")
        beeping = app.scroll_to(lambda: app.control("My pump is beeping"))
        pump = app.control("My pump")
        assert beeping["rect"][3] == pump["rect"][3], "the two pump buttons are equally tall"
        app.click(app.control("Help now"))
        app.wait_screen("help")
        clinic = app.state()["screen_state"]["clinic_line"]
        assert "+44\u00a020\u00a07946\u00a00000" in clinic, "the number can never be split across two lines"
