"""Installing a clinic's settings file (``clinic.json``) without hand-copying it into the data folder.

The file is checked in full first (the same checks, and messages naming the file and
the field, as when the app starts), then the patient sees what would change in plain
words ("Driving: 4 → 6 weeks; Follow-up: day 14 → day 28", in the current language), and
only on confirmation is it written into the data folder, atomically (it is there whole,
or the old one is).
Both ``python -m recovery clinic import`` and Settings → "Load my clinic's settings
file" use this module.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from recovery.checkin import format_temperature
from recovery.i18n import N_, _, format_number, ngettext
from recovery.jsonfile import JSONFileError, parse_strict_json
from recovery.paths import CLINIC_FILE_NAME
from recovery.plan import PlanConfigError, RecoveryPlan, load_clinic_plan, load_plan
from recovery.plan_model import KG_PER_LB
from recovery.plan_sheet import with_sheet
from recovery.discharge import DischargeSheet

#: A clinic file bigger than this is not a settings file.
MAX_FILE_BYTES = 64 * 1024
#: Short names of the milestones in a list of changes (English; translated where shown).
MILESTONE_WORDS = {
    "stitches_out": N_("Stitches out"),
    "follow_up": N_("Follow-up"),
    "driving_check": N_("Ask about driving"),
    "ease_restrictions": N_("Ask about easing restrictions"),
    "recovery_complete": N_("Recovery complete"),
}
#: English; translated where shown (``_(NOTHING_CHANGES)``).
NOTHING_CHANGES = N_("This file changes nothing in your plan.")


@dataclass(frozen=True)
class ClinicPreview:
    """A checked clinic file: its bytes, the plan it gives, and what would change."""

    name: str
    data: bytes
    plan: RecoveryPlan
    changes: tuple[str, ...]

    def summary(self) -> str:
        return "; ".join(self.changes) if self.changes else _(NOTHING_CHANGES)


def read_clinic_file(path: Path, current: RecoveryPlan, sheet: DischargeSheet | None = None, unit: str = "C") -> ClinicPreview:
    """Check ``path`` as a clinic file and say what it would change; ``PlanConfigError`` names the file and field."""
    path = Path(path).expanduser()
    label = path.name or str(path)
    try:
        size = path.stat().st_size
        if size > MAX_FILE_BYTES:
            raise PlanConfigError(label, "(file)", f"is too big for a settings file ({size // 1024} KB)")
        data = path.read_bytes()
    except OSError as exc:
        raise PlanConfigError(label, "(file)", f"cannot be read: {exc.strerror or exc}") from None
    return preview_clinic_bytes(data, label, current, sheet, unit)


def preview_clinic_bytes(
    data: bytes, label: str, current: RecoveryPlan, sheet: DischargeSheet | None = None, unit: str = "C"
) -> ClinicPreview:
    try:
        overrides = parse_strict_json(data)
    except JSONFileError as exc:
        raise PlanConfigError(label, "(file)", exc.problem) from None
    from recovery.plan_clinic import apply_clinic_overrides
    from recovery.plan_parse import base_plan

    plan = apply_clinic_overrides(base_plan(), overrides, label)
    return ClinicPreview(label, data, plan, tuple(describe_changes(current, plan, sheet, unit)))


def describe_changes(
    before: RecoveryPlan, after: RecoveryPlan, sheet: DischargeSheet | None = None, unit: str = "C"
) -> list[str]:
    """What changes between two clinic plans, in the patient's words; the sheet's values are marked as still first."""
    on_sheet = with_sheet(before, sheet) if sheet is not None else before
    sheet_sets = {r.id for r in on_sheet.restrictions if r.origin == "sheet"}
    replaced = {a.kind for a in on_sheet.appointments}
    changes: list[str] = []

    def note(text: str, covered: bool) -> None:
        changes.append(_("{change} (your discharge sheet still comes first)").format(change=text) if covered else text)

    if before.clinic_name != after.clinic_name:
        if before.clinic_name and after.clinic_name:
            changes.append(_("Clinic: {old} → {new}").format(old=before.clinic_name, new=after.clinic_name))
        else:
            changes.append(
                _("Settings from: {clinic}").format(clinic=after.clinic_name or _("a clinic not named in the file"))
            )
    if before.driving_weeks != after.driving_weeks:
        driving = ngettext("Driving: {old} → {new} week", "Driving: {old} → {new} weeks", after.driving_weeks)
        note(driving.format(old=before.driving_weeks, new=after.driving_weeks), "driving" in sheet_sets)
    if before.lifting_limit_lb != after.lifting_limit_lb:
        lifting = _("Lifting limit: {old} → {new}").format(
            old=_weight(before.lifting_limit_lb, unit), new=_weight(after.lifting_limit_lb, unit)
        )
        note(lifting, "lifting" in sheet_sets)
    if before.fever_threshold_c != after.fever_threshold_c:
        covered = on_sheet.settings["fever_threshold_c"].origin == "sheet"
        fever = _("Fever limit: {old} → {new}").format(
            old=format_temperature(before.fever_threshold_c, unit), new=format_temperature(after.fever_threshold_c, unit)
        )
        note(fever, covered)
    for old, new in zip(before.restrictions, after.restrictions):
        if old.until_day != new.until_day and not (old.id == "driving" and before.driving_weeks != after.driving_weeks):
            # Translators: {restriction} is a restriction's short name ("Lifting over 5 lb"), the days count from the implant
            span = _("{restriction}: until day {old} → until day {new}").format(
                restriction=f"{old.short[:1].upper()}{old.short[1:]}", old=old.until_day, new=new.until_day
            )
            note(span, old.id in sheet_sets)
    for old, new in zip(before.milestone_templates, after.milestone_templates):
        if old.day != new.day:
            name = _(MILESTONE_WORDS[old.id]) if old.id in MILESTONE_WORDS else old.title
            note(_("{milestone}: day {old} → day {new}").format(milestone=name, old=old.day, new=new.day), old.id in replaced)
    if before.crisis_line != after.crisis_line:
        changes.append(
            _("Crisis line: {old} → {new}").format(old=before.crisis_line or _("none"), new=after.crisis_line or _("none"))
        )
    for key, words in (("battery_years", _("Pump battery: {old} → {new}")), ("hot_tub_limit_c", _("Hot tub limit: {old} → {new}"))):
        old_value, new_value = before.pump_overrides.get(key), after.pump_overrides.get(key)
        if old_value != new_value:
            changes.append(words.format(old=_pump_value(key, old_value, unit), new=_pump_value(key, new_value, unit)))
    return changes


def install_clinic_file(home: Path, preview: ClinicPreview) -> Path:
    """Write the checked file into the data folder, atomically and private; returns where it went."""
    from recovery.export import write_private_file

    return write_private_file(Path(home) / CLINIC_FILE_NAME, preview.data)


def remove_clinic_file(home: Path) -> bool:
    """Remove the clinic's file (back to the usual advice); False if there was none."""
    target = Path(home) / CLINIC_FILE_NAME
    try:
        target.unlink()
    except FileNotFoundError:
        return False
    return True


def current_clinic_plan(home: Path) -> tuple[RecoveryPlan, str | None]:
    """The plan from the data folder's clinic file and, if that file is refused, why (the shipped plan is used)."""
    try:
        return load_clinic_plan(home), None
    except PlanConfigError as exc:
        return load_plan(), str(exc)


def _weight(pounds: float, unit: str) -> str:
    return f"{format_number(pounds * KG_PER_LB, 1)} kg" if unit == "C" else f"{format_number(pounds)} lb"


def _pump_value(key: str, value: object, unit: str) -> str:
    if value is None:
        # Translators: the usual value (no clinic setting), in "Pump battery: usual → 6 to 8 years"
        return _("usual")
    if key == "battery_years" and isinstance(value, tuple):
        return _("{low} to {high} years").format(low=format_number(value[0]), high=format_number(value[1]))
    return format_temperature(float(value), unit)  # type: ignore[arg-type]
