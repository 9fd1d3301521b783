"""Helpers for tests that drive the real Kivy window (imported only by UI tests)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from helpers import PROFILE  # noqa: F401  (re-exported: the UI tests import it from here)

TODAY = date(2026, 11, 24)


def frames(count: int = 2) -> None:
    """Let Kivy run ``count`` frames (layout, drawing, scheduled callbacks)."""
    from kivy.base import EventLoop

    for _ in range(count):
        EventLoop.idle()


def wait_for(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Run frames until ``condition`` holds; fail if it does not within ``timeout`` seconds."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("the window did not reach the expected state in time")
        frames(1)


class RecordingNotifier:
    """Stands in for the desktop in screen tests (real delivery is proven on a real bus elsewhere)."""

    def __init__(self, works: bool = True) -> None:
        self.works = works
        self.shown: list[tuple[str, str]] = []

    def notify(self, title: str, body: str) -> bool:
        if self.works:
            self.shown.append((title, body))
        return self.works


@contextmanager
def running_app(home: Path, today: date = TODAY, **kwargs: Any) -> Iterator[Any]:
    """Build the real app on the real window (without blocking in ``run``), then tear it down."""
    from kivy.base import EventLoop

    from recovery.ui.app import RecoveryApp
    from recovery.ui.scale import SCALE

    EventLoop.ensure_window()
    window = EventLoop.window
    kwargs.setdefault("notifier", RecordingNotifier())
    app = RecoveryApp(home=home, today=today, **kwargs)
    root = app.build()
    window.add_widget(root)
    frames(3)
    try:
        yield app
    finally:
        window.remove_widget(root)
        window.unbind(on_keyboard=app._on_keyboard)
        app.on_stop()
        SCALE.factor = 1.0


def buttons_with_text(widget: Any, text: str) -> list[Any]:
    from recovery.ui.widgets import AppButton

    return [w for w in widget.walk() if isinstance(w, AppButton) and w.text == text]


def press(widget: Any) -> None:
    """Press a button or chip the way a click does (press, then release)."""
    widget.trigger_action(duration=0)
    frames(2)


def chip(container: Any, value: Any) -> Any:
    """The chip for ``value`` inside a ChoiceChips."""
    return next(c for c in container.chips() if c.value == value)


def assert_shown_means_visible(root: Any) -> None:
    """Every panel that says it is shown is drawn with height, and every hidden one takes no space."""
    for widget in root.walk():
        shown = getattr(widget, "shown", None)
        if not isinstance(shown, bool):
            continue
        if shown:
            assert widget.opacity == 1 and widget.height > 0, f"{widget} is shown but invisible"
        else:
            assert widget.opacity == 0 and widget.height == 0, f"{widget} is hidden but takes space"
