"""Reading ``data/recovery_plan.json`` into a :class:`RecoveryPlan`, every field checked.

A plan file with any problem raises :class:`PlanConfigError` naming the file and the
field. :func:`parse_with_settings` re-reads it with other setting values (a clinic's or
the patient's lifting limit), so every text quotes the number that applies.

A plan is read in one language (its texts from ``data/i18n/<lang>.json`` by id, its
numbers formatted for it), once per language; :attr:`RecoveryPlan.language` says which.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from recovery.drugs import DRUG_NOT_SET, DRUGS
from recovery.i18n import _, cached_per_language, language
from recovery.i18n.data_texts import localised
from recovery.jsonfile import JSONFileError, load_strict_json
from recovery.paths import DATA_DIR
from recovery.plan_model import (
    KG_PER_LB,
    MAX_PLAN_DAY,
    MILESTONE_IDS,
    RESTRICTION_IDS,
    CareItem,
    Milestone,
    Phase,
    RecoveryPlan,
    Restriction,
    Setting,
)
from recovery.validation import describe, is_json_integer, is_real_number

PLAN_FILE = DATA_DIR / "recovery_plan.json"
#: Screens a care item may be shown on.
CARE_SCREENS = ("plan", "today", "pump")


class PlanConfigError(ValueError):
    """A plan or clinic file was refused; the message names the file and the field."""

    def __init__(self, source: str, field: str, problem: str) -> None:
        self.source = source
        self.field = field
        self.problem = problem
        super().__init__(f"{source}: {field} {problem}")


@cached_per_language
def _raw_plan(lang: str) -> Mapping[str, Any]:
    """The shipped plan file with its texts in ``lang``, parsed once per language; treat it as read-only."""
    try:
        return localised(PLAN_FILE.name, load_strict_json(PLAN_FILE), lang)
    except JSONFileError as exc:
        raise PlanConfigError(PLAN_FILE.name, "(file)", exc.problem) from None


@cached_per_language
def base_plan(lang: str) -> RecoveryPlan:
    """The shipped plan in ``lang`` (default: the current language)."""
    return _parse_plan(_raw_plan(lang), PLAN_FILE.name, lang)


def _require(raw: Mapping[str, Any], key: str, source: str, where: str) -> Any:
    if key not in raw:
        raise PlanConfigError(source, f"{where}{key}", "is missing")
    return raw[key]


def _sources(raw: Mapping[str, Any], source: str, where: str) -> tuple[str, ...]:
    cited = _require(raw, "sources", source, where)
    if not isinstance(cited, list) or not cited or not all(isinstance(s, str) and s for s in cited):
        raise PlanConfigError(source, f"{where}sources", "must list at least one source ID")
    return tuple(cited)


def _text(raw: Mapping[str, Any], key: str, source: str, where: str, values: Mapping[str, Any]) -> str:
    template = _require(raw, key, source, where)
    if not isinstance(template, str) or not template.strip():
        raise PlanConfigError(source, f"{where}{key}", "must be non-empty text")
    try:
        return template.format(**values)
    except (KeyError, IndexError, ValueError) as exc:
        raise PlanConfigError(source, f"{where}{key}", f"has an unknown placeholder {exc}") from None


def check_day(value: Any, source: str, field: str, *, low: int = 0) -> int:
    if not is_json_integer(value) or not low <= value <= MAX_PLAN_DAY:
        raise PlanConfigError(
            source,
            field,
            _("must be a whole number of days from {low} to {high} (got {value})").format(
                low=low, high=MAX_PLAN_DAY, value=describe(value)
            ),
        )
    return int(value)


def _open_day(value: Any, source: str, field: str) -> int | None:
    """A phase boundary: a day (negative before surgery) or ``None`` for an open end."""
    return None if value is None else check_day(value, source, field, low=-MAX_PLAN_DAY)


def _parse_plan(raw: Any, source: str, lang: str) -> RecoveryPlan:
    if not isinstance(raw, Mapping):
        raise PlanConfigError(source, "(file)", "must hold a JSON object")
    length = _require(raw, "recovery_days", source, "")
    if not isinstance(length, Mapping):
        raise PlanConfigError(source, "recovery_days", "must be {\"value\": N, \"sources\": [...]}")
    recovery_days = check_day(_require(length, "value", source, "recovery_days."), source, "recovery_days.value", low=1)
    _sources(length, source, "recovery_days.")

    settings: dict[str, Setting] = {}
    for name, spec in _require(raw, "settings", source, "").items():
        where = f"settings.{name}."
        setting = Setting(
            name=name,
            value=_require(spec, "value", source, where),
            minimum=_require(spec, "min", source, where),
            maximum=_require(spec, "max", source, where),
            sources=_sources(spec, source, where),
            note=spec.get("note", ""),
        )
        numbers = (setting.value, setting.minimum, setting.maximum)
        if not all(is_real_number(n) for n in numbers) or not setting.minimum <= setting.value <= setting.maximum:
            raise PlanConfigError(source, f"{where}value", "must be a number between min and max")
        settings[name] = setting
    for needed in ("lifting_limit_lb", "fever_threshold_c", "driving_weeks"):
        if needed not in settings:
            raise PlanConfigError(source, f"settings.{needed}", "is missing")
    values = _template_values(settings, lang)

    phases = []
    for index, spec in enumerate(_require(raw, "phases", source, "")):
        where = f"phases[{index}]."
        phases.append(
            Phase(
                id=_require(spec, "id", source, where),
                title=_text(spec, "title", source, where, values),
                detail=_text(spec, "detail", source, where, values),
                from_day=_open_day(spec.get("from_day"), source, f"{where}from_day"),
                until_day=_open_day(spec.get("until_day"), source, f"{where}until_day"),
                sources=_sources(spec, source, where),
            )
        )
    _check_phases_cover_every_day(phases, source)

    restrictions = []
    for index, spec in enumerate(_require(raw, "restrictions", source, "")):
        where = f"restrictions[{index}]."
        restrictions.append(
            Restriction(
                id=_require(spec, "id", source, where),
                title=_text(spec, "title", source, where, values),
                short=_text(spec, "short", source, where, values),
                detail=_text(spec, "detail", source, where, values),
                resume=_text(spec, "resume", source, where, values),
                icon=_require(spec, "icon", source, where),
                from_day=check_day(spec.get("from_day", 0), source, f"{where}from_day"),
                until_day=check_day(_require(spec, "until_day", source, where), source, f"{where}until_day"),
                sources=_sources(spec, source, where),
                note=spec.get("note", ""),
                resume_has_condition=_flag(spec, "resume_has_condition", source, where),
            )
        )
    ids = [r.id for r in restrictions]
    if sorted(ids) != sorted(RESTRICTION_IDS):
        raise PlanConfigError(source, "restrictions", f"must define exactly {', '.join(RESTRICTION_IDS)}")

    milestones = []
    for index, spec in enumerate(_require(raw, "milestones", source, "")):
        where = f"milestones[{index}]."
        day = check_day(_require(spec, "day", source, where), source, f"{where}day")
        milestones.append(
            Milestone(
                id=_require(spec, "id", source, where),
                day=day,
                title=_text(spec, "title", source, where, values),
                detail=_text(spec, "detail", source, where, values),
                sources=_sources(spec, source, where),
            )
        )
    missing = sorted(set(MILESTONE_IDS) - {m.id for m in milestones})
    if missing:
        raise PlanConfigError(source, "milestones", f"must include {', '.join(missing)}")

    return RecoveryPlan(
        recovery_days=recovery_days,
        phases=tuple(phases),
        restrictions=tuple(restrictions),
        milestone_templates=tuple(milestones),
        settings=MappingProxyType(settings),
        care=_parse_care(_require(raw, "care", source, ""), source, values),
        language=lang,
    )


def _flag(raw: Mapping[str, Any], key: str, source: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        raise PlanConfigError(source, f"{where}{key}", f"must be true or false (got {describe(value)})")
    return value


def _parse_care(raw: Any, source: str, values: Mapping[str, Any]) -> tuple[CareItem, ...]:
    if not isinstance(raw, list):
        raise PlanConfigError(source, "care", "must be a list of care items")
    items = []
    for index, spec in enumerate(raw):
        where = f"care[{index}]."
        drugs = spec.get("drugs", [])
        if not isinstance(drugs, list) or not set(drugs) <= {*DRUGS, DRUG_NOT_SET}:
            raise PlanConfigError(source, f"{where}drugs", f"must list drugs from {', '.join(DRUGS)} or {DRUG_NOT_SET}")
        show_on = _require(spec, "show_on", source, where)
        if not isinstance(show_on, list) or not show_on or not set(show_on) <= set(CARE_SCREENS):
            raise PlanConfigError(source, f"{where}show_on", f"must list screens from {', '.join(CARE_SCREENS)}")
        until = spec.get("until_day")
        items.append(
            CareItem(
                id=_require(spec, "id", source, where),
                title=_text(spec, "title", source, where, values),
                detail=_text(spec, "detail", source, where, values),
                from_day=check_day(spec.get("from_day", 0), source, f"{where}from_day"),
                until_day=None if until is None else check_day(until, source, f"{where}until_day"),
                drugs=tuple(drugs),
                show_on=tuple(show_on),
                sources=_sources(spec, source, where),
            )
        )
    return tuple(items)


def parse_with_settings(settings: Mapping[str, Setting], lang: str | None = None) -> RecoveryPlan:
    """The shipped plan re-read with other setting values, so its texts quote the right numbers.

    Only the settings change; restriction spans and milestone days are the shipped ones.
    The texts are in ``lang`` (default: the current language).
    """
    lang = language(lang).code
    raw = dict(_raw_plan(lang))
    raw["settings"] = {name: {**raw["settings"][name], "value": setting.value} for name, setting in settings.items()}
    plan = _parse_plan(raw, PLAN_FILE.name, lang)
    return replace(plan, settings=MappingProxyType(dict(settings)))


def _template_values(settings: Mapping[str, Setting], lang: str) -> dict[str, Any]:
    """Values the plan's texts may quote, such as the clinic's lifting limit (``2.3`` / ``2,3``)."""
    words = language(lang)
    pounds = settings["lifting_limit_lb"].value
    return {
        "lifting_limit_lb": words.format_number(pounds),
        "lifting_limit_kg": words.format_number(pounds * KG_PER_LB, 1),
        "driving_weeks": words.format_number(settings["driving_weeks"].value),
    }


def _check_phases_cover_every_day(phases: list[Phase], source: str) -> None:
    if not phases or phases[0].from_day is not None or phases[-1].until_day is not None:
        raise PlanConfigError(source, "phases", "must run from before surgery (from_day null) to open end (until_day null)")
    for earlier, later in zip(phases, phases[1:]):
        if earlier.until_day is None or later.from_day != earlier.until_day + 1:
            raise PlanConfigError(source, f"phases.{later.id}.from_day", "must start the day after the previous phase")
