"""The patient's discharge sheet: what the hospital wrote down, as one typed value.

The app's plan comes from published leaflets, but the sheet the surgical team hands
the patient is the authority. Here it becomes a :class:`DischargeSheet`: appointments
with their dates and times, restriction lengths as written ("6 weeks", "until my
doctor says"), the lifting limit in the unit the sheet uses, a fever limit and any
other instructions. It is stored as one record in the data file (see
:mod:`recovery.store.schema`, table ``discharge``); :func:`validate_sheet_record`
accepts exactly what the store may hold, and :mod:`recovery.plan_sheet` lays the sheet
over the plan.

Safety: every number is kept inside the ranges a clinic may set (a fever limit of 37.5
to 38.5 °C, restrictions of 1 to 365 days), so nothing typed here can make triage less
safe. A restriction may be shorter than the usual advice: the doctor said so.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, time, timedelta
from types import MappingProxyType
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from recovery.i18n import N_, _, language
from recovery.plan_model import APPOINTMENT_KINDS, KG_PER_LB, MAX_PLAN_DAY, REPLACING_KINDS, RESTRICTION_IDS, Appointment
from recovery.validation import describe, has_unsavable_characters, is_real_number, is_whole_number, parse_iso_date

#: The restrictions the sheet screen asks about, in the order a sheet usually lists them.
SHEET_RESTRICTIONS = (
    "driving",
    "lifting",
    "bending_twisting",
    "stretching_overhead",
    "stairs",
    "soaking",
    "strenuous_exercise",
    "work",
    "shower",
)
LENGTH_UNITS = ("weeks", "days")
UNTIL_CLEARED = "until_cleared"
MAX_LENGTH = {"weeks": 52, "days": 365}
WEIGHT_UNITS = ("lb", "kg")
LIFTING_RANGE = {"lb": (1.0, 50.0), "kg": (0.5, 22.5)}
FEVER_RANGE_C = (37.5, 38.5)
OTHER_MAX_CHARS = 2000
VISIT_NAME_MAX_CHARS = 60
MAX_APPOINTMENTS = 20
#: An appointment further ahead than this is a typing slip (a wrong year).
APPOINTMENT_DAYS_AHEAD = 2 * 366
APPOINTMENT_ID = re.compile(r"^[0-9a-f]{32}$")
_TIME = re.compile(r"^([01]\d|2[0-3]):[0-5]\d$")
_ZONE = re.compile(r"^[A-Za-z0-9_+\-]+(/[A-Za-z0-9_+\-]+){0,2}$")

#: What each kind of appointment is called on the screens, the reminders and the calendar
#: (English; :meth:`Visit.title` translates).
KIND_TITLES = {
    "stitches_out": N_("Stitches or clips out"),
    "follow_up": N_("First follow-up visit"),
    "later_follow_up": N_("Follow-up visit"),
    "other": N_("Visit"),
}
KIND_DETAILS = {
    "stitches_out": N_("The date from your discharge sheet."),
    "follow_up": N_("The date from your discharge sheet. Bring your questions and this app's report."),
    "later_follow_up": N_("The date from your discharge sheet. Bring your questions and this app's report."),
    "other": N_("The date from your discharge sheet."),
}


@dataclass(frozen=True)
class Length:
    """How long a restriction lasts, as the sheet says it: ``6 weeks``, ``10 days`` or until the doctor says."""

    amount: int = 0
    unit: str = "weeks"
    until_cleared: bool = False

    @property
    def days(self) -> int:
        """Restricted days counting the implant day as day 0 (the first free day's number)."""
        return self.amount * (7 if self.unit == "weeks" else 1)

    @property
    def until_day(self) -> int:
        """The plan's last restricted day (inclusive); "until my doctor says" runs to the plan's end."""
        return MAX_PLAN_DAY if self.until_cleared else self.days - 1

    def to_record(self) -> dict[str, Any]:
        return {UNTIL_CLEARED: True} if self.until_cleared else {self.unit: self.amount}


@dataclass(frozen=True)
class Weight:
    """The lifting limit in the unit the sheet uses."""

    amount: float
    unit: str

    @property
    def pounds(self) -> float:
        return self.amount if self.unit == "lb" else self.amount / KG_PER_LB

    def to_record(self) -> dict[str, Any]:
        return {self.unit: self.amount}


@dataclass(frozen=True)
class Visit:
    """One appointment as entered: its kind, a name for "other", the date, and the time if the sheet gives one."""

    id: str
    kind: str
    on: date
    at: time | None = None
    name: str = ""
    zone: str | None = None

    @property
    def title(self) -> str:
        """The visit's name in the current language (the patient's own name for "other")."""
        return self.title_in()

    def title_in(self, lang: str | None = None) -> str:
        words = language(lang)
        if self.kind == "other":
            return self.name
        if self.kind == "later_follow_up" and self.name:
            # Translators: a follow-up visit the patient named, e.g. "Follow-up visit: pain clinic"
            return words._("Follow-up visit: {name}").format(name=self.name)
        return words._(KIND_TITLES[self.kind])

    def as_appointment(self, lang: str | None = None) -> Appointment:
        """The visit as the plan shows it, worded in ``lang`` (default: the current language)."""
        details = language(lang)._(KIND_DETAILS[self.kind])
        return Appointment(self.id, self.kind, self.title_in(lang), details, self.on, self.at, self.zone)

    def to_record(self) -> dict[str, Any]:
        record: dict[str, Any] = {"id": self.id, "kind": self.kind, "date": self.on.isoformat()}
        if self.at is not None:
            record["time"] = f"{self.at:%H:%M}"
        if self.name:
            record["name"] = self.name
        if self.zone:
            record["zone"] = self.zone
        return record


@dataclass(frozen=True)
class DischargeSheet:
    """Everything the patient entered from the sheet; what is missing falls back to the clinic or the usual advice."""

    appointments: tuple[Visit, ...] = ()
    restrictions: Mapping[str, Length] = field(default_factory=lambda: MappingProxyType({}))
    lifting_limit: Weight | None = None
    fever_threshold_c: float | None = None
    other_instructions: str = ""

    def is_empty(self) -> bool:
        return not (
            self.appointments
            or self.restrictions
            or self.lifting_limit
            or self.fever_threshold_c is not None
            or self.other_instructions
        )

    def visit(self, visit_id: str) -> Visit:
        for visit in self.appointments:
            if visit.id == visit_id:
                return visit
        raise KeyError(visit_id)

    def to_record(self) -> dict[str, Any]:
        """The record the store keeps (only what was entered)."""
        record: dict[str, Any] = {}
        if self.appointments:
            record["appointments"] = [v.to_record() for v in self.appointments]
        if self.restrictions:
            record["restrictions"] = {rid: self.restrictions[rid].to_record() for rid in sorted(self.restrictions)}
        if self.lifting_limit is not None:
            record["lifting_limit"] = self.lifting_limit.to_record()
        if self.fever_threshold_c is not None:
            record["fever_threshold_c"] = self.fever_threshold_c
        if self.other_instructions:
            record["other_instructions"] = self.other_instructions
        return record


EMPTY_SHEET = DischargeSheet()
SHEET_FIELDS = ("appointments", "restrictions", "lifting_limit", "fever_threshold_c", "other_instructions")


def sheet_from_record(record: Any) -> DischargeSheet:
    """Check a stored record and build the sheet; ``ValueError`` names the first problem."""
    if not isinstance(record, Mapping):
        raise ValueError(f"a discharge sheet must be a set of fields (got {describe(record)})")
    unknown = sorted(str(key) for key in record if key not in SHEET_FIELDS)
    if unknown:
        raise ValueError(f"{unknown[0]} is not a discharge-sheet field; known: {', '.join(SHEET_FIELDS)}")
    visits = _visits(record.get("appointments", []))
    restrictions = _lengths(record.get("restrictions", {}))
    lifting = _weight(record["lifting_limit"]) if "lifting_limit" in record else None
    fever = record.get("fever_threshold_c")
    if fever is not None:
        low, high = FEVER_RANGE_C
        if not is_real_number(fever) or not low <= fever <= high:
            raise ValueError(f"fever_threshold_c must be a temperature in °C from {low} to {high} (got {describe(fever)})")
        fever = float(fever)
    other = record.get("other_instructions", "")
    if not isinstance(other, str) or len(other) > OTHER_MAX_CHARS or has_unsavable_characters(other):
        raise ValueError(f"other_instructions must be text of at most {OTHER_MAX_CHARS} characters")
    if "other_instructions" in record and not other.strip():
        raise ValueError("other_instructions must not be empty when present")
    return DischargeSheet(visits, MappingProxyType(restrictions), lifting, fever, other)


def validate_sheet_record(record: Any) -> dict[str, Any]:
    """The stored record unchanged if it is one this app writes; ``ValueError`` otherwise."""
    sheet = sheet_from_record(record)
    if sheet.to_record() != dict(record):
        raise ValueError("the discharge sheet is not written the way this app writes it")
    return dict(record)


def _visits(raw: Any) -> tuple[Visit, ...]:
    if not isinstance(raw, list) or len(raw) > MAX_APPOINTMENTS:
        raise ValueError(f"appointments must be a list of at most {MAX_APPOINTMENTS}")
    visits = []
    for index, item in enumerate(raw, start=1):
        where = f"appointment {index}"
        if not isinstance(item, Mapping) or not {"id", "kind", "date"} <= set(item) <= {"id", "kind", "date", "time", "name", "zone"}:
            raise ValueError(f"{where} must hold id, kind and date, and may hold time, name and zone")
        if not isinstance(item["id"], str) or not APPOINTMENT_ID.match(item["id"]):
            raise ValueError(f"{where} has a malformed id {describe(item['id'])}")
        kind = item["kind"]
        if kind not in APPOINTMENT_KINDS:
            raise ValueError(f"{where}: kind must be one of {', '.join(APPOINTMENT_KINDS)} (got {describe(kind)})")
        try:
            on = parse_iso_date(item["date"])
        except ValueError as exc:
            raise ValueError(f"{where}: date {exc}") from None
        at = None
        if "time" in item:
            if not isinstance(item["time"], str) or not _TIME.match(item["time"]):
                raise ValueError(f"{where}: time must be written HH:MM, 24-hour (got {describe(item['time'])})")
            at = time.fromisoformat(item["time"])
        name = item.get("name", "")
        problem = visit_name_problem(name) if "name" in item or kind == "other" else None
        if problem:
            raise ValueError(f"{where}: name {problem}")
        zone = item.get("zone")
        # Only the name's shape: a data file must stay readable on a computer whose zone list differs.
        if zone is not None and (not isinstance(zone, str) or len(zone) > 64 or not _ZONE.match(zone)):
            raise ValueError(f"{where}: zone must be a time zone name like Europe/Berlin (got {describe(zone)})")
        visits.append(Visit(item["id"], kind, on, at, name, zone))
    ids = [v.id for v in visits]
    if len(set(ids)) != len(ids):
        raise ValueError("two appointments have the same id")
    for kind in REPLACING_KINDS:
        if sum(v.kind == kind for v in visits) > 1:
            raise ValueError(f"there can be only one {kind} appointment")
    return tuple(visits)


def _lengths(raw: Any) -> dict[str, Length]:
    if not isinstance(raw, Mapping):
        raise ValueError("restrictions must map restriction ids to lengths")
    lengths = {}
    for restriction_id, spec in raw.items():
        if restriction_id not in RESTRICTION_IDS:
            raise ValueError(f"restrictions.{restriction_id} is not a restriction; known: {', '.join(RESTRICTION_IDS)}")
        lengths[restriction_id] = _length(spec, f"restrictions.{restriction_id}")
    return lengths


def _length(spec: Any, where: str) -> Length:
    if spec == {UNTIL_CLEARED: True}:
        return Length(until_cleared=True)
    if isinstance(spec, Mapping) and len(spec) == 1:
        ((unit, amount),) = spec.items()
        if unit in LENGTH_UNITS and is_whole_number(amount) and 1 <= amount <= MAX_LENGTH[unit]:
            return Length(amount, unit)
    raise ValueError(
        f"{where} must be {{\"weeks\": 1 to {MAX_LENGTH['weeks']}}}, {{\"days\": 1 to {MAX_LENGTH['days']}}} "
        f"or {{\"{UNTIL_CLEARED}\": true}} (got {describe(spec)})"
    )


def _weight(spec: Any) -> Weight:
    if isinstance(spec, Mapping) and len(spec) == 1:
        ((unit, amount),) = spec.items()
        if unit in WEIGHT_UNITS and is_real_number(amount):
            low, high = LIFTING_RANGE[unit]
            if low <= amount <= high:
                return Weight(float(amount), unit)
    ranges = " or ".join(f"{{\"{u}\": {LIFTING_RANGE[u][0]:g} to {LIFTING_RANGE[u][1]:g}}}" for u in WEIGHT_UNITS)
    raise ValueError(f"lifting_limit must be {ranges} (got {describe(spec)})")


def visit_name_problem(name: Any) -> str | None:
    """Why ``name`` cannot name a visit, or ``None``."""
    if not isinstance(name, str) or not name.strip() or name != name.strip():
        return "must be text without spaces around it, not empty"
    if len(name) > VISIT_NAME_MAX_CHARS or any(ord(ch) < 32 for ch in name) or has_unsavable_characters(name):
        return f"must be one line of at most {VISIT_NAME_MAX_CHARS} characters"
    return None


def valid_zone(zone: Any) -> bool:
    """True for an IANA time zone name this computer knows (``Europe/Berlin``)."""
    if not isinstance(zone, str) or len(zone) > 64 or not _ZONE.match(zone):
        return False
    try:
        ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError, OSError):
        return False
    return True


def appointment_date_problem(on: date, surgery: date, today: date) -> str | None:
    """A plain sentence if ``on`` cannot be a visit after this implant (before it, or years ahead)."""
    if on < surgery:
        return _("That is before your implant on {date}. Check the date on your sheet.").format(date=on_words(surgery))
    if on > max(today, surgery) + timedelta(days=APPOINTMENT_DAYS_AHEAD):
        return _("That is more than two years ahead. Check the year.")
    return None


def on_words(day: date) -> str:
    """``Thu 12 Nov 2026`` in the current language."""
    return language().format_short_day(day)
