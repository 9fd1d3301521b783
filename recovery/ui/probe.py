"""A test-only window into the running app: where each control is drawn, and what it shows.

The real-input tests drive the app from outside, as the operating system does: they
move the real pointer and press real keys (xdotool on an X display). To know *where*
to click they need the window coordinates of each control, and to know that a click
*did* something they need to read the screen's state back. This module answers those
two questions over a private Unix socket, one JSON request per line.

It starts only when ``RECOVERY_UI_PROBE`` names a socket path (the tests set it; the
app never does), the socket is created with mode 0600, and it answers questions about
the layout and navigation only: it never changes data and never presses a control.
Every request is answered on Kivy's main thread, so it sees a consistent widget tree.
"""

from __future__ import annotations

import hashlib
import json
import os
import socket
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any
from weakref import WeakKeyDictionary

from kivy.clock import Clock
from kivy.core.window import Window
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.scrollview import ScrollView
from kivy.uix.textinput import TextInput
from kivy.uix.widget import Widget

from recovery.i18n import current_language

if TYPE_CHECKING:
    from recovery.ui.app import RecoveryApp

PROBE_ENV = "RECOVERY_UI_PROBE"
ANSWER_TIMEOUT_S = 10.0

#: How many times each control saw a press and a release (from any source).
_presses: WeakKeyDictionary[Widget, list[int]] = WeakKeyDictionary()


def start_probe_if_asked(app: RecoveryApp) -> Probe | None:
    """Start the probe when the environment asks for it (tests only)."""
    path = os.environ.get(PROBE_ENV)
    if not path:
        return None
    probe = Probe(app, Path(path))
    probe.start()
    return probe


class Probe:
    """Answers ``{"cmd": ...}`` requests about the live widget tree on a Unix socket."""

    def __init__(self, app: RecoveryApp, path: Path) -> None:
        self.app = app
        self.path = path
        self._server: socket.socket | None = None
        self._commands: dict[str, Callable[[dict[str, Any]], Any]] = {
            "state": self._state,
            "controls": self._controls,
            "widget": self._widget,
            "go": self._go,
            "scroll_top": self._scroll_top,
            "at": self._at,
        }

    def start(self) -> None:
        if self.path.exists():
            self.path.unlink()
        server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        old_mask = os.umask(0o177)
        try:
            server.bind(str(self.path))
        finally:
            os.umask(old_mask)
        server.listen(4)
        self._server = server
        threading.Thread(target=self._serve, name="recovery-ui-probe", daemon=True).start()

    def _serve(self) -> None:
        assert self._server is not None
        while True:
            try:
                connection, _ = self._server.accept()
            except OSError:
                return
            threading.Thread(target=self._talk, args=(connection,), daemon=True).start()

    def _talk(self, connection: socket.socket) -> None:
        with connection, connection.makefile("rw", encoding="utf-8") as stream:
            for line in stream:
                stream.write(json.dumps(self._answer_on_main_thread(json.loads(line))) + "\n")
                stream.flush()

    def _answer_on_main_thread(self, request: dict[str, Any]) -> dict[str, Any]:
        done = threading.Event()
        answer: dict[str, Any] = {}

        def on_main(_dt: float) -> None:
            try:
                answer["ok"] = self._commands[request["cmd"]](request)
            except Exception as exc:  # noqa: BLE001 - reported to the test, which fails on it
                answer["error"] = f"{exc.__class__.__name__}: {exc}"
            done.set()

        Clock.schedule_once(on_main, 0)
        if not done.wait(ANSWER_TIMEOUT_S):
            return {"error": "the app's main loop did not answer in time"}
        return answer

    # ------------------------------------------------------------------ answers

    def _state(self, _request: dict[str, Any]) -> dict[str, Any]:
        app = self.app
        root = app.root_widget
        manager = root.screen_manager
        focused = next((w for w in _walk_shown(Window) if getattr(w, "focus", False)), None)
        screen = manager.current_screen
        return {
            "screen": manager.current,
            "data_ready": app.data_ready,
            "settled": app.companion is None or app.reminder_checks > 0,
            "notices": list(app.notices),
            "title": app.current_title,
            "language": current_language(),
            "window": {"size": list(Window.size), "system_size": list(Window.system_size)},
            "focus": _describe(focused) if focused is not None else None,
            "kivy_settings_open": any(w.__class__.__name__.startswith("Settings") for w in Window.children),
            "window_children": [w.__class__.__name__ for w in Window.children],
            "screen_state": _screen_properties(screen) if screen is not None else {},
            "fingerprint": _fingerprint(Window),
            "scroll": [_scrolled_px(view) for view in _walk_shown(screen) if isinstance(view, ScrollView)] if screen else [],
        }

    def _controls(self, _request: dict[str, Any]) -> list[dict[str, Any]]:
        """Every pressable control and text field now in the window, with its place and state."""
        found = []
        for widget in _walk_shown(Window):
            if isinstance(widget, ButtonBehavior | TextInput) and getattr(widget, "pressable", True):
                if isinstance(widget, ButtonBehavior) and widget not in _presses:
                    _count_presses(widget)
                found.append(_describe(widget))
        return found

    def _widget(self, request: dict[str, Any]) -> dict[str, Any]:
        """One widget by its kv id on a screen: ``{"screen": "checkin", "id": "temperature"}``."""
        where = request["screen"]
        screen = self.app.root_widget if where == "root" else self.app.root_widget.screen_manager.get_screen(where)
        widget = _find_id(screen, request["id"])
        if widget is None:
            raise LookupError(f"no widget with id {request['id']!r} on {request['screen']}")
        if isinstance(widget, ButtonBehavior) and widget not in _presses:
            _count_presses(widget)
        described = _describe(widget)
        for name in ("value", "values", "text", "shown", "state", "focus", "scroll_y", "opacity", "sent", "speaking", "message"):
            if hasattr(widget, name):
                described[name] = _plain(getattr(widget, name))
        lines = getattr(getattr(widget, "_label", None), "_cached_lines", None)
        if lines is not None:  # how the text was broken into lines, as drawn
            described["lines"] = ["".join(word.text for word in line.words) for line in lines]
        return described

    def _at(self, request: dict[str, Any]) -> list[dict[str, Any]]:
        """Every widget drawn (or hidden) over a window point: to explain where a click went."""
        x, y = request["x"], request["y"]
        found = []
        for top in Window.children:
            for widget in top.walk():
                left, upper, width, height = _window_rect(widget)
                if left <= x <= left + width and upper <= y <= upper + height:
                    found.append({"path": _path(widget), "disabled": widget.disabled, "opacity": widget.opacity})
        return found

    def _go(self, request: dict[str, Any]) -> str:
        """Set-up only: open a screen directly (what is under test is the click that follows)."""
        self.app.go(request["screen"], **request.get("state", {}))
        return self.app.root_widget.screen_manager.current

    def _scroll_top(self, _request: dict[str, Any]) -> int:
        """Set-up only: scroll the current screen back to its top."""
        screen = self.app.root_widget.screen_manager.current_screen
        views = [w for w in _walk_shown(screen) if isinstance(w, ScrollView)]
        for view in views:
            view.scroll_y = 1
        return len(views)


def _scrolled_px(view: ScrollView) -> float:
    """How far ``view`` is scrolled down from its top, in window pixels."""
    hidden = max(0.0, view.children[0].height - view.height) if view.children else 0.0
    return round((1 - view.scroll_y) * hidden * Window.system_size[1] / Window.height, 1)


def _count_presses(widget: Widget) -> None:
    counts = _presses.setdefault(widget, [0, 0])

    def pressed(*_args: Any) -> None:
        counts[0] += 1

    def released(*_args: Any) -> None:
        counts[1] += 1

    widget.fbind("on_press", pressed)
    widget.fbind("on_release", released)


def _walk_shown(root: Any) -> Iterator[Widget]:
    """Widgets under ``root`` that are drawn: subtrees with opacity 0 are skipped."""
    for child in list(root.children):
        if child.opacity <= 0:
            continue
        yield child
        yield from _walk_shown(child)


def _window_rect(widget: Widget) -> tuple[float, float, float, float]:
    """(left, top, width, height) in the window's own pixels, origin at the top left."""
    left, bottom = widget.to_window(widget.x, widget.y)
    right, top = widget.to_window(widget.right, widget.top)
    scale_x = Window.system_size[0] / Window.width
    scale_y = Window.system_size[1] / Window.height
    return left * scale_x, (Window.height - top) * scale_y, (right - left) * scale_x, (top - bottom) * scale_y


def _visible_rect(widget: Widget) -> tuple[float, float, float, float] | None:
    """The part of ``widget`` not clipped by a scroll view or the window edge (same units)."""
    left, top, width, height = _window_rect(widget)
    right, bottom = left + width, top + height
    parent = widget.parent
    while parent is not None and parent is not Window:
        if isinstance(parent, ScrollView):
            p_left, p_top, p_width, p_height = _window_rect(parent)
            left, top = max(left, p_left), max(top, p_top)
            right, bottom = min(right, p_left + p_width), min(bottom, p_top + p_height)
        parent = parent.parent
    left, top = max(left, 0), max(top, 0)
    right, bottom = min(right, Window.system_size[0]), min(bottom, Window.system_size[1])
    if right - left < 1 or bottom - top < 1:
        return None
    return left, top, right - left, bottom - top


def _viewport(widget: Widget) -> tuple[list[float], float] | None:
    """The rect of the nearest scroll view around ``widget`` and how far one wheel notch moves it."""
    parent = widget.parent
    while parent is not None and parent is not Window:
        if isinstance(parent, ScrollView):
            step = parent.scroll_wheel_distance * Window.system_size[1] / Window.height
            return [round(v, 1) for v in _window_rect(parent)], round(step, 1)
        parent = parent.parent
    return None


def _path(widget: Widget) -> str:
    """A stable name for a control: its screen, its kv id if any, its class and its text."""
    parts = []
    node: Any = widget
    while node is not None and node is not Window:
        name = _id_of(node)
        if name:
            parts.append(name)
        if node.__class__.__name__.endswith("Screen"):
            parts.append(getattr(node, "name", ""))
            break
        node = node.parent
    label = getattr(widget, "text", "") or getattr(widget, "icon", "") or ""
    return "/".join(reversed(parts)) + f"/{widget.__class__.__name__}:{label}"


def _id_of(widget: Widget) -> str:
    parent = widget.parent
    while parent is not None and parent is not Window:
        for name, candidate in getattr(parent, "ids", {}).items():
            if getattr(candidate, "__self__", candidate) is widget:  # ids hold weak proxies
                return name
        parent = parent.parent
    return ""


def _find_id(root: Widget, name: str) -> Widget | None:
    for widget in root.walk(restrict=True):
        if name in getattr(widget, "ids", {}):
            found = widget.ids[name]
            return getattr(found, "__self__", found)  # ids hold weak proxies
    return None


def _describe(widget: Widget) -> dict[str, Any]:
    visible = _visible_rect(widget)
    counts = _presses.get(widget, [0, 0])
    viewport = _viewport(widget)
    return {
        "uid": id(widget),
        "viewport": viewport[0] if viewport else None,
        "wheel_step": viewport[1] if viewport else None,
        "path": _path(widget),
        "kind": widget.__class__.__name__,
        "text": getattr(widget, "text", ""),
        "icon": getattr(widget, "icon", ""),
        "value": _plain(getattr(widget, "value", None)),
        "state": getattr(widget, "state", ""),
        "focus": bool(getattr(widget, "focus", False)),
        "enabled": not widget.disabled,
        "rect": [round(v, 1) for v in _window_rect(widget)],
        "visible": [round(v, 1) for v in visible] if visible else None,
        "presses": counts[0],
        "releases": counts[1],
    }


def _plain(value: Any) -> Any:
    if value is None or isinstance(value, bool | int | float | str):
        return value
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _plain(v) for k, v in value.items()}
    return str(value)


def _screen_properties(screen: Widget) -> dict[str, Any]:
    """The screen's own Kivy properties (what it shows), as plain JSON values."""
    shown = {}
    for name in screen.properties():
        if name in ("manager", "shell", "parent", "children", "canvas", "cls", "ids", "transition_progress"):
            continue
        value = getattr(screen, name)
        if isinstance(value, Widget):
            continue
        shown[name] = _plain(value)
    return shown


def _fingerprint(root: Any) -> str:
    """A digest of everything drawn that a person could notice: texts, states, sizes, places."""
    digest = hashlib.sha256()
    for widget in _walk_shown(root):
        digest.update(
            repr(
                (
                    widget.__class__.__name__,
                    getattr(widget, "text", None),
                    getattr(widget, "state", None),
                    getattr(widget, "kind", None),
                    getattr(widget, "selected", None),
                    round(widget.height),
                    round(widget.to_window(widget.x, widget.y)[1]),
                )
            ).encode()
        )
    return digest.hexdigest()[:16]
