"""The click sweep: on every screen, every enabled button, chip and banner, clicked once with the real pointer.

Each click must be received by the control it was aimed at (the control counts the
release) and must change something a patient can see: the screen, or what is drawn
on it (a chip filled, a message, a list grown). A control that is drawn but eats the
click, or takes it and does nothing, fails here with its name. Text fields are left to
the typing tests; controls that only lead to the same place twice are clicked once.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from real_window import RealApp, demo_home, wait_until, x_display
from ui_helpers import PROFILE

pytestmark = pytest.mark.ui

WEEK = [
    {"recorded_at": "2026-11-21T09:00:00+01:00", "pain": 4, "temperature_c": 37.2},
    {"recorded_at": "2026-11-22T09:00:00+01:00", "pain": 6, "temperature_c": 38.4, "notes": "Hot and tired"},
    {"recorded_at": "2026-11-23T09:00:00+01:00", "pain": 3},
]
#: Bar controls are swept once, from a screen where each of them leads somewhere else.
BARS = ("top_bar/", "bottom_bar/", "notice_bar/")
#: The language chips switch every text on screen, and the chosen one rightly does nothing when
#: pressed again: they have their own real-click test (test_real_read_aloud.py).
LANGUAGE = ("language/chips/",)


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with x_display() as name:
        yield name


def in_reading_order(controls: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(controls, key=lambda c: (c["rect"][1], c["rect"][0]))


def sweepable(app: RealApp, bars: bool = False) -> list[dict[str, Any]]:
    """Enabled buttons, chips and banners now in the window (the bars only when asked)."""
    found = []
    for control in app.controls():
        if control["kind"] in ("TextInput", "FormInput") or not control["enabled"]:
            continue
        if control["path"].startswith(BARS) != bars:
            continue
        found.append(control)
    return in_reading_order(found)


def key_of(control: dict[str, Any]) -> str:
    return f"{control['path']}|{control['value']}"


def click_and_see(app: RealApp, uid: int, where: str) -> dict[str, Any]:
    """Scroll to the control ``uid``, click it with the real pointer, and wait for a visible change."""

    def find() -> dict[str, Any]:
        same = [c for c in app.controls() if c["uid"] == uid]
        assert same, f"control {uid} went away from {where} before it was clicked"
        return same[0]

    app.scroll_to(find)
    before = app.wait_idle()
    control = app.scroll_to(find)  # where it is now that the window has settled
    app.click(control)

    def changed() -> bool:
        state = app.state()
        if state["screen"] != before["screen"]:
            return True
        if state["fingerprint"] == before["fingerprint"]:
            return False
        now = [c for c in app.controls() if c["uid"] == uid]
        # the aimed-at control took the click (unless it was redrawn anew, which is itself the change)
        return not now or now[0]["releases"] > control["releases"]

    try:
        wait_until(changed, f"a visible change after clicking {control['path']} ({control['text']!r}) on {where}", timeout=10)
    except AssertionError as failure:
        left, top, width, height = control["visible"]
        under = app.ask("at", x=left + width / 2, y=top + height / 2)
        raise AssertionError(f"{failure}\nwidgets under the pointer: {[w['path'] for w in under]}") from None
    return control


def sweep(app: RealApp, where: str, arrive: Callable[[], None], bars: bool = False, skip: tuple[str, ...] = ()) -> list[str]:
    """Click, in reading order, every sweepable control of the screen ``arrive`` leads to.

    After a click that leaves the screen, ``arrive`` comes back. Controls that appear on
    the way (a follow-up question) are clicked too; every control there at the start
    must have been clicked by the end.
    """
    screen = where.split("#")[0]

    def candidates() -> list[dict[str, Any]]:
        return [c for c in sweepable(app, bars) if not any(part in key_of(c) for part in skip)]

    arrive()
    at_start = {key_of(c) for c in candidates()}
    assert at_start, f"nothing to click on {where}"
    clicked: list[str] = []
    for position in range(300):
        if app.screen() != screen:
            arrive()
        now = candidates()
        if position >= len(now):
            break
        clicked.append(key_of(click_and_see(app, now[position]["uid"], where)))
    for missed in sorted(at_start - set(clicked)):  # pushed out of order by an earlier click
        arrive()
        control = next((c for c in candidates() if key_of(c) == missed), None)
        assert control is not None, f"{missed} is no longer on {where}"
        clicked.append(key_of(click_and_see(app, control["uid"], where)))
    return clicked


def go(app: RealApp, screen: str) -> Callable[[], None]:
    def arrive() -> None:
        app.ask("go", screen=screen)
        app.ask("scroll_top")
        app.wait_screen(screen)
        app.wait_idle()

    return arrive


def test_every_control_on_every_screen_answers_a_real_click(display: str, tmp_path: Path) -> None:
    home = demo_home(tmp_path / "home", PROFILE, WEEK)
    clicked: list[str] = []
    with RealApp(display, home, tmp_path / "scratch") as app:
        clicked += sweep(app, "about#bottom-bar", go(app, "about"), bars=True, skip=("top_bar/", "notice_bar/"))
        clicked += sweep(app, "today#top-bar", go(app, "today"), bars=True, skip=("bottom_bar/",))
        for screen in ("today", "checkin", "plan", "week", "alarm", "pump", "help", "about", "settings"):
            clicked += sweep(app, screen, go(app, screen), skip=LANGUAGE)
        # the result screen, at its loudest: reached by a check-in saved with real clicks
        go(app, "checkin")()
        app.click_text("Breathing slow or shallow")
        app.click_text("Save check-in")
        assert app.wait_screen("result")["screen_state"]["level"] == "emergency"
        clicked += sweep(app, "result", go(app, "result"))
    assert len(clicked) > 80, clicked


def test_first_run_and_before_surgery_controls_answer_a_real_click(display: str, tmp_path: Path) -> None:
    with RealApp(display, tmp_path / "new", tmp_path / "scratch-new") as app:
        app.wait_screen("first_run")
        clicked = sweep(app, "first_run", go(app, "first_run"), skip=LANGUAGE)
    future = {**PROFILE, "surgery_date": "2026-12-01"}
    home = demo_home(tmp_path / "before", future)
    with RealApp(display, home, tmp_path / "scratch-before", today=date(2026, 11, 24)) as app:
        for screen in ("today", "preop"):
            clicked += sweep(app, screen, go(app, screen))
    assert len(clicked) > 20, clicked


def test_the_pin_lock_answers_a_real_click_and_real_typing(display: str, tmp_path: Path) -> None:
    from recovery.pin import new_lock, save_lock

    home = demo_home(tmp_path / "home", PROFILE)
    save_lock(home, new_lock("2468"))
    with RealApp(display, home, tmp_path / "scratch") as app:
        app.wait_screen("lock")
        sweep(app, "lock", go(app, "lock"), bars=False)
        field = app.control(kind="TextInput", path_has="lock/")
        app.click(field)
        wait_until(lambda: app.state()["focus"] and app.state()["focus"]["kind"] == "TextInput", "the PIN field to take the keyboard")
        app.type("2468")
        app.key("Return")
        app.wait_screen("today")
