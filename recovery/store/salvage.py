"""Reading what can be read from a damaged data file, record by record.

One bad record (a hand edit, ``pain: 11``, a flipped bit, a cut-off end) used to
make the whole file unreadable, and restoring the newest backup then dropped every
check-in saved after it. Here the damaged file is read as far as it goes: every
record that passes the same checks as a healthy file is kept, every other one is
set aside with the reason, and the result is merged with the newest good backup.

Two ways in. If the file still parses as JSON, each table and record is checked
where it stands. If it does not (a truncation, a broken byte), records are found by
their shape in the text, ``"<number>":{...}``, and each is parsed on its own, so
damage inside one record costs that record only.

A record is checked by building a one-record database and running the store's own
migrations and :func:`~recovery.store.schema.check_database` on it, so salvage
accepts exactly what a healthy file may hold, for every table, current or future.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from recovery.jsonfile import JSONFileError, parse_strict_json
from recovery.store import schema
from recovery.store.schema import CHECKINS, META, PROFILE, TABLES, SchemaError, TooNewError

_BOM = "\ufeff"
#: A key followed by an object: ``"7":{`` or ``"checkin":{``. Quotes inside JSON strings are escaped, so this only
#: matches structure.
_KEY_OBJECT = re.compile(r'(?<!\\)"((?:[^"\\\n]|\\.){0,64})"\s*:\s*\{')
_LABELS = {
    CHECKINS: "check-in",
    PROFILE: "profile",
    META: "data version record",
    "questions": "question",
    "reminders": "reminder record",
    "pump_events": "refill record",
    "discharge": "discharge sheet",
}


@dataclass(frozen=True)
class SetAside:
    """A record that was not kept, where it was, and why."""

    where: str
    reason: str

    def __str__(self) -> str:
        return f"{self.where}: {self.reason}"


@dataclass
class Salvage:
    """The valid records of a damaged file, table by table, and those set aside."""

    records: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    set_aside: list[SetAside] = field(default_factory=list)
    #: The file parsed as JSON as a whole (only some records were invalid).
    intact: bool = False

    @property
    def kept(self) -> int:
        """How many records were kept, not counting the data version record."""
        return sum(len(docs) for table, docs in self.records.items() if table != META)


def label(table: str) -> str:
    return _LABELS.get(table, f"{table} record")


def _version_of(meta_docs: Iterable[Any]) -> int:
    for doc in meta_docs:
        version = doc.get("schema_version") if isinstance(doc, dict) else None
        if isinstance(version, int) and not isinstance(version, bool) and version >= 1:
            if version > schema.SCHEMA_VERSION:
                raise TooNewError(version)
            return version
    return schema.SCHEMA_VERSION


def _short(problem: str) -> str:
    """The reason without the one-record database's own numbering."""
    problem = re.sub(r"^[\w -]*record 1: ", "", problem)
    return re.sub(r"^This [\w -]+ was not accepted\. ", "", problem)


def record_problem(table: str, doc: Any, version: int) -> tuple[dict[str, Any] | None, str | None]:
    """Check one record as the store would; returns it (migrated) or the reason it is refused."""
    if table not in TABLES:
        return None, f"belongs to an unknown table {table!r}"
    raw: dict[str, Any] = {META: {"1": doc if table == META else {"schema_version": version}}}
    if table != META:
        raw[table] = {"1": doc}
    try:
        data, _found = schema.migrate(raw)
        schema.check_database(data)
        json.dumps(doc, ensure_ascii=False, allow_nan=False).encode("utf-8")
    except UnicodeEncodeError:
        return None, "holds bytes that are not text (the disk damaged it)"
    except (SchemaError, TooNewError, ValueError, TypeError, AttributeError, KeyError) as exc:
        return None, _short(str(exc))
    return data[table]["1"], None


def _classify(doc: Any, hint: str | None, version: int) -> tuple[str | None, dict[str, Any] | None, str | None]:
    """The table whose record ``doc`` is (the hint first), or the hint's reason for refusing it."""
    first_problem = None
    for table in ([hint] if hint in TABLES else []) + [t for t in TABLES if t != hint]:
        kept, problem = record_problem(table, doc, version)
        if kept is not None:
            return table, kept, None
        if table == hint:
            first_problem = problem
    return hint, None, first_problem or "is not a record this app writes"


class _Collector:
    """Keeps valid records, refusing a second record with an id already kept."""

    def __init__(self, salvage: Salvage) -> None:
        self.salvage = salvage
        self.ids: dict[str, set[str]] = {}

    def keep(self, table: str, doc: dict[str, Any], where: str) -> None:
        docs = self.salvage.records.setdefault(table, [])
        record_id = doc.get("id") if isinstance(doc, dict) else None
        if isinstance(record_id, str):
            seen = self.ids.setdefault(table, set())
            if record_id in seen:
                self.salvage.set_aside.append(SetAside(where, f"has the same id as an earlier {label(table)}"))
                return
            seen.add(record_id)
        if table in (META, PROFILE) and docs:
            self.salvage.set_aside.append(SetAside(where, f"is a second {label(table)}; the first one was kept"))
            return
        docs.append(doc)


def _walk(parsed: Mapping[str, Any], salvage: Salvage) -> None:
    """Check each record of a file that parsed as JSON."""
    meta = parsed.get(META)
    version = _version_of(meta.values() if isinstance(meta, dict) else [])
    collector = _Collector(salvage)
    for table, docs in parsed.items():
        if table not in TABLES:
            # A misspelt table name (a flipped bit, a hand edit): keep each record that is whole by its shape.
            for doc_id, doc in docs.items() if isinstance(docs, dict) else ():
                table_of, kept, _problem = _classify(doc, None, version)
                if kept is not None and table_of is not None:
                    collector.keep(table_of, kept, f"{label(table_of)} {doc_id} in table {table!r}")
                else:
                    salvage.set_aside.append(SetAside(f"record {doc_id} of table {table!r}", "is not a table this app writes"))
            if not isinstance(docs, dict):
                salvage.set_aside.append(SetAside(f"table {table!r}", "is not a table this app writes"))
            continue
        if not isinstance(docs, dict):
            salvage.set_aside.append(SetAside(f"table {table!r}", "is not a set of numbered records"))
            continue
        for doc_id, doc in docs.items():
            where = f"{label(table)} {doc_id}"
            kept, problem = record_problem(table, doc, version)
            if kept is None:
                salvage.set_aside.append(SetAside(where, problem or "is not valid"))
            else:
                collector.keep(table, kept, where)


def _scan(text: str, salvage: Salvage) -> None:
    """Find records by their shape in text that does not parse as a whole."""
    decoder = json.JSONDecoder(object_pairs_hook=_strict_pairs, parse_constant=_no_constant)
    found: list[tuple[str | None, str, Any, bool]] = []  # (table hint, key, decoded or None, digit key)
    table: str | None = None
    skip_until = 0
    for match in _KEY_OBJECT.finditer(text):
        if match.start() < skip_until:
            continue
        key = match.group(1)
        brace = match.end() - 1
        if key in TABLES and not key.isdigit():
            table = key
            continue
        try:
            value, end = decoder.raw_decode(text, brace)
        except (ValueError, RecursionError):
            value, end = None, brace
        if key.isdigit():
            found.append((table, key, value, True))
            if value is not None:
                skip_until = end
        elif isinstance(value, dict):
            found.append((table, key, value, False))
            if end > brace:
                skip_until = end
    version = _version_of(value for hint, _key, value, _digit in found if hint == META)
    collector = _Collector(salvage)
    broken: SetAside | None = None
    for hint, key, value, digit_key in found:
        if digit_key and value is None:
            broken = SetAside(f"{label(hint or CHECKINS)} {key}", "is damaged and could not be read")
            salvage.set_aside.append(broken)
            continue
        if not digit_key:
            # An object under another key: a record whose number was damaged, or the check-in
            # inside a record whose wrapper was. Kept only if it is a whole valid record.
            if key == "checkin":
                kept, problem = record_problem(CHECKINS, {"id": _rescue_id(value), "checkin": value}, version)
                if kept is not None:
                    collector.keep(CHECKINS, kept, "a check-in whose record was damaged")
                    if broken is not None and broken in salvage.set_aside:
                        salvage.set_aside.remove(broken)
                    broken = None
                continue
            table_of, kept, _problem = _classify(value, hint, version)
            if kept is not None and table_of is not None:
                collector.keep(table_of, kept, f"{label(table_of)} under {key!r}")
            continue
        broken = None
        table_of, kept, problem = _classify(value, hint, version)
        where = f"{label(hint or table_of or CHECKINS)} {key}"
        if kept is None or table_of is None:
            salvage.set_aside.append(SetAside(where, problem or "is not valid"))
        else:
            collector.keep(table_of, kept, where)


def _rescue_id(checkin: Any) -> str:
    """A stable new id for a check-in whose own id was damaged (the same content gets the same id)."""
    import hashlib

    canonical = json.dumps(checkin, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(canonical.encode("utf-8", "surrogatepass")).hexdigest()[:32]


class _DuplicateKey(ValueError):
    pass


def _strict_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(f"names the key {key!r} twice")
        result[key] = value
    return result


def _no_constant(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def salvage_bytes(data: bytes) -> Salvage:
    """Every valid record of a damaged data file, and each one set aside with its reason.

    Raises :class:`TooNewError` if the file says a newer app wrote it (it is left alone).
    """
    text = data.decode("utf-8", errors="surrogateescape")
    if text.startswith(_BOM):
        text = text[1:]
    salvage = Salvage()
    try:
        parsed = parse_strict_json(text)
    except (JSONFileError, RecursionError):
        parsed = None
    if isinstance(parsed, dict):
        salvage.intact = True
        _walk(parsed, salvage)
    else:
        _scan(text, salvage)
    return salvage


def _identity(table: str, doc: Mapping[str, Any]) -> str:
    if table in (META, PROFILE, schema.DISCHARGE):
        return table
    if isinstance(doc.get("id"), str):
        return doc["id"]
    return json.dumps(doc, sort_keys=True, ensure_ascii=False)


def _content(doc: Mapping[str, Any]) -> str:
    return json.dumps(doc["checkin"], sort_keys=True, ensure_ascii=False)


def combine(salvage: Salvage, backup: Mapping[str, Any] | None) -> tuple[dict[str, Any], int]:
    """The newest good backup with every salvaged record added (a salvaged record wins over its older copy).

    Returns the database to save and how many records came from the backup alone.
    """
    tables: dict[str, dict[str, dict[str, Any]]] = {}
    for table, docs in (backup or {}).items():
        if table != META:
            for doc in docs.values():
                tables.setdefault(table, {})[_identity(table, doc)] = doc
    from_backup = {(table, key) for table, docs in tables.items() for key in docs}
    backup_contents = {_content(doc) for doc in tables.get(CHECKINS, {}).values()}
    for table, docs in salvage.records.items():
        if table == META:
            continue
        for doc in docs:
            key = _identity(table, doc)
            if table == CHECKINS and key not in tables.get(table, {}) and _content(doc) in backup_contents:
                continue  # a rescued check-in that the backup holds under its own id
            tables.setdefault(table, {})[key] = doc
            from_backup.discard((table, key))
    database: dict[str, Any] = {META: {"1": {"schema_version": schema.SCHEMA_VERSION}}}
    for table in TABLES:
        if table != META:
            docs = tables.get(table, {}).values()
            database[table] = {str(number): doc for number, doc in enumerate(docs, start=1)}
    schema.check_database(database)
    return database, len(from_backup)
