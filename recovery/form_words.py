"""What to say beside a refused answer in the profile, pump and pre-op forms, in a patient's words.

The profile's own checks (:mod:`recovery.profile`) speak to whoever reads a data file:
"must be a real date written YYYY-MM-DD (got 'next month')". A patient at the form needs
what to type instead, with an example, and the text they typed quoted back, so this
module turns a field name and what was typed into one plain sentence per field, in the
patient's language.
"""

from __future__ import annotations

from typing import Any

from recovery.i18n import N_, _, ngettext
from recovery.profile import NAME_MAX_CHARS, REFILL_INTERVAL_RANGE_DAYS

DATE_FIELDS = ("surgery_date", "next_refill_date", "last_refill_date", "last_dose_change_date", "trial_date")
NAME_FIELDS = ("patient_name", "clinic_name", "caregiver_name", "pump_model", "drug_concentration")
PHONE_FIELDS = ("clinic_phone", "after_hours_phone")
DATE_EXAMPLE = "2026-12-21"

_WHAT = {
    # Translators: what to type in a name field, inside "Type {what} on one line."
    "patient_name": N_("your name"),
    "clinic_name": N_("the clinic's name"),
    "caregiver_name": N_("the name"),
    "pump_model": N_("the pump model"),
    "drug_concentration": N_("the medicine and its strength"),
}


def _quoted(typed: Any) -> str:
    text = str(typed).strip() if typed is not None else ""
    return f"“{text[:40]}{'…' if len(text) > 40 else ''}”"


def field_message(field: str, typed: Any, *, can_pick_date: bool = False) -> str:
    """One sentence for beside ``field`` when ``typed`` was refused: what is wrong and what to type."""
    empty = typed is None or (isinstance(typed, str) and not typed.strip())
    if field in DATE_FIELDS:
        words = {"example": DATE_EXAMPLE, "typed": _quoted(typed)}
        if empty:
            if can_pick_date:
                return _("Type the date like {example}, or pick it with the − and + buttons.").format(**words)
            return _("Type the date like {example}.").format(**words)
        if can_pick_date:
            return _(
                "{typed} is not a date the app can read. Type the date like {example}, or pick it with the − and + buttons."
            ).format(**words)
        return _("{typed} is not a date the app can read. Type the date like {example}.").format(**words)
    if field in PHONE_FIELDS:
        if empty:
            return _("Type the phone number, like 555 0142 or +44 20 7946 0000.")
        return _("{typed} is not a phone number. Type digits, like 555 0142 or +44 20 7946 0000.").format(typed=_quoted(typed))
    if field == "emergency_number":
        return _("Type the emergency number in digits only, like 911, 999 or 112.")
    if field == "reminder_time":
        return _("{typed} is not a time. Type the time like 09:00 or 18:30 (24-hour clock).").format(typed=_quoted(typed))
    if field == "trial_relief_percent":
        return _("Type how much the trial helped as a whole number of percent, from 0 to 100, like 60.")
    if field == "refill_interval_days":
        low, high = REFILL_INTERVAL_RANGE_DAYS
        return _("Type the number of days between refills, from {low} to {high}, like 56.").format(low=low, high=high)
    if field == "drug":
        return _("Pick the medicine in your pump, or “{other}”.").format(other=_("Other or not sure"))
    if field == "language":
        return _("Pick a language.")
    if field in NAME_FIELDS:
        what = _(_WHAT.get(field, N_("the name")))
        if empty:
            return _("Type {what}, or leave the field as it was.").format(what=what)
        if isinstance(typed, str) and len(typed) > NAME_MAX_CHARS:
            return ngettext(
                "That is {count} letter long; {what} can be at most {max}.",
                "That is {count} letters long; {what} can be at most {max}.",
                len(typed),
            ).format(count=len(typed), what=what, max=NAME_MAX_CHARS)
        return _("Type {what} on one line.").format(what=what)
    return _("Please check this answer.")
