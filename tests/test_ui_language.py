"""Choosing the language: in first run and Settings, from the desktop's locale, and back again without a restart.

The chooser's chips are pressed with the window's own mouse events. After a switch every
text must be in the new language at once: the ``.kv`` texts (through ``tr``), the words
screens set from Python (titles, Today's headline, the week's rows), the bottom bar. What
was typed stays, an opened day stays open, and the choice is saved, so the app starts in
it next time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from recovery import i18n
from recovery.store import open_store
from test_ui_read_aloud import click, mouse
from ui_helpers import PROFILE, buttons_with_text, chip, frames, press, running_app, wait_for

pytestmark = pytest.mark.ui


@pytest.fixture(autouse=True)
def english_afterwards() -> Any:
    yield
    i18n.set_language(i18n.DEFAULT_LANGUAGE)


@pytest.fixture
def saved_home(home: Path) -> Path:
    with open_store(home) as store:
        store.save_profile(PROFILE)
        store.add_checkin({"recorded_at": "2026-11-23T09:00:00+01:00", "pain": 4, "temperature_c": 38.4})
    return home


def nav_labels(app: Any) -> list[str]:
    return [button.children[0].text for button in reversed(app.root_widget.bottom_bar.children)]


def pick(chooser: Any, code: str) -> None:
    click(chip(chooser.ids.chips, code))
    frames(2)


def test_settings_switches_every_screen_to_spanish_at_once_and_back_without_a_restart(saved_home: Path) -> None:
    with running_app(saved_home) as app, mouse():
        today = app.go("today")
        frames(2)
        assert today.headline == "Day 12 of about 56" and nav_labels(app) == ["Today", "Check in", "Plan", "Week"]
        settings = app.go("settings")
        frames(3)
        chooser = settings.ids.language
        assert chooser.ids.chips.value == "en"
        pick(chooser, "es")
        assert i18n.current_language() == "es" and app.current_title == "Configuración"
        assert nav_labels(app) == ["Hoy", "Registrar", "Plan", "Semana"]
        assert buttons_with_text(settings, "Guardar cambios"), "kv texts follow at once"
        assert app.companion.profile()["language"] == "es", "the choice is kept"
        today = app.go("today")
        frames(2)
        assert today.headline == "Día 12 de unos\u00a056" and app.current_title == "Hoy"
        settings = app.go("settings")
        frames(2)
        pick(settings.ids.language, "en")
        assert i18n.current_language() == "en" and app.current_title == "Settings"
        assert app.companion.profile()["language"] == "en"
        assert app.go("today").headline == "Day 12 of about 56"


def test_the_saved_language_is_the_one_the_app_starts_in(saved_home: Path) -> None:
    with open_store(saved_home) as store:
        store.save_profile({**PROFILE, "language": "es"})
    with running_app(saved_home) as app:
        assert i18n.current_language() == "es"
        assert app.current_title == "Hoy" and app.screen("today").headline.startswith("Día 12")


def test_pressing_the_chosen_language_again_keeps_it(saved_home: Path) -> None:
    with running_app(saved_home) as app, mouse():
        settings = app.go("settings")
        frames(3)
        pick(settings.ids.language, "en")
        assert settings.ids.language.ids.chips.value == "en" and i18n.current_language() == "en"
        assert chip(settings.ids.language.ids.chips, "en").state == "down"


def test_a_switch_keeps_what_was_typed_and_the_days_opened(saved_home: Path) -> None:
    with running_app(saved_home) as app:
        checkin = app.go("checkin")
        frames(2)
        checkin.ids.temperature.text = "38,2"
        checkin.ids.notes.text = "Tired"
        week = app.go("week")
        frames(2)
        day = next(row for row in week.ids.rows_box.children if row.details)
        day.opened = True
        i18n.set_language("es")
        frames(3)
        opened = [row for row in week.ids.rows_box.children if row.opened]
        assert len(opened) == 1 and opened[0].details.startswith("09:00  ·  dolor 4  ·  38,4\u00a0°C")
        assert week.summary.replace("\u00a0", " ").startswith("1 día requirió llamar a la clínica.") and week.period.startswith("Del ")
        assert app.current_title == "Semana"
        checkin = app.go("checkin")
        frames(2)
        assert (checkin.ids.temperature.text, checkin.ids.notes.text) == ("38,2", "Tired")
        assert checkin.temperature_hint == "p. ej., 37,2"


def test_first_run_follows_a_spanish_desktop_and_keeps_an_explicit_choice(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "es_MX:es")
    with running_app(home) as app, mouse():
        first = app.screen("first_run")
        frames(2)
        assert i18n.current_language() == "es", "a Spanish desktop starts the app in Spanish"
        chooser = first.ids.language
        assert chooser.ids.chips.value == "es" and buttons_with_text(first, "Guardar y empezar")
        pick(chooser, "en")
        assert buttons_with_text(first, "Save and start"), "first run switches at once"
        form = first.ids.form
        form.ids.surgery_date.text = "2026-11-12"
        press(chip(form.ids.drug, "morphine"))
        press(buttons_with_text(first, "Save and start")[0])
        frames(2)
        assert app.companion.profile()["language"] == "en", "an explicit choice is saved with the profile"


def test_first_run_without_a_choice_keeps_the_desktops_language(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A Spanish desktop shows first run in Spanish; saving keeps Spanish, so the next start is Spanish too."""
    monkeypatch.setenv("LANGUAGE", "es_ES")
    with running_app(home) as app, mouse():
        first = app.screen("first_run")
        frames(2)
        assert i18n.current_language() == "es"
        form = first.ids.form
        form.ids.surgery_date.text = "2026-11-12"
        press(chip(form.ids.drug, "morphine"))
        press(buttons_with_text(first, "Guardar y empezar")[0])
        frames(2)
        assert app.companion.profile()["language"] == "es", "a profile without a language would start in English"
    monkeypatch.setenv("LANGUAGE", "en_US")
    with running_app(home):
        assert i18n.current_language() == "es", "the patient's language, whatever the desktop says later"


def test_an_english_desktop_and_an_unknown_one_start_in_english(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("LANGUAGE", "fr_FR")
    with running_app(home):
        assert i18n.current_language() == "en"


def test_the_report_is_in_the_screens_language_with_a_button_for_an_english_speaking_care_team(
    saved_home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("RECOVERY_EXPORTS", str(tmp_path / "exports"))
    with open_store(saved_home) as store:
        store.save_profile({**PROFILE, "language": "es"})
    with running_app(saved_home) as app, mouse():
        week = app.go("week")
        frames(2)
        assert week.ids.english_report.shown
        press(buttons_with_text(week, "Guardar el informe (PDF)")[0])
        wait_for(lambda: not week.exporting and week.export_message.startswith("Se guardó"))
        spanish = PdfReader(str(tmp_path / "exports" / "recovery-report-2026-11-24.pdf")).pages[0].extract_text()
        press(buttons_with_text(week, "Guardarlo en inglés, para un equipo médico que habla inglés")[0])
        wait_for(lambda: not week.exporting and "recovery-report-2026-11-24-en.pdf" in week.export_message)
        english = PdfReader(str(tmp_path / "exports" / "recovery-report-2026-11-24-en.pdf")).pages[0].extract_text()
        assert spanish.startswith("Informe de recuperación") and "Dolor promedio" in spanish
        assert english.startswith("Recovery report") and "Dolor" not in english
        i18n.set_language("en")
        frames(3)
        assert not week.ids.english_report.shown, "in English the one button is enough"
