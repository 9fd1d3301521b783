"""Work the app window does beside the screens: the notice banner, saving off the main thread, reminders.

A mixin of :class:`~recovery.ui.app.RecoveryApp`, kept apart so the app module stays about
navigation. The window never waits for a disk or the desktop: work runs on a thread and
reports back on Kivy's main thread.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import TYPE_CHECKING, TypeVar

from kivy.clock import Clock

from recovery.i18n import _

if TYPE_CHECKING:
    from recovery.notifier import Notifier
    from recovery.services import Companion, Delivery

T = TypeVar("T")


class BackgroundWorkMixin:
    """Notices and background work; expects the app's ``notices``, ``companion`` and ``notifier``."""

    notices: list[str]
    companion: Companion | None
    notifier: Notifier
    read_only: bool
    reminder_checks: int
    _workers: list[threading.Thread]
    _checking_reminders: bool
    _told_no_desktop: bool

    def notify(self, message: str) -> None:
        """Show a message in the banner under the top bar until dismissed."""
        if message not in self.notices:
            self.notices.append(message)

    def dismiss_notice(self) -> None:
        if self.notices:
            self.notices.pop(0)

    def run_in_background(
        self, work: Callable[[], T], done: Callable[[T], None], failed: Callable[[Exception], None]
    ) -> threading.Thread:
        """Run ``work`` off the main thread and report back on it, so the window never freezes.

        The thread is not a daemon: if the window closes mid-save, the save still finishes.
        """

        def runner() -> None:
            try:
                result = work()
            except Exception as exc:  # noqa: BLE001 - handed to the screen, which explains it
                error = exc
                Clock.schedule_once(lambda _dt: failed(error))
            else:
                Clock.schedule_once(lambda _dt: done(result))

        thread = threading.Thread(target=runner, name="recovery-save")
        thread.start()
        self._workers.append(thread)
        return thread

    def check_reminders(self) -> None:
        """Deliver what is due (in the background); if the desktop cannot show it, show it here."""
        if self.companion is None or self.read_only or self._checking_reminders:
            return
        self._checking_reminders = True
        companion = self.companion
        self.run_in_background(
            lambda: companion.deliver_due(self.notifier, in_app=True), self._reminders_checked, self._reminders_failed
        )

    def _reminders_checked(self, delivery: Delivery | None) -> None:
        self._checking_reminders = False
        self.reminder_checks += 1
        if delivery is None or delivery.via != "in_app":
            return
        if not self._told_no_desktop:
            self._told_no_desktop = True
            self.notify(_("Desktop notifications are not available on this computer, so reminders appear here."))
        self.notify(delivery.notification.body.replace("\n", " "))

    def _reminders_failed(self, error: Exception) -> None:
        from recovery.store import NotSavedError

        self._checking_reminders = False
        self.reminder_checks += 1
        if isinstance(error, NotSavedError):
            self.notify(str(error))

    def join_workers(self) -> None:
        """Wait for every save still running (the window is closing)."""
        for worker in self._workers:
            worker.join()
