"""What Read aloud says: the level, what to do and the numbers, digit by digit, in the chosen language."""

from __future__ import annotations

import pytest

from helpers import PROFILE
from recovery import i18n, read_aloud
from recovery.read_aloud import help_script, result_script, spoken_number, today_script

EN, ES = i18n.language("en"), i18n.language("es")

EMERGENCY_EN = (
    "Get emergency help now. Call 9 1 1 now, or have someone call for you. "
    "The emergency number is 9 1 1. Your pump clinic, Riverside Pain Clinic: 5 5 5, 0 1 4 2."
)
EMERGENCY_ES = (
    "Pida ayuda de emergencia ahora. Llame al 9 1 1 ahora, o pida a alguien que llame por usted. "
    "El número de emergencias es el 9 1 1. Su clínica de la bomba, Riverside Pain Clinic: 5 5 5, 0 1 4 2."
)


@pytest.mark.parametrize(
    ("number", "spoken"),
    [
        ("911", "9 1 1"),
        ("555-0142", "5 5 5, 0 1 4 2"),
        ("(555) 014 2000", "5 5 5, 0 1 4, 2 0 0 0"),
        ("+1 555.014.2000 ext 12", "plus, 1, 5 5 5, 0 1 4, 2 0 0 0, ext, 1 2"),
        ("112", "1 1 2"),
        ("", ""),
    ],
)
def test_phone_numbers_are_read_digit_by_digit_in_their_groups(number: str, spoken: str) -> None:
    assert spoken_number(number, EN) == spoken


def test_the_plus_of_an_international_number_is_said_in_the_language() -> None:
    assert spoken_number("+52 55 1234", ES) == "más, 5 2, 5 5, 1 2 3 4"


def test_the_emergency_result_is_read_exactly_in_english_and_spanish() -> None:
    assert result_script("emergency", PROFILE, EN) == EMERGENCY_EN
    assert result_script("emergency", PROFILE, ES) == EMERGENCY_ES


def test_call_today_reads_the_clinic_and_its_number_and_nothing_is_left_unformatted() -> None:
    english = result_script("call_doctor", PROFILE, EN)
    assert english.startswith("Call your care team today. Call Riverside Pain Clinic today on 5 5 5, 0 1 4 2.")
    spanish = result_script("call_doctor", PROFILE, ES)
    assert spanish.startswith("Llame hoy a su equipo médico. Llame hoy a Riverside Pain Clinic al 5 5 5, 0 1 4 2.")
    for level in ("ok", "watch", "call_doctor", "emergency"):
        for lang in (EN, ES):
            text = result_script(level, PROFILE, lang)
            assert "{" not in text and "555-0142" not in text and "911" not in text
            assert text.endswith("5 5 5, 0 1 4 2.")


def test_without_a_clinic_number_the_script_says_where_to_add_it() -> None:
    settings = {"emergency_number": "112"}
    english = result_script("call_doctor", settings, EN)
    assert english.startswith("Call your care team today. Call your pump clinic today. If you cannot reach them")
    assert english.endswith("The emergency number is 1 1 2. Your clinic's number is not saved yet. You can add it in Settings.")
    assert result_script("call_doctor", settings, ES).startswith("Llame hoy a su equipo médico. Llame hoy a su clínica de la bomba.")


def test_help_now_reads_the_emergency_advice_and_both_numbers() -> None:
    assert help_script(PROFILE, ES) == (
        "Si cree que tiene una emergencia, llame al 9 1 1 de inmediato. "
        "Diga que tiene una bomba implantada para el dolor y qué medicamento lleva. "
        "Si algo le preocupa y no es una emergencia, llame hoy a su clínica de la bomba. "
        "El número de emergencias es el 9 1 1. Su clínica de la bomba, Riverside Pain Clinic: 5 5 5, 0 1 4 2."
    )


def test_today_reads_the_day_any_warning_what_to_do_and_what_not_yet() -> None:
    text = today_script(
        "Día 12 de unos 56", "Camine un poco cada día", ["agacharse", "levantar peso", "manejar"], "watch", PROFILE, ES
    )
    assert text == (
        "Día 12 de unos 56. Esté atento a esto. "
        "Vuelva a registrar cómo se siente en unas horas, o antes si empeora. "
        "Qué hacer: Camine un poco cada día. Todavía no: agacharse, levantar peso y manejar. "
        "El número de emergencias es el 9 1 1. Su clínica de la bomba, Riverside Pain Clinic: 5 5 5, 0 1 4 2."
    )
    plain = today_script("Day 3 of about 56", "", [], None, PROFILE, EN)
    assert plain == "Day 3 of about 56. " + read_aloud.numbers_to_call(PROFILE, EN)


def test_the_current_language_is_used_when_none_is_given() -> None:
    assert result_script("emergency", PROFILE) == EMERGENCY_EN
