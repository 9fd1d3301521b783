"""My discharge sheet: the patient (or a carer) types in what the hospital's sheet says.

Appointments are saved one at a time as they are added; restriction lengths, the
lifting and fever limits and other instructions are saved together with "Save my
sheet". Every value is checked beside its field in plain words; nothing is saved
while a field is wrong, and what was typed stays on screen. The screen's words are
in :data:`WORDS` (English ids, shown translated) and the ``.kv`` file beside it.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from recovery.date_words import day_at, long_date, short_date
from recovery.discharge import MAX_LENGTH, SHEET_RESTRICTIONS, UNTIL_CLEARED, DischargeSheet, Length
from recovery.discharge_form import SheetAnswers, fever_text
from recovery.i18n import N_, _, language
from recovery.number_words import decimal
from recovery.plan_model import CLINIC, KG_PER_LB
from recovery.plan_words import length_words
from recovery.store import NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.validation import ValidationError

WORDS = {
    "title": N_("My sheet"),
    "added": N_("Saved: {what}, {when}."),
    "removed": N_("Removed: {what}. The usual date is shown again if it had one."),
    "saved": N_("Saved. Your plan now follows what you entered."),
    "saved_empty": N_("Saved. Nothing is entered, so your plan uses the usual advice."),
    "check": N_("Please check the answers marked in red. Nothing was saved yet."),
    "cleared": N_("Cleared. Your plan uses your clinic's settings or the usual advice again."),
    "no_profile": N_("Set up the app first: the dates are counted from your implant date."),
    "until": N_("Until {day} ({length})"),
    "until_doctor": N_("Until your doctor says you may"),
    "shower_from": N_("Shower from {day}"),
    "usual": N_("If empty: {length}, {origin}."),
    "usual_shower": N_("If empty: from day {day}, {origin}."),
    "usual_weight": N_("If empty: {weight}, {origin}."),
    "usual_fever": N_("If empty: {limit}, {origin}. Only fill this in if your sheet gives a number."),
    "no_visits": N_("No appointments entered yet. Add each one your sheet lists."),
    "beneath_clinic": N_("from {clinic}'s settings"),
    "beneath_some_clinic": N_("from your clinic's settings"),
    "beneath_usual": N_("the usual advice"),
}
#: The label of each restriction on this screen (shown translated by the kv file).
LABELS = {
    "driving": N_("No driving"),
    "lifting": N_("No heavy lifting: for how long"),
    "bending_twisting": N_("No bending or twisting"),
    "stretching_overhead": N_("No reaching above your head"),
    "stairs": N_("Avoid stairs"),
    "soaking": N_("No bath, swimming or hot tub"),
    "strenuous_exercise": N_("No strenuous exercise"),
    "work": N_("Off work"),
    "shower": N_("First day you may shower (days after the operation)"),
}
KIND_CHOICES = [
    ("stitches_out", N_("Stitches or clips out")),
    ("follow_up", N_("First follow-up")),
    ("later_follow_up", N_("Another follow-up")),
    ("other", N_("Other visit")),
]
LENGTH_UNITS = [("weeks", N_("weeks")), ("days", N_("days"))]
# Translators: weight units, pounds and kilograms: the symbols, usually unchanged
WEIGHT_UNITS = [("lb", N_("lb")), ("kg", N_("kg"))]


def says(key: str, **words: object) -> str:
    """The sentence :data:`WORDS` ``[key]`` in the patient's language, with ``words`` filled in."""
    return _(WORDS[key]).format(**words)


class VisitRow(BoxLayout):
    """One entered appointment, with Change and Remove."""

    owner = ObjectProperty(None)
    visit_id = StringProperty("")
    title = StringProperty("")
    when = StringProperty("")


class LengthRow(BoxLayout):
    """How long one restriction lasts: a number and its unit, what applies if empty, and any problem."""

    owner = ObjectProperty(None)
    restriction_id = StringProperty("")
    label = StringProperty("")
    usual = StringProperty("")
    preview = StringProperty("")
    error = StringProperty("")
    shower = BooleanProperty(False)
    driving = BooleanProperty(False)
    unit_choices = LENGTH_UNITS
    doctor_choices = [(UNTIL_CLEARED, N_("Until my doctor says"))]

    def unit(self) -> str:
        """``weeks``, ``days``, or ``until_cleared`` when "Until my doctor says" is picked."""
        if self.driving and self.ids.doctor.value == UNTIL_CLEARED:
            return UNTIL_CLEARED
        return "days" if self.shower else (self.ids.unit.value or "weeks")


class DischargeScreen(BaseScreen):
    """Appointments, restriction lengths, limits and instructions from the hospital's sheet."""

    message = StringProperty("")
    message_error = BooleanProperty(False)
    """Whether :attr:`message` says something went wrong (shown in red)."""
    kind_error = StringProperty("")
    name_error = StringProperty("")
    date_error = StringProperty("")
    time_error = StringProperty("")
    editing = StringProperty("")
    visit_date_words = StringProperty("")
    kind = StringProperty("")
    weight_error = StringProperty("")
    weight_usual = StringProperty("")
    fever_error = StringProperty("")
    fever_usual = StringProperty("")
    fever_unit = StringProperty("C")
    other_error = StringProperty("")
    confirm_clear = BooleanProperty(False)
    kind_choices = KIND_CHOICES
    weight_units = WEIGHT_UNITS
    title_id = WORDS["title"]

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.rows: dict[str, LengthRow] = {}
        self._keep_typing = False

    # ----------------------------------------------------------------- loading

    def on_message(self, *_args: Any) -> None:
        self.message_error = False  # a problem is said with message_error set again after it

    def on_pre_leave(self, *_args: Any) -> None:
        # A look at Help now (or the PIN lock) must not throw away what was typed.
        self._keep_typing = bool(self.manager) and self.manager.current in ("help", "about", "lock")

    def refresh(self) -> None:
        settings = self.companion.settings()
        if not settings:
            self.message = says("no_profile")
            return
        if self._keep_typing:
            self._keep_typing = False
            return
        self.surgery = date.fromisoformat(settings["surgery_date"])
        self.fever_unit = settings.get("temperature_unit", "C")
        self._build_rows()
        self.load(self.companion.discharge_sheet())
        self.message = ""

    def _build_rows(self) -> None:
        if self.rows:
            return
        box = self.ids.lengths_box
        for restriction_id in SHEET_RESTRICTIONS:
            row = LengthRow(
                owner=self,
                restriction_id=restriction_id,
                label=LABELS[restriction_id],
                shower=restriction_id == "shower",
                driving=restriction_id == "driving",
            )
            self.rows[restriction_id] = row
            box.add_widget(row)

    def load(self, sheet: DischargeSheet) -> None:
        """Show the saved sheet in the fields, with what applies where a field is empty."""
        for restriction_id, row in self.rows.items():
            length = sheet.restrictions.get(restriction_id)
            row.ids.amount.text = "" if length is None or length.until_cleared else str(length.amount)
            row.ids.unit.value = length.unit if length and not length.until_cleared else "weeks"
            row.ids.doctor.value = UNTIL_CLEARED if length and length.until_cleared else None
            row.error = ""
        self._describe_usual()
        default_unit = "lb" if self.fever_unit == "F" else "kg"
        self.ids.weight_unit.value = sheet.lifting_limit.unit if sheet.lifting_limit else default_unit
        self.ids.weight.text = decimal(sheet.lifting_limit.amount) if sheet.lifting_limit else ""
        self.ids.fever.text = fever_text(sheet.fever_threshold_c, self.fever_unit)
        self.ids.other.text = sheet.other_instructions
        self.weight_error = self.fever_error = self.other_error = ""
        self.confirm_clear = False
        self._show_visits(sheet)
        self.cancel_visit()

    def _describe_usual(self) -> None:
        """Beside each field, what applies if it is left empty, and the dates a typed length ends on."""
        usual = self.companion.clinic_plan
        clinic = usual.clinic_name or self.companion.settings().get("clinic_name")
        for restriction_id, row in self.rows.items():
            before = usual.restriction(restriction_id)
            origin = _beneath(before.origin, clinic)
            if row.shower:
                row.usual = says("usual_shower", day=before.until_day + 1, origin=origin)
            else:
                row.usual = says("usual", length=length_words(before.until_day + 1), origin=origin)
            self.describe_length(row)
        lifting = usual.settings["lifting_limit_lb"]
        default_unit = "lb" if self.fever_unit == "F" else "kg"
        weight_origin = _beneath(lifting.origin, clinic)
        self.weight_usual = says("usual_weight", weight=_weight(lifting.value, default_unit), origin=weight_origin)
        fever = usual.settings["fever_threshold_c"]
        fever_origin = _beneath(fever.origin, clinic)
        self.fever_usual = says(
            "usual_fever", limit=f"{fever_text(float(fever.value), self.fever_unit)} °{self.fever_unit}", origin=fever_origin
        )

    def relabel(self) -> None:
        """After a change of language: every word made here again; what is typed stays, nothing is saved."""
        if not hasattr(self, "surgery"):
            return
        self._describe_usual()
        self._show_visits(self.companion.discharge_sheet())
        self.describe_visit_date(self.ids.visit_date.text)
        self.message = ""

    def _show_visits(self, sheet: DischargeSheet) -> None:
        box = self.ids.visits_box
        box.clear_widgets()
        today = self.companion.today()
        for visit in sheet.appointments:
            box.add_widget(VisitRow(owner=self, visit_id=visit.id, title=visit.title, when=_when(visit.on, visit.at, today)))
        self.ids.no_visits.text = "" if sheet.appointments else says("no_visits")

    # ----------------------------------------------------------------- live checks beside the fields

    def describe_length(self, row: LengthRow) -> None:
        """The date a typed length ends on, beside the field ("Until Wed 23 Dec (6 weeks)")."""
        if not hasattr(self, "surgery"):
            return
        unit = row.unit()
        if unit == UNTIL_CLEARED:
            row.preview = says("until_doctor")
            return
        text = row.ids.amount.text.strip()
        if not text.isdigit() or not 1 <= int(text) <= MAX_LENGTH[unit]:
            row.preview = ""
            return
        length = Length(int(text), unit)
        today = self.companion.today()
        if row.shower:
            row.preview = says("shower_from", day=short_date(self.surgery + timedelta(days=length.days), today))
        else:
            last = self.surgery + timedelta(days=length.until_day)
            row.preview = says("until", day=short_date(last, today), length=length_words(length.days))

    def describe_visit_date(self, text: str) -> None:
        try:
            chosen = date.fromisoformat(text.strip())
        except ValueError:
            self.visit_date_words = ""
            return
        self.visit_date_words = long_date(chosen)

    def shift_visit_date(self, days: int) -> None:
        """The − and + buttons: a day at a time, from today if the field is empty."""
        field = self.ids.visit_date
        try:
            current = date.fromisoformat(field.text.strip())
        except ValueError:
            current, days = max(self.companion.today(), self.surgery), 0
        field.text = (current + timedelta(days=days)).isoformat()

    # ----------------------------------------------------------------- appointments

    def save_visit(self) -> None:
        try:
            visit = self.companion.save_visit(
                kind=self.ids.kind.value,
                name=self.ids.visit_name.text,
                date_text=self.ids.visit_date.text,
                time_text=self.ids.visit_time.text,
                replacing=self.editing or None,
            )
        except ValidationError as exc:
            self._show_visit_errors(exc.errors)
            self.message = ""
            return
        except (NotSavedError, ValueError) as exc:
            self.message, self.message_error = str(exc), True
            return
        self._show_visits(self.companion.discharge_sheet())
        self.cancel_visit()
        self.message = says("added", what=visit.title, when=_when(visit.on, visit.at, self.companion.today()))

    def edit_visit(self, visit_id: str) -> None:
        visit = self.companion.discharge_sheet().visit(visit_id)
        self.editing = visit_id
        self.ids.kind.value = visit.kind
        self.ids.visit_name.text = visit.name
        self.ids.visit_date.text = visit.on.isoformat()
        self.ids.visit_time.text = f"{visit.at:%H:%M}" if visit.at else ""
        self._show_visit_errors({})

    def cancel_visit(self) -> None:
        self.editing = ""
        self.ids.kind.value = None
        for name in ("visit_name", "visit_date", "visit_time"):
            self.ids[name].text = ""
        self._show_visit_errors({})

    def _show_visit_errors(self, errors: dict[str, str]) -> None:
        for field in ("kind", "name", "date", "time"):
            setattr(self, f"{field}_error", errors.get(field, ""))

    def remove_visit(self, visit_id: str) -> None:
        try:
            visit = self.companion.discharge_sheet().visit(visit_id)
            self.companion.remove_visit(visit_id)
        except (NotSavedError, KeyError) as exc:
            self.message, self.message_error = str(exc), True
            return
        self._show_visits(self.companion.discharge_sheet())
        if self.editing == visit_id:
            self.cancel_visit()
        self.message = says("removed", what=visit.title)

    # ----------------------------------------------------------------- the rest of the sheet

    def answers(self) -> SheetAnswers:
        lengths = {rid: (row.ids.amount.text, row.unit()) for rid, row in self.rows.items()}
        return SheetAnswers(
            lengths=lengths,
            weight=(self.ids.weight.text, self.ids.weight_unit.value or "lb"),
            fever=self.ids.fever.text,
            other=self.ids.other.text,
        )

    def save(self) -> None:
        for row in self.rows.values():
            row.error = ""
        self.weight_error = self.fever_error = self.other_error = ""
        try:
            sheet = self.companion.save_sheet_answers(self.answers())
        except ValidationError as exc:
            for field, problem in exc.errors.items():
                if field in self.rows:
                    self.rows[field].error = problem
                else:
                    setattr(self, f"{field}_error", problem)
            self.message, self.message_error = says("check"), True
            return
        except NotSavedError as exc:
            self.message, self.message_error = _("{problem} Your answers are still here.").format(problem=exc), True
            return
        self.load(sheet)
        self.message = says("saved_empty") if sheet.is_empty() else says("saved")

    def clear(self) -> None:
        try:
            self.companion.clear_discharge_sheet()
        except NotSavedError as exc:
            self.message, self.message_error = str(exc), True
            return
        self.load(self.companion.discharge_sheet())
        self.message = says("cleared")


def _when(on: date, at: Any, today: date) -> str:
    return day_at(on, at, today)


def _beneath(origin: str, clinic: str | None) -> str:
    """What applies when a field is empty: ``from Riverside Pain Clinic's settings`` or ``the usual advice``."""
    if origin != CLINIC:
        return says("beneath_usual")
    return says("beneath_clinic", clinic=clinic) if clinic else says("beneath_some_clinic")


def _weight(pounds: float, unit: str) -> str:
    if unit == "lb":
        return f"{decimal(pounds)} {_('lb')}"
    return f"{language().format_number(pounds * KG_PER_LB, 1)} {_('kg')}"


load_kv_beside(__file__)
