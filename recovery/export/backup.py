"""The full backup: everything in the store as one JSON file, and reading it back safely.

``export --format json`` writes it; ``import FILE.json`` restores it into an empty data
directory or merges it into an existing one without duplicates. A backup is checked
in full (format, version, every check-in, the profile) before anything is stored.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from datetime import datetime
from typing import Any

from recovery import __version__
from recovery.checkin import validate_checkin
from recovery.discharge import validate_sheet_record
from recovery.i18n import _
from recovery.jsonfile import JSONFileError, parse_strict_json
from recovery.profile import validate_profile
from recovery.store import schema
from recovery.store.schema import CHECKIN_ID, validate_delivery, validate_pump_event, validate_question
from recovery.validation import ValidationError

FORMAT = "recovery-companion-backup"
FORMAT_VERSION = 1


class BackupError(ValueError):
    """A backup file that cannot be restored; the message says where and why.

    ``not_a_backup`` marks a file that is no backup at all (the import then tries it as a data file).
    """

    def __init__(self, message: str, *, not_a_backup: bool = False) -> None:
        super().__init__(message)
        self.not_a_backup = not_a_backup


def backup_to_json(snapshot: Mapping[str, Any], exported_at: datetime) -> bytes:
    """The backup file for a :meth:`Store.snapshot`."""
    document = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "app_version": __version__,
        "exported_at": exported_at.isoformat(timespec="seconds"),
        **snapshot,
    }
    return (json.dumps(document, ensure_ascii=False, indent=1, allow_nan=False) + "\n").encode("utf-8")


def _records(document: Mapping[str, Any], key: str, label: str, check: Callable[[Any], object]) -> list[Any]:
    """A list of records from the backup (empty if absent), each checked; the message says which one failed."""
    records = document.get(key, [])
    if not isinstance(records, list):
        raise BackupError(_("The backup's {part} must be a list.").format(part=key.replace("_", " ")))
    for index, record in enumerate(records, start=1):
        try:
            check(record)
        except ValueError as exc:
            raise BackupError(label.format(n=index, problem=exc)) from None
    return records


def load_backup(data: bytes) -> dict[str, Any]:
    """Parse and check a backup file; returns the snapshot to merge. Raises :class:`BackupError`."""
    try:
        document = parse_strict_json(data)
    except JSONFileError as exc:
        raise BackupError(_("The backup file {problem}.").format(problem=exc.problem)) from None
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise BackupError(
            _("This is not a Recovery Companion backup (its 'format' is missing or different)."), not_a_backup=True
        )
    if document.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            _("This backup uses format version {found}; this app reads 1.").format(found=repr(document.get("format_version")))
        )
    version = document.get("schema_version")
    if not isinstance(version, int) or version > schema.SCHEMA_VERSION:
        raise BackupError(_("This backup was made by a newer version of the app. Update the app, then import it."))
    profile = document.get("profile")
    if profile is not None:
        try:
            validate_profile(profile)
        except ValidationError as exc:
            raise BackupError(_("The profile in the backup is not valid: {problem}").format(problem=exc)) from None
    checkins = document.get("checkins")
    if not isinstance(checkins, list):
        raise BackupError(_("The backup has no list of check-ins."))
    seen: set[str] = set()
    for index, entry in enumerate(checkins, start=1):
        if not isinstance(entry, dict) or set(entry) != {"id", "checkin"}:
            raise BackupError(_("Check-in {n} in the backup must hold exactly 'id' and 'checkin'.").format(n=index))
        if not isinstance(entry["id"], str) or not CHECKIN_ID.match(entry["id"]) or entry["id"] in seen:
            raise BackupError(_("Check-in {n} in the backup has a missing, malformed or repeated id.").format(n=index))
        seen.add(entry["id"])
        try:
            validate_checkin(entry["checkin"])
        except ValidationError as exc:
            raise BackupError(_("Check-in {n} in the backup is not valid: {problem}").format(n=index, problem=exc)) from None
    sheet = document.get("discharge_sheet")
    if sheet is not None:
        try:
            validate_sheet_record(sheet)
        except ValueError as exc:
            raise BackupError(_("The discharge sheet in the backup is not valid: {problem}").format(problem=exc)) from None
    questions = _records(document, "questions", _("Question {n} in the backup is not valid: {problem}"), validate_question)
    reminders = _records(
        document, "reminders", _("Reminder record {n} in the backup is not valid: {problem}"), validate_delivery
    )
    events = _records(document, "pump_events", _("Refill record {n} in the backup is not valid: {problem}"), validate_pump_event)
    return {
        "profile": profile,
        "checkins": checkins,
        "questions": questions,
        "reminders": reminders,
        "pump_events": events,
        "discharge_sheet": sheet,
    }


def load_data_file(data: bytes) -> tuple[dict[str, Any], list[Any]] | None:
    """A data file itself (a set-aside ``recovery.json.damaged-…`` copy, a backup generation) as a snapshot.

    Returns the snapshot of every valid record and the records set aside (with reasons),
    or ``None`` if this is not a Recovery Companion data file.
    """
    from recovery.store.salvage import salvage_bytes
    from recovery.store.schema import CHECKINS, DISCHARGE, META, PROFILE

    salvage = salvage_bytes(data)
    if not salvage.records.get(META) and not salvage.records.get(CHECKINS):
        return None
    profiles = salvage.records.get(PROFILE, [])
    sheets = salvage.records.get(DISCHARGE, [])
    snapshot = {
        "profile": profiles[0]["profile"] if profiles else None,
        "checkins": salvage.records.get(CHECKINS, []),
        "questions": salvage.records.get("questions", []),
        "reminders": salvage.records.get("reminders", []),
        "pump_events": salvage.records.get("pump_events", []),
        "discharge_sheet": sheets[0]["sheet"] if sheets else None,
    }
    return snapshot, list(salvage.set_aside)
