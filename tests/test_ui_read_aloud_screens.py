"""Read aloud where it is placed: Today, every triage result and Help now, in English and Spanish.

Each control is pressed with the window's own mouse (or key) events, and the test checks
the exact text and language it hands to the speech engine: the script is compared with
the words a patient must hear (the emergency result word for word), so a control that
read the wrong screen, an old language or nothing at all fails here.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from i18n_helpers import in_language
from recovery import i18n
from recovery.read_aloud import help_script, result_script
from recovery.speech import EspeakSpeaker
from recovery.store import open_store
from test_read_aloud import EMERGENCY_EN, EMERGENCY_ES, PROFILE
from test_ui_read_aloud import ENTER, TAB, RecordingSpeaker, click, mouse
from ui_helpers import frames, running_app, wait_for

pytestmark = pytest.mark.ui

EN, ES = i18n.language("en"), i18n.language("es")
RESULTS = {
    "ok": {"pain": 2},
    "watch": {"pain": 3, "signs": ["nausea"]},
    "call_doctor": {"temperature_text": "38.6", "wound": ["drainage"]},
    "emergency": {"signs": ["slow_breathing"]},
}


@pytest.fixture
def saved_home(home: Path) -> Path:
    with open_store(home) as store:
        store.save_profile(PROFILE)
    return home


def nothing_focused() -> None:
    """No widget of an earlier test keeps the keyboard (Kivy's focus outlives a removed widget)."""
    from kivy.uix.behaviors import FocusBehavior

    for widget in list(FocusBehavior._keyboards.values()):
        if widget is not None:
            widget.focus = False


@contextmanager
def app_with_recorder(home: Path) -> Iterator[tuple[Any, RecordingSpeaker]]:
    speaker = RecordingSpeaker()
    nothing_focused()
    with running_app(home) as app, mouse():
        app.speaker = speaker
        frames(2)
        yield app, speaker


def control(screen: Any) -> Any:
    """The Read aloud control the screen shows now (the emergency panel has its own)."""
    from recovery.ui.read_aloud import ReadAloudButton

    shown = [
        w
        for w in screen.walk(restrict=True)
        if isinstance(w, ReadAloudButton) and not w.disabled and w.opacity > 0 and w.height > 0
    ]
    assert len(shown) == 1, f"one Read aloud control on {screen.name}, found {len(shown)}"
    return shown[0]


def key(code: int, scancode: int) -> None:
    """A key press as SDL2 delivers it: ``on_key_down`` (focused widgets), then ``on_keyboard`` (the app)."""
    from kivy.core.window import Window

    if not Window.dispatch("on_key_down", code, scancode, None, []):
        Window.dispatch("on_keyboard", code, scancode, None, [])
    frames()
    Window.dispatch("on_key_up", code, scancode)
    frames()


def save_checkin(app: Any, answers: dict[str, Any]) -> Any:
    screen = app.go("checkin")
    frames(2)
    screen.show(answers)
    screen.save()
    wait_for(lambda: app.root_widget.screen_manager.current == "result")
    frames(3)
    return app.root_widget.screen_manager.current_screen


def test_help_now_reads_whom_to_call_and_what_to_say_in_english_then_spanish(saved_home: Path) -> None:
    with app_with_recorder(saved_home) as (app, speaker):
        help_now = app.go("help")
        frames(3)
        read = control(help_now)
        click(read.ids.button)
        text, lang = speaker.sent[-1]
        assert (text, lang) == (help_script(PROFILE, EN), "en")
        assert text.startswith("If you think you have an emergency, call 9 1 1 right away.")
        assert text.endswith("Your pump clinic, Riverside Pain Clinic: 5 5 5, 0 1 4 2.")
        click(read.ids.button)
        assert speaker.stops == 1 and not read.speaking, "a second press stops it"
        with in_language("es"):
            frames(2)
            click(control(help_now).ids.button)
            text, lang = speaker.sent[-1]
            assert (text, lang) == (help_script(PROFILE, ES), "es")
            assert text.startswith("Si cree que tiene una emergencia, llame al 9 1 1 de inmediato.")


@pytest.mark.parametrize("level", list(RESULTS))
def test_every_result_reads_its_level_what_to_do_and_the_numbers(saved_home: Path, level: str) -> None:
    with app_with_recorder(saved_home) as (app, speaker):
        result = save_checkin(app, RESULTS[level])
        assert result.level == level
        click(control(result).ids.button)
        assert speaker.sent[-1] == (result_script(level, PROFILE, EN), "en")
        if level == "emergency":
            assert speaker.sent[-1][0] == EMERGENCY_EN
        click(control(result).ids.button)  # stop
        with in_language("es"):
            frames(2)
            click(control(result).ids.button)
            assert speaker.sent[-1] == (result_script(level, PROFILE, ES), "es")
            if level == "emergency":
                assert speaker.sent[-1][0] == EMERGENCY_ES


def test_the_emergency_control_sits_under_call_911_and_the_other_takes_over_once_dismissed(saved_home: Path) -> None:
    with app_with_recorder(saved_home) as (app, speaker):
        result = save_checkin(app, RESULTS["emergency"])
        first = control(result)
        assert first is result.ids.read_aloud_emergency.__self__
        panel = list(reversed(result.ids.emergency_panel.children))
        assert panel[0] is result.ids.emergency_call.parent and panel[1] is first, "right under 'Call 911 now'"
        result.dismiss_emergency()
        frames(3)
        assert control(result) is result.ids.read_aloud.__self__
        click(result.ids.read_aloud.ids.button)
        assert speaker.sent[-1] == (EMERGENCY_EN, "en")


def test_today_reads_the_day_what_to_do_what_not_yet_and_the_numbers(saved_home: Path) -> None:
    with app_with_recorder(saved_home) as (app, speaker):
        today = app.go("today")
        frames(3)
        click(control(today).ids.button)
        text, lang = speaker.sent[-1]
        assert lang == "en" and text.startswith("Day 12 of about 56.")
        assert "What to do: " in text and "Not yet: " in text
        assert "Don't bend or twist at the waist" in text
        assert text.endswith("The emergency number is 9 1 1. Your pump clinic, Riverside Pain Clinic: 5 5 5, 0 1 4 2.")
        with in_language("es"):
            frames(2)
            assert today.headline == "Día 12 de unos\u00a056", "Today's words were set again in Spanish"
            click(control(today).ids.button)
            text, lang = speaker.sent[-1]
            assert lang == "es" and text.startswith("Día 12 de unos 56."), "no-break spaces are read as spaces"
            assert "Qué hacer: " in text and "Todavía no: " in text
            assert text.endswith("El número de emergencias es el 9 1 1. Su clínica de la bomba, Riverside Pain Clinic: 5 5 5, 0 1 4 2.")


def test_a_warning_on_today_is_read_with_its_level(saved_home: Path) -> None:
    with app_with_recorder(saved_home) as (app, speaker):
        save_checkin(app, RESULTS["call_doctor"])
        today = app.go("today")
        frames(3)
        assert today.warning_level == "call_doctor"
        click(control(today).ids.button)
        assert "Call your care team today. Call Riverside Pain Clinic today on 5 5 5, 0 1 4 2." in speaker.sent[-1][0]


def test_leaving_the_screen_or_changing_the_language_stops_the_reading(saved_home: Path) -> None:
    with app_with_recorder(saved_home) as (app, speaker):
        help_now = app.go("help")
        frames(3)
        read = control(help_now)
        click(read.ids.button)
        assert read.speaking and speaker.speaking
        app.go("today")
        frames(2)
        assert speaker.stops == 1 and not read.speaking, "leaving Help now stops the voice"
        today = app.root_widget.screen_manager.current_screen
        click(control(today).ids.button)
        assert speaker.speaking
        with in_language("es"):
            frames(2)
            assert speaker.stops == 2 and not control(today).speaking, "advice in the old language is not read on"


def test_the_controls_are_large_and_the_keyboard_reaches_them_first(saved_home: Path) -> None:
    from kivy.metrics import dp

    with app_with_recorder(saved_home) as (app, speaker):
        for name in ("help", "today"):
            screen = app.go(name)
            frames(3)
            button = control(screen).ids.button
            assert button.height >= dp(48) and button.width >= dp(48)
            key(*TAB)
            assert button.focus, f"Tab on {name} goes to Read aloud first"
            key(*ENTER)
            assert speaker.sent[-1][1] == "en" and control(screen).speaking
            key(*ENTER)
            assert not control(screen).speaking


def test_without_a_speech_engine_each_control_says_what_to_install(saved_home: Path) -> None:
    with running_app(saved_home) as app, mouse():
        app.speaker = EspeakSpeaker({"PATH": ""})
        for name in ("today", "help"):
            screen = app.go(name)
            frames(3)
            read = control(screen)
            click(read.ids.button)
            assert not read.speaking and "sudo apt install espeak-ng" in read.message
            assert read.ids.message_label.height > 0
        with in_language("es"):
            frames(2)
            click(control(screen).ids.button)
            assert control(screen).message.startswith("Para leer en voz alta hace falta un programa de voz")
