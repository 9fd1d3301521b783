"""The "Anything else?" signs of data version 5 on real files: migration, "too new", CSV and JSON.

Version 5 changes no stored data; it exists so an older app that cannot read the new
fields says "saved by a newer version" instead of treating them as damage.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from helpers import NEW_SIGNS, checkin_at
from recovery.export.backup import backup_to_json, load_backup
from recovery.export.csv_io import COLUMNS, checkins_to_csv, parse_checkins_csv
from recovery.store import DB_FILE_NAME, TooNewError, open_store
from recovery.store import schema

WITH_SIGNS = [
    checkin_at("2026-11-24T08:00:00+01:00", pain=3, dizzy_or_fainting=True, rash_or_hives=False),
    checkin_at("2026-11-24T20:00:00+01:00", **{name: index % 2 == 0 for index, name in enumerate(NEW_SIGNS)}),
    checkin_at("2026-11-25T08:00:00+01:00", pain=2),
]
VERSION_4 = (
    b'{"meta":{"1":{"schema_version":4}},"profile":{},"questions":{},"reminders":{},"pump_events":{},'
    b'"checkins":{"1":{"id":"%s","checkin":{"recorded_at":"2026-11-20T08:00:00+01:00","pain":3,"drowsy":true}}}}'
    % (b"c" * 32)
)


def test_the_step_from_data_version_4_changes_no_record(tmp_path: Path) -> None:
    assert schema.SCHEMA_VERSION >= 5
    home = tmp_path / "data"
    home.mkdir()
    (home / DB_FILE_NAME).write_bytes(VERSION_4)
    with open_store(home) as store:
        assert store.recovery is None
        assert store.checkins() == [checkin_at("2026-11-20T08:00:00+01:00", pain=3, drowsy=True)]
        store.add_checkin(WITH_SIGNS[1])
    upgraded = json.loads((home / DB_FILE_NAME).read_bytes())
    before = json.loads(VERSION_4)
    assert upgraded["meta"] == {"1": {"schema_version": schema.SCHEMA_VERSION}}
    assert upgraded["checkins"]["1"] == before["checkins"]["1"], "the old record is byte-for-byte the same data"
    assert (home / f"{DB_FILE_NAME}.before-v5").read_bytes() == VERSION_4


def test_a_version_5_file_read_by_a_version_4_app_is_too_new_and_left_untouched(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    home = tmp_path / "data"
    with open_store(home) as store:
        store.add_checkin(WITH_SIGNS[0])
    written = (home / DB_FILE_NAME).read_bytes()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 4)
    with pytest.raises(TooNewError, match="newer version"):
        open_store(home)
    assert (home / DB_FILE_NAME).read_bytes() == written
    assert sorted(p.name for p in home.iterdir() if "damaged" in p.name) == [], "nothing was set aside as damaged"


def test_csv_carries_the_new_signs_and_reads_an_older_csv_without_them() -> None:
    data = checkins_to_csv(WITH_SIGNS)
    header = data.decode("utf-8-sig").splitlines()[0].split(",")
    assert header == list(COLUMNS) and set(NEW_SIGNS) <= set(header)
    parsed = parse_checkins_csv(data)
    assert parsed.bad_rows == [] and parsed.checkins == WITH_SIGNS
    older = [name for name in COLUMNS if name not in NEW_SIGNS]
    old_csv = ",".join(older) + "\r\n" + "2026-11-20T08:00:00+01:00,4" + "," * (len(older) - 2) + "\r\n"
    assert parse_checkins_csv(old_csv.encode("utf-8")).checkins == [checkin_at("2026-11-20T08:00:00+01:00", pain=4)]


def test_a_csv_row_with_a_bad_new_sign_is_named_by_line_and_field() -> None:
    rows = checkins_to_csv(WITH_SIGNS[:1]).decode("utf-8-sig").replace(",true,", ",perhaps,")
    parsed = parse_checkins_csv(rows.encode("utf-8"))
    assert [(bad.line, list(bad.errors)) for bad in parsed.bad_rows] == [(2, ["dizzy_or_fainting"])]


def test_a_json_backup_carries_the_new_signs_into_a_fresh_folder(tmp_path: Path) -> None:
    from datetime import datetime, timezone

    with open_store(tmp_path / "old") as store:
        for checkin in WITH_SIGNS:
            store.add_checkin(checkin)
        document = backup_to_json(store.snapshot(), datetime(2026, 11, 26, tzinfo=timezone.utc))
    assert json.loads(document)["schema_version"] == schema.SCHEMA_VERSION
    with open_store(tmp_path / "new") as fresh:
        fresh.merge(load_backup(document))
        assert fresh.checkins() == WITH_SIGNS
