"""Where the keyboard goes when screens change: Tab and Enter always act on the screen shown.

Kivy's focus stays with a widget when its screen is taken off the window, so after a
click on "My pump is beeping" Tab and Enter went on acting on the button of a screen no
longer shown. Leaving a screen now drops its focus, and a Tab with nothing focused
starts at the first control of the screen shown.
"""

from __future__ import annotations

from typing import Any

from kivy.core.window import Window


def focused_widget() -> Any:
    """The widget in the window that has the keyboard, if any."""
    return next((w for top in Window.children for w in top.walk() if getattr(w, "focus", False)), None)


def drop_focus(screen: Any) -> None:
    """A screen being left gives up the keyboard, so Tab and Enter act on the screen now shown."""
    if screen is None:
        return
    for widget in screen.walk(restrict=True):
        if getattr(widget, "focus", False):
            widget.focus = False


def focus_first(screen: Any, backwards: bool = False) -> bool:
    """Give the keyboard to the first (or last) control of ``screen`` that can take it."""
    if screen is None:
        return False
    controls = [w for w in screen.walk(restrict=True) if getattr(w, "is_focusable", False) and not w.disabled and w.opacity > 0]
    if not controls:
        return False
    (controls[-1] if backwards else controls[0]).focus = True
    return True
