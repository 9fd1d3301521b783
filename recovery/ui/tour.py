"""Drive the running app the way a person does: scroll to a control, tap it, type, wait.

A tour is a generator of steps run inside the real event loop, one frame at a time.
Each step ``yield``s what to wait for: a number of frames, or a condition to become
true. Taps go through the window's input queue as touch events, so they pass through
scroll views and buttons exactly as a finger or a mouse click would, and typing goes to
whichever field has the keyboard focus, as from a real keyboard.

The screenshot tool and the end-to-end test both use it.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Generator

from kivy.app import App
from kivy.clock import Clock
from kivy.core.window import Window
from kivy.metrics import dp
from kivy.uix.scrollview import ScrollView
from kivy.uix.widget import Widget

Step = int | Callable[[], bool] | None
Steps = Generator[Step, None, None]
CONDITION_TIMEOUT_S = 15.0


def scroll_into_view(widget: Widget) -> None:
    """Scroll every scroll view around ``widget`` so that it is fully visible."""
    parent = widget.parent
    while parent is not None and parent is not parent.parent:  # the Window is its own parent
        if isinstance(parent, ScrollView):
            parent.scroll_to(widget, padding=dp(24), animate=False)
        parent = parent.parent


def tap(widget: Widget) -> Steps:
    """Steps that scroll ``widget`` into view, then tap its middle: ``yield from tap(button)``.

    The scroll takes effect on the next frame, so the touch is placed only after it.
    """
    from kivy.tests.common import UnitTestTouch  # Kivy's own test touch, shipped in the wheel

    scroll_into_view(widget)
    yield 2
    x, y = widget.to_window(widget.center_x, widget.center_y)
    touch = UnitTestTouch(x, y)
    touch.touch_down()
    touch.touch_up()
    yield 1


def type_text(text: str) -> None:
    """Type ``text`` into the focused field, as the keyboard would."""
    for character in text:
        Window.dispatch("on_textinput", character)


def find(root: Widget, predicate: Callable[[Widget], bool]) -> Widget:
    """The first widget under ``root`` for which ``predicate`` holds."""
    for widget in root.walk(restrict=True):
        if predicate(widget):
            return widget
    raise LookupError("no such widget on screen")


def with_text(root: Widget, text: str) -> Widget:
    """The first button, chip or label under ``root`` whose text is ``text``."""
    return find(root, lambda w: getattr(w, "text", None) == text and w.__class__.__name__ != "Label")


class Tour:
    """Runs ``steps`` inside the app's event loop; ``error`` holds what went wrong, if anything."""

    def __init__(self, app: App, steps: Callable[[], Steps]) -> None:
        self.app = app
        self.make_steps = steps
        self.steps: Steps | None = None
        self.error: BaseException | None = None
        self._frames = 0
        self._condition: Callable[[], bool] | None = None
        self._deadline = 0.0

    def start(self) -> None:
        Clock.schedule_interval(self._tick, 0)

    def _tick(self, _dt: float) -> bool:
        try:
            if self.steps is None:
                self.steps = self.make_steps()
                self._frames = 2
            if self._frames > 0:
                self._frames -= 1
                return True
            if self._condition is not None:
                if not self._condition():
                    if time.monotonic() > self._deadline:
                        frame = self.steps.gi_frame
                        where = f"{frame.f_code.co_filename}:{frame.f_lineno}" if frame else "the end"
                        raise TimeoutError(f"the app did not reach the state awaited at {where} in time")
                    return True
                self._condition = None
            step = next(self.steps)
        except StopIteration:
            self.app.stop()
            return False
        except BaseException as exc:  # noqa: BLE001 - reported by the caller after the app stops
            self.error = exc
            self.app.stop()
            return False
        if callable(step):
            self._condition = step
            self._deadline = time.monotonic() + CONDITION_TIMEOUT_S
        else:
            self._frames = int(step or 1)
        return True


def run_tour(app: App, steps: Callable[[], Steps]) -> None:
    """Run the app with a tour; re-raise whatever failed inside it."""
    tour = Tour(app, steps)
    tour.start()
    app.run()
    if tour.error is not None:
        raise tour.error
