"""Reading the data file at open: check it strictly, and when it is damaged, lose nothing that can be read.

A damaged file is renamed aside byte-for-byte (``recovery.json.damaged-<time>``), never
rewritten. What is saved in its place is the newest backup that passes the checks plus
every valid record of the damaged file (:mod:`recovery.store.salvage`), and the
:class:`RecoveryNotice` tells the patient how many records were kept and which were
set aside, and why.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from recovery.i18n import _, language, ngettext
from recovery.jsonfile import JSONFileError, parse_strict_json
from recovery.store import schema
from recovery.store.atomic import fs, write_atomically
from recovery.store.salvage import SetAside, combine, salvage_bytes
from recovery.store.schema import SchemaError, TooNewError, check_database, migrate

BACKUP_GENERATIONS = 3
JSON_OPTIONS: dict[str, Any] = {"ensure_ascii": False, "allow_nan": False, "separators": (",", ":")}
_BOM = b"\xef\xbb\xbf"
#: How many set-aside records the notice names one by one.
_NAMED = 3


@dataclass(frozen=True)
class RecoveryNotice:
    """What happened when the data file could not be read as it was."""

    problem: str
    kept_at: Path
    restored_from: Path | None
    backup_saved_at: datetime | None = None
    #: Records of the damaged file that were valid and kept.
    kept: int = 0
    set_aside: tuple[SetAside, ...] = ()
    #: The file could not be repaired here (read-only use): it was read, not changed.
    read_only: bool = False

    @property
    def message(self) -> str:
        """What happened and what was done, in plain sentences (in the current language)."""
        if self.read_only:
            kept = _("The file was not changed; open the app to repair it. This uses what could be read from {file}.").format(
                file=self.kept_at
            )
        else:
            kept = _(
                "The damaged file was kept unchanged at {file}; after repairing it by hand, "
                "'python3 -m recovery import {file}' brings back what it holds."
            ).format(file=self.kept_at)
        salvaged = self._salvaged()
        if self.restored_from is None or self.backup_saved_at is None:
            if self.kept:
                return _("Your saved data could not be read as it was ({problem}). {salvaged} {kept}").format(
                    problem=self.problem, salvaged=salvaged, kept=kept
                )
            return _(
                "Your saved data could not be read ({problem}) and no backup could be read either, "
                "so the app starts empty. {kept} A helper may be able to repair it."
            ).format(problem=self.problem, kept=kept)
        when = _("{date} at {time}").format(
            date=language().format_short_day(self.backup_saved_at.date()), time=f"{self.backup_saved_at:%H:%M}"
        )
        if self.kept:
            restored = _(
                "Your saved data could not be read as it was ({problem}). It was restored from the backup saved on "
                "{when}, with every record that could still be read."
            )
        else:
            restored = _(
                "Your saved data could not be read as it was ({problem}). It was restored from the backup saved on {when}."
            )
        return f"{restored.format(problem=self.problem, when=when)} {salvaged} {kept}"

    def _salvaged(self) -> str:
        if not self.kept and not self.set_aside:
            return _("Nothing in the damaged file could be read, so the last entry before the problem may be missing.")
        if not self.set_aside:
            return ngettext(
                "{n} record of the damaged file was kept; none was set aside.",
                "{n} records of the damaged file were kept; none was set aside.",
                self.kept,
            ).format(n=self.kept)
        named = "; ".join(str(item) for item in self.set_aside[:_NAMED])
        more = len(self.set_aside) - _NAMED
        if more > 0:
            named = _("{named} (and {n} more)").format(named=named, n=more)
        return ngettext(
            "{n} record of the damaged file was kept; {set_aside} set aside: {named}.",
            "{n} records of the damaged file were kept; {set_aside} set aside: {named}.",
            self.kept,
        ).format(n=self.kept, set_aside=len(self.set_aside), named=named)


def backup_paths(db_path: Path) -> list[Path]:
    """Backup generations, newest first: ``recovery.json.1`` … ``recovery.json.N``."""
    return [db_path.with_name(f"{db_path.name}.{n}") for n in range(1, BACKUP_GENERATIONS + 1)]


def serialize(data: Mapping[str, Any]) -> bytes:
    return json.dumps(data, **JSON_OPTIONS).encode("utf-8")


def without_bom(data: bytes) -> bytes:
    """Notepad saves UTF-8 with a byte-order mark; the content is the same, so it is read as such."""
    return data[len(_BOM) :] if data.startswith(_BOM) else data


def read_valid(path: Path) -> tuple[dict[str, Any], int]:
    """Parse, migrate and check a database file; returns the data and the version it had.

    Raises ``JSONFileError`` or ``SchemaError`` for a file this app would not have written.
    """
    return check_bytes(path.read_bytes(), path)


def check_bytes(data: bytes, path: Path | None = None) -> tuple[dict[str, Any], int]:
    """:func:`read_valid` for bytes already read."""
    raw = parse_strict_json(without_bom(data), path)
    if not isinstance(raw, dict):
        raise SchemaError("the file must hold a JSON object of tables")
    data, found = migrate(raw)
    check_database(data)
    return data, found


UNREADABLE = (JSONFileError, SchemaError, UnicodeError, OSError, RecursionError, ValueError)


def _quarantine_name(db_path: Path) -> Path:
    stamp = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    candidate = db_path.with_name(f"{db_path.name}.damaged-{stamp}")
    counter = 1
    while candidate.exists():
        counter += 1
        candidate = db_path.with_name(f"{db_path.name}.damaged-{stamp}-{counter}")
    return candidate


def _newest_good_backup(db_path: Path) -> tuple[Path, dict[str, Any]] | None:
    for backup in backup_paths(db_path):
        if not backup.exists() or backup.is_symlink():
            continue
        try:
            data, _found = read_valid(backup)
        except (*UNREADABLE, TooNewError):
            continue
        return backup, data
    return None


def _problem(exc: BaseException, db_path: Path) -> str:
    problem = getattr(exc, "problem", None) or str(exc)
    try:
        if db_path.stat().st_size == 0:
            problem = "the file is empty"
    except OSError:
        pass
    return problem


def rebuild(db_path: Path, damaged: bytes | None, problem: str, kept_at: Path, *, read_only: bool) -> tuple[RecoveryNotice, dict[str, Any] | None]:
    """The newest good backup plus every valid record of ``damaged``, and the notice saying so."""
    salvage = salvage_bytes(damaged) if damaged else None
    found = _newest_good_backup(db_path)
    backup_path, backup = found if found else (None, None)
    kept = salvage.kept if salvage else 0
    set_aside = tuple(salvage.set_aside) if salvage else ()
    if backup is None and not kept:
        return RecoveryNotice(problem, kept_at, None, kept=0, set_aside=set_aside, read_only=read_only), None
    data, _from_backup = combine(salvage or salvage_bytes(b""), backup)
    saved_at = datetime.fromtimestamp(backup_path.stat().st_mtime) if backup_path else None
    return RecoveryNotice(problem, kept_at, backup_path, saved_at, kept, set_aside, read_only), data


def check_or_recover(db_path: Path) -> tuple[RecoveryNotice | None, dict[str, Any] | None]:
    """Make sure ``db_path`` is readable, rebuilding it from the backup and the damaged file if it is not.

    Returns a notice if anything had to be done, and the checked data when it was read.
    The damaged file is renamed, never rewritten, so it stays byte-identical for whoever
    wants to look at it.
    """
    backups = [p for p in backup_paths(db_path) if p.exists()]
    exists = db_path.exists()
    if not backups and (not exists or db_path.stat().st_size == 0):
        return None, None  # a new store
    damaged: bytes | None = None
    if exists:
        try:
            data, found = read_valid(db_path)
        except UNREADABLE as exc:
            problem = _problem(exc, db_path)
        else:
            if found < schema.SCHEMA_VERSION:
                _upgrade_in_place(db_path, data, found)
            return None, data
        damaged = db_path.read_bytes()
        kept_at = _quarantine_name(db_path)
        os.replace(db_path, kept_at)
    else:
        problem, kept_at = "the file is missing", db_path
    notice, data = rebuild(db_path, damaged, problem, kept_at, read_only=False)
    if data is not None:
        write_atomically(db_path, serialize(data))
    return notice, data


def read_for_viewing(db_path: Path) -> tuple[RecoveryNotice | None, dict[str, Any] | None]:
    """Read the data without changing anything (no lock, no repair): for exports and a second window.

    The file is only ever replaced whole (``os.replace``), so a reader sees one complete
    version even while the app saves. A damaged file is salvaged in memory only.
    """
    if not db_path.exists() or db_path.stat().st_size == 0:
        if not any(p.exists() for p in backup_paths(db_path)):
            return None, None
        notice, data = rebuild(db_path, None, "the file is missing", db_path, read_only=True)
        return notice, data
    damaged = db_path.read_bytes()
    try:
        data, _found = check_bytes(damaged, db_path)
    except UNREADABLE as exc:
        return rebuild(db_path, damaged, _problem(exc, db_path), db_path, read_only=True)
    return None, data


def _upgrade_in_place(db_path: Path, data: Mapping[str, Any], found: int) -> None:
    """Save migrated data, keeping the file as it was before the upgrade beside it."""
    before = db_path.with_name(f"{db_path.name}.before-v{found + 1}")
    if not before.exists():
        fs.link(db_path, before)
    write_atomically(db_path, serialize(data))
