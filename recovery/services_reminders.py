"""The reminder use cases of :class:`~recovery.services.Companion`: what is due, and delivering it once.

Kept apart from the day-to-day use cases so each module stays small. The words of a
notification are in the language the process speaks (the saved one: the app and
``python -m recovery notify`` apply it first).
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import TYPE_CHECKING, Any

from recovery.store import NotSavedError, unrecorded
from recovery.triage import history_days

if TYPE_CHECKING:  # imported where used, so start-up does not pay for reminders
    from recovery.notifier import Notifier
    from recovery.plan_model import RecoveryPlan
    from recovery.reminders import Notification
    from recovery.store import Store


@dataclass(frozen=True)
class Delivery:
    """What a reminder check did: the notification, and how it reached the patient (or ``None``)."""

    notification: Notification
    via: str | None


class ReminderCases:
    """Mixed into :class:`~recovery.services.Companion`."""

    store: Store
    _lock: threading.RLock

    if TYPE_CHECKING:  # provided by the Companion

        @property
        def plan(self) -> RecoveryPlan: ...

        def settings(self) -> dict[str, Any]: ...

        def now(self) -> datetime: ...

        def battery_book_by(self, settings: dict[str, Any] | None = None) -> date | None: ...

    def due_notification(self) -> Notification | None:
        """Everything due now and never delivered, as one notification (or ``None``)."""
        from recovery.reminders import due_reminders, notification_for

        settings = self.settings()
        if not settings:
            return None
        now = self.now()
        with self._lock:
            checkins = self.store.checkins(since=now.date() - timedelta(days=history_days() + 1))
            delivered = self.store.delivered_reminders()
        due = due_reminders(
            profile=settings,
            plan=self.plan,
            checkins=checkins,
            delivered=delivered,
            now=now,
            battery_book_by=self.battery_book_by(settings),
        )
        return notification_for(due)

    def deliver_due(self, notifier: Notifier, *, in_app: bool) -> Delivery | None:
        """Show what is due on the desktop; if that fails and ``in_app``, the app shows it instead.

        The delivery is recorded (one write) only once it reached the patient, so a reminder
        that could not be shown while the app was closed is tried again, never lost. If it
        was shown but could not be recorded (a full disk), nothing is shown for an hour.
        """
        notification = self.due_notification()
        if notification is None or self.reminders_paused_until() is not None:
            return None
        via = "desktop" if notifier.notify(notification.title, notification.body) else ("in_app" if in_app else None)
        if via is not None:
            self.record_delivery(notification, via)
        return Delivery(notification, via)

    def reminders_paused_until(self) -> datetime | None:
        """Until when reminders wait because the last one shown could not be recorded, or ``None``."""
        return unrecorded.paused_until(self.store.home, self.now())

    def record_delivery(self, notification: Notification, via: str) -> None:
        """Record that ``notification`` reached the patient; on a full disk, remember the showing elsewhere."""
        try:
            with self._lock:
                self.store.record_deliveries(list(notification.reminder_ids), self.now().isoformat(timespec="seconds"), via)
        except NotSavedError:
            unrecorded.mark(self.store.home, self.now())
            raise
        unrecorded.clear(self.store.home)

    def background_reminders(self, action: str) -> tuple[bool, str]:
        """Turn the background job on ("install"), off ("remove"), or ask ("status"): (is it on, words)."""
        from recovery import background

        return background.switch(action)
