"""The optional PIN lock, as the app window uses it: unlock, lock now, and lock again after time away.

A mixin of :class:`~recovery.ui.app.RecoveryApp`, kept apart so the app module stays about
navigation. Nothing here shows the patient's data: the lock screen and Help now do not need it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any


class PinLockMixin:
    """PIN lock behaviour; expects the app's ``home``, ``locked``, ``go``, ``history`` and ``clock``."""

    home: Any
    locked: bool
    history: list[str]
    root_widget: Any
    _away_since: datetime | None
    _screen_before_lock: str

    def try_unlock(self, pin: str) -> tuple[bool, str]:
        """Check a PIN on the lock screen; on success go where the patient was heading."""
        from recovery.pin import check_pin, load_lock

        lock = load_lock(self.home)
        if lock is None:
            self.locked = False
        else:
            attempt = check_pin(self.home, lock, pin, self.clock())  # fails closed if the count cannot be saved
            if not attempt.ok:
                return False, attempt.message
            self.locked = False
        self.history.clear()
        self.go(self._screen_before_lock if self.has_profile() else "first_run")
        self.history.clear()
        self._update_bars()
        return True, ""

    def lock_now(self) -> None:
        from recovery.pin import load_lock

        if load_lock(self.home) is not None:
            manager = self.root_widget.screen_manager
            self._screen_before_lock = manager.current if manager.current not in ("lock", "help") else "today"
            self.locked = True
            self.go("lock")
            self.history.clear()
            self._update_bars()

    def _went_away(self, *_args: Any) -> None:
        self._away_since = self.clock()

    def _came_back(self, *_args: Any) -> None:
        self.relock_if_away_long(self.clock())

    def relock_if_away_long(self, now: datetime) -> None:
        """Lock again after five minutes in the background (minimised, or paused on Android)."""
        from recovery.pin import RELOCK_AFTER

        away, self._away_since = self._away_since, None
        if away is not None and now - away >= RELOCK_AFTER:
            self.lock_now()

    def on_pause(self) -> bool:
        self._went_away()
        return True

    def on_resume(self) -> None:
        self._came_back()

    # provided by RecoveryApp
    def clock(self) -> datetime: ...  # type: ignore[empty-body]

    def go(self, name: str, **state: Any) -> Any: ...

    def has_profile(self) -> bool: ...  # type: ignore[empty-body]

    def _update_bars(self) -> None: ...
