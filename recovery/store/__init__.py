"""The patient's data on disk: one crash-safe TinyDB file per data directory.

This package is the only code that touches the data file. Its promises:

* ``add_checkin`` returns only once the check-in is on disk and fsynced; if it raises
  :class:`NotSavedError`, the file is byte-identical to before and the store's view
  agrees with the disk (no "phantom" entry).
* A file that does not parse, or that holds anything this app would not have written,
  is moved aside byte-identical, the newest good backup generation is restored, and
  the caller is told through :attr:`Store.recovery`.
* One process owns a data directory at a time (a lock held for the store's lifetime);
  a second gets :class:`StoreLockedError` at once. The lock dies with its process, so a
  killed app never blocks the next start.
* The directory is 0700 and every file in it 0600.
"""

from __future__ import annotations

import bisect
import errno
import json
import os
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from recovery.checkin import local_day, recorded_at, validate_checkin
from recovery.discharge import validate_sheet_record
from recovery.i18n import _
from recovery.paths import data_home
from recovery.profile import validate_profile
from recovery.store import schema
from recovery.store.atomic import AtomicJSONStorage, fs, write_atomically
from recovery.store.folder import DataFolderError, check_folder, folder_error, private_directory, private_files, refuse_link
from recovery.jsonfile import parse_strict_json
from recovery.store.recover import (
    BACKUP_GENERATIONS,
    JSON_OPTIONS,
    RecoveryNotice,
    backup_paths,
    check_or_recover,
    read_for_viewing,
    without_bom,
)
from recovery.store.drafts import Draft, DraftTable
from recovery.store.schema import (
    CHECKINS,
    DISCHARGE,
    META,
    PROFILE,
    PUMP_EVENTS,
    QUESTIONS,
    REMINDERS,
    SchemaError,
    TooNewError,
    check_database,
    migrate,
    validate_delivery,
    validate_pump_event,
    validate_question,
)

__all__ = [
    "DB_FILE_NAME",
    "BACKUP_GENERATIONS",
    "CheckinRecord",
    "DataFolderError",
    "Draft",
    "NotSavedError",
    "Question",
    "RecoveryNotice",
    "Store",
    "StoreLockedError",
    "TooNewError",
    "open_snapshot",
    "open_store",
]

DB_FILE_NAME = "recovery.json"
LOCK_FILE_NAME = "recovery.lock"
DEFAULT_LOCK_TIMEOUT_S = 1.0
_JSON_OPTIONS = JSON_OPTIONS


class StoreLockedError(RuntimeError):
    """Another window or command already has this data directory open."""

    def __init__(self, home: Path) -> None:
        self.home = home
        super().__init__(
            _("Recovery Companion is already open in another window. Close the other window and try again. (Data folder: {folder})").format(
                folder=home
            )
        )


class NotSavedError(RuntimeError):
    """A save failed; nothing of it reached the disk. ``reason`` is a short machine word."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


@dataclass(frozen=True)
class CheckinRecord:
    """A stored check-in with the id the store gave it."""

    id: str
    checkin: dict[str, Any]


@dataclass(frozen=True)
class Question:
    """A question the patient wants to ask at the next visit."""

    id: str
    text: str
    created_at: str
    resolved: bool


def _copy(value: Any) -> Any:
    """A deep copy of JSON data; callers must never share dicts with the store's view."""
    if isinstance(value, dict):
        return {key: _copy(item) for key, item in value.items()}
    if isinstance(value, list):
        return [_copy(item) for item in value]
    return value


def _not_saved(exc: BaseException) -> NotSavedError:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return NotSavedError("disk_full", _("Not saved: the disk is full. Free some space, then save again."))
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return NotSavedError("disk_full", _("Not saved: the file has reached the size this system allows."))
    if isinstance(exc, PermissionError):
        return NotSavedError(
            "permission", _("Not saved: the app is not allowed to write to its data folder. Check its permissions.")
        )
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc.__class__.__name__
    return NotSavedError("io_error", _("Not saved: the disk reported an error ({detail}). Try saving again.").format(detail=detail))


class DurableStorage(AtomicJSONStorage):
    """The store's TinyDB storage: atomic writes, backup generations, and one parse per open.

    Because the store holds the directory lock for its whole life, nobody else changes
    the file, so the parsed state is kept in memory instead of re-read on every
    operation. Writes still go to disk at once, never to a write cache. If a write
    fails, the in-memory state (which TinyDB has already changed) is dropped and the
    next read comes from the disk, so memory and disk always agree.
    """

    def __init__(
        self, path: str | os.PathLike[str], initial_state: dict[str, dict[str, Any]] | None = None, **kwargs: Any
    ) -> None:
        super().__init__(path, encoding="utf-8", **_JSON_OPTIONS, **kwargs)
        #: The parsed file, when the opener has just read and checked it (saves a second parse).
        self._state = initial_state

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._state is None:
            data = without_bom(self.path.read_bytes())
            self._state = parse_strict_json(data, self.path) if data else None
        return self._state

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        try:
            write_atomically(self.path, self.serialize(data), keep_previous=self._rotate_backups)
        except BaseException:
            self._state = None
            raise
        self._state = data

    def _rotate_backups(self, previous: Path) -> None:
        """Make the replaced file the newest backup generation (best effort: never fails a save)."""
        try:
            generations = backup_paths(self.path)
            for older, newer in zip(reversed(generations[1:]), reversed(generations[:-1])):
                if newer.exists():
                    fs.replace(newer, older)
            fs.replace(previous, generations[0])
        except OSError:
            pass


class SnapshotStorage(Storage):
    """A read-only TinyDB storage over data already read: for exports and a second window."""

    def __init__(self, state: dict[str, dict[str, Any]] | None) -> None:
        super().__init__()
        self._state = state

    def read(self) -> dict[str, dict[str, Any]] | None:
        return self._state

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        raise NotSavedError(
            "read_only", _("Not saved: this window only shows your data, because the app is already open in another window.")
        )


class Store(DraftTable):
    """A patient's profile and check-ins. Create it with :func:`open_store`."""

    def __init__(
        self, home: Path, db: TinyDB, lock: FileLock | None, recovery: RecoveryNotice | None, *, read_only: bool = False
    ) -> None:
        self.home = home
        self.path = home / DB_FILE_NAME
        self._db = db
        self._lock = lock
        #: Opened without the lock to read only (:func:`open_snapshot`): every write is refused.
        self.read_only = read_only
        #: Check-ins sorted by instant, rebuilt after any write: reads then cost a bisect, not a parse of every date.
        self._index: list[tuple[datetime, int, str, dict[str, Any]]] | None = None
        self._index_keys: list[datetime] = []
        #: Set when the file could not be read at open and a backup was restored.
        self.recovery = recovery
        self._closed = False

    # ----------------------------------------------------------------- lifecycle

    def close(self) -> None:
        """Release the file and the lock. Safe to call twice (Kivy's on_stop fires twice)."""
        if self._closed:
            return
        self._closed = True
        try:
            self._db.close()
        finally:
            if self._lock is not None:
                self._lock.release()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _write(self, operation: Callable[[], object]) -> None:
        """Run one TinyDB write; turn any disk failure into a clear :class:`NotSavedError`."""
        if self._closed:
            raise RuntimeError("the store is closed")
        self._index = None
        try:
            operation()
        except OSError as exc:
            raise _not_saved(exc) from exc
        finally:
            self._index = None

    # ----------------------------------------------------------------- profile

    def save_profile(self, profile: Mapping[str, Any]) -> None:
        """Validate and save the whole profile (fields left out are removed)."""
        valid = _copy(validate_profile(profile))
        self._write(lambda: self._db.table(PROFILE).upsert(Document({"profile": valid}, doc_id=1)))

    def profile(self) -> dict[str, Any] | None:
        """The saved profile as entered, without defaults, or ``None`` before first run."""
        docs = self._db.table(PROFILE).all()
        return _copy(docs[0]["profile"]) if docs else None

    # ----------------------------------------------------------------- the discharge sheet

    def discharge_sheet(self) -> dict[str, Any] | None:
        """The patient's discharge sheet record as saved, or ``None`` if none was entered."""
        docs = self._db.table(DISCHARGE).all()
        return _copy(docs[0]["sheet"]) if docs else None

    def save_discharge_sheet(self, sheet: Mapping[str, Any] | None) -> None:
        """Save the whole sheet in one write; ``None`` or an empty sheet removes it (back to the usual advice)."""
        table = self._db.table(DISCHARGE)
        if not sheet:
            if table.all():
                self._write(table.truncate)
            return
        valid = _copy(validate_sheet_record(sheet))
        self._write(lambda: table.upsert(Document({"sheet": valid}, doc_id=1)))

    # ----------------------------------------------------------------- check-ins

    def add_checkin(self, checkin: Mapping[str, Any]) -> str:
        """Validate and save a check-in; returns its id once it is durable on disk."""
        valid = _copy(validate_checkin(checkin))
        checkin_id = uuid.uuid4().hex
        self._write(lambda: self._db.table(CHECKINS).insert({"id": checkin_id, "checkin": valid}))
        return checkin_id

    def update_checkin(self, checkin_id: str, checkin: Mapping[str, Any]) -> None:
        """Replace a saved check-in (the patient corrected it)."""
        valid = _copy(validate_checkin(checkin))
        doc_id = self._doc_id(checkin_id)
        self._write(lambda: self._db.table(CHECKINS).update({"checkin": valid}, doc_ids=[doc_id]))

    def delete_checkin(self, checkin_id: str) -> None:
        """Remove a saved check-in."""
        doc_id = self._doc_id(checkin_id)
        self._write(lambda: self._db.table(CHECKINS).remove(doc_ids=[doc_id]))

    def _doc_id(self, checkin_id: str) -> int:
        for doc in self._db.table(CHECKINS).all():
            if doc["id"] == checkin_id:
                return doc.doc_id
        raise KeyError(f"no check-in with id {checkin_id!r}")

    def _sorted_checkins(self) -> list[tuple[datetime, int, str, dict[str, Any]]]:
        if self._index is None:
            rows = [
                (recorded_at(doc["checkin"]).astimezone(timezone.utc), position, doc["id"], doc["checkin"])
                for position, doc in enumerate(self._db.table(CHECKINS).all())
            ]
            rows.sort(key=lambda row: (row[0], row[1]))
            self._index = rows
            self._index_keys = [row[0] for row in rows]
        return self._index

    def checkin_records(
        self, since: date | datetime | None = None, until: date | datetime | None = None
    ) -> list[CheckinRecord]:
        """Stored check-ins in time order, with their ids.

        ``since`` and ``until`` are inclusive. A ``date`` compares with the day the
        check-in was made on (in its own UTC offset); a ``datetime`` must be time-zone
        aware and compares instants.
        """
        for bound in (since, until):
            if isinstance(bound, datetime) and bound.tzinfo is None:
                raise ValueError("since/until times must include a time zone")
        rows = self._sorted_checkins()
        low, high = 0, len(rows)
        if since is not None:
            low = bisect.bisect_left(self._index_keys, _earliest_instant(since))
        if until is not None:
            high = bisect.bisect_right(self._index_keys, _latest_instant(until))
        return [
            CheckinRecord(checkin_id, _copy(checkin))
            for when, _position, checkin_id, checkin in rows[low:high]
            if _within(when, checkin, since, until)
        ]

    def first_checkin_day(self) -> date | None:
        """The day (in its own offset) of the earliest check-in, or ``None`` when there is none."""
        rows = self._sorted_checkins()
        return local_day(rows[0][3]) if rows else None

    def checkins(
        self, since: date | datetime | None = None, until: date | datetime | None = None
    ) -> list[dict[str, Any]]:
        """Stored check-ins in time order, exactly as they were saved."""
        return [record.checkin for record in self.checkin_records(since, until)]

    def add_checkins(self, checkins: list[Mapping[str, Any]]) -> list[str]:
        """Save several check-ins in one write: all of them, or (on any error) none."""
        valid = [_copy(validate_checkin(checkin)) for checkin in checkins]
        ids = [uuid.uuid4().hex for _ in valid]
        if valid:
            docs = [{"id": checkin_id, "checkin": checkin} for checkin_id, checkin in zip(ids, valid)]
            self._write(lambda: self._db.table(CHECKINS).insert_multiple(docs))
        return ids

    def add_new_checkins(self, checkins: list[Mapping[str, Any]]) -> int:
        """Save, in one write, the check-ins whose exact content is not stored yet; returns how many.

        Importing the same file twice therefore changes nothing the second time.
        """
        present = {_canonical(c) for c in self.checkins()}
        new = []
        for checkin in checkins:
            key = _canonical(validate_checkin(checkin))
            if key not in present:
                present.add(key)
                new.append(checkin)
        self.add_checkins(new)
        return len(new)

    # ----------------------------------------------------------------- questions for the visit

    def add_question(self, text: str, created_at: str) -> str:
        """Keep a question for the next visit; ``created_at`` is ISO 8601 with offset."""
        doc = {"id": uuid.uuid4().hex, "text": text.strip(), "created_at": created_at, "resolved": False}
        validate_question(doc)
        self._write(lambda: self._db.table(QUESTIONS).insert(doc))
        return doc["id"]

    def set_question_resolved(self, question_id: str, resolved: bool = True) -> None:
        table = self._db.table(QUESTIONS)
        doc = next((d for d in table.all() if d["id"] == question_id), None)
        if doc is None:
            raise KeyError(f"no question with id {question_id!r}")
        self._write(lambda: table.update({"resolved": resolved}, doc_ids=[doc.doc_id]))

    def questions(self, include_resolved: bool = False) -> list[Question]:
        """Questions in the order they were written; open ones only unless asked."""
        docs = sorted(self._db.table(QUESTIONS).all(), key=lambda d: d["created_at"])
        return [Question(**d) for d in docs if include_resolved or not d["resolved"]]

    # ----------------------------------------------------------------- refills and dose changes

    def add_pump_event(self, kind: str, on: str, note: str = "") -> str:
        """Log a refill or dose change (``on`` is YYYY-MM-DD)."""
        from recovery.pump import check_event

        doc = {"id": uuid.uuid4().hex, **check_event(kind, on, note)}
        validate_pump_event(doc)
        self._write(lambda: self._db.table(PUMP_EVENTS).insert(doc))
        return doc["id"]

    def pump_events(self) -> list[dict[str, Any]]:
        """Refills and dose changes, oldest first."""
        return sorted((_copy(dict(d)) for d in self._db.table(PUMP_EVENTS).all()), key=lambda d: (d["date"], d["id"]))

    # ----------------------------------------------------------------- reminder deliveries

    def delivered_reminders(self) -> set[str]:
        """Ids of every reminder already delivered (so none is delivered twice)."""
        return {doc["id"] for doc in self._db.table(REMINDERS).all()}

    def record_deliveries(self, reminder_ids: list[str], delivered_at: str, via: str) -> None:
        """Record several deliveries in one write."""
        docs = [validate_delivery({"id": rid, "delivered_at": delivered_at, "via": via}) for rid in reminder_ids]
        known = self.delivered_reminders()
        new = [doc for doc in docs if doc["id"] not in known]
        if new:
            self._write(lambda: self._db.table(REMINDERS).insert_multiple(new))

    # ----------------------------------------------------------------- whole-store backup

    def snapshot(self) -> dict[str, Any]:
        """Everything in the store as plain data (for a full backup)."""
        return {
            "schema_version": schema.SCHEMA_VERSION,
            "profile": self.profile(),
            "checkins": [{"id": r.id, "checkin": r.checkin} for r in self.checkin_records()],
            "questions": [dict(vars(q)) for q in self.questions(include_resolved=True)],
            "reminders": sorted((dict(d) for d in self._db.table(REMINDERS).all()), key=lambda d: d["id"]),
            "pump_events": self.pump_events(),
            "discharge_sheet": self.discharge_sheet(),
        }

    def merge(
        self, snapshot: Mapping[str, Any], *, replace_profile: bool = False, dry_run: bool = False
    ) -> dict[str, int]:
        """Add what a backup holds and this store lacks, in one write; returns counts of what was added.

        A check-in counts as already present if its id, or its exact content, is here.
        The profile is taken from the backup if this store has none (or ``replace_profile``).
        With ``dry_run`` nothing is written: the counts say what a merge would add.
        """
        present_ids = {r.id for r in self.checkin_records()}
        present_content = {_canonical(c) for c in self.checkins()}
        new_checkins = []
        for entry in snapshot.get("checkins", []):
            checkin = validate_checkin(entry["checkin"])
            key = _canonical(checkin)
            if entry["id"] in present_ids or key in present_content:
                continue
            present_content.add(key)
            new_checkins.append({"id": entry["id"], "checkin": _copy(checkin)})
        known_questions = {q.id for q in self.questions(include_resolved=True)}
        new_questions = [
            _copy(validate_question(dict(q))) for q in snapshot.get("questions", []) if q["id"] not in known_questions
        ]
        known_events = {e["id"] for e in self.pump_events()}
        new_events = [
            _copy(validate_pump_event(dict(e))) for e in snapshot.get("pump_events", []) if e["id"] not in known_events
        ]
        known_deliveries = self.delivered_reminders()
        new_deliveries = [
            _copy(validate_delivery(dict(d))) for d in snapshot.get("reminders", []) if d["id"] not in known_deliveries
        ]
        profile = snapshot.get("profile")
        take_profile = profile is not None and (replace_profile or self.profile() is None)
        if take_profile:
            profile = _copy(validate_profile(profile))
        sheet = snapshot.get("discharge_sheet")
        take_sheet = bool(sheet) and (replace_profile or self.discharge_sheet() is None)
        if take_sheet:
            sheet = _copy(validate_sheet_record(sheet))

        def apply() -> None:
            # TinyDB writes once per table operation; to change three tables in one atomic
            # write, replace the whole state at the storage level, then reopen TinyDB so no
            # table keeps a stale idea of its next document id.
            state = _copy(self._db.storage.read() or {})
            for doc in new_checkins:
                _append(state.setdefault(CHECKINS, {}), doc)
            for doc in new_questions:
                _append(state.setdefault(QUESTIONS, {}), doc)
            for doc in new_deliveries:
                _append(state.setdefault(REMINDERS, {}), doc)
            for doc in new_events:
                _append(state.setdefault(PUMP_EVENTS, {}), doc)
            if take_profile:
                state[PROFILE] = {"1": {"profile": profile}}
            if take_sheet:
                state[DISCHARGE] = {"1": {"sheet": sheet}}
            self._db.storage.write(state)

        changed = new_checkins or new_questions or new_deliveries or new_events or take_profile or take_sheet
        if changed and not dry_run:
            try:
                self._write(apply)
            finally:
                self._db = TinyDB(self.path, storage=DurableStorage)
        return {
            "checkins": len(new_checkins),
            "questions": len(new_questions),
            "pump_events": len(new_events),
            "profile": int(take_profile),
            "discharge_sheet": int(take_sheet),
        }


def _canonical(checkin: Mapping[str, Any]) -> str:
    """A check-in's content as one comparable string (key order does not matter)."""
    return json.dumps(checkin, sort_keys=True, ensure_ascii=False)


def _append(table: dict[str, Any], doc: dict[str, Any]) -> None:
    next_id = max((int(key) for key in table), default=0) + 1
    table[str(next_id)] = doc


#: UTC offsets run from -12:00 to +14:00, so a calendar day somewhere spans these instants.
_DAY_MARGIN = timedelta(hours=14)


def _earliest_instant(bound: date | datetime) -> datetime:
    if isinstance(bound, datetime):
        return bound.astimezone(timezone.utc)
    return datetime.combine(bound, time.min, tzinfo=timezone.utc) - _DAY_MARGIN


def _latest_instant(bound: date | datetime) -> datetime:
    if isinstance(bound, datetime):
        return bound.astimezone(timezone.utc)
    return datetime.combine(bound + timedelta(days=1), time.min, tzinfo=timezone.utc) + _DAY_MARGIN


def _within(when: datetime, checkin: Mapping[str, Any], since: Any, until: Any) -> bool:
    for bound, after in ((since, True), (until, False)):
        if bound is None:
            continue
        if isinstance(bound, datetime):
            ok = when >= bound if after else when <= bound
        else:
            day = local_day(checkin)
            ok = day >= bound if after else day <= bound
        if not ok:
            return False
    return True


def open_store(home: str | os.PathLike[str] | None = None, *, lock_timeout: float = DEFAULT_LOCK_TIMEOUT_S) -> Store:
    """Open (creating if needed) the store in ``home``, default ``$RECOVERY_HOME`` or the user data dir.

    Raises :class:`StoreLockedError` if another process has it open, :class:`TooNewError`
    if a newer app version wrote it, and :class:`DataFolderError` (one plain sentence)
    if the folder cannot be used: a file, a broken link, a read-only or full disk.
    """
    home_path = Path(home) if home is not None else data_home()
    private_directory(home_path)
    lock_path = home_path / LOCK_FILE_NAME
    refuse_link(lock_path, "lock file")  # opening it truncates: never through a link
    lock = FileLock(str(lock_path), timeout=lock_timeout, mode=0o600, thread_local=False)
    try:
        lock.acquire()
    except Timeout:
        raise StoreLockedError(home_path) from None
    except OSError as exc:
        raise folder_error(home_path, exc) from None
    try:
        db_path = home_path / DB_FILE_NAME
        refuse_link(db_path, "data file")
        private_files(home_path)
        notice, data = check_or_recover(db_path)
        db = TinyDB(db_path, storage=DurableStorage, initial_state=data)
        if not db.table(META).all():
            db.table(META).insert({"schema_version": schema.SCHEMA_VERSION})
        return Store(home_path, db, lock, notice)
    except OSError as exc:
        lock.release()
        raise folder_error(home_path, exc) from None
    except BaseException:
        lock.release()
        raise


def open_snapshot(home: str | os.PathLike[str] | None = None) -> Store:
    """The data as saved, read without taking the lock: every write is refused.

    Exports and a second window use it, so they work while the app has the data open
    (the file is only ever replaced whole, so a reader sees one complete version) and
    from a read-only folder. A damaged file is salvaged in memory and left unchanged.
    Raises :class:`DataFolderError` if there is no usable folder, :class:`TooNewError`
    for data from a newer app.
    """
    home_path = Path(home) if home is not None else data_home()
    check_folder(home_path)
    db_path = home_path / DB_FILE_NAME
    refuse_link(db_path, "data file")
    try:
        notice, data = read_for_viewing(db_path)
    except OSError as exc:
        raise folder_error(home_path, exc, doing="read") from None
    state = data if data is not None else {META: {"1": {"schema_version": schema.SCHEMA_VERSION}}}
    db = TinyDB(storage=SnapshotStorage, state=state)
    return Store(home_path, db, None, notice, read_only=True)
