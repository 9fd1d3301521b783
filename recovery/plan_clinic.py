"""A clinic's ``clinic.json``: checked field by field, then applied to the shipped plan.

The whole file is refused on the first bad field, with a message naming the file and
the field (``clinic.json: driving_weeks must be a whole number from 1 to 12 (got '6')``,
in the patient's language; the field names are the file's), so a half-applied file can
never change a patient's plan. Every value it sets is marked
as coming from the clinic, so the screens can say where a date comes from. The format
is published as ``docs/clinic-settings.schema.json``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from types import MappingProxyType
from typing import Any

from recovery.i18n import _
from recovery.plan_model import CLINIC, MILESTONE_IDS, RESTRICTION_IDS, RecoveryPlan, Setting
from recovery.plan_parse import PlanConfigError, check_day, parse_with_settings
from recovery.validation import describe, is_json_integer, is_real_number, phone_problem

CLINIC_NAME_MAX_CHARS = 80

_OVERRIDE_KEYS = (
    "clinic_name",
    "lifting_limit_lb",
    "fever_threshold_c",
    "driving_weeks",
    "restrictions",
    "milestones",
    "crisis_line",
)
#: Clinic keys that belong to the pump content (:mod:`recovery.pump` checks them).
PUMP_OVERRIDE_KEYS = ("battery_years", "hot_tub_limit_c")


def apply_clinic_overrides(base: RecoveryPlan, overrides: Any, source: str) -> RecoveryPlan:
    """Return a plan with the clinic's values; refuse the whole file on the first bad field."""
    if not isinstance(overrides, Mapping):
        raise PlanConfigError(source, "(file)", _('must hold a JSON object such as {example}').format(example='{"driving_weeks": 6}'))
    for key in overrides:
        allowed = _OVERRIDE_KEYS + PUMP_OVERRIDE_KEYS
        if not isinstance(key, str) or (key not in allowed and not key.startswith("_")):
            raise PlanConfigError(
                source, str(key), _("is not a setting a clinic can change; allowed: {allowed}").format(allowed=", ".join(allowed))
            )

    settings = dict(base.settings)
    for name in ("lifting_limit_lb", "fever_threshold_c", "driving_weeks"):
        if name not in overrides:
            continue
        value = overrides[name]
        setting = settings[name]
        whole = name == "driving_weeks"
        valid = is_json_integer(value) if whole else is_real_number(value)
        if not valid or not setting.minimum <= value <= setting.maximum:
            problem = (
                _("must be a whole number from {low} to {high} (got {value})")
                if whole
                else _("must be a number from {low} to {high} (got {value})")
            )
            raise PlanConfigError(
                source, name, problem.format(low=f"{setting.minimum:g}", high=f"{setting.maximum:g}", value=describe(value))
            )
        settings[name] = replace(setting, value=int(value) if whole else value, set_by_clinic=True, origin=CLINIC)

    spans = _restriction_spans(overrides, source, settings)
    milestone_days = _milestone_days(overrides, source)
    reloaded = parse_with_settings(settings, base.language) if settings != dict(base.settings) else base
    restrictions = tuple(
        replace(r, until_day=spans[r.id], origin=CLINIC) if r.id in spans else r for r in reloaded.restrictions
    )
    milestones = tuple(
        replace(m, day=milestone_days[m.id], origin=CLINIC) if m.id in milestone_days else m
        for m in reloaded.milestone_templates
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
        clinic_name=_clinic_name(overrides, source),
        clinic_overrides=MappingProxyType(dict(overrides)),
    )


def _restriction_spans(overrides: Mapping[str, Any], source: str, settings: Mapping[str, Setting]) -> dict[str, int]:
    spans: dict[str, int] = {}
    if "driving_weeks" in overrides:
        spans["driving"] = int(settings["driving_weeks"].value) * 7 - 1
    by_id = overrides.get("restrictions", {})
    if not isinstance(by_id, Mapping):
        raise PlanConfigError(source, "restrictions", _("must map restriction ids to {example}").format(example='{"until_day": N}'))
    for restriction_id, spec in by_id.items():
        field = f"restrictions.{restriction_id}"
        if restriction_id not in RESTRICTION_IDS:
            raise PlanConfigError(source, field, _("is not a restriction; known: {known}").format(known=", ".join(RESTRICTION_IDS)))
        if not isinstance(spec, Mapping) or set(spec) != {"until_day"}:
            raise PlanConfigError(
                source, field, _("must be {example}, the last restricted day after surgery").format(example='{"until_day": N}')
            )
        day = check_day(spec["until_day"], source, f"{field}.until_day")
        if restriction_id == "driving" and "driving_weeks" in overrides and spans["driving"] != day:
            raise PlanConfigError(source, f"{field}.until_day", _("conflicts with driving_weeks; set only one of them"))
        spans[restriction_id] = day
    return spans


def _milestone_days(overrides: Mapping[str, Any], source: str) -> dict[str, int]:
    by_id = overrides.get("milestones", {})
    if not isinstance(by_id, Mapping):
        raise PlanConfigError(source, "milestones", _("must map milestone ids to {example}").format(example='{"day": N}'))
    days: dict[str, int] = {}
    for milestone_id, spec in by_id.items():
        field = f"milestones.{milestone_id}"
        if milestone_id not in MILESTONE_IDS:
            raise PlanConfigError(source, field, _("is not a milestone; known: {known}").format(known=", ".join(MILESTONE_IDS)))
        if not isinstance(spec, Mapping) or set(spec) != {"day"}:
            raise PlanConfigError(source, field, _("must be {example}, days after surgery").format(example='{"day": N}'))
        days[milestone_id] = check_day(spec["day"], source, f"{field}.day")
    return days


def _clinic_name(overrides: Mapping[str, Any], source: str) -> str | None:
    name = overrides.get("clinic_name")
    if name is None:
        return None
    if not isinstance(name, str) or not name.strip() or len(name) > CLINIC_NAME_MAX_CHARS or any(ord(c) < 32 for c in name):
        raise PlanConfigError(
            source,
            "clinic_name",
            _("must be the clinic's name on one line, 1 to {limit} characters (got {value})").format(
                limit=CLINIC_NAME_MAX_CHARS, value=describe(name)
            ),
        )
    return name.strip()
