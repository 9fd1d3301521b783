"""Settings: the profile, units, reminder time, text size, and where the data is kept."""

from __future__ import annotations

from typing import Any

from kivy.properties import StringProperty

from recovery.presenters import TEXT_SCALE_CHOICES
from recovery.store import NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.ui.profile_form import ProfileForm  # noqa: F401  (registers the form for the kv file)
from recovery.ui.screens.base import BaseScreen


class SettingsScreen(BaseScreen):
    data_folder = StringProperty("")
    saved_message = StringProperty("")
    text_scale_choices = TEXT_SCALE_CHOICES

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = "Settings"

    def refresh(self) -> None:
        settings = self.companion.settings()
        self.ids.form.load(settings, self.companion.today())
        self.ids.text_scale.value = float(settings.get("text_scale", 1.0))
        self.data_folder = self.companion.data_folder
        self.saved_message = ""

    def choose_text_scale(self, factor: float | None) -> None:
        """Apply a text size at once and keep it in the profile."""
        if factor is None:
            return
        self.shell.set_text_scale(factor)
        profile = self.companion.profile()
        if profile is None or profile.get("text_scale") == factor:
            return
        try:
            self.companion.save_profile({**profile, "text_scale": factor})
        except NotSavedError as exc:
            self.saved_message = str(exc)

    def save(self) -> None:
        if self.ids.form.submit(self.companion):
            self.saved_message = "Saved."


load_kv_beside(__file__)
