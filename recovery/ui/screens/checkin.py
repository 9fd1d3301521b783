"""Check in: pain, temperature and warning signs in a few taps; everything can be skipped.

On a normal day it is one tap on the pain scale and one on Save. Follow-up questions
appear only when they matter. Saving runs off the main thread, so a slow disk never
freezes the window; if the save fails, every answer stays on screen.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, DictProperty, StringProperty

from recovery.presenters import CHOICES, MORE_SIGN_CHOICES, SIGN_CHOICES, TEMPERATURE_EXAMPLES, WOUND_CHOICES, CheckinForm
from recovery.pump import in_extra_question_window
from recovery.services import Recorded
from recovery.store import NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.validation import ValidationError

YES_NO = [(True, "Yes"), (False, "No")]
DROWSY_QUESTION = "More drowsy or sleepy than usual?"


class CheckinScreen(BaseScreen):
    """The check-in form; :meth:`save` records it and opens the result."""

    unit = StringProperty("C")
    temperature_hint = StringProperty("")
    errors = DictProperty({})
    saving = BooleanProperty(False)
    extra_question = StringProperty("")
    """The drowsiness question's wording after a refill or dose change (empty otherwise)."""
    more_open = BooleanProperty(False)
    """Whether the "Anything else?" group of rarer signs is unfolded."""
    message = StringProperty("")
    choices = CHOICES
    wound_choices = WOUND_CHOICES
    sign_choices = SIGN_CHOICES
    more_sign_choices = MORE_SIGN_CHOICES
    yes_no = YES_NO
    drowsy_question = DROWSY_QUESTION

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = "Check in"

    def refresh(self) -> None:
        settings = self.companion.settings()
        self.unit = settings.get("temperature_unit", "C")
        in_window = in_extra_question_window(settings, self.companion.today()) if settings else False
        self.extra_question = self.companion.pump_content().extra_question if in_window else ""
        self.temperature_hint = f"e.g. {TEMPERATURE_EXAMPLES[self.unit]}"

    def form(self) -> CheckinForm:
        """Read every question on screen into a :class:`CheckinForm`."""
        ids = self.ids
        pain = int(ids.pain.value)
        return CheckinForm(
            pain=pain if pain >= 0 else None,
            temperature_text=ids.temperature.text,
            headache=ids.headache.value,
            headache_upright=ids.headache_upright.value,
            wound=list(ids.wound.values),
            pump_swelling=ids.pump_swelling.value,
            leg_weakness=ids.leg_weakness.value,
            signs=[*ids.signs.values, *ids.more_signs.values],
            pump_alarm=ids.pump_alarm.value,
            notes=ids.notes.text,
            drowsy=ids.drowsy.value,
        )

    def clear(self) -> None:
        ids = self.ids
        ids.pain.value = -1
        ids.temperature.text = ""
        ids.notes.text = ""
        for name in ("headache", "headache_upright", "pump_swelling", "leg_weakness", "pump_alarm", "drowsy"):
            ids[name].value = None
        ids.wound.values = []
        ids.signs.values = []
        ids.more_signs.values = []
        self.more_open = False
        self.errors = {}
        self.message = ""

    def save(self) -> None:
        """Validate on screen, then save in the background and show the result."""
        if self.saving:
            return
        try:
            fields = self.form().fields(self.unit)
            checkin = self.companion.new_checkin(fields)
        except ValidationError as exc:
            self._refused(exc)
            return
        self.errors = {}
        self.saving = True
        self.message = "Saving…"
        self.shell.run_in_background(lambda: self.companion.record_checkin(checkin), self._saved, self._failed)

    def _saved(self, recorded: Recorded) -> None:
        self.saving = False
        self.clear()
        self.shell.go("result", record=None, recorded=recorded, assessment=recorded.assessment)

    def _failed(self, error: Exception) -> None:
        self.saving = False
        if isinstance(error, ValidationError):
            self._refused(error)
        elif isinstance(error, NotSavedError):
            self.message = f"{error} Your answers are still here."
        else:
            self.message = f"Not saved: something went wrong ({error.__class__.__name__}). Your answers are still here."

    def _refused(self, error: ValidationError) -> None:
        self.errors = dict(error.errors)
        self.message = "Please check the answer marked in red above, then save again."


load_kv_beside(__file__)
