"""Field-level validation errors shared by check-ins, profiles and clinic files.

Every refusal names the field and what is allowed, so the UI can show the message
beside the field and a CLI can print it as is. ``ValidationError`` is a
``ValueError`` so callers that only know the standard library can still catch it.
Messages are in the current language; field names and the allowed formats
(``YYYY-MM-DD``) are the file's, so they stay as they are.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable, Mapping
from datetime import date, datetime, timezone
from typing import Any

from recovery.i18n import N_, _

#: Every date and instant the app stores lies in this range (``LATEST_DATE`` included).
#: Earlier or later values are typing slips or hostile input, and near the ends of
#: Python's calendar they overflow date arithmetic, which once made one stored value
#: crash every later start.
EARLIEST_DATE, LATEST_DATE = date(2000, 1, 1), date(2099, 12, 31)
EARLIEST_INSTANT = datetime(2000, 1, 1, tzinfo=timezone.utc)
END_OF_RANGE = datetime(2100, 1, 1, tzinfo=timezone.utc)
#: The first sentence of a refusal, for each kind of record (a whole sentence each: the words agree in gender).
REFUSED = {
    "check-in": N_("This check-in was not accepted."),
    "profile": N_("This profile was not accepted."),
    "discharge sheet": N_("This discharge sheet was not accepted."),
    "appointment": N_("This appointment was not accepted."),
}
UNKNOWN_FIELD = {
    "check-in": N_("is not a check-in field; known fields are {fields}"),
    "profile": N_("is not a profile field; known fields are {fields}"),
}


class ValidationError(ValueError):
    """One or more fields were refused; ``errors`` maps each field to a plain message."""

    def __init__(self, errors: Mapping[str, str], *, what: str = "entry") -> None:
        self.errors: dict[str, str] = dict(errors)
        self.what = what
        listing = "; ".join(f"{field}: {message}" for field, message in self.errors.items())
        first = _(REFUSED[what]) if what in REFUSED else _("This entry was not accepted.")
        super().__init__(f"{first} {listing}")

    @property
    def field(self) -> str:
        """The first refused field (most callers show one message at a time)."""
        return next(iter(self.errors))


def validate_record(
    record: object,
    *,
    what: str,
    fields: tuple[str, ...],
    required: Mapping[str, str],
    problem: Callable[[str, Any], str | None],
) -> dict[str, Any]:
    """Check a dict field by field and return it unchanged, or raise one error listing every problem.

    ``required`` maps each required field to the sentence shown when it is missing;
    ``problem(field, value)`` says why a value is refused, or returns ``None``.
    """
    if not isinstance(record, Mapping):
        raise ValidationError({what: _("must be a set of fields (got {value})").format(value=describe(record))}, what=what)
    errors: dict[str, str] = {}
    for key, value in record.items():
        if key not in fields:
            unknown = _(UNKNOWN_FIELD[what]) if what in UNKNOWN_FIELD else _("is not a field the app knows; known fields are {fields}")
            errors[str(key)] = unknown.format(fields=", ".join(fields))
        else:
            refused = problem(key, value)
            if refused:
                errors[key] = refused
    for field, missing in required.items():
        if field not in record:
            errors[field] = missing
    if errors:
        raise ValidationError(errors, what=what)
    return dict(record)


def is_whole_number(value: object) -> bool:
    """True for ints but not for bools (``True`` is an ``int`` in Python)."""
    return isinstance(value, int) and not isinstance(value, bool)


def is_json_integer(value: object) -> bool:
    """True for whole numbers as JSON has them: ``6`` and ``6.0`` alike (never ``true``)."""
    return is_whole_number(value) or (isinstance(value, float) and value.is_integer())


def is_real_number(value: object) -> bool:
    """True for finite ints and floats, never for bools, NaN or infinity."""
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        return False
    return math.isfinite(value)


def describe(value: object) -> str:
    """A short rendering of a refused value for an error message (long text is cut)."""
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def parse_iso_date(value: object) -> date:
    """Parse ``YYYY-MM-DD``; raise ``ValueError`` with the allowed form otherwise."""
    if not isinstance(value, str):
        raise ValueError(_("must be a date written YYYY-MM-DD (got {value})").format(value=describe(value)))
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        raise ValueError(_("must be a real date written YYYY-MM-DD (got {value})").format(value=describe(value))) from None
    if parsed.isoformat() != value:
        raise ValueError(_("must be written YYYY-MM-DD (got {value})").format(value=describe(value)))
    if not EARLIEST_DATE <= parsed <= LATEST_DATE:
        raise ValueError(
            _("must be a date from the year {first} to {last} (got {value})").format(
                first=EARLIEST_DATE.year, last=LATEST_DATE.year, value=describe(value)
            )
        )
    return parsed


_EXAMPLE = "2026-01-31T08:30:00+01:00"


def parse_aware_datetime(value: object) -> datetime:
    """Parse ISO 8601 with a UTC offset; a time without an offset is ambiguous and refused."""
    if not isinstance(value, str):
        raise ValueError(_("must be a date and time like {example} (got {value})").format(example=_EXAMPLE, value=describe(value)))
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError(
            _("must be a date and time like {example} (got {value})").format(example=_EXAMPLE, value=describe(value))
        ) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        raise ValueError(_("must include a UTC offset such as +01:00 or Z (got {value})").format(value=describe(value)))
    check_instant_in_range(parsed, value)
    return parsed


def check_instant_in_range(moment: datetime, shown: object = None) -> None:
    """Refuse an aware instant that cannot be converted to UTC or lies outside 2000–2099."""
    try:
        utc = moment.astimezone(timezone.utc)
    except OverflowError:
        utc = None
    if utc is None or not EARLIEST_INSTANT <= utc < END_OF_RANGE:
        raise ValueError(
            _("must be a moment from the year {first} to {last} (got {value})").format(
                first=EARLIEST_INSTANT.year,
                last=END_OF_RANGE.year - 1,
                value=describe(moment.isoformat() if shown is None else shown),
            )
        )


def has_unsavable_characters(text: str) -> bool:
    """True if the text holds lone surrogates, which cannot be written as UTF-8."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


_PHONE_CHARS = re.compile(r"^[0-9+()\-. /x]*$|^[0-9+()\-. /]*ext\.? ?[0-9]+$", re.IGNORECASE)


def phone_problem(value: Any) -> str | None:
    """Why ``value`` is not a phone number a patient could dial, or ``None`` (profiles and clinic files)."""
    if not isinstance(value, str) or not value.strip():
        return _("must be a phone number, not empty")
    digits = sum(ch.isdigit() for ch in value)
    if not _PHONE_CHARS.match(value.strip()) or not 3 <= digits <= 20:
        return _("must be a phone number: digits, spaces, + ( ) - . and an optional extension (got {value})").format(
            value=describe(value)
        )
    return None
