"""The profile form, shared by First run and Settings: every field checked, nothing saved half-way."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

from kivy.properties import DictProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

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
        self.date_words = f"{chosen:%A} {chosen.day} {chosen:%B %Y}"

    def shift_date(self, days: int) -> None:
        """The − and + buttons: move the date a day, starting from today if it is empty."""
        try:
            current = date.fromisoformat(self.ids.surgery_date.text.strip())
        except ValueError:
            current = self.today
            days = 0
        self.ids.surgery_date.text = (current + timedelta(days=days)).isoformat()

    def submit(self, companion: Companion) -> bool:
        """Validate every field, ask once about an unlikely date, then save; True if saved."""
        keep = {k: v for k, v in (companion.profile() or {}).items() if k not in FORM_FIELDS}
        profile = profile_from_form(self.answers(), keep)
        if not profile.get("drug"):
            self.errors = {"drug": "Pick the medicine in your pump, or 'Other or not sure'."}
            self.message = "Please check the answers marked in red."
            return False
        try:
            validate_profile(profile)
        except ValidationError as exc:
            self.errors = {field: _sentence(field, text) for field, text in exc.errors.items()}
            self.message = "Please check the answers marked in red."
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
            self.message = f"{exc} Your answers are still here."
            return False
        self.errors = {}
        self.message = ""
        return True


_FIELD_NAMES = {
    "surgery_date": "The date",
    "patient_name": "Your name",
    "clinic_name": "The clinic name",
    "clinic_phone": "The phone number",
    "emergency_number": "The emergency number",
    "reminder_time": "The time",
    "caregiver_name": "The name",
    "drug": "The medicine",
    "temperature_unit": "The unit",
}


def _sentence(field: str, problem: str) -> str:
    return f"{_FIELD_NAMES.get(field, field)} {problem}."


load_kv_beside(__file__)
