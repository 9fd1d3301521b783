"""The discharge-sheet and clinic-file use cases of :class:`~recovery.services.Companion`.

One plan with its origins: the clinic's plan (or the shipped one) with the patient's
sheet laid over it, worded in the current language. The plan is rebuilt only when the
saved sheet, the clinic's file or the language changes, so every screen can ask for it
as often as it likes.
"""

from __future__ import annotations

import threading
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from recovery.discharge import EMPTY_SHEET, DischargeSheet, Visit, sheet_from_record
from recovery.discharge_form import SheetAnswers, parse_sheet_answers, parse_visit, with_visit, without_visit
from recovery.i18n import _, current_language, language
from recovery.plan import in_language
from recovery.plan_model import RecoveryPlan
from recovery.plan_sheet import with_sheet

if TYPE_CHECKING:
    from recovery.clinic_file import ClinicPreview
    from recovery.store import Store


class SheetCases:
    """Mixed into :class:`~recovery.services.Companion`."""

    store: Store
    clinic_plan: RecoveryPlan
    _lock: threading.RLock
    _plan_cache: tuple[Any, RecoveryPlan, str, RecoveryPlan] | None

    if TYPE_CHECKING:  # provided by the Companion

        def settings(self) -> dict[str, Any]: ...

        def today(self) -> date: ...

        def now(self) -> datetime: ...

    @property
    def plan(self) -> RecoveryPlan:
        """The plan that applies to this patient: sheet > clinic's file > shipped defaults, in the current language."""
        return self.plan_in()

    def plan_in(self, lang: str | None = None) -> RecoveryPlan:
        """The patient's plan worded in ``lang`` (default: the current language; the care team's report may differ)."""
        code = language(lang).code
        with self._lock:
            record = self.store.discharge_sheet()
        cached = self._plan_cache
        if cached is not None and cached[0] == record and cached[1] is self.clinic_plan and cached[2] == code:
            return cached[3]
        sheet = sheet_from_record(record) if record else None
        plan = with_sheet(in_language(self.clinic_plan, code), sheet)
        if code == current_language():
            self._plan_cache = (record, self.clinic_plan, code, plan)
        return plan

    def discharge_sheet(self) -> DischargeSheet:
        """What the patient entered from the discharge sheet (an empty sheet if nothing)."""
        with self._lock:
            record = self.store.discharge_sheet()
        return sheet_from_record(record) if record else EMPTY_SHEET

    def save_discharge_sheet(self, sheet: DischargeSheet) -> None:
        """Save the whole sheet in one durable write (an empty one goes back to the usual advice)."""
        with self._lock:
            self.store.save_discharge_sheet(sheet.to_record() or None)

    def save_sheet_answers(self, answers: SheetAnswers) -> DischargeSheet:
        """Check the form's restrictions, limits and instructions and save them; appointments are kept.

        Raises ``ValidationError`` (one sentence per field) or ``NotSavedError``; either way nothing changed.
        """
        unit = self.settings().get("temperature_unit", "C")
        sheet = parse_sheet_answers(answers, unit, self.discharge_sheet())
        self.save_discharge_sheet(sheet)
        return sheet

    def save_visit(
        self, *, kind: str | None, name: str, date_text: str, time_text: str, replacing: str | None = None
    ) -> Visit:
        """Check an appointment against the implant date and save it with the sheet (or in place of ``replacing``)."""
        settings = self.settings()
        if not settings:
            raise ValueError(_("Set up the app first: appointments are checked against your implant date."))
        sheet = self.discharge_sheet()
        visit = parse_visit(
            kind=kind,
            name=name,
            date_text=date_text,
            time_text=time_text,
            surgery=date.fromisoformat(settings["surgery_date"]),
            today=self.today(),
            zone=self.now().tzinfo,
            sheet=sheet,
            replacing=replacing,
        )
        self.save_discharge_sheet(with_visit(sheet, visit))
        return visit

    def remove_visit(self, visit_id: str) -> None:
        self.save_discharge_sheet(without_visit(self.discharge_sheet(), visit_id))

    def clear_discharge_sheet(self) -> None:
        """Forget everything entered from the sheet: the clinic's settings or the usual advice apply again."""
        self.save_discharge_sheet(EMPTY_SHEET)

    # ----------------------------------------------------------------- the clinic's settings file

    def preview_clinic_file(self, path: Path) -> ClinicPreview:
        """Check a clinic file and say what it would change; ``PlanConfigError`` names the file and field."""
        from recovery.clinic_file import read_clinic_file

        unit = self.settings().get("temperature_unit", "C")
        return read_clinic_file(path, in_language(self.clinic_plan), self.discharge_sheet(), unit)

    def install_clinic_file(self, preview: ClinicPreview) -> None:
        """Put the checked file in the data folder (atomically) and use it from now on."""
        from recovery.clinic_file import install_clinic_file

        install_clinic_file(self.store.home, preview)
        self.clinic_plan = preview.plan

    def remove_clinic_file(self) -> bool:
        from recovery.clinic_file import remove_clinic_file
        from recovery.plan import load_plan

        removed = remove_clinic_file(self.store.home)
        self.clinic_plan = load_plan()
        return removed
