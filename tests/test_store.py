"""The store on real files: round trips, durability, recovery, locking, permissions, faults."""

from __future__ import annotations

import errno
import json
import os
import signal
import subprocess
import sys
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT, checkin_at
from recovery.store import (
    BACKUP_GENERATIONS,
    DB_FILE_NAME,
    NotSavedError,
    Store,
    StoreLockedError,
    TooNewError,
    open_store,
)
from recovery.store import atomic, schema
from recovery.validation import ValidationError

FIRST = checkin_at("2026-11-20T08:00:00+01:00", pain=4, temperature_c=37.1, wound=["redness"])
SECOND = checkin_at("2026-11-20T20:00:00+01:00", pain=3, notes="Évening walk, 10 min 🚶 — שלום")
THIRD = checkin_at("2026-11-21T07:59:59+01:00", headache="mild", headache_upright=False)


def file_bytes(home: Path) -> bytes:
    return (home / DB_FILE_NAME).read_bytes()


def temps(home: Path) -> list[str]:
    return sorted(name for name in os.listdir(home) if name.endswith(".tmp"))


# ------------------------------------------------------------------ round trips


def test_checkins_round_trip_through_a_reopened_store_in_time_order(home: Path) -> None:
    with open_store(home) as store:
        ids = [store.add_checkin(c) for c in (THIRD, FIRST, SECOND)]
    assert len(set(ids)) == 3 and all(len(i) == 32 for i in ids)
    with open_store(home) as reopened:
        assert reopened.checkins() == [FIRST, SECOND, THIRD]
        assert {r.id for r in reopened.checkin_records()} == set(ids)


def test_instants_order_check_ins_across_offsets_and_ties_keep_insertion_order(store: Store) -> None:
    tokyo = checkin_at("2026-11-21T09:00:00+09:00", pain=1)  # 00:00 UTC
    london = checkin_at("2026-11-20T23:30:00+00:00", pain=2)  # earlier instant
    tie = checkin_at("2026-11-21T00:00:00Z", pain=3)
    for c in (tokyo, london, tie):
        store.add_checkin(c)
    assert [c["pain"] for c in store.checkins()] == [2, 1, 3]


def test_partial_and_several_checkins_a_day_are_kept(store: Store) -> None:
    for hour in range(6):
        store.add_checkin(checkin_at(f"2026-11-22T{hour + 8:02d}:00:00+01:00", pain=hour))
    store.add_checkin(checkin_at("2026-11-22T20:00:00+01:00"))
    assert len(store.checkins(since=date(2026, 11, 22), until=date(2026, 11, 22))) == 7


@pytest.mark.parametrize(
    ("since", "until", "expected"),
    [
        (date(2026, 11, 21), None, [THIRD]),
        (None, date(2026, 11, 20), [FIRST, SECOND]),
        (date(2026, 11, 20), date(2026, 11, 20), [FIRST, SECOND]),
        (datetime(2026, 11, 20, 12, tzinfo=timezone.utc), None, [SECOND, THIRD]),
        (None, datetime(2026, 11, 20, 7, 0, tzinfo=timezone.utc), [FIRST]),  # inclusive instant
        (date(2026, 12, 1), None, []),
    ],
)
def test_since_and_until_are_inclusive_days_or_instants(store: Store, since, until, expected) -> None:
    for c in (FIRST, SECOND, THIRD):
        store.add_checkin(c)
    assert store.checkins(since=since, until=until) == expected


def test_naive_times_are_refused_as_bounds(store: Store) -> None:
    with pytest.raises(ValueError, match="time zone"):
        store.checkins(since=datetime(2026, 11, 20))


def test_returned_checkins_are_copies_and_saved_ones_do_not_follow_the_caller(store: Store) -> None:
    mine = checkin_at("2026-11-20T08:00:00+01:00", wound=["redness"])
    store.add_checkin(mine)
    mine["wound"].append("drainage")
    store.checkins()[0]["wound"].append("bleeding")
    assert store.checkins()[0]["wound"] == ["redness"]


def test_an_invalid_checkin_is_refused_before_anything_is_written(home: Path) -> None:
    with open_store(home) as store:
        store.add_checkin(FIRST)
        before = file_bytes(home)
        with pytest.raises(ValidationError) as refused:
            store.add_checkin(checkin_at("2026-11-20T09:00:00+01:00", pain=11))
        assert "pain" in refused.value.errors
        assert file_bytes(home) == before
        assert store.checkins() == [FIRST]


def test_checkins_can_be_corrected_and_deleted(home: Path) -> None:
    with open_store(home) as store:
        first = store.add_checkin(FIRST)
        second = store.add_checkin(SECOND)
        corrected = {**FIRST, "pain": 5}
        store.update_checkin(first, corrected)
        store.delete_checkin(second)
        with pytest.raises(KeyError):
            store.delete_checkin(second)
        with pytest.raises(ValidationError):
            store.update_checkin(first, {**FIRST, "pain": "five"})
    with open_store(home) as reopened:
        assert reopened.checkin_records()[0].id == first
        assert reopened.checkins() == [corrected]


def test_the_profile_is_saved_whole_and_validated(home: Path) -> None:
    with open_store(home) as store:
        assert store.profile() is None
        store.save_profile({"surgery_date": "2026-11-12", "drug": "morphine", "caregiver_name": "Ana"})
        store.save_profile({"surgery_date": "2026-11-12", "drug": "baclofen"})
        with pytest.raises(ValidationError):
            store.save_profile({"surgery_date": "soon"})
    with open_store(home) as reopened:
        assert reopened.profile() == {"surgery_date": "2026-11-12", "drug": "baclofen"}


def test_closing_twice_is_harmless_and_a_closed_store_refuses_writes(home: Path) -> None:
    store = open_store(home)
    store.close()
    store.close()
    with pytest.raises(RuntimeError, match="closed"):
        store.add_checkin(FIRST)


# ------------------------------------------------------------------ durability and processes

WRITER = """
import os, signal, sys
from recovery.store import open_store
store = open_store(sys.argv[1])
checkin_id = store.add_checkin({"recorded_at": "2026-11-20T08:00:00+01:00", "pain": 7})
print(checkin_id, flush=True)
os.kill(os.getpid(), signal.SIGKILL)
"""


def test_a_saved_checkin_survives_the_process_being_killed_right_after(home: Path) -> None:
    result = subprocess.run([sys.executable, "-c", WRITER, str(home)], cwd=PROJECT_ROOT, capture_output=True, text=True)
    assert result.returncode == -signal.SIGKILL, result.stderr
    saved_id = result.stdout.strip()
    with open_store(home) as store:
        assert [r.id for r in store.checkin_records()] == [saved_id]
        assert store.recovery is None


HOLDER = """
import sys, time
from recovery.store import open_store
store = open_store(sys.argv[1])
print("open", flush=True)
time.sleep(120)
"""

SECOND_INSTANCE = """
import sys, time
from recovery.store import StoreLockedError, open_store
started = time.monotonic()
try:
    open_store(sys.argv[1])
except StoreLockedError as exc:
    print(f"{time.monotonic() - started:.2f}|{exc}")
"""


def _start_holder(home: Path) -> subprocess.Popen[str]:
    holder = subprocess.Popen(
        [sys.executable, "-c", HOLDER, str(home)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True
    )
    assert holder.stdout is not None and holder.stdout.readline().strip() == "open"
    return holder


def test_a_second_process_is_refused_quickly_with_a_clear_message_and_changes_nothing(home: Path) -> None:
    with open_store(home) as store:
        store.add_checkin(FIRST)
    before = file_bytes(home)
    holder = _start_holder(home)
    try:
        result = subprocess.run(
            [sys.executable, "-c", SECOND_INSTANCE, str(home)], cwd=PROJECT_ROOT, capture_output=True, text=True
        )
        seconds, message = result.stdout.strip().split("|", 1)
        assert float(seconds) < 2.0
        assert "already open in another window" in message
        assert file_bytes(home) == before
    finally:
        holder.kill()
        holder.wait()


def test_a_lock_left_by_a_killed_process_is_taken_over(home: Path) -> None:
    holder = _start_holder(home)
    holder.send_signal(signal.SIGKILL)
    holder.wait()
    started = time.monotonic()
    with open_store(home) as store:
        store.add_checkin(FIRST)
    assert time.monotonic() - started < 5


def test_the_same_process_cannot_open_a_store_twice(store: Store, home: Path) -> None:
    with pytest.raises(StoreLockedError):
        open_store(home, lock_timeout=0.1)


# ------------------------------------------------------------------ privacy


def test_the_data_directory_is_private_and_every_file_is_0600(tmp_path: Path) -> None:
    home = tmp_path / "home"
    home.mkdir(mode=0o755)
    os.chmod(home, 0o755)
    planted = home / "notes-export.csv"
    planted.write_text("x")
    os.chmod(planted, 0o644)
    old_umask = os.umask(0o022)
    try:
        with open_store(home) as store:
            for c in (FIRST, SECOND, THIRD, FIRST):
                store.add_checkin(c)
    finally:
        os.umask(old_umask)
    assert (home.stat().st_mode & 0o777) == 0o700
    modes = {entry.name: entry.stat().st_mode & 0o777 for entry in home.iterdir()}
    assert modes and set(modes.values()) == {0o600}, modes


# ------------------------------------------------------------------ backups and recovery


def test_each_save_keeps_the_previous_states_as_backup_generations(home: Path) -> None:
    with open_store(home) as store:
        states = []
        for c in (FIRST, SECOND, THIRD):
            store.add_checkin(c)
            states.append(file_bytes(home))
    backups = [home / f"{DB_FILE_NAME}.{n}" for n in range(1, BACKUP_GENERATIONS + 1)]
    assert [b.read_bytes() for b in backups[:2]] == [states[1], states[0]]
    assert all(json.loads(b.read_bytes()) for b in backups)


CORRUPTIONS = {
    "garbage": b"this is not json",
    "truncated": None,  # filled in from the real file
    "trailing-comma": b'{"meta": {"1": {"schema_version": 1}},}',
    "nan": b'{"meta": {"1": {"schema_version": 1}}, "checkins": {"1": {"id": "%s", "checkin": '
    b'{"recorded_at": "2026-11-20T08:00:00+01:00", "temperature_c": NaN}}}}' % (b"a" * 32),
    "duplicate-keys": b'{"meta": {"1": {"schema_version": 1}}, "meta": {}}',
    "top-level-list": b"[]",
    "table-is-list": b'{"meta": {"1": {"schema_version": 1}}, "checkins": []}',
    "bad-doc-id": b'{"meta": {"1": {"schema_version": 1}}, "checkins": {"abc": {}}}',
    "out-of-range-pain": b'{"meta": {"1": {"schema_version": 1}}, "checkins": {"1": {"id": "%s", "checkin": '
    b'{"recorded_at": "2026-11-20T08:00:00+01:00", "pain": 11}}}}' % (b"a" * 32),
    "unknown-table": b'{"meta": {"1": {"schema_version": 1}}, "hacks": {}}',
    "empty": b"",
    "whitespace": b"  \n",
}


@pytest.mark.parametrize("kind", sorted(CORRUPTIONS))
def test_a_damaged_file_is_kept_aside_unchanged_and_the_newest_good_backup_restored(home: Path, kind: str) -> None:
    with open_store(home) as store:
        store.add_checkin(FIRST)
        store.add_checkin(SECOND)
    good = file_bytes(home)
    damaged = CORRUPTIONS[kind]
    if kind == "truncated":
        damaged = good[: len(good) // 2]
    (home / DB_FILE_NAME).write_bytes(damaged)

    with open_store(home) as store:
        notice = store.recovery
        assert notice is not None
        assert notice.kept_at.read_bytes() == damaged
        assert notice.restored_from == home / f"{DB_FILE_NAME}.1"
        assert store.checkins() == [FIRST], "the state before the last save is back"
        assert str(notice.kept_at) in notice.message and "restored" in notice.message
        store.add_checkin(THIRD)
    with open_store(home) as store:
        assert store.recovery is None
        assert store.checkins() == [FIRST, THIRD]


def test_a_byte_order_mark_from_notepad_is_tolerated(home: Path) -> None:
    with open_store(home) as store:
        store.add_checkin(FIRST)
        store.add_checkin(SECOND)
    (home / DB_FILE_NAME).write_bytes(b"\xef\xbb\xbf" + file_bytes(home))
    with open_store(home) as store:
        assert store.recovery is None
        assert store.checkins() == [FIRST, SECOND]
        store.add_checkin(THIRD)
    assert not file_bytes(home).startswith(b"\xef\xbb\xbf"), "the next save writes plain UTF-8"


def test_without_any_good_backup_the_store_starts_empty_and_says_so(home: Path) -> None:
    home.mkdir()
    (home / DB_FILE_NAME).write_bytes(b"{broken")
    with open_store(home) as store:
        assert store.recovery is not None and store.recovery.restored_from is None
        assert "no backup could be read" in store.recovery.message
        assert store.checkins() == []
        assert store.recovery.kept_at.read_bytes() == b"{broken"


def test_orphan_temp_files_from_a_killed_save_are_removed_on_open(home: Path) -> None:
    with open_store(home) as store:
        store.add_checkin(FIRST)
    before = file_bytes(home)
    (home / f".{DB_FILE_NAME}.k1ll3d.tmp").write_bytes(b'{"half": ')
    (home / f".{DB_FILE_NAME}.k1ll3d.prev.tmp").write_bytes(before)
    with open_store(home) as store:
        assert temps(home) == []
        assert store.checkins() == [FIRST] and store.recovery is None
    assert file_bytes(home) == before


def test_a_file_from_a_newer_app_is_left_untouched(home: Path) -> None:
    home.mkdir()
    newer = b'{"meta": {"1": {"schema_version": 99}}}'
    (home / DB_FILE_NAME).write_bytes(newer)
    with pytest.raises(TooNewError, match="newer version"):
        open_store(home)
    assert file_bytes(home) == newer
    assert sorted(os.listdir(home)) == [DB_FILE_NAME, "recovery.lock"]
    with pytest.raises(TooNewError):
        open_store(home)  # the lock was released after the refusal


def test_migrations_run_in_order_and_keep_the_file_from_before(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(home) as store:
        store.add_checkin(checkin_at("2026-11-20T08:00:00+01:00", notes="  padded  "))
    version_1 = file_bytes(home)  # the current version, about to become the next one

    def strip_notes(data: dict) -> dict:
        for doc in data.get("checkins", {}).values():
            if "notes" in doc["checkin"]:
                doc["checkin"]["notes"] = doc["checkin"]["notes"].strip()
        return data

    current = schema.SCHEMA_VERSION
    monkeypatch.setattr(schema, "SCHEMA_VERSION", current + 1)
    monkeypatch.setitem(schema.MIGRATIONS, current, strip_notes)
    with open_store(home) as store:
        assert store.checkins()[0]["notes"] == "padded"
        assert store.recovery is None
    assert json.loads(file_bytes(home))["meta"] == {"1": {"schema_version": current + 1}}
    assert (home / f"{DB_FILE_NAME}.before-v{current + 1}").read_bytes() == version_1


def test_a_version_1_file_is_upgraded_through_every_migration(home: Path) -> None:
    home.mkdir()
    version_1 = (
        b'{"meta":{"1":{"schema_version":1}},"checkins":{"1":{"id":"%s","checkin":'
        b'{"recorded_at":"2026-11-20T08:00:00+01:00","pain":3}}}}' % (b"b" * 32)
    )
    (home / DB_FILE_NAME).write_bytes(version_1)
    with open_store(home) as store:
        assert store.recovery is None and store.checkins()[0]["pain"] == 3
        question = store.add_question("Can I sleep on my side?", "2026-11-21T10:00:00+01:00")
        assert [q.id for q in store.questions()] == [question]
    upgraded = json.loads(file_bytes(home))
    assert upgraded["meta"] == {"1": {"schema_version": schema.SCHEMA_VERSION}}
    assert len(upgraded["questions"]) == 1 and upgraded["reminders"] == {}
    assert (home / f"{DB_FILE_NAME}.before-v2").read_bytes() == version_1, "the file from before the upgrade is kept"


def test_a_new_store_records_its_schema_version(home: Path) -> None:
    with open_store(home):
        pass
    assert json.loads(file_bytes(home))["meta"] == {"1": {"schema_version": schema.SCHEMA_VERSION}}


# ------------------------------------------------------------------ I/O faults


class FailNth:
    """Replace ``fs.<name>`` with a version whose Nth call raises ``error`` once."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch, name: str, n: int, error: OSError) -> None:
        self.calls = 0
        original = getattr(atomic.fs, name)

        def failing(*args: object, **kwargs: object) -> object:
            self.calls += 1
            if self.calls == n:
                raise error
            return original(*args, **kwargs)

        monkeypatch.setattr(atomic.fs, name, failing)


def _calls_in_one_save(home: Path, monkeypatch: pytest.MonkeyPatch, name: str) -> int:
    with open_store(home) as store:
        store.add_checkin(FIRST)
        counter = FailNth(monkeypatch, name, 0, OSError())
        store.add_checkin(SECOND)
        monkeypatch.undo()
        return counter.calls


@pytest.mark.parametrize("operation", ["mkstemp", "write", "fsync", "close", "link", "replace", "open"])
def test_a_failure_at_every_step_of_a_save_leaves_the_last_good_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, operation: str
) -> None:
    calls = _calls_in_one_save(tmp_path / "count", monkeypatch, operation)
    assert calls >= 1, f"a save makes no {operation} call"
    for n in range(1, calls + 1):
        home = tmp_path / f"{operation}-{n}"
        with open_store(home) as store:
            store.add_checkin(FIRST)
            before = file_bytes(home)
            FailNth(monkeypatch, operation, n, OSError(errno.EIO, "Input/output error"))
            try:
                store.add_checkin(SECOND)
            except NotSavedError as exc:
                assert exc.reason == "io_error" and "Not saved" in str(exc)
                assert file_bytes(home) == before, f"{operation} call {n} changed the file"
                assert store.checkins() == [FIRST], "no phantom check-in in memory"
            else:
                assert store.checkins() == [FIRST, SECOND]  # a failed backup rotation never fails a save
            monkeypatch.undo()
            assert temps(home) == []
            assert json.loads(file_bytes(home)) is not None
            store.add_checkin(THIRD)  # the next save works without a restart
        with open_store(home) as reopened:
            assert reopened.checkins()[0] == FIRST and reopened.checkins()[-1] == THIRD


def test_a_full_disk_gives_a_specific_message_and_the_next_save_succeeds(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(home) as store:
        store.add_checkin(FIRST)
        before = file_bytes(home)
        FailNth(monkeypatch, "write", 1, OSError(errno.ENOSPC, "No space left on device"))
        with pytest.raises(NotSavedError, match="disk is full") as refused:
            store.add_checkin(SECOND)
        assert refused.value.reason == "disk_full"
        assert file_bytes(home) == before and store.checkins() == [FIRST] and temps(home) == []
        monkeypatch.undo()
        store.add_checkin(SECOND)
        assert store.checkins() == [FIRST, SECOND]


def test_a_failed_directory_fsync_rolls_the_file_back(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(home) as store:
        store.add_checkin(FIRST)
        before = file_bytes(home)
        FailNth(monkeypatch, "fsync", 2, OSError(errno.EIO, "Input/output error"))  # 1: temp file, 2: directory
        with pytest.raises(NotSavedError):
            store.add_checkin(SECOND)
        assert file_bytes(home) == before
        assert store.checkins() == [FIRST]


def test_saving_still_works_where_hard_links_are_not_supported(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(home) as store:
        store.add_checkin(FIRST)

        def no_links(*_args: object) -> None:
            raise OSError(errno.EPERM, "Operation not permitted")

        monkeypatch.setattr(atomic.fs, "link", no_links)
        store.add_checkin(SECOND)
        assert store.checkins() == [FIRST, SECOND]


def test_recorded_at_keeps_its_day_when_the_machine_moves_time_zone(home: Path) -> None:
    evening = checkin_at("2026-11-20T23:30:00-05:00", pain=2)  # already 21 Nov in UTC
    with open_store(home) as store:
        store.add_checkin(evening)
    with open_store(home) as store:
        assert store.checkins(since=date(2026, 11, 20), until=date(2026, 11, 20)) == [evening]
        assert store.checkins(since=date(2026, 11, 21)) == []
    assert datetime.fromisoformat(evening["recorded_at"]).utcoffset() == timedelta(hours=-5)


def test_several_checkins_are_saved_all_or_none(home: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    with open_store(home) as store:
        store.add_checkin(FIRST)
        before = file_bytes(home)
        with pytest.raises(ValidationError):
            store.add_checkins([SECOND, checkin_at("2026-11-22T08:00:00+01:00", pain=12)])
        FailNth(monkeypatch, "replace", 1, OSError(errno.EIO, "Input/output error"))
        with pytest.raises(NotSavedError):
            store.add_checkins([SECOND, THIRD])
        monkeypatch.undo()
        assert file_bytes(home) == before and store.checkins() == [FIRST]
        ids = store.add_checkins([SECOND, THIRD])
        assert len(ids) == 2 and store.checkins() == [FIRST, SECOND, THIRD]


def test_questions_for_the_visit_are_kept_in_order_and_can_be_resolved(home: Path) -> None:
    with open_store(home) as store:
        later = store.add_question("Second question", "2026-11-22T10:00:00+01:00")
        first = store.add_question("  First question  ", "2026-11-21T10:00:00+01:00")
        with pytest.raises(ValueError):
            store.add_question("   ", "2026-11-21T10:00:00+01:00")
        with pytest.raises(ValueError):
            store.add_question("x" * 501, "2026-11-21T10:00:00+01:00")
        store.set_question_resolved(later)
        with pytest.raises(KeyError):
            store.set_question_resolved("f" * 32)
    with open_store(home) as store:
        assert [q.text for q in store.questions()] == ["First question"]
        assert [q.id for q in store.questions(include_resolved=True)] == [first, later]
