"""The recovery plan's model: phases, restrictions, care and milestones counted from the implant date.

Day 0 is the implant date. ``until_day`` is the last restricted day, inclusive: the
default bending restriction runs through day 55, so day 56 is the first free day.
Loading the plan from ``data/recovery_plan.json`` and a clinic's ``clinic.json`` is in
:mod:`recovery.plan`, which also re-exports these names.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, fields
from datetime import date, time, timedelta
from types import MappingProxyType
from typing import Any

from recovery.validation import parse_iso_date

RESTRICTION_IDS = (
    "bending_twisting",
    "stretching_overhead",
    "stairs",
    "lifting",
    "driving",
    "soaking",
    "stomach_sleeping",
    "strenuous_exercise",
    "work",
    "shower",
)
MILESTONE_IDS = ("stitches_out", "follow_up", "driving_check", "ease_restrictions", "recovery_complete")
MAX_PLAN_DAY = 365
KG_PER_LB = 0.45359237
#: Where a value of the plan comes from, strongest first: the patient's discharge sheet, the
#: clinic's settings file, the shipped defaults (published leaflets).
SHEET, CLINIC, DEFAULT = "sheet", "clinic", "default"
ORIGINS = (SHEET, CLINIC, DEFAULT)
#: Appointment kinds on a discharge sheet; the first two replace the milestone of the same id.
APPOINTMENT_KINDS = ("stitches_out", "follow_up", "later_follow_up", "other")
REPLACING_KINDS = ("stitches_out", "follow_up")


@dataclass(frozen=True)
class Phase:
    """A stretch of the recovery with one piece of advice ("Healing", "Gradual return")."""

    id: str
    title: str
    detail: str
    from_day: int | None
    until_day: int | None
    sources: tuple[str, ...]

    def covers(self, day: int) -> bool:
        """True if ``day`` (days since the implant) falls in this phase."""
        after_start = self.from_day is None or day >= self.from_day
        before_end = self.until_day is None or day <= self.until_day
        return after_start and before_end


@dataclass(frozen=True)
class Restriction:
    """A "don't" of the plan, as day offsets from the implant."""

    id: str
    title: str
    short: str
    detail: str
    resume: str
    icon: str
    from_day: int
    until_day: int
    sources: tuple[str, ...]
    note: str
    origin: str = field(default=DEFAULT, kw_only=True)
    """Where ``until_day`` comes from (:data:`ORIGINS`)."""
    open_ended: bool = field(default=False, kw_only=True)
    """"Until my doctor says": no end date; it ends when the patient marks it cleared."""
    usual_until_day: int | None = field(default=None, kw_only=True)
    """The span before the discharge sheet changed it (to say "shorter than usual, per your instructions")."""
    resume_has_condition: bool = field(default=False, kw_only=True)
    """``resume`` already says whose agreement it needs ("drive, if your doctor agrees"), so no
    sentence adds "if your doctor agrees" again (a flag in the plan file, not a search of the words)."""


@dataclass(frozen=True)
class DatedRestriction(Restriction):
    """A restriction placed on the calendar for one patient."""

    starts: date
    last_day: date
    cleared: bool

    @property
    def free_from(self) -> date:
        """The first day the restriction no longer applies (unless the doctor lifted it earlier)."""
        return self.last_day + timedelta(days=1)

    def active_on(self, on: date) -> bool:
        """True if the patient should still keep to it on ``on``."""
        return not self.cleared and self.starts <= on and (self.open_ended or on <= self.last_day)

    @property
    def ends(self) -> bool:
        """True if it ends on a known day by itself (not cleared, not "until my doctor says")."""
        return not self.cleared and not self.open_ended


@dataclass(frozen=True)
class CareItem:
    """A "do" of the plan (ice in the first day, the binder, medicines), for some days and some screens.

    ``until_day`` ``None`` means for as long as the pump is in; ``drugs`` empty means every
    pump, and ``"not_set"`` in it covers a profile that names no medicine.
    """

    id: str
    title: str
    detail: str
    from_day: int
    until_day: int | None
    drugs: tuple[str, ...]
    show_on: tuple[str, ...]
    sources: tuple[str, ...]

    def applies(self, day: int, drug: str) -> bool:
        """True on ``day`` (days since the implant) for a pump holding ``drug``."""
        in_time = self.from_day <= day and (self.until_day is None or day <= self.until_day)
        return in_time and (not self.drugs or drug in self.drugs)


@dataclass(frozen=True)
class Milestone:
    """A moment of the plan (stitches out, first follow-up), as a day offset."""

    id: str
    day: int
    title: str
    detail: str
    sources: tuple[str, ...]
    origin: str = field(default=DEFAULT, kw_only=True)


@dataclass(frozen=True)
class DatedMilestone(Milestone):
    """A milestone placed on the calendar for one patient; an appointment from the sheet also has its time."""

    date: date
    time: time | None = field(default=None, kw_only=True)
    zone: str | None = field(default=None, kw_only=True)
    """The IANA time zone the appointment time was entered in (``None``: the computer's own)."""
    appointment_id: str | None = field(default=None, kw_only=True)
    appointment_kind: str | None = field(default=None, kw_only=True)
    """For an appointment from the sheet: one of :data:`APPOINTMENT_KINDS`."""


@dataclass(frozen=True)
class Appointment:
    """A visit written on the discharge sheet, on a date and perhaps at a time.

    ``kind`` is one of :data:`APPOINTMENT_KINDS`; a stitches-out or first follow-up
    appointment takes the place of the plan's usual milestone of that id.
    """

    id: str
    kind: str
    title: str
    detail: str
    date: date
    time: time | None = None
    zone: str | None = None

    def as_milestone(self, surgery: date) -> DatedMilestone:
        return DatedMilestone(
            id=self.kind if self.kind in REPLACING_KINDS else f"visit-{self.id}",
            day=(self.date - surgery).days,
            title=self.title,
            detail=self.detail,
            sources=(),
            origin=SHEET,
            date=self.date,
            time=self.time,
            zone=self.zone,
            appointment_id=self.id,
            appointment_kind=self.kind,
        )


def _fields_of(template: Restriction | Milestone) -> dict[str, Any]:
    return {f.name: getattr(template, f.name) for f in fields(template)}


@dataclass(frozen=True)
class Setting:
    """A clinic-adjustable number, with where the default comes from."""

    name: str
    value: float
    minimum: float
    maximum: float
    sources: tuple[str, ...]
    note: str
    set_by_clinic: bool = False
    origin: str = DEFAULT


@dataclass(frozen=True)
class Change:
    """What the patient may do again from ``date``."""

    date: date
    restrictions: tuple[DatedRestriction, ...]


@dataclass(frozen=True)
class PlanStatus:
    """Everything the Today screen needs about the plan on one day."""

    on: date
    surgery_date: date
    day: int
    phase: Phase
    total_days: int
    restrictions: tuple[DatedRestriction, ...]
    next_milestone: DatedMilestone | None
    next_change: Change | None

    @property
    def before_surgery(self) -> bool:
        return self.day < 0

    @property
    def days_until_surgery(self) -> int:
        return max(0, -self.day)

    @property
    def week(self) -> int | None:
        """Week of recovery, 1 for days 0-6; ``None`` before the implant."""
        return None if self.day < 0 else self.day // 7 + 1

    @property
    def days_left(self) -> int:
        """Days until the usual recovery is complete (0 once it is)."""
        return max(0, self.total_days - max(self.day, 0))

    @property
    def progress(self) -> float:
        """Share of the usual recovery behind the patient, from 0.0 to 1.0."""
        return min(1.0, max(0.0, self.day / self.total_days))


@dataclass(frozen=True)
class RecoveryPlan:
    """The plan after clinic adjustments; all date arithmetic for one patient goes through it."""

    recovery_days: int
    phases: tuple[Phase, ...]
    restrictions: tuple[Restriction, ...]
    milestone_templates: tuple[Milestone, ...]
    settings: Mapping[str, Setting]
    care: tuple[CareItem, ...] = ()
    clinic_source: str | None = None
    pump_overrides: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    crisis_line: str | None = None
    """A crisis phone line the clinic set in ``clinic.json`` (``None``: the emergency number serves)."""
    clinic_name: str | None = None
    """The clinic that wrote ``clinic.json``, if the file names it ("from Riverside Pain Clinic's settings")."""
    appointments: tuple[Appointment, ...] = ()
    """Visits from the patient's discharge sheet, with their dates and times."""
    other_instructions: str = ""
    """What else the discharge sheet says, as the patient typed it."""
    language: str = "en"
    """The language of the texts (:func:`recovery.plan.in_language` gives the same plan in another)."""
    clinic_overrides: Mapping[str, Any] | None = None
    """The clinic file's settings as applied, kept to word the same plan in another language."""

    @property
    def fever_threshold_c(self) -> float:
        return float(self.settings["fever_threshold_c"].value)

    @property
    def lifting_limit_lb(self) -> float:
        return float(self.settings["lifting_limit_lb"].value)

    @property
    def driving_weeks(self) -> int:
        return int(self.settings["driving_weeks"].value)

    def restriction(self, restriction_id: str) -> Restriction:
        for restriction in self.restrictions:
            if restriction.id == restriction_id:
                return restriction
        raise KeyError(restriction_id)

    def day_number(self, surgery_date: date | str, on: date | str) -> int:
        """Days since the implant: 0 on the implant day, negative before it."""
        return (_as_date(on, "on") - _as_date(surgery_date, "surgery_date")).days

    def phase_on(self, surgery_date: date | str, on: date | str) -> Phase:
        day = self.day_number(surgery_date, on)
        for phase in self.phases:
            if phase.covers(day):
                return phase
        raise AssertionError(f"no phase covers day {day}")  # the loader checks coverage

    def dated_restrictions(self, surgery_date: date | str, cleared: Iterable[str] = ()) -> list[DatedRestriction]:
        """Every restriction on the calendar, including cleared ones (for the Plan screen)."""
        surgery = _as_date(surgery_date, "surgery_date")
        lifted = _cleared_ids(cleared)
        return [
            DatedRestriction(
                **_fields_of(r),
                starts=surgery + timedelta(days=r.from_day),
                last_day=surgery + timedelta(days=r.until_day),
                cleared=r.id in lifted,
            )
            for r in self.restrictions
        ]

    def active_restrictions(
        self, surgery_date: date | str, on: date | str, cleared: Iterable[str] = ()
    ) -> list[DatedRestriction]:
        """The restrictions to keep on ``on``; ``cleared`` holds ids the doctor has lifted."""
        day = _as_date(on, "on")
        return [r for r in self.dated_restrictions(surgery_date, cleared) if r.active_on(day)]

    def care_for(self, surgery_date: date | str, on: date | str, drug: str, screen: str) -> list[CareItem]:
        """The care advice for ``screen`` ("plan", "today" or "pump") that applies on ``on`` to a pump with ``drug``.

        On the Plan screen every item for the drug is listed, whatever the day.
        """
        day = self.day_number(surgery_date, on)
        return [
            item
            for item in self.care
            if screen in item.show_on and (item.applies(day, drug) if screen != "plan" else item.applies(item.from_day, drug))
        ]

    def milestones(self, surgery_date: date | str) -> list[DatedMilestone]:
        """Milestones on the calendar, earliest first; an appointment replaces the usual milestone of its kind."""
        surgery = _as_date(surgery_date, "surgery_date")
        replaced = {a.kind for a in self.appointments if a.kind in REPLACING_KINDS}
        dated = [
            DatedMilestone(**_fields_of(m), date=surgery + timedelta(days=m.day))
            for m in self.milestone_templates
            if m.id not in replaced
        ]
        dated += [a.as_milestone(surgery) for a in self.appointments]
        return sorted(dated, key=lambda m: (m.date, m.time or time.min, m.id))

    def next_milestone(self, surgery_date: date | str, on: date | str) -> DatedMilestone | None:
        """The first milestone on or after ``on``."""
        day = _as_date(on, "on")
        return next((m for m in self.milestones(surgery_date) if m.date >= day), None)

    def next_change(
        self, surgery_date: date | str, on: date | str, cleared: Iterable[str] = ()
    ) -> Change | None:
        """The next day something becomes allowed again, and what."""
        day = _as_date(on, "on")
        upcoming = [r for r in self.dated_restrictions(surgery_date, cleared) if r.ends and r.free_from > day]
        if self.day_number(surgery_date, day) < 0 or not upcoming:
            return None
        first = min(r.free_from for r in upcoming)
        return Change(first, tuple(r for r in upcoming if r.free_from == first))

    def status(self, surgery_date: date | str, on: date | str, cleared: Iterable[str] = ()) -> PlanStatus:
        """Day number, phase, today's restrictions and what comes next, in one call."""
        surgery = _as_date(surgery_date, "surgery_date")
        day = _as_date(on, "on")
        lifted = _cleared_ids(cleared)
        return PlanStatus(
            on=day,
            surgery_date=surgery,
            day=self.day_number(surgery, day),
            phase=self.phase_on(surgery, day),
            total_days=self.recovery_days,
            restrictions=tuple(self.active_restrictions(surgery, day, lifted)),
            next_milestone=self.next_milestone(surgery, day),
            next_change=self.next_change(surgery, day, lifted),
        )


def _as_date(value: date | str, name: str) -> date:
    if isinstance(value, date):
        return value
    try:
        return parse_iso_date(value)
    except ValueError as exc:
        raise ValueError(f"{name} {exc}") from None


def _cleared_ids(cleared: Iterable[str]) -> frozenset[str]:
    if isinstance(cleared, str):
        cleared = (cleared,)
    lifted = frozenset(cleared)
    unknown = sorted(lifted - set(RESTRICTION_IDS))
    if unknown:
        raise ValueError(f"cleared holds an unknown restriction {unknown[0]!r}; known: {', '.join(RESTRICTION_IDS)}")
    return lifted
