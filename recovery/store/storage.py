"""The store's TinyDB storages: the durable one over the data file, and a read-only one over a snapshot."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from recovery.i18n import _
from recovery.jsonfile import parse_strict_json
from recovery.store.atomic import AtomicJSONStorage, fs, write_atomically
from recovery.store.errors import NotSavedError
from recovery.store.recover import JSON_OPTIONS, backup_paths, without_bom


def copy_json(value: Any) -> Any:
    """A deep copy of JSON data; callers must never share dicts with the store's view."""
    if isinstance(value, dict):
        return {key: copy_json(item) for key, item in value.items()}
    if isinstance(value, list):
        return [copy_json(item) for item in value]
    return value


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
        super().__init__(path, encoding="utf-8", **JSON_OPTIONS, **kwargs)
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
