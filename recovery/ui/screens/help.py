"""Help now: the emergency number, the clinic's number, and the signs that need them.

It is one tap from every screen (the red button in the top bar, or F1).
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty, StringProperty

from recovery.triage import Level, signs_at
from recovery.presenters import phone_text
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen


class HelpScreen(BaseScreen):
    emergency_number = StringProperty("911")
    clinic_line = StringProperty("")
    emergency_signs = ListProperty([])
    call_signs = ListProperty([])

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = "Help"

    def refresh(self) -> None:
        settings = self.companion.settings() if self.shell.companion else {}
        self.emergency_number = settings.get("emergency_number", "911")
        clinic = settings.get("clinic_name") or "your pump clinic"
        phone = phone_text(settings.get("clinic_phone") or "")
        self.clinic_line = f"{clinic}: {phone}" if phone else f"Call {clinic} (add its number in Settings)."
        self.emergency_signs = [f"•  {sign}" for sign in signs_at(Level.EMERGENCY)]
        self.call_signs = [f"•  {sign}" for sign in signs_at(Level.CALL_DOCTOR)]


load_kv_beside(__file__)
