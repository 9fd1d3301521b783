"""Numbers and temperatures as the screens show them, in the patient's language.

``3.4`` / ``3,4``; ``38.4 °C`` / ``38,4 °C``; ``101.1 °F``. The decimal sign and digit
grouping come from Babel's CLDR data; the unit keeps a space before it in every language
(as the app has always shown it, and as Spanish writes it), a no-break space, so a line
never ends between a number and its unit. Values the patient typed are never reformatted:
these are for values the app computes or reads back from a record.
"""

from __future__ import annotations

from recovery.i18n import Language, language


def decimal(value: float, lang: Language | None = None) -> str:
    """``3.4`` / ``3,4``: as few decimals as the value needs (up to three), like ``:g``."""
    return (lang or language()).format_number(value)


def temperature(celsius: float, unit: str = "C", lang: Language | None = None) -> str:
    """``38.6 °C`` or ``101.5 °F`` (``38,6 °C``): one decimal, in the patient's unit."""
    value = celsius * 9 / 5 + 32 if unit == "F" else celsius
    return f"{(lang or language()).format_number(round(value, 1), 1)}\u00a0°{unit}"
