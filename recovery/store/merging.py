"""The whole store as plain data (a full backup) and merging a backup back in, in one write.

Mixed into :class:`recovery.store.Store`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tinydb import TinyDB

from recovery.checkin import validate_checkin
from recovery.discharge import validate_sheet_record
from recovery.profile import validate_profile
from recovery.store import schema
from recovery.store.checkins import CheckinRecord, canonical
from recovery.store.schema import (
    CHECKINS,
    DISCHARGE,
    PROFILE,
    PUMP_EVENTS,
    QUESTIONS,
    REMINDERS,
    validate_delivery,
    validate_pump_event,
    validate_question,
)
from recovery.store.storage import DurableStorage, copy_json
from recovery.store.tables import Question


class BackupCases:
    """:meth:`snapshot` and :meth:`merge`; the store provides the tables they read."""

    _db: TinyDB
    path: Path
    _write: Callable[[Callable[[], object]], None]

    if TYPE_CHECKING:  # provided by the store's other tables

        def profile(self) -> dict[str, Any] | None: ...

        def discharge_sheet(self) -> dict[str, Any] | None: ...

        def checkin_records(self) -> list[CheckinRecord]: ...

        def checkins(self) -> list[dict[str, Any]]: ...

        def questions(self, include_resolved: bool = False) -> list[Question]: ...

        def pump_events(self) -> list[dict[str, Any]]: ...

        def delivered_reminders(self) -> set[str]: ...

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
        present_content = {canonical(c) for c in self.checkins()}
        new_checkins = []
        for entry in snapshot.get("checkins", []):
            checkin = validate_checkin(entry["checkin"])
            key = canonical(checkin)
            if entry["id"] in present_ids or key in present_content:
                continue
            present_content.add(key)
            new_checkins.append({"id": entry["id"], "checkin": copy_json(checkin)})
        known_questions = {q.id for q in self.questions(include_resolved=True)}
        new_questions = [
            copy_json(validate_question(dict(q))) for q in snapshot.get("questions", []) if q["id"] not in known_questions
        ]
        known_events = {e["id"] for e in self.pump_events()}
        new_events = [
            copy_json(validate_pump_event(dict(e))) for e in snapshot.get("pump_events", []) if e["id"] not in known_events
        ]
        known_deliveries = self.delivered_reminders()
        new_deliveries = [
            copy_json(validate_delivery(dict(d))) for d in snapshot.get("reminders", []) if d["id"] not in known_deliveries
        ]
        profile = snapshot.get("profile")
        take_profile = profile is not None and (replace_profile or self.profile() is None)
        if take_profile:
            profile = copy_json(validate_profile(profile))
        sheet = snapshot.get("discharge_sheet")
        take_sheet = bool(sheet) and (replace_profile or self.discharge_sheet() is None)
        if take_sheet:
            sheet = copy_json(validate_sheet_record(sheet))

        def apply() -> None:
            # TinyDB writes once per table operation; to change three tables in one atomic
            # write, replace the whole state at the storage level, then reopen TinyDB so no
            # table keeps a stale idea of its next document id.
            state = copy_json(self._db.storage.read() or {})
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


def _append(table: dict[str, Any], doc: dict[str, Any]) -> None:
    next_id = max((int(key) for key in table), default=0) + 1
    table[str(next_id)] = doc
