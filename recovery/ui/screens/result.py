"""Result: what triage found, with colour, icon and word, every reason, and whom to call."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty

from recovery.presenters import result_view
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.ui.widgets import WrapLabel


class ResultScreen(BaseScreen):
    """Shows an :class:`~recovery.triage.Assessment`; the emergency panel stays until dismissed."""

    assessment = ObjectProperty(None, allownone=True)
    recorded = ObjectProperty(None, allownone=True)
    record = ObjectProperty(None, allownone=True)
    level = StringProperty("ok")
    word = StringProperty("")
    heading = StringProperty("")
    call_line = StringProperty("")
    advice = StringProperty("")
    reasons = ListProperty([])
    sources = StringProperty("")
    emergency_dismissed = BooleanProperty(False)
    emergency_number = StringProperty("911")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = "Result"

    def on_assessment(self, *_args: Any) -> None:
        self.emergency_dismissed = False

    def refresh(self) -> None:
        if self.assessment is None:
            return
        settings = self.companion.settings()
        self.emergency_number = settings.get("emergency_number", "911")
        view = result_view(self.assessment, settings)
        self.level = view.level
        self.word = view.word
        self.heading = view.title
        self.call_line = view.call_line
        self.advice = view.advice
        self.reasons = list(view.reasons)
        self.sources = view.sources
        box = self.ids.reasons_box
        box.clear_widgets()
        for reason in view.reasons:
            box.add_widget(WrapLabel(text=f"•  {reason}"))

    def dismiss_emergency(self) -> None:
        self.emergency_dismissed = True


load_kv_beside(__file__)
