"""Dates and times as every screen, reminder and report words them, in the patient's language.

"Thu 26 Nov" / "jue, 26 nov", "in 5 days" / "dentro de 5 días", "at 10:30" / "a las 10:30".
Each function takes an optional :class:`~recovery.i18n.Language` (the care team's PDF may be
in another language than the screens); without one it follows the patient's choice.

The shapes come from Babel's CLDR data (a CLDR *skeleton* names the fields, the locale
orders and abbreviates them). English keeps the app's own unambiguous day-before-month
shape, "Thu 26 Nov", which is CLDR's British English one: a US reader does not misread
it, and "11/12" is never shown. In the pseudo-locale the words are marked like every
translated text, so the screen check sees that they went through here.
"""

from __future__ import annotations

from datetime import date, time

from recovery.i18n import DEFAULT_LANGUAGE, PSEUDO, Language, language
from recovery.i18n import pseudo as _pseudo

#: The app's English shapes (CLDR en_GB), by CLDR skeleton.
_ENGLISH = {
    "MMMEd": "EEE d MMM",
    "MMMd": "d MMM",
    "yMMMEd": "EEE d MMM y",
    "yMMMMEEEEd": "EEEE d MMMM y",
    "MMMMEEEEd": "EEEE d MMMM",
    "yMMMMd": "d MMMM y",
    "yMMMM": "MMMM y",
}


def _format(day: date, skeleton: str, lang: Language) -> str:
    from babel.dates import format_date, format_skeleton

    if lang.code in (DEFAULT_LANGUAGE, PSEUDO):
        text = format_date(day, _ENGLISH[skeleton], locale="en")
    else:
        text = format_skeleton(skeleton, day, locale=lang.locale)
    return _pseudo.mark(text) if lang.code == PSEUDO else text


def short_date(day: date, today: date, lang: Language | None = None) -> str:
    """``Thu 26 Nov`` (``jue, 26 nov``), with the year only when it is not this year."""
    return _format(day, "MMMEd" if day.year == today.year else "yMMMEd", lang or language())


def day_month(day: date, lang: Language | None = None) -> str:
    """``26 Nov`` (``26 nov``): a chart's day, never "26/11", which a US reader takes for a month."""
    return _format(day, "MMMd", lang or language())


def long_date(day: date, lang: Language | None = None) -> str:
    """``Thursday 26 November 2026`` (``jueves, 26 de noviembre de 2026``): a typed date read back."""
    return _format(day, "yMMMMEEEEd", lang or language())


def weekday_date(day: date, lang: Language | None = None) -> str:
    """``Thursday 26 November`` (``jueves, 26 de noviembre``)."""
    return _format(day, "MMMMEEEEd", lang or language())


def day_month_year(day: date, lang: Language | None = None) -> str:
    """``26 November 2026`` (``26 de noviembre de 2026``)."""
    return _format(day, "yMMMMd", lang or language())


def month_year(day: date, lang: Language | None = None) -> str:
    """``November 2026`` (``noviembre de 2026``)."""
    return _format(day, "yMMMM", lang or language())


def weekday_letters(day: date, lang: Language | None = None) -> str:
    """``Mo``, ``Tu`` (``Lu``, ``Ma``): a day under a chart column."""
    from babel.dates import format_date

    lang = lang or language()
    code = DEFAULT_LANGUAGE if lang.code == PSEUDO else lang.code
    text = format_date(day, "EEEEEE", locale=code).capitalize()
    return _pseudo.mark(text) if lang.code == PSEUDO else text


def in_days(day: date, today: date, lang: Language | None = None) -> str:
    """``today``, ``tomorrow``, ``in 5 days``, ``yesterday`` or ``5 days ago``."""
    lang = lang or language()
    delta = (day - today).days
    if delta == 0:
        return lang._("today")
    if delta == 1:
        return lang._("tomorrow")
    if delta == -1:
        return lang._("yesterday")
    if delta > 0:
        return lang.ngettext("in {count} day", "in {count} days", delta).format(count=delta)
    return lang.ngettext("{count} day ago", "{count} days ago", -delta).format(count=-delta)


def clock_time(clock: time) -> str:
    """``10:30``: the 24-hour clock, as the patient types times in the app."""
    return f"{clock:%H:%M}"


def at_time(clock: time | None, lang: Language | None = None) -> str:
    """`` at 10:30`` for a known time of day, empty otherwise (appended to a date).

    Prefer :func:`day_at`, which lets a language put the time where it belongs.
    """
    if clock is None:
        return ""
    # Translators: follows a date ("Thu 3 Dec at 10:30"); 24-hour time
    return " " + (lang or language())._("at {time}").format(time=clock_time(clock))


def day_at(day: date, clock: time | None, today: date, lang: Language | None = None) -> str:
    """``Thu 3 Dec at 10:30`` (``jue, 3 dic a las 10:30``), or just the date when there is no time."""
    lang = lang or language()
    if clock is None:
        return short_date(day, today, lang)
    # Translators: a date and a 24-hour time: "Thu 3 Dec at 10:30"
    return lang._("{day} at {time}").format(day=short_date(day, today, lang), time=clock_time(clock))
