"""The facts triage rules can name that need arithmetic, and the words their texts quote.

Temperatures are compared the way the patient sees them: in their own unit, rounded to
the 0.1 degree the screen shows. So 100.0 °F against a 37.8 °C limit (shown as
100.0 °F) is *at* the limit, and no result can say "100.0 °F is below your limit of
100.0 °F". Every number comes from the rules file's cited parameters or the plan.

A fact never raises: a profile date that cannot be read makes the date-based facts
take their safer reading, and an invalid earlier check-in is skipped (and counted).

The words are in one language (the current one unless given): the rule texts come
translated from the rules file's translations, and every word built here (whom to call,
the wound signs, the temperatures) is translated and formatted to fit inside them.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from functools import lru_cache
from typing import Any

from recovery.checkin import format_temperature, local_day, recorded_at, shown_tenths, validate_checkin
from recovery.drugs import drug_of
from recovery.i18n import N_, Language, language
from recovery.rulebook import RuleBook
from recovery.validation import is_real_number

DEFAULT_EMERGENCY_NUMBER = "911"
#: The wound signs of a check-in (:data:`recovery.checkin.WOUND_SIGNS`) as a rule's reason quotes them.
WOUND_SIGN_WORDS = {
    # Translators: wound signs, joined into "You reported {wound_signs} at an incision."
    "redness": N_("redness"),
    "warmth": N_("warmth"),
    "swelling": N_("swelling"),
    "drainage": N_("drainage"),
    # Translators: a wound sign: the wound has opened
    "opening": N_("opening"),
    "bleeding": N_("bleeding"),
}


@dataclass(frozen=True)
class History:
    """Earlier check-ins parsed once: the valid ones with their moments, and how many were skipped.

    Pass one to :func:`recovery.triage.assess` when assessing many check-ins against the
    same history (a week review), so it is validated once instead of once per check-in.
    """

    entries: tuple[tuple[datetime, dict[str, Any]], ...]
    skipped: int

    @classmethod
    def of(cls, history: Iterable[Any]) -> History:
        if isinstance(history, History):
            return history
        kept: list[tuple[datetime, dict[str, Any]]] = []
        skipped = 0
        for entry in history:
            try:
                valid = validate_checkin(entry)
                kept.append((recorded_at(valid), valid))
            except (ValueError, TypeError):
                skipped += 1
        return cls(tuple(kept), skipped)


class Facts:
    """The facts for one (validated) check-in, computed lazily."""

    def __init__(
        self,
        checkin: Mapping[str, Any],
        profile: Mapping[str, Any],
        history: History,
        book: RuleBook,
        words_in: Language | None = None,
    ) -> None:
        self.words_in = words_in or language()
        self.checkin = checkin
        self.profile = profile
        self.history = history
        self.book = book
        self.unit = "F" if profile.get("temperature_unit") == "F" else "C"
        self.threshold_c = fever_threshold_c(profile)
        self.drug = drug_of(profile)
        self._baseline: float | None | bool = False  # False: not computed yet

    # ------------------------------------------------------------------ facts

    def holds(self, fact: str) -> bool:
        parameters = self.book.parameters
        if fact == "fever":
            return self._at_or_above(self.threshold_c)
        if fact == "raised_temperature":
            return self._at_or_above(parameters["raised_temperature_from_c"]) and not self._at_or_above(self.threshold_c)
        if fact == "very_high_temperature":
            return self._at_or_above(parameters["very_high_temperature_c"])
        if fact == "low_temperature":
            reading = self.checkin.get("temperature_c")
            low = parameters["low_temperature_below_c"]
            return reading is not None and shown_tenths(reading, self.unit) < shown_tenths(low, self.unit)
        if fact == "after_pump_change":
            return self._after_pump_change()
        if fact == "headache_expected":
            return self._within_days(parameters["headache_expected_until_day"])
        if fact == "wound_swelling_expected":
            return self._within_days(parameters["wound_swelling_expected_until_day"])
        if fact == "pain_rising":
            baseline = self.pain_baseline()
            pain = self.checkin.get("pain")
            return pain is not None and baseline is not None and pain >= baseline + self.book.pain_rise_points
        raise AssertionError(fact)

    def _at_or_above(self, limit_c: float) -> bool:
        reading = self.checkin.get("temperature_c")
        return reading is not None and shown_tenths(reading, self.unit) >= shown_tenths(limit_c, self.unit)

    def _day_since_implant(self) -> int | None:
        try:
            surgery = date.fromisoformat(self.profile["surgery_date"])
        except (KeyError, TypeError, ValueError):
            return None
        return (local_day(self.checkin) - surgery).days

    def _within_days(self, until_day: float) -> bool:
        """Day 0 (the implant) to ``until_day`` inclusive; ``False`` when the implant date is unknown."""
        day = self._day_since_implant()
        return day is not None and 0 <= day <= until_day

    def _after_pump_change(self) -> bool:
        from recovery.pump import in_extra_question_window

        try:
            return in_extra_question_window(self.profile, local_day(self.checkin))
        except (TypeError, ValueError):
            return True  # a refill date that cannot be read: take the safer reading

    def pain_baseline(self) -> float | None:
        """Median pain of the valid check-ins in the days before this one (7 by default), or ``None``."""
        if self._baseline is False:
            if self.checkin.get("pain") is None:
                self._baseline = None
                return None
            now = recorded_at(self.checkin)
            first = now - timedelta(days=self.book.pain_baseline_days)
            pains = [
                earlier["pain"] for moment, earlier in self.history.entries if "pain" in earlier and first <= moment < now
            ]
            self._baseline = statistics.median(pains) if pains else None
        return self._baseline  # type: ignore[return-value]

    # ------------------------------------------------------------------ words

    def words(self) -> dict[str, str]:
        """Values the rule texts may quote, formatted in the patient's own unit and language."""
        lang = self.words_in
        words = limit_words(self.profile, lang.code)
        temperature = self.checkin.get("temperature_c")
        pain = self.checkin.get("pain")
        baseline = self.pain_baseline() if pain is not None else None
        signs = [lang._(WOUND_SIGN_WORDS[sign]) for sign in self.checkin.get("wound") or []]
        words.update(
            temperature=format_temperature(temperature, self.unit, lang.code) if temperature is not None else "",
            pain=str(pain) if pain is not None else "",
            pain_baseline=lang.format_number(baseline) if baseline is not None else "",
            pain_rise=lang.format_number(pain - baseline) if pain is not None and baseline is not None else "",
            wound_signs=lang.format_list(signs) if len(signs) > 1 else "".join(signs),
        )
        return words


def fever_threshold_c(profile: Mapping[str, Any]) -> float:
    """The fever limit: the profile's (kept inside the range a clinic may set) or the plan's default."""
    from recovery.plan import load_plan

    setting = load_plan().settings["fever_threshold_c"]
    chosen = profile.get("fever_threshold_c")
    if not is_real_number(chosen):
        return float(setting.value)
    return float(min(max(chosen, setting.minimum), setting.maximum))


def both_units(celsius: float, unit: str, lang: str | None = None) -> str:
    """``38.0 °C / 100.4 °F``, the patient's unit first; a number never wraps away from its unit."""
    units = ("F", "C") if unit == "F" else ("C", "F")
    return " / ".join(format_temperature(celsius, u, lang).replace(" ", "\u00a0") for u in units)


#: The profile's fields :func:`limit_words` reads: the same values give the same words.
_LIMIT_FIELDS = (
    "temperature_unit", "fever_threshold_c", "clinic_name", "clinic_phone", "emergency_number", "crisis_line", "drug",
)


def limit_words(profile: Mapping[str, Any], lang: str | None = None) -> dict[str, str]:
    """Words that need no check-in: the limits, whom to call and what to say (signs use these too).

    In ``lang`` (default: the current language); the numbers the patient typed stay as typed.
    Remembered per language and profile values: a week review words every check-in's limits,
    and they are the same each time.
    """
    code = language(lang).code
    key = tuple((name, profile.get(name)) for name in _LIMIT_FIELDS)
    try:
        return dict(_remembered_limit_words(key, code))
    except TypeError:  # an unhashable value in a damaged profile: worded afresh (and refused elsewhere)
        return _limit_words(profile, code)


@lru_cache(maxsize=64)
def _remembered_limit_words(key: tuple[tuple[str, Any], ...], code: str) -> dict[str, str]:
    return _limit_words(dict(key), code)


def _limit_words(profile: Mapping[str, Any], lang: str) -> dict[str, str]:
    from recovery.rulebook import load_rules

    words = language(lang)
    parameters = load_rules(words.code).parameters
    unit = "F" if profile.get("temperature_unit") == "F" else "C"
    threshold = fever_threshold_c(profile)
    clinic = _text(profile.get("clinic_name")) or words._("your pump clinic")
    phone = _text(profile.get("clinic_phone"))
    emergency = _text(profile.get("emergency_number")) or DEFAULT_EMERGENCY_NUMBER
    crisis = _text(profile.get("crisis_line"))
    known_baclofen = drug_of(profile) == "baclofen"
    if crisis and crisis != emergency:
        crisis_action = words._(
            "Call {emergency_number} now, or your crisis line on {crisis_line}. "
            "Stay with someone you trust until help comes."
        ).format(emergency_number=emergency, crisis_line=crisis)
    else:
        crisis_action = words._(
            "Call {emergency_number} now, or have someone call for you. Stay with someone you trust until help comes."
        ).format(emergency_number=emergency)
    return {
        "threshold": format_temperature(threshold, unit, words.code),
        "fever_limit": both_units(threshold, unit, words.code),
        "very_high_limit": both_units(parameters["very_high_temperature_c"], unit, words.code),
        "low_limit": both_units(parameters["low_temperature_below_c"], unit, words.code),
        "pain_baseline_days": words.format_number(parameters["pain_baseline_days"]),
        "clinic": clinic,
        # Translators: follows "Call {clinic} today" in a rule's action, after a space
        "clinic_phone_clause": " " + words._("on {phone}").format(phone=phone) if phone else "",
        "emergency_number": emergency,
        # Translators: quoted in "With {baclofen_pump}, ..." in the baclofen rules
        "baclofen_pump": words._("a baclofen pump")
        if known_baclofen
        else words._("a pump that may hold baclofen (the app does not know its medicine)"),
        # Translators: what to tell the emergency team, quoted in "... and say {say_baclofen_pump}."
        "say_baclofen_pump": words._('"I have a baclofen pump"')
        if known_baclofen
        else words._('"I have an implanted drug pump", and which medicine is in it if you know'),
        "crisis_action": crisis_action,
    }


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""

