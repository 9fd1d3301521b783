"""Triage: which warning signs a check-in shows, how urgent they are, and what to do.

The rules are data (``data/triage_rules.json``, read by :mod:`recovery.rulebook`), each
with its sources. This module evaluates their small condition language against one
check-in, its profile and its history, with the facts that need arithmetic computed in
:mod:`recovery.triage_facts`.

The highest level of all matching rules wins and every matching rule is reported, each
with its action: a patient with a fever *and* a wound sign hears about both. A rule
below the overall level never contradicts it: its action becomes its level's "also"
wording ("Tell the emergency team about this too"), and a watch-level rule beside a
call or an emergency is shown as "Also noted: …", never as reassurance.

An assessment is worded in one language, the current one unless ``lang`` is given: the
rules' texts and every word quoted into them (:mod:`recovery.triage_facts`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from recovery.checkin import validate_checkin
from recovery.rulebook import LEVELS, RULES_FILE, Level, RulesError, load_rules
from recovery.drugs import drug_of
from recovery.i18n import Language, language
from recovery.triage_facts import DEFAULT_EMERGENCY_NUMBER, Facts, History, limit_words

__all__ = [
    "DEFAULT_EMERGENCY_NUMBER",
    "LEVELS",
    "RULES_FILE",
    "Assessment",
    "Finding",
    "History",
    "Level",
    "RulesError",
    "assess",
    "history_days",
    "load_rules",
    "signs_at",
]


@dataclass(frozen=True)
class Finding:
    """One matched rule: what was reported, what to do, and where the rule comes from.

    ``reason`` and ``action`` are as the patient should read them beside the overall
    level; ``full_reason`` is the rule's own reason, kept for reports.
    """

    rule_id: str
    level: Level
    reason: str
    action: str
    sources: tuple[str, ...]
    sign: str = ""
    full_reason: str = ""

    @property
    def text(self) -> str:
        return f"{self.reason} {self.action}".strip()


@dataclass(frozen=True)
class Assessment:
    """The result of triage for one check-in.

    ``skipped_history`` counts earlier check-ins that were not valid and so were left
    out of the pain history (they never stop an assessment).
    """

    level: Level
    findings: tuple[Finding, ...]
    title: str
    action: str
    skipped_history: int = 0

    @property
    def reasons(self) -> list[str]:
        """Each matched reason with the action to take, most urgent first."""
        return [finding.text for finding in self.findings]

    @property
    def sources(self) -> tuple[str, ...]:
        """Every source behind the matched rules, without repeats."""
        return tuple(dict.fromkeys(s for f in self.findings for s in f.sources))


def history_days() -> int:
    """How many calendar days of earlier check-ins :func:`assess` may look at (callers fetch this many)."""
    return load_rules().pain_baseline_days + 1


def signs_at(level: Level | str, profile: Mapping[str, Any] | None = None, lang: str | None = None) -> list[str]:
    """The short sign of every rule at ``level`` that can apply to this pump, in file order, limits filled in (for Help).

    A rule only for other drugs (the baclofen rules for a morphine pump) is left out; with
    no drug recorded every rule is listed.
    """
    profile = profile or {}
    words = limit_words(profile, lang)
    drug = drug_of(profile)
    return [
        rule.sign.format(**words)
        for rule in load_rules(lang).rules
        if rule.level == level and drug in _drugs_of(rule.when, drug)
    ]


def _drugs_of(condition: Mapping[str, Any], drug: str) -> tuple[str, ...]:
    """The drugs a rule is limited to by a top-level ``drug`` condition (``(drug,)`` when it has none)."""
    parts = condition.get("all", [condition])
    limits = [part["drug"] for part in parts if "drug" in part]
    return tuple(limits[0]) if limits else (drug,)


def assess(
    checkin: Mapping[str, Any],
    *,
    profile: Mapping[str, Any] | None = None,
    history: Iterable[Mapping[str, Any]] | History = (),
    lang: str | None = None,
) -> Assessment:
    """Triage one check-in.

    ``profile`` may carry ``drug``, ``surgery_date``, ``fever_threshold_c``,
    ``temperature_unit``, the refill and dose-change dates, ``clinic_name``,
    ``clinic_phone``, ``emergency_number`` and ``crisis_line``; ``history`` holds earlier
    check-ins in any order (or a :class:`History` parsed once for many assessments). An
    invalid check-in raises ``ValueError``; an invalid entry in ``history`` is skipped and
    counted in ``skipped_history``. The words are in ``lang`` (default: the current language).
    """
    checkin = validate_checkin(checkin)
    profile = profile or {}
    words_in = language(lang)
    book = load_rules(words_in.code)
    earlier = History.of(history)
    facts = Facts(checkin, profile, earlier, book, words_in)
    words = facts.words()
    matched = [rule for rule in book.rules if _matches(rule.when, checkin, facts)]
    level = max((rule.level for rule in matched), default=Level.OK)

    findings = []
    for rule in sorted(matched, key=lambda r: -r.level.rank):  # stable: file order within a level
        reason = rule.reason.format(**words)
        action = (rule.action or book.levels[rule.level].action).format(**words)
        shown_reason, shown_action = reason, action
        if rule.level < level:
            shown_action = book.levels[level].also.format(**words)
            if rule.level == Level.WATCH:
                shown_reason = _also_noted(rule.sign.format(**words), words_in)
        findings.append(
            Finding(rule.id, rule.level, shown_reason, shown_action, rule.sources, rule.sign.format(**words), reason)
        )
    return Assessment(
        level=level,
        findings=tuple(findings),
        title=book.levels[level].title,
        action=book.levels[level].action.format(**words),
        skipped_history=earlier.skipped,
    )


def _also_noted(sign: str, words_in: Language) -> str:
    """A watch-level sign beside something more urgent: named, never reassured about."""
    # Translators: a lesser sign shown beside a call or an emergency; {sign} starts in lower case
    return words_in._("Also noted: {sign}.").format(sign=f"{sign[:1].lower()}{sign[1:]}")


def _matches(condition: Mapping[str, Any], checkin: Mapping[str, Any], facts: Facts) -> bool:
    if "all" in condition:
        return all(_matches(c, checkin, facts) for c in condition["all"])
    if "any" in condition:
        return any(_matches(c, checkin, facts) for c in condition["any"])
    if "not" in condition:
        return not _matches(condition["not"], checkin, facts)
    if "of" in condition:
        return sum(_matches(c, checkin, facts) for c in condition["of"]) >= condition["at_least"]
    if "fact" in condition:
        return facts.holds(condition["fact"])
    if "drug" in condition:
        return facts.drug in condition["drug"]
    value = checkin.get(condition["field"])
    if "is" in condition:
        return value == condition["is"] and type(value) is type(condition["is"])
    if "in" in condition:
        return value in condition["in"]
    if "at_least" in condition:
        return value is not None and not isinstance(value, bool) and value >= condition["at_least"]
    return bool(value)  # not_empty

