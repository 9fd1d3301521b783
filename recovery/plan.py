"""The recovery plan, loaded: ``data/recovery_plan.json`` plus the clinic's adjustments.

The plan is data, not code, so every value carries the sources it came from and a
clinic can adjust the values the sources disagree on (driving weeks, lifting limit,
fever threshold, restriction spans, milestone days, a crisis line) in a ``clinic.json``
file, without touching the program. :mod:`recovery.plan_parse` reads the shipped file,
:mod:`recovery.plan_clinic` checks and applies the clinic's, and :mod:`recovery.plan_sheet`
the patient's own discharge sheet on top (sheet > clinic > shipped defaults). The model
(phases, restrictions, care, milestones and the date arithmetic) is in
:mod:`recovery.plan_model`; its names are re-exported here.

A plan is worded in one language (the current one unless a loader is given ``lang``);
:func:`in_language` words the same clinic plan in another, for a change of language
without a restart or for the care team's report.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path
from typing import Any

from recovery.jsonfile import JSONFileError, load_strict_json
from recovery.plan_clinic import apply_clinic_overrides
from recovery.plan_model import (
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
from recovery.plan_parse import PLAN_FILE, PlanConfigError, base_plan

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
    "in_language",
    "load_clinic_plan",
    "load_plan",
]


# --------------------------------------------------------------------------- loading


def load_plan(overrides: Mapping[str, Any] | str | Path | None = None, lang: str | None = None) -> RecoveryPlan:
    """Build the plan from ``data/recovery_plan.json`` and optional clinic overrides.

    ``overrides`` is a mapping, or the path of a clinic JSON file (see
    ``docs/clinic-settings.md``). An invalid file raises :class:`PlanConfigError`
    naming the file and the field, and nothing of it is applied. The texts are in
    ``lang`` (default: the current language).
    """
    base = base_plan(lang)
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
    return apply_clinic_overrides(base, overrides, label)


def load_clinic_plan(home: Path, lang: str | None = None) -> RecoveryPlan:
    """The plan for a data directory: the clinic's ``clinic.json`` applied if it exists."""
    from recovery.paths import CLINIC_FILE_NAME

    clinic_file = Path(home) / CLINIC_FILE_NAME
    return load_plan(clinic_file if clinic_file.exists() else None, lang)


def in_language(plan: RecoveryPlan, lang: str | None = None) -> RecoveryPlan:
    """The same clinic plan (shipped, or with a clinic's settings) worded in ``lang`` (default: the current one).

    For a plan as :func:`load_plan` gives it; a discharge sheet is laid over the result
    afterwards (:func:`recovery.plan_sheet.with_sheet`), as for the first one.
    """
    base = base_plan(lang)
    if plan.language == base.language:
        return plan
    if plan.clinic_overrides is None:
        return base
    return apply_clinic_overrides(base, plan.clinic_overrides, plan.clinic_source or "clinic settings")


