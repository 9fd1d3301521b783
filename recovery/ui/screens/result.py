"""Result: what triage found, with colour, icon and word, each finding with its action, and whom to call.

Each finding is its own card: what was reported, what to do about it, and, behind a
"Where this comes from" button, the readable names of the sources behind the rule. In an
emergency the red panel also says what to tell the call-taker ("I have an implanted
morphine pump") and which number to give the paramedics.
"""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from recovery.i18n import N_
from recovery.read_aloud import result_script
from recovery.result_words import ResultCard, result_view
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen


class FindingCard(BoxLayout):
    """One finding: its reason, its action, and its sources behind a button."""

    level = StringProperty("ok")
    reason = StringProperty("")
    action = StringProperty("")
    sources = StringProperty("")
    sources_open = BooleanProperty(False)

    @classmethod
    def of(cls, card: ResultCard) -> FindingCard:
        return cls(
            level=card.level,
            reason=card.reason,
            action=card.action,
            sources="\n".join(f"•  {name}" for name in card.sources),
        )


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
    tell_them = StringProperty("")
    paramedics = StringProperty("")
    emergency_dismissed = BooleanProperty(False)
    emergency_number = StringProperty("911")
    title_id = N_("Result")

    def on_assessment(self, *_args: Any) -> None:
        self.emergency_dismissed = False

    def refresh(self) -> None:
        if self.assessment is None:
            return
        settings = self.companion.settings()
        self.emergency_number = settings.get("emergency_number", "911")
        view = result_view(self.assessment, settings, wrote_notes=bool(self._notes()))
        self.level = view.level
        self.word = view.word
        self.heading = view.title
        self.call_line = view.call_line
        self.advice = view.advice
        self.reasons = list(view.reasons)
        self.tell_them = view.tell_them
        self.paramedics = view.paramedics
        box = self.ids.findings_box
        box.clear_widgets()
        for card in view.cards:
            box.add_widget(FindingCard.of(card))

    def _notes(self) -> str:
        """The notes of the check-in shown, whether just saved or opened from the log."""
        for holder in (self.recorded, self.record):
            checkin = getattr(holder, "checkin", None)
            if isinstance(checkin, dict):
                return str(checkin.get("notes") or "").strip()
        return ""

    def finding_cards(self) -> list[FindingCard]:
        """The finding cards, most urgent first (as shown)."""
        return list(reversed(self.ids.findings_box.children))

    def dismiss_emergency(self) -> None:
        self.emergency_dismissed = True

    def spoken_text(self) -> str:
        """What "Read aloud" says: the level, what to do, and the numbers to call."""
        return result_script(self.level, self.companion.settings())


load_kv_beside(__file__)
