"""Refused profile, pump and pre-op answers are explained in a patient's words, quoting what was typed."""

from __future__ import annotations

import pytest

from recovery.form_words import field_message
from recovery.profile import PROFILE_FIELDS, validate_profile
from recovery.validation import ValidationError


@pytest.mark.parametrize(
    ("field", "typed", "pick", "says"),
    [
        ("surgery_date", "next month", True, "“next month” is not a date the app can read. Type the date like 2026-12-21, or pick it with the − and + buttons."),
        ("next_refill_date", "20/12/2026", False, "“20/12/2026” is not a date the app can read. Type the date like 2026-12-21."),
        ("trial_date", "", False, "Type the date like 2026-12-21."),
        ("clinic_phone", "call me maybe", False, "“call me maybe” is not a phone number. Type digits, like 555 0142 or +44 20 7946 0000."),
        ("emergency_number", "nine one one", False, "Type the emergency number in digits only, like 911, 999 or 112."),
        ("reminder_time", "9am", False, "“9am” is not a time. Type the time like 09:00 or 18:30 (24-hour clock)."),
        ("clinic_name", "x" * 81, False, "That is 81 letters long; the clinic's name can be at most 80."),
        ("refill_interval_days", 3, False, "Type the number of days between refills, from 7 to 365, like 56."),
    ],
)
def test_each_refused_answer_gets_one_plain_sentence(field: str, typed: object, pick: bool, says: str) -> None:
    assert field_message(field, typed, can_pick_date=pick) == says


def test_no_message_for_a_form_field_speaks_in_codes() -> None:
    for field in PROFILE_FIELDS:
        message = field_message(field, "?!")
        assert "YYYY" not in message and "got" not in message and "_" not in message, (field, message)


def test_the_core_still_refuses_what_the_form_words_explain() -> None:
    with pytest.raises(ValidationError) as refused:
        validate_profile({"surgery_date": "next month", "drug": "morphine", "reminder_time": "9am"})
    assert set(refused.value.errors) == {"surgery_date", "reminder_time"}
