"""The profile form, shared by First run and Settings: every field checked, nothing saved half-way."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import DictProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.scrollview import ScrollView

from recovery.date_words import long_date
from recovery.form_words import field_message
from recovery.i18n import _
from recovery.presenters import DRUG_CHOICES, UNIT_CHOICES, profile_from_form, surgery_date_question
from recovery.profile import validate_profile
from recovery.services import Companion
from recovery.store import NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.validation import ValidationError

FORM_FIELDS = (
    "surgery_date",
    "patient_name",
    "drug",
    "clinic_name",
    "clinic_phone",
    "emergency_number",
    "temperature_unit",
    "reminder_time",
    "caregiver_name",
)
TEXT_FIELDS = (
    "surgery_date",
    "patient_name",
    "clinic_name",
    "clinic_phone",
    "emergency_number",
    "reminder_time",
    "caregiver_name",
)


class ProfileForm(BoxLayout):
    """Implant date, drug, clinic, emergency number, unit, reminder time and caregiver."""

    errors = DictProperty({})
    message = StringProperty("")
    date_words = StringProperty("")
    drug_choices = DRUG_CHOICES
    unit_choices = UNIT_CHOICES

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._confirmed_date = ""
        self.today = date.today()

    def load(self, settings: dict[str, Any], today: date) -> None:
        """Show ``settings`` (a profile with defaults) in the fields; ``today`` anchors the date buttons."""
        self.today = today
        for name in TEXT_FIELDS:
            self.ids[name].text = str(settings.get(name, ""))
        self.ids.drug.value = settings.get("drug")
        self.ids.temperature_unit.value = settings.get("temperature_unit", "C")
        self.errors = {}
        self.message = ""
        self.describe_date(self.ids.surgery_date.text)

    def answers(self) -> dict[str, Any]:
        answers: dict[str, Any] = {name: self.ids[name].text for name in TEXT_FIELDS}
        answers["drug"] = self.ids.drug.value
        answers["temperature_unit"] = self.ids.temperature_unit.value
        return answers

    def describe_date(self, text: str) -> None:
        try:
            chosen = date.fromisoformat(text.strip())
        except ValueError:
            self.date_words = ""
            return
        self.date_words = long_date(chosen)

    def relabel(self) -> None:
        """After a change of language: the date read back in words again (what is typed stays)."""
        self.describe_date(self.ids.surgery_date.text)

    def shift_date(self, days: int) -> None:
        """The − and + buttons: move the date a day, starting from today if it is empty."""
        try:
            current = date.fromisoformat(self.ids.surgery_date.text.strip())
        except ValueError:
            current = self.today
            days = 0
        self.ids.surgery_date.text = (current + timedelta(days=days)).isoformat()

    def submit(self, companion: Companion, extra: dict[str, Any] | None = None) -> bool:
        """Validate every field, ask once about an unlikely date, then save; True if saved.

        ``extra`` holds fields chosen elsewhere on the page (first run's language).
        """
        keep = {k: v for k, v in (companion.profile() or {}).items() if k not in FORM_FIELDS}
        profile = profile_from_form({**self.answers(), **(extra or {})}, keep)
        refused: dict[str, str] = {}
        if not profile.get("drug"):
            refused["drug"] = field_message("drug", None)
        try:
            validate_profile({**profile, "drug": profile.get("drug") or "other"})
        except ValidationError as exc:
            answers = self.answers()
            for field in exc.errors:
                refused[field] = field_message(field, answers.get(field, profile.get(field)), can_pick_date=field == "surgery_date")
        if refused:
            self.errors = refused
            self.message = _("Not saved yet: please look at the answers marked in red.")
            Clock.schedule_once(lambda _dt: self.scroll_to_first_error(), 0)
            return False
        question = surgery_date_question(profile["surgery_date"], self.today)
        if question and self._confirmed_date != profile["surgery_date"]:
            self._confirmed_date = profile["surgery_date"]
            self.errors = {"surgery_date": question}
            self.message = ""
            return False
        try:
            companion.save_profile(profile)
        except NotSavedError as exc:
            self.message = _("{problem} Your answers are still here.").format(problem=exc)
            return False
        self.errors = {}
        self.message = ""
        return True

    def scroll_to_first_error(self) -> None:
        """Bring the first refused answer into view (the form sits in its screen's scroll view)."""
        field = next((name for name in FORM_FIELDS if name in self.errors), None)
        if field is None:
            return
        widget = self.ids[field]
        parent = self.parent
        while parent is not None and not isinstance(parent, ScrollView):
            parent = parent.parent
        if isinstance(parent, ScrollView):
            parent.scroll_to(widget, padding=dp(48), animate=False)


load_kv_beside(__file__)
