"""The layout of the data file, its version, and the migrations between versions.

The file is a TinyDB database with these tables:

``meta``
    one document ``{"schema_version": N}``.
``profile``
    at most one document ``{"profile": {...}}`` (see :mod:`recovery.profile`).
``checkins``
    one document per check-in: ``{"id": "<32 hex>", "checkin": {...}}``.
``questions`` (since version 2)
    questions the patient wants to ask at the next visit:
    ``{"id": "<32 hex>", "text": "...", "created_at": "<ISO with offset>", "resolved": false}``.
``pump_events`` (since version 4)
    refills and dose changes: ``{"id": "<32 hex>", "kind": "refill", "date": "2026-12-17", "note": ""}``.
``checkins`` fields (since version 5)
    check-ins may hold the "Anything else?" signs (``cannot_pass_urine``, ``seizure``,
    ``self_harm_thoughts``, ``hallucinations_or_mood_change``, ``dizzy_or_fainting``,
    ``rash_or_hives``, ``pump_moved``). Version 5 changes no stored data; its number tells
    an older app that it cannot read these fields ("too new") instead of calling them damage.
``discharge`` (since version 6)
    at most one document ``{"sheet": {...}}``: what the patient entered from the hospital's
    discharge sheet (appointments, restriction lengths, lifting and fever limits, other
    instructions), exactly as :func:`recovery.discharge.validate_sheet_record` accepts it.
``reminders`` (since version 3)
    one document per delivered reminder, so none is delivered twice:
    ``{"id": "checkin:2026-11-24", "delivered_at": "<ISO with offset>", "via": "desktop"}``.
``drafts`` (since version 7)
    at most one unsaved form of each kind, kept so that nothing typed is lost:
    ``{"id": "checkin", "saved_at": "<ISO with offset>", "form": {"pain": 4, "temperature_text": "38.", ...}}``.
    The form is the screen's answers as typed (text fields unparsed), not a check-in.
``profile`` field ``language`` (since version 8)
    the language the patient chose for the app, the reminders and the report (``"en"``, ``"es"``).
    Version 8 changes no stored data; its number tells an older app that a profile holding
    ``language`` is "too new" for it, not damaged.

Every load is checked against this layout, down to each check-in's fields, so a
hand-edited or damaged file is noticed before the app works on it. Migrations are
ordered functions from version N to N+1, in the manner of Electrum's wallet upgrades;
the file from before a migration is kept beside the database.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from recovery.checkin import validate_checkin
from recovery.discharge import validate_sheet_record
from recovery.i18n import _
from recovery.profile import validate_profile
from recovery.validation import ValidationError, has_unsavable_characters, parse_aware_datetime

SCHEMA_VERSION = 8
META, PROFILE, CHECKINS, QUESTIONS, REMINDERS = "meta", "profile", "checkins", "questions", "reminders"
PUMP_EVENTS, DRAFTS = "pump_events", "drafts"
DISCHARGE = "discharge"
TABLES = (META, PROFILE, CHECKINS, QUESTIONS, REMINDERS, PUMP_EVENTS, DISCHARGE, DRAFTS)
DRAFT_KINDS = ("checkin",)
DRAFT_MAX_ANSWERS = 60
DRAFT_MAX_CHARS = 5000
DELIVERY_CHANNELS = ("desktop", "in_app")
QUESTION_MAX_CHARS = 500
CHECKIN_ID = re.compile(r"^[0-9a-f]{32}$")

Migration = Callable[[dict[str, Any]], dict[str, Any]]


def _add_questions(data: dict[str, Any]) -> dict[str, Any]:
    """Version 2 adds the ``questions`` table for the visit report."""
    data.setdefault(QUESTIONS, {})
    return data


def _add_reminders(data: dict[str, Any]) -> dict[str, Any]:
    """Version 3 adds the ``reminders`` delivery log."""
    data.setdefault(REMINDERS, {})
    return data


def _add_pump_events(data: dict[str, Any]) -> dict[str, Any]:
    """Version 4 adds the log of refills and dose changes."""
    data.setdefault(PUMP_EVENTS, {})
    return data


def _allow_more_signs(data: dict[str, Any]) -> dict[str, Any]:
    """Version 5 lets check-ins hold the "Anything else?" signs; existing records stay as they are."""
    return data


def _add_discharge_sheet(data: dict[str, Any]) -> dict[str, Any]:
    """Version 6 adds the ``discharge`` table: the patient's own discharge sheet, empty until entered."""
    data.setdefault(DISCHARGE, {})
    return data


def _add_drafts(data: dict[str, Any]) -> dict[str, Any]:
    """Version 7 adds the drafts table: typed-in answers not saved yet."""
    data.setdefault(DRAFTS, {})
    return data


def _allow_language(data: dict[str, Any]) -> dict[str, Any]:
    """Version 8 lets the profile hold the patient's ``language``; existing records stay as they are."""
    return data


#: ``MIGRATIONS[n]`` turns a version-n database into version n+1.
MIGRATIONS: dict[int, Migration] = {
    1: _add_questions,
    2: _add_reminders,
    3: _add_pump_events,
    4: _allow_more_signs,
    5: _add_discharge_sheet,
    6: _add_drafts,
    7: _allow_language,
}


class SchemaError(ValueError):
    """The file parses as JSON but is not a database this app wrote; says where."""


class TooNewError(RuntimeError):
    """The file was written by a newer version of the app; it is left untouched."""

    def __init__(self, found: int) -> None:
        self.found = found
        super().__init__(
            _(
                "This data was saved by a newer version of Recovery Companion (data version {found}; "
                "this version reads up to {known}). Update the app; your data was not changed."
            ).format(found=found, known=SCHEMA_VERSION)
        )


def schema_version(raw: Mapping[str, Any]) -> int:
    """The version recorded in a parsed file (the current one for a new, empty file)."""
    meta = raw.get(META)
    if meta is None:
        if any(raw.get(table) for table in TABLES):
            raise SchemaError("the data version record (meta) is missing")
        return SCHEMA_VERSION
    docs = _documents(raw, META)
    if len(docs) != 1:
        raise SchemaError("meta must hold exactly one record")
    version = next(iter(docs.values())).get("schema_version")
    if not isinstance(version, int) or isinstance(version, bool) or version < 1:
        raise SchemaError(f"meta.schema_version must be a whole number from 1 (got {version!r})")
    return version


def migrate(raw: dict[str, Any]) -> tuple[dict[str, Any], int]:
    """Bring a parsed file up to :data:`SCHEMA_VERSION`; returns it and the version it had."""
    found = schema_version(raw)
    if found > SCHEMA_VERSION:
        raise TooNewError(found)
    data = raw
    for version in range(found, SCHEMA_VERSION):
        data = MIGRATIONS[version](data)
        data[META] = {"1": {"schema_version": version + 1}}
    return data, found


def check_database(raw: Any) -> None:
    """Raise :class:`SchemaError` unless ``raw`` is a valid current-version database."""
    if not isinstance(raw, dict):
        raise SchemaError("the file must hold a JSON object of tables")
    unknown = [name for name in raw if name not in TABLES]
    if unknown:
        raise SchemaError(f"the file holds an unknown table {unknown[0]!r}")
    if schema_version(raw) != SCHEMA_VERSION:
        raise SchemaError(f"meta.schema_version must be {SCHEMA_VERSION}")
    profiles = _documents(raw, PROFILE)
    if len(profiles) > 1:
        raise SchemaError("profile must hold at most one record")
    for doc_id, doc in profiles.items():
        if set(doc) != {"profile"}:
            raise SchemaError(f"profile record {doc_id} must hold exactly one 'profile' entry")
        try:
            validate_profile(doc["profile"])
        except ValidationError as exc:
            raise SchemaError(f"profile: {exc}") from None
    _check_discharge(raw)
    seen: set[str] = set()
    for doc_id, doc in _documents(raw, CHECKINS).items():
        if set(doc) != {"id", "checkin"}:
            raise SchemaError(f"check-in record {doc_id} must hold exactly 'id' and 'checkin'")
        checkin_id = doc["id"]
        if not isinstance(checkin_id, str) or not CHECKIN_ID.match(checkin_id):
            raise SchemaError(f"check-in record {doc_id} has a malformed id {checkin_id!r}")
        if checkin_id in seen:
            raise SchemaError(f"check-in id {checkin_id} appears twice")
        seen.add(checkin_id)
        try:
            validate_checkin(doc["checkin"])
        except ValidationError as exc:
            raise SchemaError(f"check-in record {doc_id}: {exc}") from None
    for doc_id, doc in _documents(raw, QUESTIONS).items():
        try:
            validate_question(doc)
        except ValueError as exc:
            raise SchemaError(f"question record {doc_id}: {exc}") from None
    for doc_id, doc in _documents(raw, PUMP_EVENTS).items():
        try:
            validate_pump_event(doc)
        except ValueError as exc:
            raise SchemaError(f"pump event record {doc_id}: {exc}") from None
    for doc_id, doc in _documents(raw, REMINDERS).items():
        try:
            validate_delivery(doc)
        except ValueError as exc:
            raise SchemaError(f"reminder record {doc_id}: {exc}") from None
    kinds: set[str] = set()
    for doc_id, doc in _documents(raw, DRAFTS).items():
        try:
            validate_draft(doc)
        except ValueError as exc:
            raise SchemaError(f"draft record {doc_id}: {exc}") from None
        if doc["id"] in kinds:
            raise SchemaError(f"there are two {doc['id']} drafts")
        kinds.add(doc["id"])


def validate_draft(doc: Any) -> dict[str, Any]:
    """An unsaved form; raises ``ValueError`` naming the problem.

    The answers are checked for shape and size only: a draft holds what was typed,
    right or wrong, and each answer is checked properly when the form is saved.
    """
    if not isinstance(doc, dict) or set(doc) != {"id", "saved_at", "form"}:
        raise ValueError("a draft holds exactly id, saved_at and form")
    if doc["id"] not in DRAFT_KINDS:
        raise ValueError(f"unknown draft kind {doc['id']!r}")
    parse_aware_datetime(doc["saved_at"])
    form = doc["form"]
    if not isinstance(form, dict) or not 1 <= len(form) <= DRAFT_MAX_ANSWERS:
        raise ValueError(f"the form must hold 1 to {DRAFT_MAX_ANSWERS} answers")
    for name, value in form.items():
        if not isinstance(name, str) or not name.isidentifier():
            raise ValueError(f"malformed answer name {name!r}")
        values = value if isinstance(value, list) else [value]
        if isinstance(value, list) and len(value) > DRAFT_MAX_ANSWERS:
            raise ValueError(f"{name} holds too many answers")
        for item in values:
            if item is not None and not isinstance(item, bool | int | str):
                raise ValueError(f"{name} must hold text, numbers, yes or no")
            if isinstance(item, str) and (len(item) > DRAFT_MAX_CHARS or has_unsavable_characters(item)):
                raise ValueError(f"{name} holds text that cannot be saved")
    return doc


def _check_discharge(raw: Mapping[str, Any]) -> None:
    sheets = _documents(raw, DISCHARGE)
    if len(sheets) > 1:
        raise SchemaError("discharge must hold at most one record")
    for doc_id, doc in sheets.items():
        if set(doc) != {"sheet"}:
            raise SchemaError(f"discharge record {doc_id} must hold exactly one 'sheet' entry")
        try:
            validate_sheet_record(doc["sheet"])
        except ValueError as exc:
            raise SchemaError(f"discharge sheet: {exc}") from None


def validate_pump_event(doc: Any) -> dict[str, Any]:
    """A refill or dose-change record; raises ``ValueError`` naming the problem."""
    from recovery.pump import check_event

    if not isinstance(doc, dict) or set(doc) != {"id", "kind", "date", "note"}:
        raise ValueError("a pump event holds exactly id, kind, date and note")
    if not isinstance(doc["id"], str) or not CHECKIN_ID.match(doc["id"]):
        raise ValueError(f"malformed id {doc['id']!r}")
    check_event(doc["kind"], doc["date"], doc["note"])
    return doc


def validate_delivery(doc: Any) -> dict[str, Any]:
    """A delivered-reminder record; raises ``ValueError`` naming the problem."""
    if not isinstance(doc, dict) or set(doc) != {"id", "delivered_at", "via"}:
        raise ValueError("a delivery holds exactly id, delivered_at and via")
    if not isinstance(doc["id"], str) or not 1 <= len(doc["id"]) <= 200:
        raise ValueError("the reminder id must be text")
    parse_aware_datetime(doc["delivered_at"])
    if doc["via"] not in DELIVERY_CHANNELS:
        raise ValueError(f"via must be one of {', '.join(DELIVERY_CHANNELS)}")
    return doc


def validate_question(doc: Any) -> dict[str, Any]:
    """A stored question, exactly as the store writes it; raises ``ValueError`` naming the problem."""
    if not isinstance(doc, dict) or set(doc) != {"id", "text", "created_at", "resolved"}:
        raise ValueError("a question holds exactly id, text, created_at and resolved")
    if not isinstance(doc["id"], str) or not CHECKIN_ID.match(doc["id"]):
        raise ValueError(f"malformed id {doc['id']!r}")
    text = doc["text"]
    if not isinstance(text, str) or not text.strip() or len(text) > QUESTION_MAX_CHARS:
        raise ValueError(f"the text must be 1 to {QUESTION_MAX_CHARS} characters")
    if has_unsavable_characters(text):
        raise ValueError("the text holds characters that cannot be saved")
    parse_aware_datetime(doc["created_at"])
    if not isinstance(doc["resolved"], bool):
        raise ValueError("resolved must be true or false")
    return doc


def _documents(raw: Mapping[str, Any], table: str) -> dict[str, dict[str, Any]]:
    docs = raw.get(table, {})
    if not isinstance(docs, dict):
        raise SchemaError(f"table {table!r} must be an object of records")
    for doc_id, doc in docs.items():
        if not doc_id.isdigit() or doc_id.startswith("0") or not doc_id.isascii():
            raise SchemaError(f"table {table!r} has a record with a malformed number {doc_id!r}")
        if not isinstance(doc, dict):
            raise SchemaError(f"record {doc_id} in table {table!r} must be an object")
    return docs
