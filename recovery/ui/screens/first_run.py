"""First run: the few facts the app needs, each checked beside its field; then the offer to enter the discharge sheet."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty

from recovery.i18n import current_language
from recovery.profile import DEFAULTS
from recovery.ui.kvload import load_kv_beside
from recovery.ui.language import LanguageChooser, keepable  # noqa: F401  (LanguageChooser: used by the kv file)
from recovery.ui.profile_form import ProfileForm  # noqa: F401  (registers the form for the kv file)
from recovery.ui.screens.base import BaseScreen


class FirstRunScreen(BaseScreen):
    """Welcome and set-up; nothing is saved until every field is right."""

    offering_sheet = BooleanProperty(False)
    """Saved: now offering "Do you have the sheet the hospital gave you?"."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = ""  # the page has its own "Recovery Companion" headline
        self._loaded = False

    def refresh(self) -> None:
        if not self._loaded:  # keep what was typed if the patient peeks at Help and comes back
            self.ids.form.load(dict(DEFAULTS), self.companion.today())
            self._loaded = True

    def relabel(self) -> None:
        """The patient picked a language at the top: what is typed stays."""
        self.ids.form.relabel()

    def save(self) -> None:
        # The language on screen is the one kept, picked or the desktop's: a profile without one
        # would start in English next time (the core's rule for profiles from before the choice).
        shown = current_language()
        if self.ids.form.submit(self.companion, {"language": shown} if keepable(shown) else None):
            self.shell.set_text_scale(float(self.companion.settings().get("text_scale", 1.0)))
            self.offering_sheet = True
            self.ids.scroller.scroll_y = 1

    def later(self) -> None:
        self.shell.reset_to("today")

    def enter_sheet(self) -> None:
        """Today first, so Back from the sheet goes to Today rather than to set-up."""
        self.shell.reset_to("today")
        self.shell.go("discharge")


load_kv_beside(__file__)
