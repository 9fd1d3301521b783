"""The check-ins table of the store: adding, correcting and reading check-ins in time order.

Mixed into :class:`recovery.store.Store`, which provides the file and the one write path.
Reads come from an index sorted by instant, rebuilt after any write, so a range costs a
bisect, not a parse of every date.
"""

from __future__ import annotations

import bisect
import json
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, timezone
from typing import Any

from tinydb import TinyDB

from recovery.checkin import local_day, recorded_at, validate_checkin
from recovery.store.schema import CHECKINS
from recovery.store.storage import copy_json


@dataclass(frozen=True)
class CheckinRecord:
    """A stored check-in with the id the store gave it."""

    id: str
    checkin: dict[str, Any]


class CheckinTable:
    """The check-in methods of the store."""

    _db: TinyDB
    _write: Callable[[Callable[[], object]], None]
    _index: list[tuple[datetime, int, str, dict[str, Any]]] | None
    _index_keys: list[datetime]

    def add_checkin(self, checkin: Mapping[str, Any]) -> str:
        """Validate and save a check-in; returns its id once it is durable on disk."""
        valid = copy_json(validate_checkin(checkin))
        checkin_id = uuid.uuid4().hex
        self._write(lambda: self._db.table(CHECKINS).insert({"id": checkin_id, "checkin": valid}))
        return checkin_id

    def update_checkin(self, checkin_id: str, checkin: Mapping[str, Any]) -> None:
        """Replace a saved check-in (the patient corrected it)."""
        valid = copy_json(validate_checkin(checkin))
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
            CheckinRecord(checkin_id, copy_json(checkin))
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
        valid = [copy_json(validate_checkin(checkin)) for checkin in checkins]
        ids = [uuid.uuid4().hex for _ in valid]
        if valid:
            docs = [{"id": checkin_id, "checkin": checkin} for checkin_id, checkin in zip(ids, valid)]
            self._write(lambda: self._db.table(CHECKINS).insert_multiple(docs))
        return ids

    def add_new_checkins(self, checkins: list[Mapping[str, Any]]) -> int:
        """Save, in one write, the check-ins whose exact content is not stored yet; returns how many.

        Importing the same file twice therefore changes nothing the second time.
        """
        present = {canonical(c) for c in self.checkins()}
        new = []
        for checkin in checkins:
            key = canonical(validate_checkin(checkin))
            if key not in present:
                present.add(key)
                new.append(checkin)
        self.add_checkins(new)
        return len(new)


def canonical(checkin: Mapping[str, Any]) -> str:
    """A check-in's content as one comparable string (key order does not matter)."""
    return json.dumps(checkin, sort_keys=True, ensure_ascii=False)


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
