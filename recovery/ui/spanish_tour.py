"""The screenshot tour in Spanish, at the largest text size: what a Spanish-speaking patient sees.

The demo patient (the same week as the English screenshots) has chosen Spanish in
Settings. The tour finds controls by their ids or by their translated words, so it
walks the screens exactly as a patient taps them.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from recovery.i18n import _
from recovery.ui.tour import Steps, scroll_into_view, tap, with_text

EMERGENCY = ("slow_breathing", "confused_or_hard_to_wake")


def spanish_steps(app: Any, shot: Callable[[str], None], scale: float = 1.5) -> Steps:
    """Today, Check in, an emergency result, Help now, Week with a day opened, Plan, Settings, the pump alarm."""

    def on(name: str) -> Callable[[], bool]:
        return lambda: app.root_widget.screen_manager.current == name

    yield lambda: app.data_ready and app.root_widget.screen_manager.current == "today"
    app.set_text_scale(scale)
    yield 4
    shot("today-es")

    checkin = app.go("checkin")
    yield 4
    shot("checkin-es")
    for sign in EMERGENCY:
        yield from tap(next(c for c in checkin.ids.signs.chips() if c.value == sign))
    yield from tap(with_text(checkin, _("Save check-in")))
    yield on("result")
    yield 4
    shot("result-emergency-es")

    app.go("help")
    yield 4
    shot("help-es")

    week = app.go("week")
    yield 4
    shot("week-es")
    rows = list(reversed(week.ids.rows_box.children))
    worst = next(row for row in reversed(rows) if row.level in ("emergency", "call_doctor"))
    yield from tap(worst)
    yield lambda: worst.opened
    yield 4
    scroll_into_view(worst)
    yield 4
    shot("week-day-opened-es")

    app.go("plan")
    yield 4
    shot("plan-es")

    app.go("settings")
    yield 4
    app.set_text_scale(scale)  # Settings shows (and so applies) the saved text size; keep this run's
    yield 4
    shot("settings-es")

    alarm = app.go("alarm", tone="")
    yield 3
    yield from tap(with_text(alarm, _("A two-tone alarm, repeating")))
    yield lambda: alarm.tone == "two_tone"
    yield 4
    alarm.ids.scroller.scroll_y = 1
    yield 4
    shot("pump-alarm-es")
