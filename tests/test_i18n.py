"""The language machinery: choosing a language, gettext lookups, Babel formats and the pseudo-locale."""

from __future__ import annotations

from datetime import date

import pytest

from i18n_helpers import in_language
from recovery import i18n
from recovery.i18n import pseudo


def test_english_is_the_default_and_spanish_is_found_from_its_catalog() -> None:
    assert i18n.current_language() == "en"
    assert i18n.available_languages() == ("en", "es")
    assert [i18n.language_name(code) for code in i18n.available_languages()] == ["English", "Español"]


def test_an_unknown_language_is_refused_with_the_list_of_known_ones() -> None:
    with pytest.raises(i18n.UnknownLanguageError, match="'fr'.*available: en, es"):
        i18n.set_language("fr")
    assert i18n.current_language() == "en"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({"LANG": "es_US.UTF-8"}, "es"),
        ({"LANG": "es_MX.UTF-8", "LC_ALL": "en_US.UTF-8"}, "en"),  # LC_ALL wins over LANG
        ({"LANGUAGE": "fr:es", "LANG": "fr_FR.UTF-8"}, "es"),  # first listed language the app has
        ({"LANG": "fr_FR.UTF-8"}, "en"),
        ({"LANG": "C.UTF-8"}, "en"),
        ({}, "en"),
    ],
)
def test_the_system_language_is_used_only_when_the_app_has_it(environ: dict[str, str], expected: str) -> None:
    assert i18n.system_language(environ) == expected


def test_gettext_follows_the_current_language_and_tells_its_listeners() -> None:
    heard: list[str] = []
    i18n.add_listener(heard.append)
    try:
        assert i18n._("Read aloud") == "Read aloud"
        with in_language("es"):
            assert i18n._("Read aloud") == "Leer en voz alta"
            assert i18n._("A string nobody translated") == "A string nobody translated"
        assert i18n._("Read aloud") == "Read aloud"
    finally:
        i18n.remove_listener(heard.append)
    assert heard == ["es", "en"]


def test_an_explicit_language_does_not_change_the_current_one() -> None:
    spanish = i18n.language("es")
    assert spanish._("Stop reading") == "Dejar de leer"
    assert i18n.current_language() == "en"


def test_spanish_plural_forms_come_from_the_compiled_catalog_header() -> None:
    # Babel wrote CLDR's three Spanish forms (one, many for whole millions, other) into the header.
    catalog = i18n.translations("es")
    assert "nplurals=3" in catalog.info()["plural-forms"]
    assert [catalog.plural(n) for n in (1, 2, 0, 1_000_000)] == [0, 2, 2, 1]  # type: ignore[attr-defined]


@pytest.mark.parametrize(
    ("code", "day", "celsius", "fahrenheit", "number", "things"),
    [
        ("es", "jueves, 26 de noviembre", "38,5 °C", "101,3 °F", "1.234,5", "agacharse, levantar y manejar"),
        ("en", "Thursday, November 26", "38.5 °C", "101.3 °F", "1,234.5", "agacharse, levantar, and manejar"),
    ],
)
def test_dates_numbers_temperatures_and_lists_follow_the_language(
    code: str, day: str, celsius: str, fahrenheit: str, number: str, things: str
) -> None:
    lang = i18n.language(code)
    assert lang.format_day(date(2026, 11, 26)) == day
    assert lang.format_temperature(38.5) == celsius
    assert lang.format_temperature(38.5, "F") == fahrenheit
    assert lang.format_number(1234.5, 1) == number
    assert lang.format_list(["agacharse", "levantar", "manejar"]) == things


def test_the_module_functions_format_in_the_current_language() -> None:
    with in_language("es"):
        assert i18n.format_day(date(2026, 11, 26)) == "jueves, 26 de noviembre"
        assert i18n.format_temperature(38.46) == "38,5 °C"
        assert i18n.format_number(2.5) == "2,5"


def test_the_weekday_is_widened_outside_quoted_literals_only() -> None:
    assert i18n._widen_weekday("E, d 'de' MMMM") == "EEEE, d 'de' MMMM"
    assert i18n._widen_weekday("EEE d 'Easter' MMM") == "EEEE d 'Easter' MMM"


def test_the_pseudo_locale_marks_accents_and_lengthens_but_keeps_placeholders() -> None:
    marked = pseudo.mark("Call {number} now, %(name)s")
    assert marked.startswith("‹") and marked.endswith("›")
    assert "{number}" in marked and "%(name)s" in marked
    assert "Call" not in marked and "Çåļļ" in marked
    assert len(marked) >= len("Call {number} now, %(name)s") * 1.3
    assert marked.format(number="911") == marked.replace("{number}", "911")
    assert pseudo.mark("") == ""


def test_untranslated_parts_finds_english_outside_the_marks_even_when_nested() -> None:
    inner = pseudo.mark("driving")
    outer = pseudo.mark("Not yet: {things}").format(things=inner)
    assert pseudo.untranslated_parts(outer) == []
    assert pseudo.untranslated_parts(f"{outer} and more") == ["and", "more"]
    assert pseudo.untranslated_parts("38.5 °C, 5 5 5") == []
    assert pseudo.untranslated_parts("Call 911 now") == ["Call", "now"]


def test_in_the_pseudo_locale_every_kind_of_text_comes_back_marked() -> None:
    with in_language(i18n.PSEUDO):
        assert pseudo.is_marked(i18n._("Read aloud"))
        assert pseudo.is_marked(i18n.ngettext("{n} day", "{n} days", 3).format(n=3))
        assert pseudo.is_marked(i18n.format_day(date(2026, 11, 26)))
        assert pseudo.is_marked(i18n.language().format_list(["a", "b"]))
        assert pseudo.is_marked(i18n.language().data_text("triage_rules:levels/ok/title", "Nothing here needs a call"))
