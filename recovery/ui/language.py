"""The language choice (English / Español), in first run and Settings.

The language the app starts in is the core's rule (:func:`recovery.profile.saved_language`).

Picking a language switches the whole window at once: ``.kv`` texts follow through
:data:`recovery.ui.translate.tr` and each screen sets its Python-made words again
(:meth:`~recovery.ui.screens.base.BaseScreen.language_changed`). The chooser only switches;
its owner keeps the choice (Settings saves it in the profile at once, first run with the
profile). The language names are each written in their own language, so a patient finds
theirs whatever the screen is in.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import Clock
from kivy.properties import ListProperty

from recovery import i18n
from recovery.ui.kvload import load_kv_beside
from recovery.ui.widgets import Card


def language_choices() -> list[tuple[str, str]]:
    """``[("en", "English"), ("es", "Español")]``: every language with a catalog, named in itself."""
    return [(code, i18n.language_name(code)) for code in i18n.available_languages()]


def keepable(code: str) -> bool:
    """Whether ``code`` may be saved in the profile (the test pseudo-locale never is)."""
    return code in i18n.available_languages()


class LanguageChooser(Card):
    """A card with one chip per language; picking one switches the app and fires ``on_pick(code)``."""

    choices = ListProperty([])
    __events__ = ("on_pick",)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.choices = language_choices()

    def pick(self, code: str | None) -> None:
        """A chip was pressed: switch to its language (a second press on the chosen one keeps it)."""
        if code is None:
            # Pressing the chosen chip unpicks it, and a switch passes through "nothing picked" for a
            # moment (the old chip is released before the new one is pressed): look again next frame.
            Clock.schedule_once(self._keep_one_picked, 0)
            return
        if code != i18n.current_language():
            i18n.set_language(code)
            self.dispatch("on_pick", code)

    def _keep_one_picked(self, _dt: float) -> None:
        if self.ids.chips.value is None:
            self.ids.chips.value = i18n.current_language()  # never "no language"

    def on_pick(self, code: str) -> None:
        """The patient switched to ``code`` (the owner keeps the choice)."""


load_kv_beside(__file__)
