"""The recovery plan, loaded: ``data/recovery_plan.json`` plus the clinic's adjustments.

The plan is data, not code, so every value carries the sources it came from and a
clinic can adjust the values the sources disagree on (driving weeks, lifting limit,
fever threshold, restriction spans, milestone days, a crisis line) in a ``clinic.json``
file, without touching the program. The model (phases, restrictions, care, milestones
and the date arithmetic) is in :mod:`recovery.plan_model`; its names are re-exported here.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from functools import lru_cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from recovery.drugs import DRUG_NOT_SET, DRUGS
from recovery.jsonfile import JSONFileError, load_strict_json
from recovery.paths import DATA_DIR
from recovery.plan_model import (
    KG_PER_LB,
    MAX_PLAN_DAY,
    MILESTONE_IDS,
    RESTRICTION_IDS,
    CareItem,
    Change,
    DatedMilestone,
    DatedRestriction,
    Milestone,
    Phase,
    PlanStatus,
    RecoveryPlan,
    Restriction,
    Setting,
)
from recovery.validation import describe, is_real_number, is_whole_number, phone_problem

__all__ = [
    "MILESTONE_IDS",
    "PLAN_FILE",
    "RESTRICTION_IDS",
    "CareItem",
    "Change",
    "DatedMilestone",
    "DatedRestriction",
    "Milestone",
    "Phase",
    "PlanConfigError",
    "PlanStatus",
    "RecoveryPlan",
    "Restriction",
    "Setting",
    "load_clinic_plan",
    "load_plan",
]

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


# --------------------------------------------------------------------------- loading


def load_plan(overrides: Mapping[str, Any] | str | Path | None = None) -> RecoveryPlan:
    """Build the plan from ``data/recovery_plan.json`` and optional clinic overrides.

    ``overrides`` is a mapping, or the path of a clinic JSON file (see
    ``docs/clinic-settings.md``). An invalid file raises :class:`PlanConfigError`
    naming the file and the field, and nothing of it is applied.
    """
    base = _base_plan()
    if overrides is None:
        return base
    if isinstance(overrides, (str, Path)):
        path = Path(overrides)
        label = path.name
        try:
            overrides = load_strict_json(path)
        except JSONFileError as exc:
            raise PlanConfigError(label, "(file)", exc.problem) from None
    else:
        label = "clinic settings"
    return _apply_overrides(base, overrides, label)


def load_clinic_plan(home: Path) -> RecoveryPlan:
    """The plan for a data directory: the clinic's ``clinic.json`` applied if it exists."""
    from recovery.paths import CLINIC_FILE_NAME

    clinic_file = Path(home) / CLINIC_FILE_NAME
    return load_plan(clinic_file if clinic_file.exists() else None)


@lru_cache(maxsize=1)
def _raw_plan() -> Mapping[str, Any]:
    """The shipped plan file, parsed once per process; treat it as read-only."""
    try:
        return load_strict_json(PLAN_FILE)
    except JSONFileError as exc:
        raise PlanConfigError(PLAN_FILE.name, "(file)", exc.problem) from None


@lru_cache(maxsize=1)
def _base_plan() -> RecoveryPlan:
    return _parse_plan(_raw_plan(), PLAN_FILE.name)


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


def _day(value: Any, source: str, field: str, *, low: int = 0) -> int:
    if not is_whole_number(value) or not low <= value <= MAX_PLAN_DAY:
        raise PlanConfigError(
            source, field, f"must be a whole number of days from {low} to {MAX_PLAN_DAY} (got {describe(value)})"
        )
    return int(value)


def _open_day(value: Any, source: str, field: str) -> int | None:
    """A phase boundary: a day (negative before surgery) or ``None`` for an open end."""
    return None if value is None else _day(value, source, field, low=-MAX_PLAN_DAY)


def _parse_plan(raw: Any, source: str) -> RecoveryPlan:
    if not isinstance(raw, Mapping):
        raise PlanConfigError(source, "(file)", "must hold a JSON object")
    length = _require(raw, "recovery_days", source, "")
    if not isinstance(length, Mapping):
        raise PlanConfigError(source, "recovery_days", "must be {\"value\": N, \"sources\": [...]}")
    recovery_days = _day(_require(length, "value", source, "recovery_days."), source, "recovery_days.value", low=1)
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
    values = _template_values(settings)

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
                from_day=_day(spec.get("from_day", 0), source, f"{where}from_day"),
                until_day=_day(_require(spec, "until_day", source, where), source, f"{where}until_day"),
                sources=_sources(spec, source, where),
                note=spec.get("note", ""),
            )
        )
    ids = [r.id for r in restrictions]
    if sorted(ids) != sorted(RESTRICTION_IDS):
        raise PlanConfigError(source, "restrictions", f"must define exactly {', '.join(RESTRICTION_IDS)}")

    milestones = []
    for index, spec in enumerate(_require(raw, "milestones", source, "")):
        where = f"milestones[{index}]."
        day = _day(_require(spec, "day", source, where), source, f"{where}day")
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
    )


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
                from_day=_day(spec.get("from_day", 0), source, f"{where}from_day"),
                until_day=None if until is None else _day(until, source, f"{where}until_day"),
                drugs=tuple(drugs),
                show_on=tuple(show_on),
                sources=_sources(spec, source, where),
            )
        )
    return tuple(items)


def _template_values(settings: Mapping[str, Setting]) -> dict[str, Any]:
    """Values the plan's texts may quote, such as the clinic's lifting limit."""
    pounds = settings["lifting_limit_lb"].value
    return {
        "lifting_limit_lb": f"{pounds:g}",
        "lifting_limit_kg": f"{pounds * KG_PER_LB:.1f}",
        "driving_weeks": f"{settings['driving_weeks'].value:g}",
    }


def _check_phases_cover_every_day(phases: list[Phase], source: str) -> None:
    if not phases or phases[0].from_day is not None or phases[-1].until_day is not None:
        raise PlanConfigError(source, "phases", "must run from before surgery (from_day null) to open end (until_day null)")
    for earlier, later in zip(phases, phases[1:]):
        if earlier.until_day is None or later.from_day != earlier.until_day + 1:
            raise PlanConfigError(source, f"phases.{later.id}.from_day", "must start the day after the previous phase")


# --------------------------------------------------------------------------- clinic overrides

_OVERRIDE_KEYS = ("lifting_limit_lb", "fever_threshold_c", "driving_weeks", "restrictions", "milestones", "crisis_line")
#: Clinic keys that belong to the pump content (:mod:`recovery.pump` checks them).
PUMP_OVERRIDE_KEYS = ("battery_years", "hot_tub_limit_c")


def _apply_overrides(base: RecoveryPlan, overrides: Any, source: str) -> RecoveryPlan:
    """Return a plan with the clinic's values; refuse the whole file on the first bad field."""
    if not isinstance(overrides, Mapping):
        raise PlanConfigError(source, "(file)", "must hold a JSON object such as {\"driving_weeks\": 6}")
    for key in overrides:
        allowed = _OVERRIDE_KEYS + PUMP_OVERRIDE_KEYS
        if not isinstance(key, str) or (key not in allowed and not key.startswith("_")):
            raise PlanConfigError(source, str(key), f"is not a setting a clinic can change; allowed: {', '.join(allowed)}")

    settings = dict(base.settings)
    for name in ("lifting_limit_lb", "fever_threshold_c", "driving_weeks"):
        if name not in overrides:
            continue
        value = overrides[name]
        setting = settings[name]
        whole = name == "driving_weeks"
        valid = is_whole_number(value) if whole else is_real_number(value)
        if not valid or not setting.minimum <= value <= setting.maximum:
            kind = "a whole number" if whole else "a number"
            raise PlanConfigError(
                source, name, f"must be {kind} from {setting.minimum:g} to {setting.maximum:g} (got {describe(value)})"
            )
        settings[name] = replace(setting, value=value, set_by_clinic=True)

    spans = _restriction_spans(overrides, source, settings)
    milestone_days = _milestone_days(overrides, source)
    reloaded = _parse_plan(_raw_with(settings), PLAN_FILE.name) if settings != dict(base.settings) else base
    restrictions = tuple(
        replace(r, until_day=spans[r.id]) if r.id in spans else r for r in reloaded.restrictions
    )
    milestones = tuple(
        replace(m, day=milestone_days[m.id]) if m.id in milestone_days else m for m in reloaded.milestone_templates
    )
    from recovery.pump import check_pump_overrides

    pump_overrides = check_pump_overrides(overrides, source)
    crisis_line = overrides.get("crisis_line")
    if crisis_line is not None:
        problem = phone_problem(crisis_line)
        if problem:
            raise PlanConfigError(source, "crisis_line", problem)
        crisis_line = crisis_line.strip()
    return replace(
        reloaded,
        restrictions=restrictions,
        milestone_templates=milestones,
        settings=MappingProxyType(settings),
        clinic_source=source,
        pump_overrides=MappingProxyType(pump_overrides),
        crisis_line=crisis_line,
    )


def _raw_with(settings: Mapping[str, Setting]) -> dict[str, Any]:
    """The shipped plan file with the clinic's setting values, so texts quote the right numbers."""
    raw = dict(_raw_plan())
    raw["settings"] = {
        name: {**raw["settings"][name], "value": setting.value} for name, setting in settings.items()
    }
    return raw


def _restriction_spans(overrides: Mapping[str, Any], source: str, settings: Mapping[str, Setting]) -> dict[str, int]:
    spans: dict[str, int] = {}
    if "driving_weeks" in overrides:
        spans["driving"] = int(settings["driving_weeks"].value) * 7 - 1
    by_id = overrides.get("restrictions", {})
    if not isinstance(by_id, Mapping):
        raise PlanConfigError(source, "restrictions", "must map restriction ids to {\"until_day\": N}")
    for restriction_id, spec in by_id.items():
        field = f"restrictions.{restriction_id}"
        if restriction_id not in RESTRICTION_IDS:
            raise PlanConfigError(source, field, f"is not a restriction; known: {', '.join(RESTRICTION_IDS)}")
        if not isinstance(spec, Mapping) or set(spec) != {"until_day"}:
            raise PlanConfigError(source, field, "must be {\"until_day\": N}, the last restricted day after surgery")
        day = _day(spec["until_day"], source, f"{field}.until_day")
        if restriction_id == "driving" and "driving_weeks" in overrides and spans["driving"] != day:
            raise PlanConfigError(source, f"{field}.until_day", "conflicts with driving_weeks; set only one of them")
        spans[restriction_id] = day
    return spans


def _milestone_days(overrides: Mapping[str, Any], source: str) -> dict[str, int]:
    by_id = overrides.get("milestones", {})
    if not isinstance(by_id, Mapping):
        raise PlanConfigError(source, "milestones", "must map milestone ids to {\"day\": N}")
    days: dict[str, int] = {}
    for milestone_id, spec in by_id.items():
        field = f"milestones.{milestone_id}"
        if milestone_id not in MILESTONE_IDS:
            raise PlanConfigError(source, field, f"is not a milestone; known: {', '.join(MILESTONE_IDS)}")
        if not isinstance(spec, Mapping) or set(spec) != {"day"}:
            raise PlanConfigError(source, field, "must be {\"day\": N}, days after surgery")
        days[milestone_id] = _day(spec["day"], source, f"{field}.day")
    return days
