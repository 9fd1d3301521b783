"""The patient's language: gettext catalogs for the words, Babel for dates, numbers and temperatures.

Why one module for the whole process: the app has one patient, and the screens, the CLI,
notifications and the PDF must all speak the same language, so the current language is
process-wide state with a single setter. ``set_language`` tells its listeners (the Kivy
translator in :mod:`recovery.ui.translate`), so open screens change without a restart.

Strings in Python are marked ``_("...")`` (or ``ngettext``/``pgettext``; ``N_`` marks a
constant that is translated later, where it is shown). The catalogs are standard gettext:
``recovery/locale/<lang>/LC_MESSAGES/recovery.po`` sources, compiled ``.mo`` files committed
beside them (so a plain clone works without a build step; a test fails when a ``.mo`` is
older than its ``.po``). ``python3 -m recovery.i18n`` extracts, updates, compiles and checks;
``docs/translating.md`` is the translator's guide. Data texts (plan, triage rules, pump guide)
are translated by id in ``data/i18n/<lang>.json``, see :mod:`recovery.i18n.data_texts`.

The language ``pseudo`` is for tests: every translated string comes back accented, padded
about a third longer and wrapped in ``‹ ›`` (:mod:`recovery.i18n.pseudo`), so a screen
rendered in it shows at a glance, and to a test, any text that skipped translation.

Babel is imported only inside the formatting functions: it is not needed for the first frame.
"""

from __future__ import annotations

import gettext as _gettext
import os
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from functools import lru_cache, wraps
from pathlib import Path
from typing import TYPE_CHECKING, Protocol, TypeVar

from recovery.i18n import pseudo

if TYPE_CHECKING:
    from babel import Locale

LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"
DOMAIN = "recovery"
DEFAULT_LANGUAGE = "en"
#: The test language that marks every translated string (never offered to patients).
PSEUDO = "pseudo"

_current = DEFAULT_LANGUAGE
_listeners: list[Callable[[str], None]] = []


class UnknownLanguageError(ValueError):
    """A language code with no catalog; the message lists the ones there are."""


def available_languages() -> tuple[str, ...]:
    """English, then every language with a compiled catalog in ``recovery/locale`` (sorted).

    Adding a language is adding its folder: nothing here lists them by hand.
    """
    found = sorted(
        path.parent.parent.name
        for path in LOCALE_DIR.glob(f"*/LC_MESSAGES/{DOMAIN}.mo")
        if path.parent.parent.name != DEFAULT_LANGUAGE
    )
    return (DEFAULT_LANGUAGE, *found)


def language_name(code: str) -> str:
    """A language's name in that language, for the chooser: ``English``, ``Español``."""
    if code == PSEUDO:
        return "Pseudo"
    from babel import Locale

    name = Locale.parse(code).get_display_name(code) or code
    return name[:1].upper() + name[1:]


def current_language() -> str:
    return _current


def set_language(code: str) -> None:
    """Switch the whole process to ``code`` and tell the listeners (open screens re-read their texts)."""
    global _current
    code = normalise_language(code)
    if code != PSEUDO and code not in available_languages():
        known = ", ".join(available_languages())
        raise UnknownLanguageError(f"there is no translation for language {code!r}; available: {known}")
    changed = code != _current
    _current = code
    if changed:
        for listener in list(_listeners):
            listener(code)


def add_listener(listener: Callable[[str], None]) -> None:
    """Call ``listener(code)`` after every change of language."""
    _listeners.append(listener)


def remove_listener(listener: Callable[[str], None]) -> None:
    if listener in _listeners:
        _listeners.remove(listener)


def normalise_language(code: str) -> str:
    """``es_US.UTF-8``, ``es-MX`` and ``ES`` all mean the catalog ``es``."""
    code = code.strip()
    if code == PSEUDO:
        return code
    return re.split(r"[_.@-]", code, maxsplit=1)[0].lower()


def system_language(environ: Mapping[str, str] = os.environ) -> str:
    """The desktop session's language if the app has it, else English.

    Reads the variables gettext reads, in its order; the first one set decides
    (``LANGUAGE`` may list several, best first: ``es_MX:es:en``).
    """
    available = available_languages()
    for variable in ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG"):
        value = environ.get(variable, "").strip()
        if not value:
            continue
        for candidate in value.split(":"):
            if candidate and normalise_language(candidate) in available:
                return normalise_language(candidate)
        return DEFAULT_LANGUAGE
    return DEFAULT_LANGUAGE


@lru_cache(maxsize=None)
def translations(code: str) -> _gettext.NullTranslations:
    """The compiled catalog for ``code`` (English and unknown codes: the identity)."""
    if code in (DEFAULT_LANGUAGE, PSEUDO):
        return _gettext.NullTranslations()
    return _gettext.translation(DOMAIN, LOCALE_DIR, languages=[code], fallback=True)


@dataclass(frozen=True)
class Language:
    """Words and formats in one language, whatever the current one is.

    The PDF for the care team (``export --lang en``) or a read-aloud script are built
    with an explicit ``Language``; screens use the module functions, which follow the
    patient's choice. ``lang._("...")`` is extracted like ``_("...")``.
    """

    code: str

    def _(self, message: str) -> str:
        if self.code == PSEUDO:
            return pseudo.mark(message)
        return translations(self.code).gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        if self.code == PSEUDO:
            return pseudo.mark(singular if count == 1 else plural)
        return translations(self.code).ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        if self.code == PSEUDO:
            return pseudo.mark(message)
        return translations(self.code).pgettext(context, message)

    def data_text(self, key: str, english: str) -> str:
        """A data text (plan, rules) by id; English where there is no up-to-date translation."""
        from recovery.i18n.data_texts import translated

        return translated(key, english, self.code)

    @property
    def locale(self) -> Locale:
        """The Babel locale (the pseudo-locale formats as English)."""
        return _babel_locale(DEFAULT_LANGUAGE if self.code == PSEUDO else self.code)

    def format_number(self, value: float, decimals: int | None = None) -> str:
        """``1,234.5`` in English, ``1234,5`` in Spanish; ``decimals`` fixes the digits after the point."""
        pattern = None if decimals is None else "#,##0" + ("." + "0" * decimals if decimals else "")
        return _format_decimal(value, pattern, DEFAULT_LANGUAGE if self.code == PSEUDO else self.code)

    def format_temperature(self, celsius: float, unit: str = "C") -> str:
        """``38,5 °C`` (Spanish), ``101.3 °F`` (English): one decimal, in the patient's unit.

        The number is CLDR's (decimal comma or point); the unit follows it after a space in
        every language, as Spanish writes it and as this app has always shown English
        (CLDR's English pattern, ``101.3°F``, would change every English screen and report).
        """
        if unit == "F":
            value, symbol = round(celsius * 9 / 5 + 32, 1), "°F"
        else:
            value, symbol = celsius, "°C"
        shown = float(f"{value:.1f}")  # Python's rounding, as triage compares readings (38.45 → 38.5)
        return f"{self.format_number(shown, 1)} {symbol}"

    def format_day(self, day: date, today: date | None = None) -> str:
        """The weekday and date: ``jueves, 26 de noviembre``, ``Thursday, November 26``.

        Without the year, unless ``today`` is given and falls in another year
        (``jueves, 7 de enero de 2027``). CLDR's pattern for this (the ``MMMMEd`` skeleton)
        abbreviates the weekday; a patient reads the whole word more easily, so the weekday
        field is widened, as CLDR's own skeleton-matching rules allow and Babel does not do.
        """
        from babel.dates import format_date, match_skeleton

        skeleton = "yMMMMEd" if today is not None and day.year != today.year else "MMMMEd"
        skeletons = self.locale.datetime_skeletons
        pattern = _widen_weekday(str(skeletons[match_skeleton(skeleton, skeletons) or skeleton]))
        text = format_date(day, pattern, locale=self.locale)
        return pseudo.mark(text) if self.code == PSEUDO else text

    def format_short_day(self, day: date, today: date | None = None, *, weekday: bool = True) -> str:
        """``Thu 26 Nov`` / ``jue, 26 nov``, with the year when it is not ``today``'s year (or no ``today``).

        English keeps the app's own day-month order; other languages take CLDR's pattern.
        Without the ``weekday``: ``26 Nov 2026`` / ``26 nov 2026``.
        """
        from babel.dates import format_date, match_skeleton

        with_year = today is None or day.year != today.year
        if self.locale.language == DEFAULT_LANGUAGE:
            pattern = ("EEE " if weekday else "") + ("d MMM y" if with_year else "d MMM")
        else:
            skeleton = ("y" if with_year else "") + "MMM" + ("Ed" if weekday else "d")
            skeletons = self.locale.datetime_skeletons
            pattern = str(skeletons[match_skeleton(skeleton, skeletons) or skeleton])
        text = format_date(day, pattern, locale=self.locale)
        return pseudo.mark(text) if self.code == PSEUDO else text

    def format_month_year(self, day: date) -> str:
        """``November 2026`` / ``noviembre de 2026``."""
        from babel.dates import format_skeleton

        text = format_skeleton("yMMMM", day, locale=self.locale)
        return pseudo.mark(text) if self.code == PSEUDO else text

    def format_list(self, items: Sequence[str]) -> str:
        """``bending, lifting, and driving`` / ``agacharse, levantar peso y manejar``.

        Spanish "y" becomes "e" before a word that starts with the sound *i*
        (``enrojecimiento e hinchazón``), which CLDR's list patterns do not do.
        """
        from babel.lists import format_list

        items = list(items)
        text = format_list(items, locale=self.locale) if items else ""
        if self.locale.language == "es" and len(items) > 1 and _starts_with_i_sound(items[-1]):
            before, joiner, last = text.rpartition(" y ")
            if joiner and last == items[-1]:
                text = f"{before} e {last}"
        return pseudo.mark(text) if self.code == PSEUDO else text


def _starts_with_i_sound(word: str) -> bool:
    """``hinchazón``, ``irritación``: yes; ``hielo`` (a diphthong), ``hueso``: no."""
    lowered = word.strip().lower()
    for start in ("hi", "hí", "i", "í"):
        if lowered.startswith(start):
            following = lowered[len(start) : len(start) + 1]
            return following not in ("a", "e", "o", "u", "á", "é", "ó", "ú")
    return False


def _widen_weekday(pattern: str) -> str:
    """``E, d 'de' MMMM`` → ``EEEE, d 'de' MMMM`` (quoted literals are left alone)."""
    parts = pattern.split("'")
    for index in range(0, len(parts), 2):  # even parts are outside quotes
        parts[index] = re.sub(r"(?<![Ec])[Ec]{1,3}(?![Ec])", lambda m: m.group(0)[0] * 4, parts[index])
    return "'".join(parts)


_Built = TypeVar("_Built")


class PerLanguage(Protocol[_Built]):
    """A loader cached once per language (see :func:`cached_per_language`)."""

    def __call__(self, lang: str | None = None) -> _Built: ...

    def cache_clear(self) -> None: ...


def cached_per_language(build: Callable[[str], _Built]) -> PerLanguage[_Built]:
    """Cache a data loader per language: ``load(lang=None)`` builds once for each language asked for.

    ``None`` means the current language, resolved on every call, so a loader follows
    :func:`set_language` without a restart and still parses each language only once.
    """
    cached = lru_cache(maxsize=8)(build)

    @wraps(build)
    def load(lang: str | None = None) -> _Built:
        return cached(lang or _current)

    load.cache_clear = cached.cache_clear  # type: ignore[attr-defined]
    return load  # type: ignore[return-value]


def language(code: str | None = None) -> Language:
    """``Language`` for ``code``, or for the current language."""
    return Language(code or _current)


# --------------------------------------------------------------------------- the current language


def gettext(message: str) -> str:
    """``message`` in the current language (unchanged where the catalog has no translation)."""
    return Language(_current)._(message)


_ = gettext


def ngettext(singular: str, plural: str, count: int) -> str:
    """The singular or plural form for ``count``, by the current language's plural rule."""
    return Language(_current).ngettext(singular, plural, count)


def pgettext(context: str, message: str) -> str:
    """``message`` translated in a context, for one English word with two meanings."""
    return Language(_current).pgettext(context, message)


def N_(message: str) -> str:  # noqa: N802 - the gettext convention for "mark only"
    """Mark a constant for extraction; translate it with ``_`` where it is shown."""
    return message


def format_number(value: float, decimals: int | None = None) -> str:
    return Language(_current).format_number(value, decimals)


def format_temperature(celsius: float, unit: str = "C") -> str:
    return Language(_current).format_temperature(celsius, unit)


def format_day(day: date, today: date | None = None) -> str:
    return Language(_current).format_day(day, today)


def format_short_day(day: date, today: date | None = None) -> str:
    return Language(_current).format_short_day(day, today)


def format_list(items: Sequence[str]) -> str:
    return Language(_current).format_list(items)


@lru_cache(maxsize=None)
def _babel_locale(code: str) -> Locale:
    from babel import Locale

    return Locale.parse(code)


@lru_cache(maxsize=4096)
def _format_decimal(value: float, pattern: str | None, code: str) -> str:
    """Babel's number formatting, remembered: triage words every limit of every check-in in a week
    (about 10 numbers each), and Babel takes ~0.1 ms a number, most of a week review's time."""
    from babel.numbers import format_decimal

    return format_decimal(value, format=pattern, locale=_babel_locale(code))
