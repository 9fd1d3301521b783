"""A patient types in the discharge sheet, by taps and typing, and the plan follows it.

The screenshot tool runs these steps to picture "My discharge sheet" (empty, filled,
with an error shown) and the Plan and Today screens that follow it; the end-to-end
test runs the same steps and checks every stage. The steps start on Today with a
profile whose implant date is 2026-11-12 and whose "today" is 2026-11-24.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from kivy.core.window import Window

from recovery.ui.tour import Steps, scroll_into_view, tap, type_text, with_text

FOLLOW_UP = ("2026-12-01", "10:30")
PHYSIO = ("Physiotherapy", "2026-12-08", "14:00")
INSTRUCTIONS = "Wear the abdominal binder day and night for 6 weeks."
BACKSPACE = (8, 42)


def erase(count: int) -> None:
    """Press Backspace ``count`` times in the focused field, as the keyboard would."""
    for _ in range(count):
        Window.dispatch("on_key_down", *BACKSPACE, None, [])
        Window.dispatch("on_key_up", *BACKSPACE)


def _chip(chips: Any, value: str) -> Any:
    return next(chip for chip in chips.chips() if chip.value == value)


def fill_field(field: Any, text: str) -> Steps:
    """Tap a field, erase what it holds and type ``text``."""
    yield from tap(field)
    yield lambda: field.focus
    field.cursor = (len(field.text), 0)
    erase(len(field.text))
    type_text(text)
    yield 2


def sheet_steps(app: Any, shot: Callable[[str], None], scale: float = 1.0) -> Steps:
    """Settings → My discharge sheet → two appointments, driving 6 weeks, 10 lb, soaking 2 weeks → Plan → Today."""

    def screen(name: str) -> Any:
        return app.root_widget.screen_manager.get_screen(name)

    def on(name: str) -> Callable[[], bool]:
        return lambda: app.root_widget.screen_manager.current == name

    yield lambda: app.companion is not None and app.root_widget.screen_manager.current == "today"
    app.set_text_scale(scale)
    yield 4
    app.go("settings")
    yield on("settings")
    yield 4  # the page is laid out (its language and text-size chips find their sizes) before it is tapped
    yield from tap(with_text(screen("settings"), "My discharge sheet"))
    yield on("discharge")
    app.set_text_scale(scale)  # Settings applied the profile's own text size on the way
    sheet = screen("discharge")
    yield 2
    sheet.ids.scroller.scroll_y = 1
    yield 4
    shot("discharge-sheet-empty")

    # The first follow-up, on a date and at a time.
    yield from tap(_chip(sheet.ids.kind, "follow_up"))
    yield from fill_field(sheet.ids.visit_date, FOLLOW_UP[0])
    assert sheet.visit_date_words == "Tuesday 1 December 2026", sheet.visit_date_words
    yield from fill_field(sheet.ids.visit_time, FOLLOW_UP[1])
    yield from tap(with_text(sheet, "Add this appointment"))
    yield lambda: len(app.companion.discharge_sheet().appointments) == 1
    assert sheet.message == "Saved: First follow-up visit, Tue 1 Dec at 10:30.", sheet.message

    # Another visit with a name.
    yield from tap(_chip(sheet.ids.kind, "other"))
    yield from fill_field(sheet.ids.visit_name, PHYSIO[0])
    yield from fill_field(sheet.ids.visit_date, PHYSIO[1])
    yield from fill_field(sheet.ids.visit_time, PHYSIO[2])
    yield from tap(with_text(sheet, "Add this appointment"))
    yield lambda: len(app.companion.discharge_sheet().appointments) == 2

    # Restriction lengths and the lifting limit, as written on the sheet.
    yield from fill_field(sheet.rows["driving"].ids.amount, "6")
    assert sheet.rows["driving"].preview == "Until Wed 23 Dec (6 weeks)", sheet.rows["driving"].preview
    yield from fill_field(sheet.ids.weight, "10")
    yield from tap(_chip(sheet.ids.weight_unit, "lb"))
    yield from fill_field(sheet.rows["soaking"].ids.amount, "2")
    yield from fill_field(sheet.ids.other, INSTRUCTIONS)
    yield from tap(with_text(sheet, "Save my sheet"))
    yield lambda: sheet.message.startswith("Saved.")
    saved = app.companion.discharge_sheet()
    assert saved.restrictions["driving"].amount == 6 and saved.restrictions["driving"].unit == "weeks", saved
    assert saved.lifting_limit is not None and (saved.lifting_limit.amount, saved.lifting_limit.unit) == (10, "lb"), saved
    assert saved.other_instructions == INSTRUCTIONS
    sheet.ids.scroller.scroll_y = 1
    yield 4
    shot("discharge-sheet-filled")
    scroll_into_view(sheet.rows["stairs"])
    yield 4
    shot("discharge-sheet-filled-lengths")

    # Mistakes are named beside their fields, and nothing is saved.
    yield from fill_field(sheet.rows["driving"].ids.amount, "60")
    yield from tap(with_text(sheet, "Save my sheet"))
    yield lambda: bool(sheet.rows["driving"].error)
    assert sheet.rows["driving"].error.startswith("Type a number of weeks from 1 to 52"), sheet.rows["driving"].error
    assert app.companion.discharge_sheet().restrictions["driving"].amount == 6, "nothing was saved"
    scroll_into_view(sheet.rows["driving"])
    yield 4
    shot("discharge-sheet-error-length")
    yield from tap(_chip(sheet.ids.kind, "later_follow_up"))
    yield from fill_field(sheet.ids.visit_date, "2026-11-01")
    yield from tap(with_text(sheet, "Add this appointment"))
    yield lambda: bool(sheet.date_error)
    assert sheet.date_error.startswith("That is before your implant on Thu 12 Nov 2026"), sheet.date_error
    scroll_into_view(sheet.ids.visit_time)
    yield 4
    shot("discharge-sheet-error")

    # The plan follows the sheet, and says so.
    yield from tap(with_text(app.root_widget.bottom_bar, "Plan"))
    yield on("plan")
    plan = screen("plan")
    yield 4
    dates = [row for row in reversed(plan.ids.dates_box.children)]
    follow_up = next(row for row in dates if row.title == "First follow-up visit")
    assert follow_up.when.startswith("Tue 1 Dec at 10:30"), follow_up.when
    assert follow_up.origin == "From your discharge sheet.", follow_up.origin
    restrictions = {row.restriction_id: row for row in plan.ids.restrictions_box.children}
    assert restrictions["driving"].span.endswith("to Wed 23 Dec"), restrictions["driving"].span
    assert restrictions["lifting"].title.startswith("Don't lift more than 10 lb"), restrictions["lifting"].title
    assert "shorter than the usual 6 weeks, per your instructions" in restrictions["soaking"].origin
    shot("plan-sheet")
    scroll_into_view(plan.ids.dates_box)
    yield 4
    shot("plan-dates-origins")
    scroll_into_view(restrictions["lifting"])
    yield 4
    shot("plan-restrictions-origins")

    yield from tap(with_text(app.root_widget.bottom_bar, "Today"))
    yield on("today")
    today = screen("today")
    yield 4
    assert today.next_milestone == "Next: First follow-up visit · Tue 1 Dec at 10:30 (in 7 days)", today.next_milestone
    assert today.next_origin == "From your discharge sheet", today.next_origin
    shot("today-sheet")
