"""The check-in form's words and parsing, without Kivy: its choices, the typed temperature, the answers.

The choices' labels are English ids (``N_``), shown translated (``tr.labels`` in the .kv
file); a refused temperature is explained in the patient's language, quoting what was typed.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from recovery.checkin import TEMPERATURE_MAX_C, TEMPERATURE_MIN_C, celsius_from_fahrenheit
from recovery.i18n import N_, _
from recovery.number_words import decimal
from recovery.validation import ValidationError

# The choices' labels are English ids (N_), shown translated (``tr.labels`` in the .kv files).

#: Single-choice questions: field → [(value, label)].
CHOICES: dict[str, list[tuple[str, str]]] = {
    # Translators: how bad a headache is
    "headache": [("none", N_("None")), ("mild", N_("Mild")), ("moderate", N_("Moderate")), ("severe", N_("Severe"))],
    "pump_swelling": [
        ("none", N_("No swelling")),
        ("small_stable", N_("Small, not growing")),
        ("new_or_growing", N_("New or growing")),
    ],
    "leg_weakness": [("none", N_("Normal")), ("gradual", N_("Weaker over days")), ("sudden", N_("Suddenly weak or numb"))],
    "pump_alarm": [("none", N_("No alarm")), ("single_tone", N_("Single beeps")), ("two_tone", N_("Two-tone alarm"))],
}
WOUND_CHOICES: list[tuple[str, str]] = [
    ("redness", N_("Redness")),
    ("warmth", N_("Warm to touch")),
    ("swelling", N_("Swelling")),
    ("drainage", N_("Leaking fluid")),
    ("opening", N_("Opening up")),
    ("bleeding", N_("Bleeding")),
]
#: Yes/no signs shown as chips; a picked chip records ``True``.
SIGN_CHOICES: list[tuple[str, str]] = [
    ("slow_breathing", N_("Breathing slow or shallow")),
    ("confused_or_hard_to_wake", N_("Confused or hard to wake")),
    ("stiff_neck", N_("Stiff neck")),
    ("nausea", N_("Feeling sick")),
    ("urination_trouble", N_("Trouble passing urine")),
    ("bowel_bladder_change", N_("Bowel or bladder change")),
    ("itching_tingling", N_("Itching or tingling")),
    ("spasticity_increase", N_("Stiffer muscles, more spasms")),
]
#: The "Anything else?" group (data version 5): rarer signs, folded away so a normal day stays two taps.
MORE_SIGN_CHOICES: list[tuple[str, str]] = [
    ("cannot_pass_urine", N_("No urine for 8 hours")),
    ("seizure", N_("A seizure (fit)")),
    ("self_harm_thoughts", N_("Thoughts of harming myself")),
    ("hallucinations_or_mood_change", N_("Seeing or hearing things, or a sudden mood change")),
    ("dizzy_or_fainting", N_("Dizzy or fainting")),
    ("rash_or_hives", N_("A new rash or hives")),
    ("pump_moved", N_("Pump feels moved or loose")),
]
#: Yes and No for a follow-up question.
YES_NO: list[tuple[bool, str]] = [(True, N_("Yes")), (False, N_("No"))]
TEMPERATURE_RANGES = {"C": (TEMPERATURE_MIN_C, TEMPERATURE_MAX_C), "F": (93.2, 109.4)}
TEMPERATURE_EXAMPLES = {"C": 37.2, "F": 98.6}


def temperature_example(unit: str) -> str:
    """``37.2`` (``37,2``): a typical reading to show in the field, with the language's decimal sign."""
    return decimal(TEMPERATURE_EXAMPLES[unit])


def parse_temperature(text: str, unit: str) -> float | None:
    """A typed reading in the patient's unit as stored °C; ``None`` if left empty.

    Raises ``ValueError`` with a message for beside the field, in plain words, quoting
    what was typed: a letter in the number ("1o1.3"), a reading in the other unit, or a
    number no thermometer shows on a person ("399" for 39.9).
    """
    typed = text.strip()
    cleaned = typed.replace(",", ".").rstrip("°CFcf ").strip()
    if not cleaned:
        return None
    low, high = TEMPERATURE_RANGES[unit]
    example = temperature_example(unit)
    try:
        value = float(cleaned)
    except ValueError:
        odd = next((c for c in cleaned if not (c.isdigit() or c in ".-+")), "")
        if not any(c.isdigit() for c in cleaned):
            problem = _("“{typed}” is not a number. Type the temperature as a number, like {example}.")
        elif odd.isalpha():
            problem = _("“{typed}” has the letter “{odd}” in it. Type the temperature as a number, like {example}.")
        elif odd.strip():
            problem = _("“{typed}” has “{odd}” in it. Type the temperature as a number, like {example}.")
        else:
            problem = _("“{typed}” is more than one number. Type the temperature as a number, like {example}.")
        raise ValueError(problem.format(typed=typed, odd=odd, example=example)) from None
    if not math.isfinite(value) or not low <= value <= high:
        other = "F" if unit == "C" else "C"
        other_low, other_high = TEMPERATURE_RANGES[other]
        if other_low <= value <= other_high:
            raise ValueError(
                _(
                    "{value} looks like °{other}, but the app is set to °{unit}. Type it in °{unit}, like {example}, "
                    "or change the unit in Settings."
                ).format(value=decimal(value), other=other, unit=unit, example=example)
            )
        raise ValueError(
            _("{value} °{unit} is not a body temperature. Type a number from {low} to {high}, like {example}.").format(
                value=decimal(value) if math.isfinite(value) else typed, unit=unit, low=decimal(low), high=decimal(high), example=example
            )
        )
    celsius = value if unit == "C" else celsius_from_fahrenheit(value)
    return round(min(max(celsius, TEMPERATURE_MIN_C), TEMPERATURE_MAX_C), 2)


@dataclass
class CheckinForm:
    """What the check-in screen collected; only answered questions become fields."""

    pain: int | None = None
    temperature_text: str = ""
    headache: str | None = None
    headache_upright: bool | None = None
    wound: list[str] = field(default_factory=list)
    wound_answered: bool = False
    pump_swelling: str | None = None
    leg_weakness: str | None = None
    signs: list[str] = field(default_factory=list)
    pump_alarm: str | None = None
    notes: str = ""
    drowsy: bool | None = None

    def fields(self, unit: str) -> dict[str, Any]:
        """The check-in fields (without ``recorded_at``); raises ``ValidationError`` for bad input."""
        result: dict[str, Any] = {}
        if self.pain is not None:
            result["pain"] = self.pain
        try:
            temperature = parse_temperature(self.temperature_text, unit)
        except ValueError as exc:
            raise ValidationError({"temperature_c": str(exc)}, what="check-in") from None
        if temperature is not None:
            result["temperature_c"] = temperature
        for name in ("headache", "pump_swelling", "leg_weakness", "pump_alarm"):
            value = getattr(self, name)
            if value is not None:
                result[name] = value
        if self.headache not in (None, "none") and self.headache_upright is not None:
            result["headache_upright"] = self.headache_upright
        if self.wound or self.wound_answered:
            result["wound"] = list(self.wound)
        for sign in self.signs:
            result[sign] = True
        if self.drowsy is not None:
            result["drowsy"] = self.drowsy
        if self.notes.strip():
            result["notes"] = self.notes.strip()
        return result
