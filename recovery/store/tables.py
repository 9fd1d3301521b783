"""The store's smaller tables: questions for the visit, refills and dose changes, delivered reminders.

Mixed into :class:`recovery.store.Store`, which provides the file and the one write path.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from tinydb import TinyDB

from recovery.store.schema import PUMP_EVENTS, QUESTIONS, REMINDERS, validate_delivery, validate_pump_event, validate_question
from recovery.store.storage import copy_json


@dataclass(frozen=True)
class Question:
    """A question the patient wants to ask at the next visit."""

    id: str
    text: str
    created_at: str
    resolved: bool


class QuestionTable:
    """Questions the patient wants to ask at the next visit."""

    _db: TinyDB
    _write: Callable[[Callable[[], object]], None]

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


class PumpEventTable:
    """Refills and dose changes."""

    _db: TinyDB
    _write: Callable[[Callable[[], object]], None]

    def add_pump_event(self, kind: str, on: str, note: str = "") -> str:
        """Log a refill or dose change (``on`` is YYYY-MM-DD)."""
        from recovery.pump import check_event

        doc = {"id": uuid.uuid4().hex, **check_event(kind, on, note)}
        validate_pump_event(doc)
        self._write(lambda: self._db.table(PUMP_EVENTS).insert(doc))
        return doc["id"]

    def pump_events(self) -> list[dict[str, Any]]:
        """Refills and dose changes, oldest first."""
        return sorted((copy_json(dict(d)) for d in self._db.table(PUMP_EVENTS).all()), key=lambda d: (d["date"], d["id"]))


class ReminderTable:
    """Which reminders were delivered, so none is delivered twice."""

    _db: TinyDB
    _write: Callable[[Callable[[], object]], None]

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
