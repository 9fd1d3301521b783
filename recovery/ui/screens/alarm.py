"""My pump is beeping: what single beeps and a two-tone alarm mean for this pump, and what to do now."""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import StringProperty

from recovery.i18n import N_, _
from recovery.pump import alarm_advice
from recovery.result_words import clinic_line
from recovery.store import NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.validation import ValidationError


class AlarmScreen(BaseScreen):
    tone = StringProperty("")
    level = StringProperty("call_doctor")
    heading = StringProperty("")
    sound = StringProperty("")
    meaning = StringProperty("")
    action = StringProperty("")
    clinic_line = StringProperty("")
    emergency_number = StringProperty("911")
    notes = StringProperty("")
    sources = StringProperty("")
    message = StringProperty("")
    title_id = N_("Alarm")

    def refresh(self) -> None:
        settings = self.companion.settings()
        content = self.companion.pump_content()
        self._advice = {a.tone: a for a in alarm_advice(content, settings.get("drug"))}
        self.clinic_line = clinic_line(settings)
        self.emergency_number = settings.get("emergency_number", "911")
        self.notes = "\n".join(f"•  {note}" for note in content.alarm_notes)
        self.message = ""
        self.choose(self.tone or "")

    def choose(self, tone: str) -> None:
        self.tone = tone
        advice = self._advice.get(tone)
        if advice is None:
            self.heading = self.sound = self.meaning = self.action = self.sources = ""
            return
        self.level = advice.level
        self.heading = advice.title
        self.sound = advice.sound
        self.meaning = advice.meaning
        # Translators: in the pump guide's advice these words are replaced by the number itself
        # ("call the emergency number" becomes "call 911"): write them exactly as the translated guide does
        phrase = _("the emergency number")
        self.action = advice.action.replace("the emergency number", self.emergency_number).replace(phrase, self.emergency_number)
        self.sources = ", ".join(advice.sources)
        # the choice sits at the top and the advice right under it: show the page from its top,
        # again once the advice's panels have their sizes (a scroll view keeps its fraction, not its place)
        self.ids.scroller.scroll_y = 1
        Clock.schedule_once(lambda _dt: setattr(self.ids.scroller, "scroll_y", 1), 0.05)

    def log_alarm(self) -> None:
        """Record the alarm as a check-in, so triage, the week and the report see it."""
        if not self.tone:
            return
        try:
            recorded = self.companion.record_checkin(self.companion.new_checkin({"pump_alarm": self.tone}))
        except (ValidationError, NotSavedError) as exc:
            self.message = str(exc)
            return
        self.shell.go("result", record=None, recorded=recorded, assessment=recorded.assessment)


load_kv_beside(__file__)
