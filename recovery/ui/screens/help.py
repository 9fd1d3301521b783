"""Help now: the emergency number, what to tell them, the clinic's number, and the signs that need them.

It is one tap from every screen (the red button in the top bar, or F1). The words come
from :func:`recovery.result_words.help_view`: the drug from the profile ("I have an
implanted morphine pump"), and the fever limit as a figure, never "your clinic's limit".
"""

from __future__ import annotations

from typing import Any

from kivy.properties import ListProperty, StringProperty

from recovery.i18n import N_
from recovery.read_aloud import help_script
from recovery.result_words import call_now_line, help_view
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen


class HelpScreen(BaseScreen):
    emergency_number = StringProperty("911")
    call_now = StringProperty("")
    tell_them = StringProperty("")
    paramedics = StringProperty("")
    clinic_line = StringProperty("")
    emergency_signs = ListProperty([])
    call_signs = ListProperty([])
    title_id = N_("Help")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.call_now = call_now_line(self.emergency_number)

    def refresh(self) -> None:
        settings = self.companion.settings() if self.shell.companion else {}
        view = help_view(settings)
        self.emergency_number = settings.get("emergency_number", "911")
        self.call_now = view.call_now
        self.tell_them = view.tell_them
        self.paramedics = view.paramedics
        self.clinic_line = view.clinic_line
        self.emergency_signs = [f"•  {sign}" for sign in view.emergency_signs]
        self.call_signs = [f"•  {sign}" for sign in view.call_signs]

    def spoken_text(self) -> str:
        """What "Read aloud" says: whom to call and what to tell them, with the numbers digit by digit."""
        return help_script(self.companion.settings() if self.shell.companion else {})


load_kv_beside(__file__)
