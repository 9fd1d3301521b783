"""Unsaved forms in the store (schema version 7): what was typed survives a closed window or a crash.

A draft is written with the same crash-safe write as everything else (temporary file,
fsync, atomic rename), one per kind of form, and replaced as the patient types. It is
not a check-in: it holds the answers as typed, and only saving the form turns them
into a check-in (checked then, like any other).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from tinydb import TinyDB
from tinydb.table import Document

from recovery.store.schema import DRAFTS, validate_draft
from recovery.validation import parse_aware_datetime


@dataclass(frozen=True)
class Draft:
    """A form the patient started and has not saved: its answers and when they were last kept."""

    kind: str
    saved_at: datetime
    form: dict[str, Any]


class DraftTable:
    """The store's drafts (mixed into :class:`~recovery.store.Store`, which provides the file)."""

    _db: TinyDB
    _write: Callable[[Callable[[], object]], None]

    def save_draft(self, kind: str, form: Mapping[str, Any], saved_at: str) -> None:
        """Keep (replace) the ``kind`` draft; durable on disk when this returns."""
        doc = validate_draft({"id": kind, "saved_at": saved_at, "form": dict(form)})
        table = self._db.table(DRAFTS)
        existing = next((d.doc_id for d in table.all() if d["id"] == kind), None)
        if existing is None:
            self._write(lambda: table.insert(doc))
        else:
            self._write(lambda: table.upsert(Document(doc, doc_id=existing)))

    def draft(self, kind: str) -> Draft | None:
        doc = next((d for d in self._db.table(DRAFTS).all() if d["id"] == kind), None)
        if doc is None:
            return None
        return Draft(kind, parse_aware_datetime(doc["saved_at"]), dict(doc["form"]))

    def clear_draft(self, kind: str) -> None:
        """Forget the ``kind`` draft (after it was saved, or the patient started afresh)."""
        table = self._db.table(DRAFTS)
        ids = [d.doc_id for d in table.all() if d["id"] == kind]
        if ids:
            self._write(lambda: table.remove(doc_ids=ids))
