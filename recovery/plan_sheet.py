"""The patient's discharge sheet laid over the plan: the sheet wins over the clinic's file and the defaults.

Each value the sheet sets is marked with its origin (:data:`~recovery.plan_model.SHEET`),
and a restriction keeps the span it would otherwise have had, so the screens can say
"from your discharge sheet" and, when the sheet is shorter than usual, "per your
instructions". Appointments replace the plan's usual stitches-out and first follow-up
milestones and add the other visits.
"""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from recovery.discharge import DischargeSheet
from recovery.plan_model import SHEET, RecoveryPlan, Setting
from recovery.plan_parse import parse_with_settings


def with_sheet(plan: RecoveryPlan, sheet: DischargeSheet | None) -> RecoveryPlan:
    """``plan`` (the clinic's, or the shipped one) with the patient's sheet applied."""
    if sheet is None or sheet.is_empty():
        return plan
    settings = _sheet_settings(plan, sheet)
    reread = parse_with_settings(settings, plan.language) if settings != dict(plan.settings) else plan
    restrictions = []
    for worded in reread.restrictions:
        before = plan.restriction(worded.id)
        restriction = replace(worded, until_day=before.until_day, origin=before.origin)
        length = sheet.restrictions.get(worded.id)
        if length is not None:
            restriction = replace(
                restriction,
                until_day=length.until_day,
                origin=SHEET,
                open_ended=length.until_cleared,
                usual_until_day=before.until_day,
            )
        elif worded.id == "lifting" and sheet.lifting_limit is not None:
            restriction = replace(restriction, origin=SHEET, usual_until_day=before.until_day)
        restrictions.append(restriction)
    days = {m.id: (m.day, m.origin) for m in plan.milestone_templates}
    milestones = tuple(
        replace(m, day=days[m.id][0], origin=days[m.id][1]) for m in reread.milestone_templates
    )
    return replace(
        plan,
        phases=reread.phases,
        care=reread.care,
        restrictions=tuple(restrictions),
        milestone_templates=milestones,
        settings=MappingProxyType(settings),
        appointments=tuple(visit.as_appointment(plan.language) for visit in sheet.appointments),
        other_instructions=sheet.other_instructions,
    )


def _sheet_settings(plan: RecoveryPlan, sheet: DischargeSheet) -> dict[str, Setting]:
    """The plan's settings with the sheet's lifting limit, fever limit and driving weeks."""
    settings = dict(plan.settings)

    def take(name: str, value: float) -> None:
        setting = settings[name]
        if setting.minimum <= value <= setting.maximum:
            settings[name] = replace(setting, value=value, origin=SHEET)

    if sheet.lifting_limit is not None:
        take("lifting_limit_lb", round(sheet.lifting_limit.pounds, 1))
    if sheet.fever_threshold_c is not None:
        take("fever_threshold_c", sheet.fever_threshold_c)
    driving = sheet.restrictions.get("driving")
    if driving is not None and not driving.until_cleared and driving.unit == "weeks":
        take("driving_weeks", driving.amount)
    return settings
