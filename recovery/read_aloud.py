"""What "Read aloud" says: the level, what to do, and the numbers to call, in the patient's language.

Only words here; :mod:`recovery.speech` makes the sound. Phone numbers are spelled out one
digit at a time in their groups ("5 5 5, 0 1 4 2"): a speech engine reads "911" as "nine
hundred eleven" and a long number as an amount, and a patient writing it down needs the
digits. The level's title and action come from the triage rules (translated by id), so
what the patient hears is what the result screen shows. The numbers come last, always,
so the script ends on what to dial.
"""

from __future__ import annotations

import re
import string
from collections.abc import Mapping, Sequence
from typing import Any

from recovery.i18n import Language, language

DEFAULT_EMERGENCY_NUMBER = "911"
_GROUPS = re.compile(r"\d+|[^\W\d_]+|\+")


def spoken_number(number: str, lang: Language | None = None) -> str:
    """``555-0142`` → ``5 5 5, 0 1 4 2``; ``+1 (555) 014-2000`` → ``plus, 1, 5 5 5, 0 1 4, 2 0 0 0``.

    Digits are separated by spaces (each read alone), groups by commas (a short pause);
    letters (``ext``) are kept as words, other punctuation dropped.
    """
    lang = lang or language()
    parts = []
    for group in _GROUPS.findall(number):
        if group == "+":
            # Translators: the + at the start of an international phone number, read aloud
            parts.append(lang._("plus"))
        elif group.isdigit():
            parts.append(" ".join(group))
        else:
            parts.append(group)
    return ", ".join(parts)


def _numbers(settings: Mapping[str, Any]) -> tuple[str, str, str]:
    emergency = str(settings.get("emergency_number") or "").strip() or DEFAULT_EMERGENCY_NUMBER
    clinic = str(settings.get("clinic_name") or "").strip()
    phone = str(settings.get("clinic_phone") or "").strip()
    return emergency, clinic, phone


def numbers_to_call(settings: Mapping[str, Any], lang: Language | None = None) -> str:
    """The closing lines: the emergency number, then the clinic's, digit by digit."""
    lang = lang or language()
    emergency, clinic, phone = _numbers(settings)
    lines = [lang._("The emergency number is {number}.").format(number=spoken_number(emergency, lang))]
    if phone and clinic:
        lines.append(lang._("Your pump clinic, {clinic}: {number}.").format(clinic=clinic, number=spoken_number(phone, lang)))
    elif phone:
        lines.append(lang._("Your pump clinic: {number}.").format(number=spoken_number(phone, lang)))
    else:
        lines.append(lang._("Your clinic's number is not saved yet. You can add it in Settings."))
    return " ".join(lines)


class _Blank(dict[str, str]):
    """Formatting words for a rule text: unknown placeholders read as nothing, never an error."""

    def __missing__(self, key: str) -> str:
        return ""


def level_words(level: str, settings: Mapping[str, Any], lang: Language | None = None) -> tuple[str, str]:
    """The level's title and what to do, as the triage rules say them, with numbers read digit by digit."""
    from recovery.triage import load_rules

    lang = lang or language()
    book = load_rules()
    emergency, clinic, phone = _numbers(settings)
    words = _Blank(
        emergency_number=spoken_number(emergency, lang),
        clinic=clinic or lang._("your pump clinic"),
        # Translators: follows "Call <clinic> today" in a rule's action; {number} is read digit by digit
        clinic_phone_clause=(" " + lang._("on {number}").format(number=spoken_number(phone, lang))) if phone else "",
    )
    title = lang.data_text(f"triage_rules:levels/{level}/title", book.level_titles[level])  # type: ignore[index]
    action = lang.data_text(f"triage_rules:levels/{level}/action", book.level_actions[level])  # type: ignore[index]
    return _sentence(title), string.Formatter().vformat(action, (), words)


def result_script(level: str, settings: Mapping[str, Any], lang: Language | None = None) -> str:
    """What "Read aloud" says on a triage result: the level, what to do, the numbers to call."""
    lang = lang or language()
    title, action = level_words(str(level), settings, lang)
    return " ".join((title, action, numbers_to_call(settings, lang)))


def help_script(settings: Mapping[str, Any], lang: Language | None = None) -> str:
    """What "Read aloud" says on Help now."""
    lang = lang or language()
    emergency, _clinic, _phone = _numbers(settings)
    lines = [
        lang._("If you think you have an emergency, call {number} right away.").format(number=spoken_number(emergency, lang)),
        lang._("Say you have an implanted pain pump and which medicine is in it."),
        lang._("For a worry that is not an emergency, call your pump clinic today."),
        numbers_to_call(settings, lang),
    ]
    return " ".join(lines)


def today_script(
    headline: str,
    to_do: str,
    not_yet: Sequence[str],
    warning_level: str | None,
    settings: Mapping[str, Any],
    lang: Language | None = None,
) -> str:
    """What "Read aloud" says on Today: the day, what to do, what not to do yet, any warning, the numbers.

    ``headline``, ``to_do`` and ``not_yet`` are the words the Today screen shows (already in
    the patient's language); ``warning_level`` is the latest warning's level, if any.
    """
    lang = lang or language()
    lines = [_sentence(headline)]
    if warning_level:
        title, action = level_words(warning_level, settings, lang)
        lines += [title, action]
    if to_do:
        lines.append(lang._("What to do: {advice}").format(advice=_sentence(to_do)))
    if not_yet:
        lines.append(lang._("Not yet: {things}.").format(things=lang.format_list(list(not_yet))))
    lines.append(numbers_to_call(settings, lang))
    return " ".join(lines)


def _sentence(text: str) -> str:
    """End with a full stop so the voice pauses (titles on screen have none)."""
    text = text.strip()
    return text if not text or text[-1] in ".!?:" else text + "."
