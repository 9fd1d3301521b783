"""Drive the real app as the operating system does: a real X display, a real pointer, real keys.

:func:`x_display` starts a private Xvfb server. :class:`RealApp` starts ``main.py`` on it
(with its own data folder) and moves the real pointer and presses real keys with
xdotool, which injects them through the X server's XTEST extension exactly like a
mouse and a keyboard. Where to click comes from the app itself: with
``RECOVERY_UI_PROBE`` set it answers, on a private socket, where each control is drawn
in its window (:mod:`recovery.ui.probe`); where the window is on the screen comes from
the X server. Every wait is for an observable state, with a timeout.
"""

from __future__ import annotations

import json
import math
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

from helpers import PROJECT_ROOT

#: System programs this needs, and the Debian packages that have them (``python3 -m tests`` installs them as root).
NEEDED_PROGRAMS = {"Xvfb": "xvfb", "xdotool": "xdotool"}
DEFAULT_TIMEOUT_S = 20.0
START_TIMEOUT_S = 60.0
Control = dict[str, Any]


def missing_programs() -> list[str]:
    return [package for program, package in NEEDED_PROGRAMS.items() if shutil.which(program) is None]


def require_programs() -> None:
    """Fail (never skip) with the exact install line when the X tools are missing."""
    missing = missing_programs()
    if missing:
        raise AssertionError(
            "The real-input tests need a virtual X display and xdotool. Install them with:\n"
            f"    sudo apt-get install {' '.join(missing)}\n(python3 -m tests does this itself when run as root)"
        )


def wait_until(condition: Callable[[], Any], what: str, timeout: float = DEFAULT_TIMEOUT_S) -> Any:
    """Poll ``condition`` until it returns something true; fail naming ``what`` after ``timeout``."""
    deadline = time.monotonic() + timeout
    last: Any = None
    while True:
        last = condition()
        if last:
            return last
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out after {timeout:.0f} s waiting for: {what}")
        time.sleep(0.02)


@contextmanager
def x_display(width: int = 1280, height: int = 1024) -> Iterator[str]:
    """A private Xvfb display (``":N"``), stopped afterwards."""
    require_programs()
    read_fd, write_fd = os.pipe()
    server = subprocess.Popen(
        ["Xvfb", "-displayfd", str(write_fd), "-screen", "0", f"{width}x{height}x24", "-nolisten", "tcp", "-noreset"],
        pass_fds=(write_fd,),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    os.close(write_fd)
    with os.fdopen(read_fd) as numbers:
        number = numbers.readline().strip()
    if not number:
        server.kill()
        raise AssertionError(f"Xvfb did not start: {server.stderr.read().decode()[-2000:] if server.stderr else ''}")
    try:
        yield f":{number}"
    finally:
        server.terminate()
        server.wait(timeout=10)


class RealApp:
    """``python3 main.py`` on display ``display``, driven with xdotool; see the module docstring."""

    def __init__(
        self,
        display: str,
        home: Path,
        scratch: Path,
        today: date = date(2026, 11, 24),
        size: tuple[int, int] = (420, 800),
        extra_args: tuple[str, ...] = (),
    ) -> None:
        self.display = display
        self.home = home
        self.scratch = scratch
        scratch.mkdir(parents=True, exist_ok=True)
        self.socket_path = scratch / "probe.sock"
        self.log_path = scratch / "app.log"
        self.env = {
            **os.environ,
            **sandbox(scratch),
            "DISPLAY": display,
            "SDL_VIDEODRIVER": "x11",
            "KIVY_HOME": str(scratch / "kivy"),
            "RECOVERY_HOME": str(home),
            "RECOVERY_UI_PROBE": str(self.socket_path),
            "RECOVERY_EXPORTS": str(scratch / "exports"),
            "KCFG_GRAPHICS_WIDTH": str(size[0]),
            "KCFG_GRAPHICS_HEIGHT": str(size[1]),
        }
        self.argv = [sys.executable, str(PROJECT_ROOT / "main.py"), "--today", today.isoformat(), *extra_args]
        self.process: subprocess.Popen[bytes] | None = None
        self._stream: Any = None
        self.window_id = ""
        self.clicks = 0
        self.keys = 0
        self.wheel_notches = 0

    # ------------------------------------------------------------------ life

    def start(self) -> RealApp:
        if self.socket_path.exists():
            self.socket_path.unlink()
        self._log = self.log_path.open("ab")
        self.process = subprocess.Popen(self.argv, env=self.env, stdout=self._log, stderr=subprocess.STDOUT, cwd=self.scratch)
        wait_until(self._connect, "the app to open its window and answer", START_TIMEOUT_S)
        wait_until(lambda: self.state()["data_ready"], "the app to show its first screen")
        wait_until(lambda: self.state()["settled"], "the app's first reminder check (it may add a notice)")
        self.window_id = wait_until(self._find_window, "the X server to show the app's window")
        self.wait_idle()
        return self

    def __enter__(self) -> RealApp:
        return self if self.process is not None else self.start()

    def __exit__(self, *_exc: Any) -> None:
        self.stop()

    def stop(self) -> None:
        if self._stream is not None:
            self._stream.close()
            self._stream = None
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()
        if hasattr(self, "_log"):
            self._log.close()

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:] if self.log_path.exists() else ""

    def _connect(self) -> bool:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"the app exited with {self.process.returncode}:\n{self.log()}")
        if not self.socket_path.exists():
            return False
        connection = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        try:
            connection.connect(str(self.socket_path))
        except OSError:
            connection.close()
            return False
        self._stream = connection.makefile("rw", encoding="utf-8")
        return True

    def _find_window(self) -> str:
        assert self.process is not None
        found = self._xdotool("search", "--onlyvisible", "--pid", str(self.process.pid), check=False).split()
        return found[-1] if found else ""

    # ------------------------------------------------------------------ asking the app

    def ask(self, cmd: str, **request: Any) -> Any:
        if self.process is not None and self.process.poll() is not None:
            raise AssertionError(f"the app exited with {self.process.returncode}:\n{self.log()}")
        self._stream.write(json.dumps({"cmd": cmd, **request}) + "\n")
        self._stream.flush()
        line = self._stream.readline()
        if not line:
            raise AssertionError(f"the app stopped answering:\n{self.log()}")
        answer = json.loads(line)
        if "error" in answer:
            raise AssertionError(f"probe {cmd}: {answer['error']}")
        return answer["ok"]

    def state(self) -> dict[str, Any]:
        return self.ask("state")

    def screen(self) -> str:
        return self.state()["screen"]

    def controls(self) -> list[Control]:
        return self.ask("controls")

    def widget(self, screen: str, widget_id: str) -> Control:
        return self.ask("widget", screen=screen, id=widget_id)

    def control(self, text: str | None = None, *, path_has: str = "", kind: str = "", value: Any = None) -> Control:
        """The one control now on screen with this text (and path part, kind, value)."""
        matches = [
            c
            for c in self.controls()
            if (text is None or c["text"] == text)
            and path_has in c["path"]
            and (not kind or c["kind"] == kind)
            and (value is None or c["value"] == value)
        ]
        if not matches:
            raise AssertionError(f"no control {text!r} {path_has!r} {kind!r} on {self.screen()}: {[c['path'] for c in self.controls()]}")
        return matches[0]

    def wait_idle(self, timeout: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
        """Wait until the window stops changing: the same fingerprint on three frames in a row.

        Each answer comes from a later frame of the app's main loop than the one before, so
        no sleep is needed between the questions.
        """
        deadline = time.monotonic() + timeout
        seen: list[str] = []
        while True:
            state = self.state()
            seen.append(state["fingerprint"])
            if len(seen) >= 3 and seen[-1] == seen[-2] == seen[-3]:
                return state
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout:.0f} s waiting for the window to settle")

    def wait_screen(self, name: str, timeout: float = DEFAULT_TIMEOUT_S) -> dict[str, Any]:
        return wait_until(lambda: (s := self.state())["screen"] == name and s, f"screen {name!r} (now {self.screen()!r})", timeout)

    # ------------------------------------------------------------------ the real pointer and keyboard

    def _xdotool(self, *args: str, check: bool = True) -> str:
        result = subprocess.run(["xdotool", *args], env=self.env, capture_output=True, text=True, timeout=20)
        if check and result.returncode != 0:
            raise AssertionError(f"xdotool {' '.join(args)} failed: {result.stderr}")
        return result.stdout

    def window_origin(self) -> tuple[int, int]:
        shell = self._xdotool("getwindowgeometry", "--shell", self.window_id)
        values = dict(line.split("=", 1) for line in shell.split() if "=" in line)
        return int(values["X"]), int(values["Y"])

    def _screen_point(self, control: Control) -> tuple[int, int]:
        area = control["visible"] or control["rect"]
        left, top, width, height = area
        origin_x, origin_y = self.window_origin()
        return origin_x + int(left + width / 2), origin_y + int(top + height / 2)

    def click(self, control: Control) -> None:
        """Move the real pointer to the middle of the visible part of ``control`` and click.

        One xdotool call: the X server delivers the motion and the button in order.
        (``mousemove --sync`` is avoided: it waits seconds when the pointer is already there.)
        """
        assert control["visible"], f"{control['path']} is not visible; scroll to it first"
        x, y = self._screen_point(control)
        self._xdotool("mousemove", str(x), str(y), "click", "1")
        self.clicks += 1

    def click_text(self, text: str, **match: Any) -> Control:
        control = self.scroll_to(lambda: self.control(text, **match))
        self.click(control)
        return control

    def wheel(self, at: Control, down: bool, notches: int = 1) -> None:
        """Turn the real mouse wheel over ``at`` (button 5 scrolls the content up, showing what is below)."""
        x, y = self._screen_point(at)
        self._xdotool("mousemove", str(x), str(y), "click", "--repeat", str(notches), "--delay", "8", "5" if down else "4")

    def scroll_to(self, find: Callable[[], Control], max_turns: int = 20) -> Control:
        """Turn the real mouse wheel over the page until the control ``find()`` returns is fully in view.

        The notches needed are worked out from how far the control is outside its scroll
        view, and counted in :attr:`wheel_notches` (the scrolling a patient has to do).
        """
        for _ in range(max_turns):
            control = find()
            rect, viewport = control["rect"], control["viewport"]
            if viewport is None:
                return control
            top, bottom = rect[1], rect[1] + rect[3]
            view_top, view_bottom = viewport[1], viewport[1] + viewport[3]
            if top >= view_top - 0.5 and bottom <= view_bottom + 0.5:
                return control
            down = bottom > view_bottom
            distance = bottom - view_bottom if down else view_top - top
            notches = max(1, math.ceil((distance + 8) / control["wheel_step"]))
            before = self.state()["fingerprint"]
            self.wheel({"visible": viewport, "rect": viewport}, down, notches)
            self.wheel_notches += notches
            wait_until(lambda: self.state()["fingerprint"] != before, "the page to scroll", timeout=5)
            self.wait_idle()
        raise AssertionError(f"could not scroll {find()['path']} into view")

    def _scroll_area(self) -> Control:
        """A place to turn the wheel: the middle of the screen area (between the bars)."""
        width, height = self.window_size()
        return {"visible": [0, height * 0.3, width, height * 0.4], "rect": [0, 0, width, height], "path": "screen"}

    def window_size(self) -> tuple[float, float]:
        size = self.state()["window"]["system_size"]
        return float(size[0]), float(size[1])

    def key(self, *names: str) -> None:
        """Press and release real keys (X keysym names: F1, Escape, Tab, Return, space)."""
        self._xdotool("key", "--clearmodifiers", *names)
        self.keys += len(names)

    def type(self, text: str) -> None:
        self._xdotool("type", "--delay", "20", text)
        self.keys += len(text)

    def close_window(self, tries: int = 4) -> None:
        """Ask the window to close, as a window manager does when the title-bar ✕ is clicked.

        The request is WM_DELETE_WINDOW in a WM_PROTOCOLS client message. On Xvfb without a
        window manager SDL sometimes never sees the first one (a bare Kivy app too, about one
        time in eight), so, like a patient clicking ✕ again, it is sent again if the app is
        still running a few seconds later.
        """
        from Xlib import X, display, protocol

        assert self.process is not None
        for _ in range(tries):
            connection = display.Display(self.display)
            try:
                window = connection.create_resource_object("window", int(self.window_id))
                protocols = connection.intern_atom("WM_PROTOCOLS")
                delete = connection.intern_atom("WM_DELETE_WINDOW")
                event = protocol.event.ClientMessage(window=window, client_type=protocols, data=(32, [delete, X.CurrentTime, 0, 0, 0]))
                window.send_event(event, event_mask=X.NoEventMask)
                connection.flush()
            finally:
                connection.close()
            try:
                self.process.wait(timeout=5)
                return
            except subprocess.TimeoutExpired:
                continue

    def wait_exit(self, timeout: float = 30.0) -> int:
        assert self.process is not None
        try:
            return self.process.wait(timeout=timeout)
        except subprocess.TimeoutExpired:
            raise AssertionError(f"the app did not exit within {timeout:.0f} s:\n{self.log()}") from None


FAKE_CRONTAB = """#!/bin/sh
# Stands in for crontab(1) so that a click on "Turn background reminders on" changes no real schedule.
table="$(dirname "$0")/../crontab.txt"
if [ "$1" = "-l" ]; then [ -f "$table" ] && cat "$table" || { echo "no crontab for user" >&2; exit 1; }; exit 0; fi
cat > "$table"
"""


def sandbox(scratch: Path) -> dict[str, str]:
    """Environment that keeps the app's side effects in ``scratch``: its own home, no systemd, a stand-in crontab."""
    bin_dir = scratch / "bin"
    bin_dir.mkdir(parents=True, exist_ok=True)
    for name, text in (("crontab", FAKE_CRONTAB), ("systemctl", "#!/bin/sh\nexit 1\n")):
        program = bin_dir / name
        program.write_text(text)
        program.chmod(0o700)
    return {
        # a bus that is not there: notify-send fails at once (the app then shows reminders itself)
        # instead of auto-launching a D-Bus daemon for the X display, which can take seconds and outlives the test
        "DBUS_SESSION_BUS_ADDRESS": f"unix:path={scratch / 'no-bus'}",
        "HOME": str(scratch / "home"),
        "XDG_CONFIG_HOME": str(scratch / "config"),
        "XDG_DATA_HOME": str(scratch / "data"),
        "PATH": f"{bin_dir}{os.pathsep}{os.environ.get('PATH', '')}",
    }


def demo_home(home: Path, profile: dict[str, Any], checkins: list[dict[str, Any]] = ()) -> Path:  # type: ignore[assignment]
    from recovery.store import open_store

    with open_store(home) as store:
        store.save_profile(profile)
        for checkin in checkins:
            store.add_checkin(checkin)
    return home
