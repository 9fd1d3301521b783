"""The "Read aloud" control: one press reads the screen's key words, a second press stops.

A screen drops it in and says what to read::

    ReadAloudButton:
        script: root.spoken_text      # a callable returning the text, read at the moment of the press
        speaker: root.shell.speaker   # the app's one speaker, so one reading ever plays at a time

It speaks in the current language through :mod:`recovery.speech` (the process runs on
its own; the window never waits), shows "Stop reading" while speaking, and where nothing
can be read aloud it shows why and how to fix it, under the button, instead of doing nothing.
"""

from __future__ import annotations

from typing import Any

from kivy.clock import mainthread
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from recovery import i18n
from recovery.speech import Speaker, SpeechUnavailable, default_speaker
from recovery.ui import theme
from recovery.ui.kvload import load_kv_beside
from recovery.ui.widgets import AppButton  # noqa: F401  (used by read_aloud.kv)


class ReadAloudButton(BoxLayout):
    """A large, keyboard-reachable button that reads ``script`` aloud, and a line for its messages."""

    script = ObjectProperty(None, allownone=True)
    """The text to read, or a callable returning it (called on each press, so it is current)."""
    speaker = ObjectProperty(None, allownone=True)
    """The speech engine (:func:`recovery.speech.default_speaker` unless one is given)."""
    speaking = BooleanProperty(False)
    message = StringProperty("")
    """Why nothing is being read (no engine, no sound), in the patient's language; empty otherwise."""
    sent = ObjectProperty(None, allownone=True)
    """``(text, language)`` last handed to the speaker."""
    message_colour = ListProperty(theme.TEXT)
    """The message's colour: white where the control sits on the red emergency panel."""

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._utterance = 0

    def _speaker(self) -> Speaker:
        if self.speaker is None:
            self.speaker = shared_speaker()
        return self.speaker

    def text_to_read(self) -> str:
        """The script now; the no-break spaces that keep screen lines whole are plain spaces to a voice."""
        script = self.script
        return str(script() if callable(script) else script or "").replace("\u00a0", " ").strip()

    def toggle(self) -> None:
        """Read, or stop reading if already reading."""
        speaker = self._speaker()
        if self.speaking and speaker.stop():
            self.speaking = False
            return
        text = self.text_to_read()
        if not text:
            self.message = i18n.gettext("There is nothing to read aloud here yet.")
            return
        self._utterance += 1
        utterance = self._utterance
        lang = i18n.current_language()
        try:
            started = speaker.toggle(text, lang, on_finished=lambda problem: self._finished(utterance, problem))
        except SpeechUnavailable as exc:
            self.message = str(exc)
            self.speaking = False
            return
        self.message = ""
        self.sent = (text, lang)
        self.speaking = started

    def stop(self) -> None:
        """Stop reading (a screen calls this when it is left, and when the language changes)."""
        if self.speaking and self.speaker is not None:
            self.speaker.stop()
        self.speaking = False
        self.message = ""

    @mainthread
    def _finished(self, utterance: int, problem: str) -> None:
        if utterance != self._utterance:
            return  # an earlier reading that was stopped
        self.speaking = False
        if problem:
            self.message = problem


_shared: Speaker | None = None


def shared_speaker() -> Speaker:
    """The process's speech engine (:func:`recovery.speech.default_speaker`), made on first use."""
    global _shared
    if _shared is None:
        _shared = default_speaker()
    return _shared


load_kv_beside(__file__)
