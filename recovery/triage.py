"""Triage: which warning signs a check-in shows, how urgent they are, and what to do.

The rules are data (``data/triage_rules.json``), each with its sources, so a clinician
can read and sign off every one of them without reading Python. This module only knows
how to evaluate their small condition language and four facts that need arithmetic:
``fever`` and ``raised_temperature`` (against the clinic's threshold), ``pain_rising``
(pain at least 2 points above the median of the previous 3 days) and
``after_pump_change`` (an opioid pump refilled or its dose changed in the last 3 days).

The highest level of all matching rules wins and every matching reason is reported:
a patient with a fever *and* a wound sign should hear about both.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import timedelta
from enum import StrEnum
from functools import lru_cache
from typing import Any

from recovery.checkin import format_temperature, local_day, validate_checkin
from recovery.jsonfile import JSONFileError, load_strict_json
from recovery.paths import DATA_DIR

RULES_FILE = DATA_DIR / "triage_rules.json"
DEFAULT_EMERGENCY_NUMBER = "911"


class Level(StrEnum):
    """Triage levels, ordered: ``ok < watch < call_doctor < emergency``.

    They compare equal to their plain strings, so ``assessment.level == "watch"`` works.
    """

    OK = "ok"
    WATCH = "watch"
    CALL_DOCTOR = "call_doctor"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _RANK[self.value]

    def __lt__(self, other: object) -> bool:
        return self.rank < Level(other).rank  # type: ignore[arg-type]

    def __le__(self, other: object) -> bool:
        return self.rank <= Level(other).rank  # type: ignore[arg-type]

    def __gt__(self, other: object) -> bool:
        return self.rank > Level(other).rank  # type: ignore[arg-type]

    def __ge__(self, other: object) -> bool:
        return self.rank >= Level(other).rank  # type: ignore[arg-type]



_RANK = {"ok": 0, "watch": 1, "call_doctor": 2, "emergency": 3}
LEVELS: tuple[Level, ...] = tuple(sorted(Level, key=lambda level: level.rank))


@dataclass(frozen=True)
class Finding:
    """One matched rule: what was reported, what to do, and where the rule comes from."""

    rule_id: str
    level: Level
    reason: str
    action: str
    sources: tuple[str, ...]
    sign: str = ""

    @property
    def text(self) -> str:
        return f"{self.reason} {self.action}"


@dataclass(frozen=True)
class Assessment:
    """The result of triage for one check-in."""

    level: Level
    findings: tuple[Finding, ...]
    title: str
    action: str

    @property
    def reasons(self) -> list[str]:
        """Each matched reason with the action to take, most urgent first."""
        return [finding.text for finding in self.findings]

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source behind the matched rules, without repeats."""
        return tuple(dict.fromkeys(s for f in self.findings for s in f.sources))


@dataclass(frozen=True)
class Rule:
    id: str
    level: Level
    sign: str
    when: Mapping[str, Any]
    reason: str
    action: str | None
    sources: tuple[str, ...]


@dataclass(frozen=True)
class RuleBook:
    """The parsed rules file."""

    rules: tuple[Rule, ...]
    level_titles: Mapping[Level, str]
    level_actions: Mapping[Level, str]
    raised_temperature_from_c: float
    pain_rise_points: int
    pain_baseline_days: int


FACTS = ("fever", "raised_temperature", "pain_rising", "after_pump_change")
_CONDITION_KEYS = ({"field", "is"}, {"field", "in"}, {"field", "not_empty"}, {"fact"}, {"drug"}, {"all"}, {"any"})


class RulesError(ValueError):
    """The rules file is malformed; the message names the rule and the problem."""


@lru_cache(maxsize=1)
def load_rules() -> RuleBook:
    """Parse and check ``data/triage_rules.json`` once per process."""
    try:
        raw = load_strict_json(RULES_FILE)
    except JSONFileError as exc:
        raise RulesError(str(exc)) from None
    from recovery.checkin import FIELD_NAMES

    levels = raw["levels"]
    rules = []
    for spec in raw["rules"]:
        rule = Rule(
            id=spec["id"],
            level=Level(spec["level"]),
            sign=spec["sign"],
            when=spec["when"],
            reason=spec["reason"],
            action=spec.get("action"),
            sources=tuple(spec["sources"]),
        )
        if not rule.sources:
            raise RulesError(f"{RULES_FILE.name}: rule {rule.id} cites no source")
        _check_condition(rule.when, rule.id, set(FIELD_NAMES))
        rules.append(rule)
    if len({r.id for r in rules}) != len(rules):
        raise RulesError(f"{RULES_FILE.name}: two rules share an id")
    return RuleBook(
        rules=tuple(rules),
        level_titles={Level(name): spec["title"] for name, spec in levels.items()},
        level_actions={Level(name): spec["action"] for name, spec in levels.items()},
        raised_temperature_from_c=float(raw["raised_temperature_from_c"]),
        pain_rise_points=int(raw["pain_rise_points"]),
        pain_baseline_days=int(raw["pain_baseline_days"]),
    )


def signs_at(level: Level | str) -> list[str]:
    """The short sign of every rule at ``level``, in file order (for Help and About)."""
    return [rule.sign for rule in load_rules().rules if rule.level == level]


def _check_condition(condition: Any, rule_id: str, fields: set[str]) -> None:
    if not isinstance(condition, Mapping) or set(condition) not in _CONDITION_KEYS:
        raise RulesError(f"{RULES_FILE.name}: rule {rule_id} has an unknown condition {condition!r}")
    if "field" in condition and condition["field"] not in fields:
        raise RulesError(f"{RULES_FILE.name}: rule {rule_id} names unknown field {condition['field']!r}")
    if "fact" in condition and condition["fact"] not in FACTS:
        raise RulesError(f"{RULES_FILE.name}: rule {rule_id} names unknown fact {condition['fact']!r}")
    for key in ("all", "any"):
        for inner in condition.get(key, ()):
            _check_condition(inner, rule_id, fields)


# --------------------------------------------------------------------------- assessment


def assess(
    checkin: Mapping[str, Any],
    *,
    profile: Mapping[str, Any] | None = None,
    history: Iterable[Mapping[str, Any]] = (),
) -> Assessment:
    """Triage one check-in.

    ``profile`` may carry ``drug``, ``fever_threshold_c``, ``temperature_unit``,
    ``clinic_name``, ``clinic_phone`` and ``emergency_number``; ``history`` holds earlier
    check-ins in any order. An invalid check-in raises ``ValueError``.
    """
    checkin = validate_checkin(checkin)
    profile = profile or {}
    book = load_rules()
    facts = _Facts(checkin, profile, history, book)
    words = facts.words()

    findings = []
    for rule in book.rules:
        if _matches(rule.when, checkin, profile, facts):
            action = (rule.action or book.level_actions[rule.level]).format(**words)
            findings.append(
                Finding(rule.id, rule.level, rule.reason.format(**words), action, rule.sources, rule.sign)
            )
    findings.sort(key=lambda f: -f.level.rank)  # stable: file order within a level
    level = findings[0].level if findings else Level.OK
    return Assessment(
        level=level,
        findings=tuple(findings),
        title=book.level_titles[level],
        action=book.level_actions[level].format(**words),
    )


def _matches(condition: Mapping[str, Any], checkin: Mapping[str, Any], profile: Mapping[str, Any], facts: _Facts) -> bool:
    if "all" in condition:
        return all(_matches(c, checkin, profile, facts) for c in condition["all"])
    if "any" in condition:
        return any(_matches(c, checkin, profile, facts) for c in condition["any"])
    if "fact" in condition:
        return facts.holds(condition["fact"])
    if "drug" in condition:
        return str(profile.get("drug", "")).lower() in condition["drug"]
    value = checkin.get(condition["field"])
    if "is" in condition:
        return value == condition["is"] and type(value) is type(condition["is"])
    if "in" in condition:
        return value in condition["in"]
    return bool(value)  # not_empty


class _Facts:
    """The three derived facts, computed lazily (pain history is only read when needed)."""

    def __init__(
        self,
        checkin: Mapping[str, Any],
        profile: Mapping[str, Any],
        history: Iterable[Mapping[str, Any]],
        book: RuleBook,
    ) -> None:
        self.checkin = checkin
        self.profile = profile
        self.history = history
        self.book = book
        self.threshold_c = float(profile.get("fever_threshold_c") or _default_fever_threshold())
        self._baseline: float | None | bool = False  # False: not computed yet

    def holds(self, fact: str) -> bool:
        temperature = self.checkin.get("temperature_c")
        if fact == "fever":
            return temperature is not None and temperature >= self.threshold_c
        if fact == "raised_temperature":
            return temperature is not None and self.book.raised_temperature_from_c <= temperature < self.threshold_c
        if fact == "after_pump_change":
            from recovery.pump import in_extra_question_window

            return in_extra_question_window(self.profile, local_day(self.checkin))
        if fact == "pain_rising":
            baseline = self.pain_baseline()
            pain = self.checkin.get("pain")
            return pain is not None and baseline is not None and pain >= baseline + self.book.pain_rise_points
        raise AssertionError(fact)

    def pain_baseline(self) -> float | None:
        """Median pain of the check-ins on the previous days (3 by default), or ``None``."""
        if self._baseline is False:
            if self.checkin.get("pain") is None:
                self._baseline = None
                return None
            today = local_day(self.checkin)
            first = today - timedelta(days=self.book.pain_baseline_days)
            pains = []
            for earlier in self.history:
                if "pain" in earlier and first <= local_day(earlier) < today:
                    pains.append(validate_checkin(earlier)["pain"])
            self._baseline = statistics.median(pains) if pains else None
        return self._baseline  # type: ignore[return-value]

    def words(self) -> dict[str, str]:
        """Values the rule texts may quote, formatted in the patient's own unit."""
        unit = self.profile.get("temperature_unit", "C")
        temperature = self.checkin.get("temperature_c")
        clinic = (self.profile.get("clinic_name") or "").strip() or "your pump clinic"
        phone = (self.profile.get("clinic_phone") or "").strip()
        baseline = self.pain_baseline() if self.checkin.get("pain") is not None else None
        pain = self.checkin.get("pain")
        return {
            "temperature": format_temperature(temperature, unit) if temperature is not None else "",
            "threshold": format_temperature(self.threshold_c, unit),
            "pain": str(pain) if pain is not None else "",
            "pain_baseline": f"{baseline:g}" if baseline is not None else "",
            "pain_rise": f"{pain - baseline:g}" if pain is not None and baseline is not None else "",
            "wound_signs": _join_words(self.checkin.get("wound") or []),
            "clinic": clinic,
            "clinic_phone_clause": f" on {phone}" if phone else "",
            "emergency_number": (self.profile.get("emergency_number") or "").strip() or DEFAULT_EMERGENCY_NUMBER,
        }


def _default_fever_threshold() -> float:
    from recovery.plan import load_plan

    return load_plan().fever_threshold_c


def _join_words(words: list[str]) -> str:
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
