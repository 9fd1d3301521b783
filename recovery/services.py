"""What the app can ask and do, in one object the screens hold: the use cases.

Screens never touch the store, the plan or triage directly; they call a
:class:`Companion`. That keeps the UI thin, lets tests drive every use case without a
window, and gives one place to hold the lock that lets a save run on a worker thread
(so the window never freezes on a slow disk) while the screen keeps reading.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recovery.checkin import local_day, recorded_at
from recovery.plan import PlanStatus, RecoveryPlan
from recovery.profile import with_defaults
from recovery.review import PeriodReview, review_period, seven_days_ending

if TYPE_CHECKING:  # imported where used, so start-up does not pay for reports and reminders
    from recovery.notifier import Notifier
    from recovery.reminders import Notification
    from recovery.report import Report
from recovery.pump import PumpContent, battery_window, last_event, load_pump_content
from recovery.store import CheckinRecord, Draft, NotSavedError, Question, Store
from recovery.triage import Assessment, Level, assess

Clock = Callable[[], datetime]
#: How long the latest warning stays on the Today screen if nothing newer is logged.
WARNING_SHOWN_FOR = timedelta(hours=36)


def local_zone() -> tzinfo:
    """The machine's time zone as an IANA zone (so reminders follow daylight saving), if known."""
    try:
        from tzlocal import get_localzone

        return get_localzone()
    except Exception:  # noqa: BLE001 - an unusual system setup: fall back to the current offset
        return datetime.now().astimezone().tzinfo or timezone.utc


def local_now() -> datetime:
    """Now, as an aware datetime in the machine's time zone."""
    return datetime.now(local_zone())


@dataclass(frozen=True)
class Recorded:
    """A saved check-in and what triage said about it."""

    id: str
    checkin: dict[str, Any]
    assessment: Assessment


@dataclass(frozen=True)
class Delivery:
    """What a reminder check did: the notification, and how it reached the patient (or ``None``)."""

    notification: Notification
    via: str | None


@dataclass(frozen=True)
class TodayCheckins:
    count: int
    last_time: str | None


#: The store's name for the check-in screen's draft.
CHECKIN_DRAFT = "checkin"


class Companion:
    """The app's use cases over one store and one plan."""

    def __init__(self, store: Store, plan: RecoveryPlan, clock: Clock = local_now) -> None:
        self.store = store
        self.plan = plan
        self.clock = clock
        self._lock = threading.RLock()

    @property
    def data_folder(self) -> str:
        """Where this patient's data lives (shown in Settings)."""
        return str(self.store.home)

    # ----------------------------------------------------------------- time

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    # ----------------------------------------------------------------- profile

    def has_profile(self) -> bool:
        with self._lock:
            return self.store.profile() is not None

    def profile(self) -> dict[str, Any] | None:
        """The profile exactly as saved (no defaults), or ``None`` before first run."""
        with self._lock:
            return self.store.profile()

    def settings(self) -> dict[str, Any]:
        """The profile with defaults filled in (an empty dict before first run)."""
        with self._lock:
            profile = self.store.profile()
        if profile is None:
            return {}
        settings = with_defaults(profile)
        if "fever_threshold_c" not in profile:
            settings["fever_threshold_c"] = self.plan.fever_threshold_c
        with self._lock:
            events = self.store.pump_events()
        for kind, key in (("refill", "last_refill_date"), ("dose_change", "last_dose_change_date")):
            logged = last_event(events, kind)
            if logged and (not settings.get(key) or logged > date.fromisoformat(settings[key])):
                settings[key] = logged.isoformat()
        return settings

    def save_profile(self, profile: Mapping[str, Any]) -> None:
        with self._lock:
            self.store.save_profile(profile)

    def set_cleared(self, restriction_id: str, cleared: bool) -> None:
        """Record that the doctor lifted (or reinstated) a restriction."""
        self.plan.restriction(restriction_id)  # KeyError for an unknown id, before any write
        with self._lock:
            profile = self.store.profile() or {}
            lifted = [r for r in profile.get("cleared", []) if r != restriction_id]
            if cleared:
                lifted.append(restriction_id)
            self.store.save_profile({**profile, "cleared": lifted})

    # ----------------------------------------------------------------- plan

    def status(self, on: date | None = None) -> PlanStatus | None:
        """The plan on ``on`` (default today), or ``None`` before first run."""
        settings = self.settings()
        if not settings:
            return None
        return self.plan.status(settings["surgery_date"], on or self.today(), settings.get("cleared", ()))

    # ----------------------------------------------------------------- check-ins

    def new_checkin(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A check-in stamped with the current local time and offset."""
        return {"recorded_at": self.now().isoformat(timespec="seconds"), **fields}

    def record_checkin(self, checkin: Mapping[str, Any], *, clears_draft: bool = False) -> Recorded:
        """Save a check-in durably and triage it against the recent history.

        Raises ``ValueError`` for an invalid check-in and ``NotSavedError`` if the disk
        refused it; in both cases nothing was stored. With ``clears_draft`` (the check-in
        screen's Save) the typed-in draft goes once the check-in is safe; should that
        second write fail, the draft is stale anyway (see :meth:`checkin_draft`).
        """
        with self._lock:
            history = self.store.checkins(since=local_day(checkin) - timedelta(days=3))
            checkin_id = self.store.add_checkin(checkin)
            if clears_draft:
                try:
                    self.store.clear_draft(CHECKIN_DRAFT)
                except NotSavedError:
                    pass
        return Recorded(checkin_id, dict(checkin), assess(checkin, profile=self.settings(), history=history))

    # ----------------------------------------------------------------- the check-in being typed

    def save_checkin_draft(self, form: Mapping[str, Any]) -> None:
        """Keep the check-in answers typed so far (raises ``NotSavedError`` if the disk refuses)."""
        with self._lock:
            self.store.save_draft(CHECKIN_DRAFT, form, self.now().isoformat(timespec="seconds"))

    def clear_checkin_draft(self) -> None:
        with self._lock:
            self.store.clear_draft(CHECKIN_DRAFT)

    def checkin_draft(self) -> Draft | None:
        """The unsaved check-in answers, unless a check-in was saved at or after them (then they were saved)."""
        with self._lock:
            draft = self.store.draft(CHECKIN_DRAFT)
            if draft is None:
                return None
            newer = self.store.checkins(since=draft.saved_at)
        return None if newer else draft

    def assess_record(self, record: CheckinRecord) -> Assessment:
        """Triage a stored check-in again (for reopening its result)."""
        day = local_day(record.checkin)
        with self._lock:
            history = self.store.checkins(since=day - timedelta(days=3), until=day)
        return assess(record.checkin, profile=self.settings(), history=history)

    def checkins_today(self) -> TodayCheckins:
        with self._lock:
            todays = self.store.checkins(since=self.today(), until=self.today())
        if not todays:
            return TodayCheckins(0, None)
        return TodayCheckins(len(todays), f"{recorded_at(todays[-1]):%H:%M}")

    def latest_warning(self) -> tuple[CheckinRecord, Assessment] | None:
        """The newest check-in, if it reached watch or above and is recent."""
        since = self.now() - WARNING_SHOWN_FOR
        with self._lock:
            records = self.store.checkin_records(since=since)
        if not records:
            return None
        latest = records[-1]
        assessment = self.assess_record(latest)
        return (latest, assessment) if assessment.level >= Level.WATCH else None

    def review(self, start: date, end: date) -> PeriodReview:
        """Day-by-day summary of ``start``..``end`` with the period before it for the trend."""
        length = (end - start).days + 1
        with self._lock:
            checkins = self.store.checkins(since=start - timedelta(days=max(length, 3)), until=end)
        return review_period(
            checkins, start, end, profile=self.settings() or None, today=self.today(), first_use=self.first_use()
        )

    def first_use(self) -> date:
        """The day of the first check-in ever made (tomorrow if there is none yet: every day so far is before it)."""
        with self._lock:
            first = self.store.first_checkin_day()
        return first if first is not None else self.today() + timedelta(days=1)

    def week_review(self, ending: date | None = None) -> PeriodReview:
        """The 7 days up to ``ending`` (default today)."""
        start, end = seven_days_ending(ending or self.today())
        return self.review(start, end)

    # ----------------------------------------------------------------- the pump

    def pump_content(self, settings: dict[str, Any] | None = None) -> PumpContent:
        """The pump content with the clinic's values, in the patient's unit (pass ``settings`` if at hand)."""
        unit = (settings if settings is not None else self.settings()).get("temperature_unit", "C")
        return load_pump_content(self.plan.pump_overrides, unit)

    def log_pump_event(self, kind: str, on: date, note: str = "") -> str:
        """Log a refill or a dose change; the check-in then asks about drowsiness for 3 days (opioids)."""
        with self._lock:
            return self.store.add_pump_event(kind, on.isoformat(), note)

    def pump_events(self) -> list[dict[str, Any]]:
        with self._lock:
            return self.store.pump_events()

    def export_pump_card(self, path: Path) -> Path:
        """The pump card as a one-page PDF (atomic, 0600)."""
        from recovery.export.card import write_card
        from recovery.presenters import pump_card_lines

        settings = self.settings()
        if not settings:
            raise ValueError("Set up the app first: the card needs your implant date.")
        return write_card(
            path,
            pump_card_lines(settings),
            self.pump_content().cautions,
            settings.get("emergency_number", "911"),
            f"{self.now():%d %b %Y %H:%M}",
        )

    def battery_book_by(self, settings: dict[str, Any] | None = None) -> date | None:
        """When to book the pump replacement (pass ``settings`` if at hand: it saves reading them again)."""
        settings = settings if settings is not None else self.settings()
        if not settings:
            return None
        return battery_window(self.pump_content(settings), date.fromisoformat(settings["surgery_date"])).book_by

    # ----------------------------------------------------------------- reminders

    def due_notification(self) -> Notification | None:
        """Everything due now and never delivered, as one notification (or ``None``)."""
        from recovery.reminders import due_reminders, notification_for

        settings = self.settings()
        if not settings:
            return None
        now = self.now()
        with self._lock:
            checkins = self.store.checkins(since=now.date() - timedelta(days=3))
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
        that could not be shown while the app was closed is tried again, never lost.
        """
        notification = self.due_notification()
        if notification is None:
            return None
        via = "desktop" if notifier.notify(notification.title, notification.body) else ("in_app" if in_app else None)
        if via is not None:
            with self._lock:
                self.store.record_deliveries(
                    list(notification.reminder_ids), self.now().isoformat(timespec="seconds"), via
                )
        return Delivery(notification, via)

    def background_reminders(self, action: str) -> tuple[bool, str]:
        """Turn the background job on ("install"), off ("remove"), or ask ("status"): (is it on, words)."""
        from recovery import background

        return background.switch(action)

    def export_calendar(self, path: Path) -> Path:
        from recovery.export import write_private_file
        from recovery.export.calendar import plan_calendar

        settings = self.settings()
        if not settings:
            raise ValueError("There are no dates yet: set up the app first.")
        return write_private_file(path, plan_calendar(settings, self.plan, self.now()))

    # ----------------------------------------------------------------- questions for the visit

    def questions(self) -> list[Question]:
        with self._lock:
            return self.store.questions()

    def add_question(self, text: str) -> str:
        """Keep a question for the next visit (empty text is refused with ``ValueError``)."""
        if not text.strip():
            raise ValueError("Type your question first.")
        with self._lock:
            return self.store.add_question(text, self.now().isoformat(timespec="seconds"))

    def resolve_question(self, question_id: str) -> None:
        with self._lock:
            self.store.set_question_resolved(question_id, True)

    # ----------------------------------------------------------------- exports

    def report_range(self, days: int = 30) -> tuple[date, date]:
        """The default report range: the last ``days`` days, but not before the implant."""
        today = self.today()
        start = today - timedelta(days=days - 1)
        settings = self.settings()
        if settings:
            start = max(start, min(today, date.fromisoformat(settings["surgery_date"])))
        return start, today

    def build_report(self, start: date, end: date) -> Report:
        from recovery.report import build_report

        settings = self.settings()
        if not settings:
            raise ValueError("There is nothing to report yet: set up the app first.")
        with self._lock:
            checkins = self.store.checkins(since=start - timedelta(days=(end - start).days + 4), until=end)
            questions = [q.text for q in self.store.questions()]
            events = self.store.pump_events()
        return build_report(
            profile=settings,
            plan=self.plan,
            checkins=checkins,
            questions=questions,
            start=start,
            end=end,
            now=self.now(),
            pump_events=events,
            first_use=self.first_use(),
        )

    def export_pdf(self, path: Path, start: date, end: date, progress: Callable[[float], None] | None = None) -> Path:
        """Write the clinician report for ``start``..``end`` to ``path`` (atomic, 0600)."""
        from recovery.export.pdf import write_report  # fpdf2 loads only when a report is made

        return write_report(self.build_report(start, end), path, progress)

    def export_csv(self, path: Path, start: date | None = None, end: date | None = None) -> Path:
        from recovery.export import write_private_file
        from recovery.export.csv_io import checkins_to_csv

        with self._lock:
            checkins = self.store.checkins(since=start, until=end)
        return write_private_file(path, checkins_to_csv(checkins))

    def export_backup(self, path: Path) -> Path:
        from recovery.export import write_private_file
        from recovery.export.backup import backup_to_json

        with self._lock:
            snapshot = self.store.snapshot()
        return write_private_file(path, backup_to_json(snapshot, self.now()))
