"""Plan: the weeks from the implant to week 8 and after, dates and restrictions with where each
comes from (the patient's discharge sheet, the clinic's settings, or the usual advice), and
the doctor's clearances the patient records ("cleared to drive")."""

from __future__ import annotations

from datetime import date
from typing import Any

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from recovery.care_words import care_lines
from recovery.i18n import N_, _
from recovery.plan_model import SHEET
from recovery.plan_words import plan_dates
from recovery.presenters import plan_restrictions, plan_weeks
from recovery.store import NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen


class PlanWeekCard(BoxLayout):
    heading = StringProperty("")
    phase = StringProperty("")
    events = StringProperty("")
    current = BooleanProperty(False)


class PlanRestrictionRow(BoxLayout):
    owner = ObjectProperty(None)
    restriction_id = StringProperty("")
    title = StringProperty("")
    span = StringProperty("")
    detail = StringProperty("")
    icon = StringProperty("")
    cleared = BooleanProperty(False)
    over = BooleanProperty(False)
    origin = StringProperty("")


class PlanDateRow(BoxLayout):
    """A milestone or an appointment: what, when, and where the date comes from."""

    title = StringProperty("")
    when = StringProperty("")
    origin = StringProperty("")
    past = BooleanProperty(False)


class PlanCareRow(BoxLayout):
    """One piece of care advice with its dates (ice, binder, medicines, the pump)."""

    title = StringProperty("")
    span = StringProperty("")
    detail = StringProperty("")


class PlanScreen(BaseScreen):
    """Weeks, restrictions and milestones for the saved implant date."""

    message = StringProperty("")
    sheet_line = StringProperty("")
    has_sheet = BooleanProperty(False)
    instructions = StringProperty("")
    title_id = N_("Plan")

    def refresh(self) -> None:
        settings = self.companion.settings()
        if not settings:
            return
        surgery = settings["surgery_date"]
        today = self.companion.today()
        cleared = settings.get("cleared", [])
        surgery_date = date.fromisoformat(surgery)
        plan = self.companion.plan
        clinic = plan.clinic_name or settings.get("clinic_name")
        self._show_sheet(plan)
        weeks_box = self.ids.weeks_box
        weeks_box.clear_widgets()
        for week in plan_weeks(plan, surgery_date, today, cleared):
            weeks_box.add_widget(
                PlanWeekCard(
                    heading=week.heading,
                    phase=week.phase,
                    events="\n".join(week.events) or _("Keep to your restrictions."),
                    current=week.current,
                )
            )
        dates_box = self.ids.dates_box
        dates_box.clear_widgets()
        zone = getattr(self.companion.now().tzinfo, "key", None)
        for item in plan_dates(plan, surgery_date, today, clinic, zone):
            dates_box.add_widget(PlanDateRow(title=item.title, when=item.when, origin=item.origin, past=item.past))
        restrictions_box = self.ids.restrictions_box
        restrictions_box.clear_widgets()
        for item in plan_restrictions(plan, surgery_date, today, cleared, clinic):
            row = PlanRestrictionRow(
                owner=self,
                restriction_id=item.id,
                title=item.title,
                span=item.span,
                detail=item.detail,
                icon=item.icon,
                cleared=item.cleared,
                over=item.over,
                origin=item.origin,
            )
            restrictions_box.add_widget(row)
        care_box = self.ids.care_box
        care_box.clear_widgets()
        for line in care_lines(plan, settings, today, "plan"):
            care_box.add_widget(PlanCareRow(title=line.title, span=line.span, detail=line.detail))

    def _show_sheet(self, plan: Any) -> None:
        """Whether the plan follows the patient's discharge sheet, and its other instructions."""
        uses_sheet = bool(plan.appointments or plan.other_instructions) or any(
            r.origin == SHEET for r in plan.restrictions
        ) or any(s.origin == SHEET for s in plan.settings.values())
        self.has_sheet = uses_sheet
        self.sheet_line = (
            _("Your plan follows your discharge sheet where you entered it, then your clinic's settings, then the usual advice.")
            if uses_sheet
            else _("Your own discharge instructions come first. Enter what your sheet says and the plan follows it.")
        )
        self.instructions = plan.other_instructions

    def set_cleared(self, restriction_id: str, cleared: bool) -> None:
        """Record (or undo) "my doctor cleared me" for one restriction."""
        try:
            self.companion.set_cleared(restriction_id, cleared)
        except NotSavedError as exc:
            self.message = str(exc)
        else:
            self.message = ""
        self.refresh()


load_kv_beside(__file__)
