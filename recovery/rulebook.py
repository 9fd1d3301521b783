"""The triage rules file (``data/triage_rules.json``), parsed and checked once.

The rules are data, each with its sources, so a clinician can read and sign off every
one of them without reading Python. This module only reads and checks that file: the
levels, the numbers the facts use (each with its own sources), and every rule's
condition, written in a small language that :mod:`recovery.triage` evaluates.

The words (level titles, actions, signs, reasons) are read in the patient's language
from ``data/i18n/<lang>.json`` by their ids (:mod:`recovery.i18n.data_texts`), once per
language, so a change of language needs no restart.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from recovery.drugs import DRUG_NOT_SET, DRUGS
from recovery.i18n import cached_per_language
from recovery.i18n.data_texts import localised
from recovery.jsonfile import JSONFileError, load_strict_json
from recovery.paths import DATA_DIR
from recovery.validation import is_real_number, is_whole_number

RULES_FILE = DATA_DIR / "triage_rules.json"


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

#: Facts a condition may name; :class:`recovery.triage_facts.Facts` computes each.
FACTS = (
    "fever",
    "raised_temperature",
    "very_high_temperature",
    "low_temperature",
    "pain_rising",
    "after_pump_change",
    "headache_expected",
    "wound_swelling_expected",
)
#: The numbers behind the facts; each is cited in the file like a rule.
PARAMETERS = (
    "raised_temperature_from_c",
    "very_high_temperature_c",
    "low_temperature_below_c",
    "pain_rise_points",
    "pain_baseline_days",
    "headache_expected_until_day",
    "wound_swelling_expected_until_day",
    "check_again_after_hours",
)
_CONDITION_KEYS = (
    {"field", "is"},
    {"field", "in"},
    {"field", "not_empty"},
    {"field", "at_least"},
    {"fact"},
    {"drug"},
    {"all"},
    {"any"},
    {"not"},
    {"at_least", "of"},
)


class RulesError(ValueError):
    """The rules file is malformed; the message names the rule and the problem."""


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
class LevelWords:
    """How a level is titled, what it tells the patient to do, and how it words a lesser sign beside a higher one."""

    title: str
    action: str
    also: str


@dataclass(frozen=True)
class RuleBook:
    """The parsed rules file."""

    rules: tuple[Rule, ...]
    levels: Mapping[Level, LevelWords]
    parameters: Mapping[str, float]

    @property
    def level_titles(self) -> dict[Level, str]:
        return {level: words.title for level, words in self.levels.items()}

    @property
    def level_actions(self) -> dict[Level, str]:
        return {level: words.action for level, words in self.levels.items()}

    @property
    def raised_temperature_from_c(self) -> float:
        return self.parameters["raised_temperature_from_c"]

    @property
    def pain_rise_points(self) -> int:
        return int(self.parameters["pain_rise_points"])

    @property
    def pain_baseline_days(self) -> int:
        return int(self.parameters["pain_baseline_days"])

    @property
    def check_again_after_hours(self) -> float:
        return self.parameters["check_again_after_hours"]


@cached_per_language
def load_rules(lang: str) -> RuleBook:
    """Parse and check ``data/triage_rules.json`` once per language (default: the current one)."""
    try:
        raw = localised(RULES_FILE.name, load_strict_json(RULES_FILE), lang)
    except JSONFileError as exc:
        raise RulesError(str(exc)) from None
    from recovery.checkin import FIELD_NAMES

    name = RULES_FILE.name
    levels = {}
    for level in Level:
        spec = raw["levels"].get(level.value)
        if not isinstance(spec, Mapping) or not {"title", "action", "also"} <= set(spec):
            raise RulesError(f"{name}: levels.{level.value} needs a title, an action and an 'also' wording")
        levels[level] = LevelWords(spec["title"], spec["action"], spec["also"])

    parameters = {}
    for key in PARAMETERS:
        spec = raw["parameters"].get(key)
        if not isinstance(spec, Mapping) or not is_real_number(spec.get("value")):
            raise RulesError(f"{name}: parameters.{key} must hold a number as its value")
        if not spec.get("sources"):
            raise RulesError(f"{name}: parameters.{key} cites no source")
        parameters[key] = float(spec["value"])
    for key in ("pain_rise_points", "pain_baseline_days"):
        if not is_whole_number(raw["parameters"][key]["value"]):
            raise RulesError(f"{name}: parameters.{key} must be a whole number")

    rules = []
    known = _Known(frozenset(FIELD_NAMES), frozenset((*DRUGS, DRUG_NOT_SET)))
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
            raise RulesError(f"{name}: rule {rule.id} cites no source")
        _check_condition(rule.when, rule.id, known)
        rules.append(rule)
    if len({r.id for r in rules}) != len(rules):
        raise RulesError(f"{name}: two rules share an id")
    return RuleBook(rules=tuple(rules), levels=levels, parameters=parameters)


@dataclass(frozen=True)
class _Known:
    fields: frozenset[str]
    drugs: frozenset[str]


def _check_condition(condition: Any, rule_id: str, known: _Known) -> None:
    name = RULES_FILE.name
    if not isinstance(condition, Mapping) or set(condition) not in _CONDITION_KEYS:
        raise RulesError(f"{name}: rule {rule_id} has an unknown condition {condition!r}")
    if "field" in condition and condition["field"] not in known.fields:
        raise RulesError(f"{name}: rule {rule_id} names unknown field {condition['field']!r}")
    if "fact" in condition and condition["fact"] not in FACTS:
        raise RulesError(f"{name}: rule {rule_id} names unknown fact {condition['fact']!r}")
    if "drug" in condition and not set(condition["drug"]) <= known.drugs:
        raise RulesError(f"{name}: rule {rule_id} names an unknown drug in {condition['drug']!r}")
    if "of" in condition and not (is_whole_number(condition["at_least"]) and 1 <= condition["at_least"] <= len(condition["of"])):
        raise RulesError(f"{name}: rule {rule_id} needs 'at_least' between 1 and the number of conditions")
    for key in ("all", "any", "of"):
        for inner in condition.get(key, ()):
            _check_condition(inner, rule_id, known)
    if "not" in condition:
        _check_condition(condition["not"], rule_id, known)
