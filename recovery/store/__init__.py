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

import os
from collections.abc import Callable, Mapping
from datetime import datetime
from pathlib import Path
from typing import Any

from filelock import FileLock, Timeout
from tinydb import TinyDB
from tinydb.table import Document

from recovery.discharge import validate_sheet_record
from recovery.paths import data_home
from recovery.profile import validate_profile
from recovery.store import schema
from recovery.store.checkins import CheckinRecord, CheckinTable
from recovery.store.drafts import Draft, DraftTable
from recovery.store.errors import NotSavedError, StoreLockedError, not_saved
from recovery.store.folder import DataFolderError, check_folder, folder_error, private_directory, private_files, refuse_link
from recovery.store.merging import BackupCases
from recovery.store.recover import BACKUP_GENERATIONS, RecoveryNotice, check_or_recover, read_for_viewing
from recovery.store.schema import DISCHARGE, META, PROFILE, TooNewError
from recovery.store.storage import DurableStorage, SnapshotStorage, copy_json
from recovery.store.tables import PumpEventTable, Question, QuestionTable, ReminderTable

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


class Store(CheckinTable, QuestionTable, PumpEventTable, ReminderTable, DraftTable, BackupCases):
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
            raise not_saved(exc) from exc
        finally:
            self._index = None

    # ----------------------------------------------------------------- profile

    def save_profile(self, profile: Mapping[str, Any]) -> None:
        """Validate and save the whole profile (fields left out are removed)."""
        valid = copy_json(validate_profile(profile))
        self._write(lambda: self._db.table(PROFILE).upsert(Document({"profile": valid}, doc_id=1)))

    def profile(self) -> dict[str, Any] | None:
        """The saved profile as entered, without defaults, or ``None`` before first run."""
        docs = self._db.table(PROFILE).all()
        return copy_json(docs[0]["profile"]) if docs else None

    # ----------------------------------------------------------------- the discharge sheet

    def discharge_sheet(self) -> dict[str, Any] | None:
        """The patient's discharge sheet record as saved, or ``None`` if none was entered."""
        docs = self._db.table(DISCHARGE).all()
        return copy_json(docs[0]["sheet"]) if docs else None

    def save_discharge_sheet(self, sheet: Mapping[str, Any] | None) -> None:
        """Save the whole sheet in one write; ``None`` or an empty sheet removes it (back to the usual advice)."""
        table = self._db.table(DISCHARGE)
        if not sheet:
            if table.all():
                self._write(table.truncate)
            return
        valid = copy_json(validate_sheet_record(sheet))
        self._write(lambda: table.upsert(Document({"sheet": valid}, doc_id=1)))


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
