"""The Read aloud control in a real window: what it sends, keyboard and pointer, stop, and its messages."""

from __future__ import annotations

import gc
import os
import signal
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from i18n_helpers import in_language, untranslated_texts
from recovery import i18n
from recovery.read_aloud import result_script
from recovery.speech import EspeakSpeaker, SpeechUnavailable
from speech_helpers import broken_sound, discarding_sound, piped_sound, read_audio, require_espeak
from test_read_aloud import EMERGENCY_EN, EMERGENCY_ES, PROFILE
from ui_helpers import frames, wait_for

pytestmark = pytest.mark.ui


class RecordingSpeaker:
    """Records what the control hands over; "speaks" until stopped."""

    def __init__(self) -> None:
        self.sent: list[tuple[str, str]] = []
        self.stops = 0
        self.speaking = False

    def speak(self, text: str, lang: str, on_finished: Any = None) -> None:
        self.sent.append((text, lang))
        self.speaking = True

    def stop(self) -> bool:
        was, self.speaking = self.speaking, False
        self.stops += was
        return was

    def toggle(self, text: str, lang: str, on_finished: Any = None) -> bool:
        if self.stop():
            return False
        self.speak(text, lang, on_finished)
        return True


@contextmanager
def in_window(**kwargs: Any) -> Iterator[Any]:
    """A "Before" button and a Read aloud control, in the real window."""
    from kivy.base import EventLoop
    from kivy.uix.boxlayout import BoxLayout

    from recovery.ui.read_aloud import ReadAloudButton
    from recovery.ui.widgets import AppButton

    EventLoop.ensure_window()
    box = BoxLayout(orientation="vertical", padding=20, spacing=10)
    before = AppButton(text="Before")
    control = ReadAloudButton(**kwargs)
    box.add_widget(before)
    box.add_widget(control)
    box.add_widget(BoxLayout())
    EventLoop.window.add_widget(box)
    frames(3)
    try:
        yield before, control
    finally:
        if control.speaker is not None:
            control.speaker.stop()
        EventLoop.window.remove_widget(box)


@contextmanager
def mouse() -> Iterator[None]:
    """Kivy's mouse input provider on the real window, as ``python3 main.py`` runs it."""
    from kivy.base import EventLoop
    from kivy.input.providers.mouse import MouseMotionEventProvider

    provider = MouseMotionEventProvider("mouse", "disable_multitouch")
    EventLoop.add_input_provider(provider)
    provider.start()
    try:
        yield
    finally:
        provider.stop()
        EventLoop.remove_input_provider(provider)


def click(widget: Any) -> None:
    """A left click at the widget's centre, delivered as the window's own mouse events (y from the top)."""
    from kivy.core.window import Window

    x, y = widget.to_window(*widget.center)
    Window.dispatch("on_mouse_down", x, Window.height - y, "left", {})
    frames(2)
    Window.dispatch("on_mouse_up", x, Window.height - y, "left", {})
    frames(2)


def key(code: int, scancode: int) -> None:
    from kivy.core.window import Window

    Window.dispatch("on_key_down", code, scancode, None, [])
    frames()
    Window.dispatch("on_key_up", code, scancode)
    frames()


TAB, ENTER = (9, 43), (13, 40)


def test_a_click_sends_the_exact_emergency_text_in_the_chosen_language_and_a_second_click_stops() -> None:
    speaker = RecordingSpeaker()
    script = lambda: result_script("emergency", PROFILE)  # noqa: E731 - as a screen passes its method
    with in_window(script=script, speaker=speaker) as (_before, control), mouse():
        button = control.ids.button
        click(button)
        assert speaker.sent == [(EMERGENCY_EN, "en")]
        assert control.speaking and button.text == "Stop reading" and button.kind == "primary"
        click(button)
        assert speaker.stops == 1 and not control.speaking and button.text == "Read aloud"
        assert button.kind == "secondary"
        with in_language("es"):
            frames()
            assert button.text == "Leer en voz alta", "the label follows the language without a restart"
            click(button)
            assert speaker.sent[-1] == (EMERGENCY_ES, "es")
            assert button.text == "Dejar de leer"
        frames()
        assert button.text == "Stop reading"


def test_the_keyboard_reaches_the_control_and_presses_it() -> None:
    speaker = RecordingSpeaker()
    with in_window(script="Day 12 of about 56.", speaker=speaker) as (before, control):
        before.focus = True
        frames()
        key(*TAB)
        assert control.ids.button.focus, "Tab moves from the button before to Read aloud"
        key(*ENTER)
        assert speaker.sent == [("Day 12 of about 56.", "en")] and control.speaking
        key(*ENTER)
        assert not control.speaking and speaker.stops == 1


def test_the_control_is_a_large_touch_target() -> None:
    from kivy.metrics import dp

    with in_window(script="x", speaker=RecordingSpeaker()) as (_before, control):
        button = control.ids.button
        assert button.height >= dp(48) and button.width >= dp(48)
        assert control.ids.message_label.height == 0, "no empty line under the button"


def test_without_an_engine_the_control_says_what_to_install(tmp_path: Path) -> None:
    with in_window(script="Call 9 1 1 now.", speaker=EspeakSpeaker({"PATH": ""})) as (_before, control), mouse():
        click(control.ids.button)
        assert not control.speaking
        assert "sudo apt install espeak-ng" in control.message
        label = control.ids.message_label
        assert label.text == control.message and label.height > 0 and label.opacity == 1
        with in_language("es"):
            click(control.ids.button)
            assert control.message.startswith("Para leer en voz alta hace falta un programa de voz")


def test_nothing_to_read_is_said_rather_than_silently_ignored() -> None:
    speaker = RecordingSpeaker()
    with in_window(script=lambda: "  ", speaker=speaker) as (_before, control), mouse():
        click(control.ids.button)
        assert speaker.sent == [] and control.message == "There is nothing to read aloud here yet."


def test_a_real_reading_starts_and_the_second_click_stops_the_process(tmp_path: Path) -> None:
    require_espeak()
    environ, pipe = piped_sound(tmp_path / "sound")
    speaker = EspeakSpeaker(environ)
    long_text = " ".join([EMERGENCY_EN] * 4)
    with in_window(script=long_text, speaker=speaker) as (_before, control), mouse():
        click(control.ids.button)
        descriptor, audio = read_audio(pipe, 8192)
        try:
            process = speaker.process
            assert process is not None and process.poll() is None
            assert control.speaking and control.sent == (long_text, "en")
            click(control.ids.button)
            assert process.wait(timeout=5) == -signal.SIGTERM
        finally:
            os.close(descriptor)
        wait_for(lambda: not control.speaking)
        assert control.message == "" and control.ids.button.text == "Read aloud"


def test_a_reading_that_ends_by_itself_resets_the_button(tmp_path: Path) -> None:
    require_espeak()
    with in_window(script="Fine.", speaker=EspeakSpeaker(discarding_sound(tmp_path / "sound"))) as (_b, control), mouse():
        click(control.ids.button)
        assert control.sent == ("Fine.", "en")
        wait_for(lambda: not control.speaking)
        assert control.ids.button.text == "Read aloud" and control.message == ""


def test_a_reading_without_sound_output_says_so_on_screen(tmp_path: Path) -> None:
    require_espeak()
    with in_window(script="Fine.", speaker=EspeakSpeaker(broken_sound(tmp_path / "sound"))) as (_b, control), mouse():
        click(control.ids.button)
        wait_for(lambda: bool(control.message))
        assert not control.speaking and "speakers or headphones" in control.message
        assert control.ids.message_label.height > 0


def test_the_control_has_no_untranslated_text_in_the_pseudo_locale() -> None:
    with in_window(script="x", speaker=RecordingSpeaker()) as (_before, control):
        with in_language(i18n.PSEUDO):
            frames()
            assert untranslated_texts(control) == []
            control.message = "Reading aloud needs a speech engine"
            frames()
            assert untranslated_texts(control) == [(control.message, ["Reading", "aloud", "needs", "speech", "engine"])]


def test_controls_that_are_gone_stop_following_the_language() -> None:
    from recovery.ui.read_aloud import ReadAloudButton
    from recovery.ui.translate import tr

    ReadAloudButton(script="x", speaker=RecordingSpeaker())
    before = tr.bound_rules
    for _ in range(5):
        ReadAloudButton(script="x", speaker=RecordingSpeaker())
    gc.collect()
    with in_language("es"):
        pass
    assert tr.bound_rules <= before, "rules of discarded widgets are dropped, not kept alive"


def test_a_speaker_that_refuses_shows_its_reason() -> None:
    class Refusing(RecordingSpeaker):
        def toggle(self, text: str, lang: str, on_finished: Any = None) -> bool:
            raise SpeechUnavailable("The system's voice cannot be stopped early; it stops at the end.")

    with in_window(script="x", speaker=Refusing()) as (_before, control), mouse():
        click(control.ids.button)
        assert control.message.startswith("The system's voice cannot be stopped early")
