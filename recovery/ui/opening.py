"""Opening the patient's data when the window starts: wait briefly for a busy lock, never crash.

The background reminder job holds the data lock for a moment now and then; a second
window holds it for as long as it is open. So the window first tries without waiting,
and while the lock is busy it shows "Opening…" and Help now with the numbers read
from the saved file (read-only: the file is only ever replaced whole, so no lock is
needed to read it). It retries for a few seconds, then says plainly that the app is
already open, moves itself off the other window, and asks that window to come to the
front. A data folder that cannot be used (a file, a broken link, a read-only or full
disk) gives its one-sentence explanation in the window instead of a crash.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.clock import Clock
from kivy.core.window import Window

from recovery.i18n import N_, _

if TYPE_CHECKING:
    from recovery.plan import RecoveryPlan
    from recovery.ui.app import RecoveryApp

#: How long the window keeps trying while the lock is busy (the reminder job needs well under a second).
OPEN_RETRY_S = 6.0
RETRY_EVERY_S = 0.25
#: A second window leaves this file in the data folder; the open window sees it and comes to the front.
RAISE_REQUEST = "show-window.request"
RAISE_CHECK_S = 1.0
#: How far a second window moves from the first, so it never hides exactly on top of it.
NUDGE_PX = 60
OPENING = N_("Opening your data… (a reminder check or another window is using it).")


def opening_notice() -> str:
    """The notice while the data is busy, in the current language."""
    return _(OPENING)


def already_open(home: Path) -> str:
    return _(
        "Recovery Companion is already open in another window. Switch to that window (this computer was asked "
        "to bring it to the front). This window shows Help now with your saved numbers. "
        "(Data folder: {folder})"
    ).format(folder=home)


class DataOpener:
    """Opens the store for ``app``, retrying on a busy lock; hands over a companion when it has one."""

    def __init__(self, app: RecoveryApp, plan: RecoveryPlan, retry_s: float = OPEN_RETRY_S) -> None:
        self.app = app
        self.plan = plan
        self.retry_s = retry_s
        self._waited = 0.0
        self._event: Any = None

    def start(self) -> None:
        if self._try_open():
            return
        self.app.show_viewer(self._viewer(), opening_notice)
        self._event = Clock.schedule_interval(self._retry, RETRY_EVERY_S)

    def _try_open(self) -> bool:
        """Open the store; True when done (opened, or failed for a reason waiting cannot fix)."""
        from recovery.services import Companion
        from recovery.store import DataFolderError, StoreLockedError, TooNewError, open_store

        try:
            store = open_store(self.app.home, lock_timeout=0)
        except StoreLockedError:
            return False
        except (TooNewError, DataFolderError) as exc:
            self.app.show_problem(str(exc))
            return True
        self.app.show_data(Companion(store, self.plan, self.app.clock))
        return True

    def _retry(self, dt: float) -> bool:
        self._waited += dt
        if self._try_open():
            return False
        if self._waited < self.retry_s:
            return True
        home = self.app.home
        self.app.show_viewer(self.app.companion or self._viewer(), lambda: already_open(home), replace=opening_notice())
        nudge_window()
        request_raise(self.app.home)
        return False

    def _viewer(self) -> Any:
        """A read-only companion over the saved file, or ``None`` if even reading fails."""
        from recovery.services import Companion
        from recovery.store import DataFolderError, TooNewError, open_snapshot

        try:
            return Companion(open_snapshot(self.app.home), self.plan, self.app.clock)
        except (TooNewError, DataFolderError, OSError, ValueError):
            return None

    def cancel(self) -> None:
        if self._event is not None:
            self._event.cancel()


def nudge_window() -> None:
    """Move this window off the one already open (best effort: some platforms place windows themselves)."""
    try:
        Window.left = int(Window.left) + NUDGE_PX
        Window.top = int(Window.top) + NUDGE_PX
    except Exception:  # noqa: BLE001 - a window manager may refuse; nothing depends on it
        pass


def request_raise(home: Path) -> None:
    """Ask the window that has the data open to come to the front."""
    try:
        fd = os.open(Path(home) / RAISE_REQUEST, os.O_WRONLY | os.O_CREAT | getattr(os, "O_NOFOLLOW", 0), 0o600)
        os.close(fd)
    except OSError:
        pass  # a read-only folder: the message still says where to look


def watch_raise_requests(home: Path) -> Any:
    """In the window that has the data: come to the front when a second window asks."""

    def check(_dt: float) -> None:
        request = Path(home) / RAISE_REQUEST
        try:
            request.unlink()
        except OSError:
            return
        try:
            Window.restore()
            Window.raise_window()
        except Exception:  # noqa: BLE001 - not every platform lets a window raise itself
            pass

    return Clock.schedule_interval(check, RAISE_CHECK_S)
