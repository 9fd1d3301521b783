"""The plan's care advice (ice, binder, medicines, the pump) as the Plan, Today and Pump screens word it.

The items are data (``care`` in ``data/recovery_plan.json``), each with its sources and
the drugs it concerns; a profile without a drug gets every item (the safer reading).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from recovery.date_words import short_date
from recovery.drugs import drug_of
from recovery.i18n import _
from recovery.plan import RecoveryPlan


@dataclass(frozen=True)
class CareLine:
    id: str
    title: str
    detail: str
    span: str


def care_lines(plan: RecoveryPlan, settings: Mapping[str, Any], on: date, screen: str) -> list[CareLine]:
    """The care advice for ``screen`` on ``on``; the Plan screen lists every item for the drug, with its dates."""
    surgery = date.fromisoformat(settings["surgery_date"])
    lines = []
    for item in plan.care_for(surgery, on, drug_of(settings), screen):
        starts = surgery + timedelta(days=item.from_day)
        if item.until_day is None:
            span = _("from {day}, for as long as you have the pump").format(day=short_date(starts, on))
        else:
            span = _("{first} to {last}").format(
                first=short_date(starts, on), last=short_date(surgery + timedelta(days=item.until_day), on)
            )
        lines.append(CareLine(item.id, item.title, item.detail, span))
    return lines
