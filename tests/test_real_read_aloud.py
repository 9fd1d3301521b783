"""Read aloud and the language choice under a real pointer and a real keyboard (xdotool on Xvfb).

``python3 main.py`` runs as a patient starts it, with real espeak-ng. Its sound device is a
named pipe in the app's own home folder (see ``speech_helpers.piped_sound``): the test
reads the first audio from it, which proves a voice is really speaking, then leaves it,
so the voice stays mid-sentence until the second press stops it, as it would while a
patient listens. What the control handed to espeak-ng comes back through the test probe.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

from real_window import RealApp, demo_home, wait_until, x_display
from recovery import i18n
from recovery.read_aloud import help_script
from speech_helpers import piped_sound, read_audio, require_espeak
from ui_helpers import PROFILE

pytestmark = pytest.mark.ui


@pytest.fixture(scope="module")
def display() -> Iterator[str]:
    with x_display() as name:
        yield name


def speaking_app(display: str, tmp_path: Path, profile: dict) -> tuple[RealApp, Path]:
    """The app with the patient's data, and a sound device that is a pipe in its sandboxed home."""
    require_espeak()
    home = demo_home(tmp_path / "home", profile)
    scratch = tmp_path / "scratch"
    _environ, pipe = piped_sound(scratch / "home")  # the RealApp sandbox's HOME: ~/.asoundrc is read from there
    return RealApp(display, home, scratch), pipe


def test_a_real_click_reads_help_now_aloud_and_a_second_click_stops_the_voice(display: str, tmp_path: Path) -> None:
    app, pipe = speaking_app(display, tmp_path, PROFILE)
    with app:
        app.click_text("Help now")
        app.wait_screen("help")
        app.click_text("Read aloud")
        sent = wait_until(lambda: app.widget("help", "read_aloud")["sent"], "Read aloud to hand its text to the voice")
        assert sent == [help_script(PROFILE, i18n.language("en")), "en"]
        assert sent[0].startswith("If you think you have an emergency, call 9 1 1 right away.")
        descriptor, audio = read_audio(pipe, 16384)
        try:
            assert any(audio), "espeak-ng sends sound, not silence"
            assert app.widget("help", "read_aloud")["speaking"]
            button = app.control("Stop reading")
            assert button["rect"][3] >= 48, "a large target while reading too"
            app.click(button)
            wait_until(lambda: not app.widget("help", "read_aloud")["speaking"], "the second click to stop the voice")
        finally:
            os.close(descriptor)
        assert app.control("Read aloud")["enabled"] and app.widget("help", "read_aloud")["message"] == ""


def test_in_spanish_the_keyboard_reaches_read_aloud_on_today_and_enter_reads_it(display: str, tmp_path: Path) -> None:
    app, pipe = speaking_app(display, tmp_path, {**PROFILE, "language": "es"})
    with app:
        assert app.state()["language"] == "es" and app.screen() == "today"
        assert app.state()["focus"] is None, "nothing has the keyboard when the app opens"
        app.key("Tab")
        focus = wait_until(lambda: app.state()["focus"], "Tab to give a control the keyboard")
        assert focus["text"] == "Leer en voz alta", focus
        app.key("Return")
        sent = wait_until(lambda: app.widget("today", "read_aloud")["sent"], "Enter to start reading")
        text, lang = sent
        assert lang == "es" and text.startswith("Día 12 de unos 56.")
        assert text.endswith("El número de emergencias es el 9 1 1. Su clínica de la bomba, Riverside Pain Clinic: 5 5 5, 0 1 4 2.")
        descriptor, _audio = read_audio(pipe, 8192)
        try:
            wait_until(lambda: app.widget("today", "read_aloud")["speaking"], "the voice to speak")
            app.key("Return")
            wait_until(lambda: not app.widget("today", "read_aloud")["speaking"], "Enter again to stop the voice")
        finally:
            os.close(descriptor)
        # leaving the screen while reading stops the voice too
        app.key("Return")
        descriptor, _audio = read_audio(pipe, 4096)
        try:
            wait_until(lambda: app.widget("today", "read_aloud")["speaking"], "the voice to speak again")
            app.click_text("Semana", kind="NavButton")
            app.wait_screen("week")
            wait_until(lambda: not app.widget("today", "read_aloud")["speaking"], "leaving Today to stop the voice")
        finally:
            os.close(descriptor)


def test_the_language_chips_answer_real_clicks_and_every_text_follows(display: str, tmp_path: Path) -> None:
    home = demo_home(tmp_path / "home", PROFILE)
    with RealApp(display, home, tmp_path / "scratch") as app:
        app.click(app.control(kind="TopBarButton", path_has="settings"))
        app.wait_screen("settings")
        app.click_text("Español", kind="Chip")
        wait_until(lambda: app.state()["language"] == "es", "a click on Español to switch the app")
        wait_until(lambda: app.state()["title"] == "Configuración", "the title to follow")
        labels = sorted(c["text"] for c in app.controls() if c["kind"] == "NavButton")
        assert labels == sorted(["Hoy", "Registrar", "Plan", "Semana"])
        app.click_text("Hoy", kind="NavButton")
        state = app.wait_screen("today")
        assert state["screen_state"]["headline"] == "Día 12 de unos\u00a056"
        app.click(app.control(kind="TopBarButton", path_has="settings"))
        app.wait_screen("settings")
        app.click_text("English", kind="Chip")
        wait_until(lambda: app.state()["language"] == "en", "a click on English to switch back, without a restart")
        assert app.state()["title"] == "Settings"
