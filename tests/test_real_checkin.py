"""The check-in under real hands: nothing typed is lost, errors are marked where the eye is, and a
normal day costs three clicks and no scrolling (measured, and written to the README).

Everything here goes through the running ``main.py`` on a private X display, with the
real pointer, the real keyboard and the window manager's close message (see
``real_window.py``).
"""

from __future__ import annotations

import json
import os
import signal
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from real_window import RealApp, demo_home, wait_until, x_display
from ui_helpers import PROFILE

pytestmark = pytest.mark.ui

#: What a patient pays, from Today to the result: at most this many clicks and wheel notches.
BUDGET = {"normal day": (3, 0), "fever day": (4, 0), "emergency": (4, 16)}
MEASURED_FILE = "checkin-effort.json"


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with x_display() as name:
        yield name


@pytest.fixture
def home(tmp_path: Path) -> Path:
    return demo_home(tmp_path / "home", PROFILE)


def start(display: str, home: Path, tmp_path: Path, run: str = "a") -> RealApp:
    return RealApp(display, home, tmp_path / f"scratch-{run}").start()


def type_a_checkin(app: RealApp) -> None:
    """Open the check-in from Today and answer three questions with the real pointer and keyboard."""
    app.click_text("Check in now")
    app.wait_screen("checkin")
    app.click_text("6", path_has="pain/")
    app.click(app.scroll_to(lambda: app.widget("checkin", "temperature")))
    wait_until(lambda: (app.state()["focus"] or {}).get("kind") == "TextInput", "the temperature field to take the keyboard")
    app.type("38.4")
    app.click_text("Feeling sick")
    wait_until(lambda: typed_answers_are_on_screen(app), "the answers to be on screen")


def typed_answers_are_on_screen(app: RealApp) -> bool:
    return (
        app.widget("checkin", "pain")["value"] == 6
        and app.widget("checkin", "temperature")["text"] == "38.4"
        and app.widget("checkin", "signs")["values"] == ["nausea"]
    )


def draft_on_disk(home: Path) -> dict[str, Any] | None:
    """The draft as the data file holds it (read directly: the file is only ever replaced whole)."""
    data = json.loads((home / "recovery.json").read_bytes())
    drafts = list(data.get("drafts", {}).values())
    return drafts[0]["form"] if drafts else None


# ------------------------------------------------------------------ nothing typed is lost


def test_closing_the_window_mid_checkin_keeps_the_answers_for_the_next_visit(display: str, home: Path, tmp_path: Path) -> None:
    app = start(display, home, tmp_path)
    try:
        type_a_checkin(app)
        app.close_window()  # what the title-bar ✕ sends
        assert app.wait_exit() == 0
    finally:
        app.stop()
    assert draft_on_disk(home)["temperature_text"] == "38.4"  # type: ignore[index]
    with RealApp(display, home, tmp_path / "scratch-b") as again:
        again.click_text("Check in", kind="NavButton")
        state = again.wait_screen("checkin")
        assert "were kept but not saved" in state["screen_state"]["draft_note"]
        wait_until(lambda: typed_answers_are_on_screen(again), "the kept answers to come back")
        save = again.control("Save check-in")
        assert save["visible"] and save["visible"][3] == save["rect"][3], "Save is in view without scrolling"
        again.click(save)
        again.wait_screen("result")
        wait_until(lambda: draft_on_disk(home) is None, "the saved check-in to clear the draft")


def test_escape_and_another_tab_keep_the_answers_and_say_so(display: str, home: Path, tmp_path: Path) -> None:
    with start(display, home, tmp_path) as app:
        type_a_checkin(app)
        app.key("Escape")
        state = app.wait_screen("today")
        assert any("not saved yet" in notice for notice in state["notices"]), state["notices"]
        wait_until(lambda: (draft_on_disk(home) or {}).get("signs") == ["nausea"], "the draft to reach the disk")
        app.click_text("Check in", kind="NavButton")
        app.wait_screen("checkin")
        assert typed_answers_are_on_screen(app)
        app.click_text("Plan", kind="NavButton")
        app.wait_screen("plan")
        app.click_text("Check in", kind="NavButton")
        app.wait_screen("checkin")
        assert typed_answers_are_on_screen(app)
        app.click_text("Start afresh")
        wait_until(lambda: app.widget("checkin", "pain")["value"] == -1, "the form to be emptied")
        wait_until(lambda: draft_on_disk(home) is None, "the draft to be forgotten")


def test_a_killed_app_gives_back_what_was_typed_a_moment_before(display: str, home: Path, tmp_path: Path) -> None:
    app = start(display, home, tmp_path)
    try:
        type_a_checkin(app)
        wait_until(lambda: (draft_on_disk(home) or {}).get("signs") == ["nausea"], "the last answer to reach the disk")
        assert app.process is not None
        os.kill(app.process.pid, signal.SIGKILL)
        app.process.wait()
    finally:
        app.stop()
    with RealApp(display, home, tmp_path / "scratch-b") as again:
        again.click_text("Check in", kind="NavButton")
        again.wait_screen("checkin")
        wait_until(lambda: typed_answers_are_on_screen(again), "the kept answers to come back after a kill")


# ------------------------------------------------------------------ errors you can see


def test_a_mistyped_temperature_is_kept_marked_explained_and_scrolled_to(display: str, home: Path, tmp_path: Path) -> None:
    with start(display, home, tmp_path) as app:
        app.click_text("Check in now")
        app.wait_screen("checkin")
        app.click(app.scroll_to(lambda: app.widget("checkin", "temperature")))
        wait_until(lambda: (app.state()["focus"] or {}).get("kind") == "TextInput", "the temperature field to take the keyboard")
        app.type("1o1.3")
        wait_until(lambda: app.widget("checkin", "temperature")["text"] == "1o1.3", "the letters to appear as typed")
        app.click_text("5", path_has="pain/")  # scrolls the temperature field out of view again
        app.click(app.control("Save check-in"))
        state = wait_until(lambda: (s := app.state())["screen_state"]["errors"] and s, "the check-in to be refused")
        assert state["screen"] == "checkin"
        assert app.widget("checkin", "temperature")["text"] == "1o1.3", "no letter is silently dropped"
        message = state["screen_state"]["errors"]["temperature_c"]
        assert message == "“1o1.3” has the letter “o” in it. Type the temperature as a number, like 37.2."
        assert "the temperature, marked in red" in state["screen_state"]["message"]
        card = wait_until(lambda: (c := app.widget("checkin", "temperature_card"))["visible"] and c, "the marked card in view")
        assert card["rect"] == card["visible"], "the whole marked card is scrolled into view"
        label = next(c for c in app.ask("at", x=card["rect"][0] + 20, y=card["rect"][1] + card["rect"][3] - 12) if "FieldError" in c["path"])
        assert label, "the explanation sits inside the marked card, under the field"


# ------------------------------------------------------------------ a normal day is two taps


def measure(app: RealApp, answer: Any) -> dict[str, int]:
    """Clicks, keys and wheel notches from Today to the result."""
    app.ask("go", screen="today")
    app.wait_screen("today")
    app.clicks = app.keys = app.wheel_notches = 0
    app.click(next(c for c in app.controls() if c["text"] in ("Check in now", "Check in again")))
    app.wait_screen("checkin")
    answer()
    app.click(app.scroll_to(lambda: app.control("Save check-in")))
    app.wait_screen("result")
    return {"clicks": app.clicks, "keys": app.keys, "wheel_notches": app.wheel_notches}


def test_a_normal_day_a_fever_day_and_an_emergency_cost_few_clicks_and_little_scrolling(
    display: str, home: Path, tmp_path: Path
) -> None:
    with start(display, home, tmp_path) as app:

        def normal() -> None:
            app.click_text("2", path_has="pain/")

        def fever() -> None:
            app.click_text("4", path_has="pain/")
            app.click(app.scroll_to(lambda: app.widget("checkin", "temperature")))
            wait_until(lambda: (app.state()["focus"] or {}).get("kind") == "TextInput", "the field to take the keyboard")
            app.type("38.6")

        def emergency() -> None:
            app.click_text("Breathing slow or shallow")

        measured = {"normal day": measure(app, normal), "fever day": measure(app, fever), "emergency": measure(app, emergency)}
        assert app.state()["screen_state"]["level"] == "emergency"
        app.click_text("Back to today")
        state = app.wait_screen("today")
        assert state["scroll"] == [0.0], "Today comes back at its top after a check-in"
        app.click_text("Check in", kind="NavButton")
        assert app.wait_screen("checkin")["scroll"] == [0.0], "the check-in opens at its first question"
    (tmp_path / MEASURED_FILE).write_text(json.dumps(measured, indent=1))
    print(f"check-in effort from Today: {measured}")
    for case, (clicks, notches) in BUDGET.items():
        assert measured[case]["clicks"] <= clicks and measured[case]["wheel_notches"] <= notches, (case, measured[case])
