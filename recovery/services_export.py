"""The export use cases of :class:`~recovery.services.Companion`: the report, CSV, backup, calendar and pump card.

Kept apart from the day-to-day use cases so each module stays small; the methods use
the companion's store, plan, settings and clock, and write every file atomically, 0600.
Everything is written in the current language, except that the PDF report may be
written in another (``lang``: the care team's language).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recovery.i18n import _
from recovery.triage import history_days

if TYPE_CHECKING:
    from recovery.plan_model import RecoveryPlan
    from recovery.pump import PumpContent
    from recovery.report import Report
    from recovery.store import Store


class ExportCases:
    """Mixed into :class:`~recovery.services.Companion`."""

    store: Store
    _lock: threading.RLock

    if TYPE_CHECKING:  # provided by the Companion

        @property
        def plan(self) -> RecoveryPlan: ...

        def plan_in(self, lang: str | None = None) -> RecoveryPlan: ...

        def settings(self) -> dict[str, Any]: ...

        def now(self) -> datetime: ...

        def _last_day(self) -> date: ...

        def first_use(self) -> date: ...

        def pump_content(self, settings: dict[str, Any] | None = None) -> PumpContent: ...

    def export_pump_card(self, path: Path) -> Path:
        """The pump card as a one-page PDF (atomic, 0600)."""
        from recovery.export.card import write_card
        from recovery.i18n import language
        from recovery.presenters import pump_card_lines

        settings = self.settings()
        if not settings:
            raise ValueError(_("Set up the app first: the card needs your implant date."))
        now = self.now()
        return write_card(
            self.destination(path),
            pump_card_lines(settings),
            self.pump_content().cautions,
            settings.get("emergency_number", "911"),
            f"{language().format_short_day(now.date(), weekday=False)} {now:%H:%M}",
        )

    def export_calendar(self, path: Path) -> Path:
        from recovery.export import write_private_file
        from recovery.export.calendar import plan_calendar

        settings = self.settings()
        if not settings:
            raise ValueError(_("There are no dates yet: set up the app first."))
        return write_private_file(self.destination(path), plan_calendar(settings, self.plan, self.now()))


    def report_range(self, days: int = 30) -> tuple[date, date]:
        """The default report range: the last ``days`` days, but not before the implant.

        It ends today, or on the newest check-in's day if the computer's clock is behind it.
        """
        today = self._last_day()
        start = today - timedelta(days=days - 1)
        settings = self.settings()
        if settings:
            start = max(start, min(today, date.fromisoformat(settings["surgery_date"])))
        return start, today

    def build_report(self, start: date, end: date, lang: str | None = None) -> Report:
        """The report's content, in ``lang`` (default: the patient's language, as the app speaks it)."""
        from recovery.report import build_report

        settings = self.settings()
        if not settings:
            raise ValueError(_("There is nothing to report yet: set up the app first."))
        with self._lock:
            checkins = self.store.checkins(since=start - timedelta(days=(end - start).days + history_days() + 1), until=end)
            questions = [q.text for q in self.store.questions()]
            events = self.store.pump_events()
        return build_report(
            profile=settings,
            plan=self.plan_in(lang),
            checkins=checkins,
            questions=questions,
            start=start,
            end=end,
            now=self.now(),
            pump_events=events,
            first_use=self.first_use(),
            lang=lang,
        )

    def export_pdf(
        self,
        path: Path,
        start: date,
        end: date,
        progress: Callable[[float], None] | None = None,
        lang: str | None = None,
    ) -> Path:
        """Write the clinician report for ``start``..``end`` to ``path`` (atomic, 0600).

        In the patient's language unless ``lang`` names another (``"en"`` for an English-speaking care team).
        """
        from recovery.export.pdf import write_report  # fpdf2 loads only when a report is made

        target = self.destination(path)
        return write_report(self.build_report(start, end, lang), target, progress)

    def export_csv(self, path: Path, start: date | None = None, end: date | None = None) -> Path:
        from recovery.export import write_private_file
        from recovery.export.csv_io import checkins_to_csv

        target = self.destination(path)
        with self._lock:
            checkins = self.store.checkins(since=start, until=end)
        return write_private_file(target, checkins_to_csv(checkins))

    def export_backup(self, path: Path) -> Path:
        from recovery.export import write_private_file
        from recovery.export.backup import backup_to_json

        target = self.destination(path)
        with self._lock:
            snapshot = self.store.snapshot()
        return write_private_file(target, backup_to_json(snapshot, self.now()))

    def destination(self, path: Path) -> Path:
        """The full path an export goes to; ``ValueError`` inside the data folder or the app's checkout."""
        from recovery.export.destination import check_destination

        return check_destination(path, self.store.home)[0]
