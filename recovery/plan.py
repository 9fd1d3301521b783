"""The recovery plan, loaded: ``data/recovery_plan.json`` plus the clinic's adjustments.

The plan is data, not code, so every value carries the sources it came from and a
clinic can adjust the values the sources disagree on (driving weeks, lifting limit,
fever threshold, restriction spans, milestone days, a crisis line) in a ``clinic.json``
file, without touching the program. :mod:`recovery.plan_parse` reads the shipped file,
:mod:`recovery.plan_clinic` checks and applies the clinic's, and :mod:`recovery.plan_sheet`
the patient's own discharge sheet on top (sheet > clinic > shipped defaults). The model
(phases, restrictions, care, milestones and the date arithmetic) is in
:mod:`recovery.plan_model`; its names are re-exported here.
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
    "load_clinic_plan",
    "load_plan",
]


# --------------------------------------------------------------------------- loading


def load_plan(overrides: Mapping[str, Any] | str | Path | None = None) -> RecoveryPlan:
    """Build the plan from ``data/recovery_plan.json`` and optional clinic overrides.

    ``overrides`` is a mapping, or the path of a clinic JSON file (see
    ``docs/clinic-settings.md``). An invalid file raises :class:`PlanConfigError`
    naming the file and the field, and nothing of it is applied.
    """
    base = base_plan()
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


def load_clinic_plan(home: Path) -> RecoveryPlan:
    """The plan for a data directory: the clinic's ``clinic.json`` applied if it exists."""
    from recovery.paths import CLINIC_FILE_NAME

    clinic_file = Path(home) / CLINIC_FILE_NAME
    return load_plan(clinic_file if clinic_file.exists() else None)


