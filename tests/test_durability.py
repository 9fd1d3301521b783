"""Crash safety proven by force: random kills, a full disk, damaged files byte by byte, hostile input.

The long variants run with ``python3 -m tests --slow`` (1,000 kills instead of 100, more fuzzing).
"""

from __future__ import annotations

import errno
import json
import os
import random
import re
import resource
import select
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import Bundle, RuleBasedStateMachine, consumes, invariant, rule

from helpers import PROJECT_ROOT, checkin_at, json_values as json_values_strategy
from recovery.checkin import FIELD_NAMES, NOTES_MAX_CHARS
from recovery.store import DB_FILE_NAME, NotSavedError, TooNewError, open_store
from recovery.store.recover import JSON_OPTIONS
from recovery.store.atomic import orphan_temps
from recovery.validation import ValidationError


def kills_per_run(request: pytest.FixtureRequest) -> int:
    return 1000 if request.config.getoption("--slow") else 100


# ------------------------------------------------------------------ 1. the kill loop


def _writer(home: Path, pipe_fd: int, seed: int) -> None:
    """Child process: save check-ins forever, reporting each id once its save has returned."""
    rng = random.Random(seed)
    store = open_store(home)
    os.write(pipe_fd, b"ready\n")
    minute = 0
    while True:
        minute += 1
        note = "n" * rng.randrange(0, 3000)
        checkin_id = store.add_checkin(
            {"recorded_at": f"2026-11-{1 + minute // 1440 % 28:02d}T{minute // 60 % 24:02d}:{minute % 60:02d}:00+01:00", "pain": minute % 11, "notes": note}
        )
        os.write(pipe_fd, f"{checkin_id}\n".encode())


def _read_lines(fd: int) -> list[str]:
    chunks = []
    while True:
        ready, _, _ = select.select([fd], [], [], 0)
        if not ready:
            break
        data = os.read(fd, 65536)
        if not data:
            break
        chunks.append(data)
    return b"".join(chunks).decode().split()


def test_random_kills_never_lose_a_saved_checkin_or_leave_a_broken_file(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    rounds = kills_per_run(request)
    home = tmp_path / "home"
    rng = random.Random(20261124)
    acknowledged: set[str] = set()
    in_flight_found = 0  # saves that completed but were killed before reporting back
    killed_mid_save = 0  # kills that left a temp file behind: the kill landed inside a save
    for round_number in range(rounds):
        read_fd, write_fd = os.pipe()
        pid = os.fork()
        if pid == 0:  # the writer
            os.close(read_fd)
            try:
                _writer(home, write_fd, round_number)
            finally:
                os._exit(1)
        os.close(write_fd)
        buffer = b""
        while b"ready\n" not in buffer:
            buffer += os.read(read_fd, 64)
        time.sleep(rng.uniform(0, 0.03))
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
        reported = buffer.decode().split()[1:] + _read_lines(read_fd)
        os.close(read_fd)
        acknowledged.update(reported)

        data = (home / DB_FILE_NAME).read_bytes()
        json.loads(data)  # the file parses after every kill
        killed_mid_save += bool(orphan_temps(home / DB_FILE_NAME))
        with open_store(home) as store:
            assert store.recovery is None, f"round {round_number}: {store.recovery}"
            stored = {record.id for record in store.checkin_records()}
            missing = acknowledged - stored
            assert not missing, f"round {round_number}: {len(missing)} acknowledged check-ins lost"
            extra = stored - acknowledged
            assert len(extra) <= 1, "only the one save in flight when the kill came can appear unreported"
            in_flight_found += len(extra)
            acknowledged |= stored
            assert orphan_temps(store.path) == [], "no temp file survives the next open"
    request.node.user_properties.append(("kills", rounds))
    request.node.user_properties.append(("acknowledged", len(acknowledged)))
    request.node.user_properties.append(("in_flight_found", in_flight_found))
    request.node.user_properties.append(("killed_mid_save", killed_mid_save))
    request.node.user_properties.append(("valid_records_lost", 0))  # asserted in every round above
    assert len(acknowledged) > rounds, "the writer saved between kills"


# ------------------------------------------------------------------ 2. a really full disk

FILLER = b"x" * 4096


def _fill_disk_then_save(home: Path) -> str:
    """Run in a child with a file-size limit: the save of a large note must fail as 'disk full'."""
    return f"""
import resource, signal, sys
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
from recovery.store import NotSavedError, open_store
store = open_store({str(home)!r})
before = open(store.path, "rb").read()
resource.setrlimit(resource.RLIMIT_FSIZE, (len(before) + 2000, resource.RLIM_INFINITY))
try:
    store.add_checkin({{"recorded_at": "2026-11-24T09:00:00+01:00", "notes": "x" * 19000}})
except NotSavedError as exc:
    print("refused:", exc.reason, exc)
after = open(store.path, "rb").read()
print("identical" if after == before else "CHANGED")
print("memory agrees" if len(store.checkins()) == 1 else "PHANTOM")
resource.setrlimit(resource.RLIMIT_FSIZE, (resource.RLIM_INFINITY, resource.RLIM_INFINITY))
store.add_checkin({{"recorded_at": "2026-11-24T09:00:00+01:00", "notes": "x" * 19000}})
print("saved after space came back:", len(store.checkins()))
"""


def test_a_file_size_limit_refuses_the_save_cleanly_and_the_next_one_succeeds(home: Path) -> None:
    with open_store(home) as store:
        store.add_checkin(checkin_at("2026-11-23T09:00:00+01:00", pain=3))
    result = subprocess.run([sys.executable, "-c", _fill_disk_then_save(home)], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("refused: disk_full Not saved:"), lines
    assert lines[1:] == ["identical", "memory agrees", "saved after space came back: 2"]


def test_a_full_filesystem_refuses_the_save_cleanly_and_the_next_one_succeeds(tmp_path: Path) -> None:
    """On a real 256 KiB tmpfs when the tests run as root (as in CI); otherwise the size limit above covers it."""
    mount_point = tmp_path / "small-disk"
    mount_point.mkdir()
    mounted = os.geteuid() == 0 and subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=256k", "tmpfs", str(mount_point)], capture_output=True
    ).returncode == 0
    if not mounted:
        resource_limit = resource.getrlimit(resource.RLIMIT_FSIZE)
        assert resource_limit is not None  # the RLIMIT_FSIZE test above is the proof on this machine
        return test_a_file_size_limit_refuses_the_save_cleanly_and_the_next_one_succeeds(tmp_path / "home")
    try:
        home = mount_point / "home"
        with open_store(home) as store:
            store.add_checkin(checkin_at("2026-11-23T09:00:00+01:00", pain=3))
            filler = mount_point / "filler"
            fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
            try:
                while True:
                    os.write(fd, FILLER)
            except OSError as exc:
                assert exc.errno == errno.ENOSPC
            finally:
                os.close(fd)
            before = (home / DB_FILE_NAME).read_bytes()
            with pytest.raises(NotSavedError, match="disk is full") as refused:
                store.add_checkin(checkin_at("2026-11-24T09:00:00+01:00", notes="y" * 19000))
            assert refused.value.reason == "disk_full"
            assert (home / DB_FILE_NAME).read_bytes() == before and len(store.checkins()) == 1
            assert orphan_temps(home / DB_FILE_NAME) == []
            filler.unlink()
            store.add_checkin(checkin_at("2026-11-24T09:00:00+01:00", notes="y" * 19000))
            assert len(store.checkins()) == 2
    finally:
        subprocess.run(["umount", str(mount_point)], capture_output=True)


# ------------------------------------------------------------------ 3. damaged files, byte by byte


def _small_database(home: Path) -> tuple[bytes, list[dict]]:
    with open_store(home) as store:
        for hour in range(3):
            store.add_checkin(checkin_at(f"2026-11-24T0{hour + 7}:00:00+01:00", pain=hour, notes=f"note {hour} é"))
        good = store.path.read_bytes()
        state_before_last = store.checkins()[:-1]
    return good, state_before_last


def record_spans(good: bytes) -> list[tuple[int, int, str, dict]]:
    """Where each check-in record sits in a healthy file: (start, end, id, check-in)."""
    spans = []
    for doc_id, doc in json.loads(good)["checkins"].items():
        needle = (f'"{doc_id}":' + json.dumps(doc, **JSON_OPTIONS)).encode("utf-8")
        start = good.find(needle)
        assert start >= 0
        spans.append((start, start + len(needle), doc["id"], doc["checkin"]))
    return spans


def valid_records_lost(store, spans: list[tuple[int, int, str, dict]], damaged: range, backup: bytes) -> list[str]:
    """Check-ins that were intact in the damaged file or held by the newest backup, but are not in the store now."""
    in_backup = {doc["id"] for doc in json.loads(backup)["checkins"].values()}
    stored = {record.id: record.checkin for record in store.checkin_records()}
    expected = {
        checkin_id: checkin
        for start, end, checkin_id, checkin in spans
        if checkin_id in in_backup or end <= damaged.start or start >= damaged.stop
    }
    return [checkin_id for checkin_id, checkin in expected.items() if stored.get(checkin_id) != checkin]


def test_a_truncation_at_every_byte_keeps_every_record_that_was_whole(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    home = tmp_path / "home"
    good, before_last = _small_database(home)
    backups = {p.name: p.read_bytes() for p in home.glob(f"{DB_FILE_NAME}.*")}
    spans = record_spans(good)
    lost, salvaged = 0, 0
    for cut in range(len(good)):
        (home / DB_FILE_NAME).write_bytes(good[:cut])
        for name, data in backups.items():
            (home / name).write_bytes(data)  # each round starts from the same backups
        with open_store(home) as store:
            assert store.recovery is not None, cut
            assert store.recovery.kept_at.read_bytes() == good[:cut]
            missing = valid_records_lost(store, spans, range(cut, len(good)), backups[f"{DB_FILE_NAME}.1"])
            assert not missing, f"cut at {cut}: lost {missing}"
            assert store.checkins()[: len(before_last)] == before_last
            salvaged += len(store.checkins()) > len(before_last)
            lost += len(missing)
        store.recovery.kept_at.unlink()
    request.node.user_properties.append(("truncations", len(good)))
    request.node.user_properties.append(("valid_records_lost", lost))
    request.node.user_properties.append(("last_save_salvaged", salvaged))
    assert salvaged > 0, "a cut after the last record keeps the last save too"


def test_random_byte_flips_never_crash_never_touch_the_damaged_file_and_keep_every_intact_record(
    tmp_path: Path, request: pytest.FixtureRequest
) -> None:
    home = tmp_path / "home"
    good, before_last = _small_database(home)
    backups = {p.name: p.read_bytes() for p in home.glob(f"{DB_FILE_NAME}.*")}
    spans = record_spans(good)
    rng = random.Random(7)
    flips = 1000 if request.config.getoption("--slow") else 300
    outcomes = {"loaded": 0, "recovered": 0, "valid_records_lost": 0}
    for _ in range(flips):
        damaged = bytearray(good)
        position = rng.randrange(len(damaged))
        damaged[position] ^= 1 << rng.randrange(8)
        (home / DB_FILE_NAME).write_bytes(bytes(damaged))
        for name, data in backups.items():
            (home / name).write_bytes(data)
        try:
            store = open_store(home)
        except TooNewError:
            outcomes["newer_version"] = outcomes.get("newer_version", 0) + 1  # the flip turned 4 into 5 or 6: left alone
            assert (home / DB_FILE_NAME).read_bytes() == bytes(damaged)
            continue
        with store:
            if store.recovery is None:
                outcomes["loaded"] += 1  # a flip inside a note's text, say: still a valid database
                assert len(store.checkins()) == 3
            else:
                outcomes["recovered"] += 1
                assert store.recovery.kept_at.read_bytes() == bytes(damaged)
                missing = valid_records_lost(store, spans, range(position, position + 1), backups[f"{DB_FILE_NAME}.1"])
                outcomes["valid_records_lost"] += len(missing)
                assert not missing, f"flip at {position}: lost {missing}"
                store.recovery.kept_at.unlink()
    request.node.user_properties.append(("byte_flips", outcomes))
    assert outcomes["recovered"] > flips // 2


def _many_records(home: Path, count: int) -> None:
    """A realistic file: a profile, ``count`` check-ins saved one by one, questions, refills, deliveries."""
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-01", "drug": "morphine", "clinic_phone": "555-0142"})
        store.add_question("Can I sleep on my side?", "2026-11-02T10:00:00+01:00")
        store.add_pump_event("refill", "2026-11-03", "")
        store.record_deliveries(["checkin:2026-11-04"], "2026-11-04T09:00:00+01:00", "desktop")
        for n in range(count):
            store.add_checkin(checkin_at(f"2026-11-{5 + n // 24:02d}T{n % 24:02d}:00:00+01:00", pain=n % 11, notes=f"day note {n}"))


#: Ways a hand edit or a broken disk spoils one record, and whether the record still parses as JSON.
ONE_RECORD_DAMAGE = {
    "pain out of range": lambda text: re.sub(r'"pain":\d+', '"pain":11', text, count=1),
    "unknown field": lambda text: text.replace('"notes":', '"mood":"ok","notes":', 1),
    "date far in the future": lambda text: re.sub(r'"recorded_at":"[^"]+"', '"recorded_at":"9999-12-31T23:59:59-12:00"', text, count=1),
    "broken JSON inside it": lambda text: text.replace('"notes":', '"notes":[', 1),
    "missing id": lambda text: re.sub(r'"id":"[0-9a-f]{32}",', "", text, count=1),
}


@pytest.mark.parametrize("damage", sorted(ONE_RECORD_DAMAGE))
def test_damage_to_one_record_in_n_loses_no_other_record(tmp_path: Path, damage: str, request: pytest.FixtureRequest) -> None:
    """N check-ins; one of them spoiled in place (each position in turn): the other N-1 and everything else stay."""
    count = 12
    positions = range(count) if request.config.getoption("--slow") else range(0, count, 3)
    lost = 0
    for position in positions:
        home = tmp_path / f"{damage.replace(' ', '-')}-{position}"
        _many_records(home, count)
        with open_store(home) as store:
            everything = store.snapshot()
        good = (home / DB_FILE_NAME).read_text(encoding="utf-8")
        target = everything["checkins"][position]
        start = good.index(f'"id":"{target["id"]}"')
        record_start = good.rindex('":{', 0, start)
        record_end = good.index("}}", start) + 2
        spoiled = ONE_RECORD_DAMAGE[damage](good[record_start:record_end])
        assert spoiled != good[record_start:record_end]
        (home / DB_FILE_NAME).write_text(good[:record_start] + spoiled + good[record_end:], encoding="utf-8")
        with open_store(home) as store:
            notice = store.recovery
            assert notice is not None, damage
            after = store.snapshot()
            others = [c for c in everything["checkins"] if c["id"] != target["id"]]
            kept = [c for c in after["checkins"] if c["id"] != target["id"]]
            lost += len([c for c in others if c not in kept])
            assert kept == others, f"{damage} at {position}: other check-ins changed"
            for key in ("profile", "questions", "pump_events", "reminders"):
                assert after[key] == everything[key], key
            if position < count - 1:
                assert target in after["checkins"], "an older copy of the spoiled record comes back from the backup"
            assert notice.set_aside and "set aside" in notice.message and str(notice.kept_at) in notice.message
            assert "import" in notice.message
    request.node.user_properties.append(("valid_records_lost", lost))
    assert lost == 0


# ------------------------------------------------------------------ 6. hostile input

json_values = json_values_strategy()
VALID = {
    "recorded_at": st.datetimes(timezones=st.timezones()).map(lambda d: d.isoformat()),
    "pain": st.integers(0, 10),
    "temperature_c": st.floats(34.0, 43.0) | st.integers(34, 43),
    "notes": st.text(max_size=300),
    "wound": st.lists(st.sampled_from(("redness", "warmth", "swelling", "drainage", "opening", "bleeding")), unique=True),
    "headache": st.sampled_from(("none", "mild", "moderate", "severe")),
    "nausea": st.booleans(),
}
candidate_checkins = st.fixed_dictionaries(
    {}, optional={name: st.one_of(VALID.get(name, st.booleans()), json_values) for name in FIELD_NAMES}
)


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow], deadline=None)
@given(candidate=candidate_checkins)
def test_any_dict_round_trips_unchanged_or_is_refused_before_any_write(tmp_path_factory, candidate: dict) -> None:
    home = tmp_path_factory.mktemp("fuzz")
    with open_store(home) as store:
        before = store.path.read_bytes()
        try:
            store.add_checkin(candidate)
        except ValueError as refused:
            assert isinstance(refused, ValidationError)
            assert store.path.read_bytes() == before, "refused before any disk write"
            return
    with open_store(home) as reopened:
        assert reopened.checkins() == [candidate]


@pytest.mark.parametrize(
    "notes",
    ["x" * NOTES_MAX_CHARS, "tab\tnew\nline\rbell\x07null\x00", "😊🩺💊 תודה مرحبا", "\u202eright-to-left override", "a" * 0],
)
def test_awkward_notes_survive_a_round_trip(home: Path, notes: str) -> None:
    checkin = checkin_at("2026-11-24T09:00:00+01:00", notes=notes)
    with open_store(home) as store:
        store.add_checkin(checkin)
    with open_store(home) as store:
        assert store.checkins() == [checkin]


def test_an_oversized_note_is_refused_with_its_size_and_nothing_written(home: Path) -> None:
    with open_store(home) as store:
        before = store.path.read_bytes()
        with pytest.raises(ValidationError, match="20,001 characters long; the limit is 20,000"):
            store.add_checkin(checkin_at("2026-11-24T09:00:00+01:00", notes="x" * (NOTES_MAX_CHARS + 1)))
        assert store.path.read_bytes() == before


class StoreMachine(RuleBasedStateMachine):
    """Add, edit, delete, reopen and crash at random; the store always equals a plain dict."""

    records = Bundle("records")

    def __init__(self) -> None:
        super().__init__()
        import tempfile

        self.home = Path(tempfile.mkdtemp(prefix="store-machine-"))
        self.store = open_store(self.home)
        self.model: dict[str, dict] = {}
        self.minute = 0

    def _checkin(self, pain: int, note: str) -> dict:
        self.minute += 1
        return checkin_at(f"2026-11-24T{self.minute // 60 % 24:02d}:{self.minute % 60:02d}:00+01:00", pain=pain, notes=note)

    @rule(target=records, pain=st.integers(0, 10), note=st.text(max_size=40))
    def add(self, pain: int, note: str) -> str:
        checkin = self._checkin(pain, note)
        checkin_id = self.store.add_checkin(checkin)
        self.model[checkin_id] = checkin
        return checkin_id

    @rule(record=records, pain=st.integers(0, 10))
    def edit(self, record: str, pain: int) -> None:
        if record not in self.model:
            return
        changed = {**self.model[record], "pain": pain}
        self.store.update_checkin(record, changed)
        self.model[record] = changed

    @rule(record=consumes(records))
    def delete(self, record: str) -> None:
        if record in self.model:
            self.store.delete_checkin(record)
            del self.model[record]

    @rule()
    def reopen(self) -> None:
        self.store.close()
        self.store = open_store(self.home)

    @rule()
    def crash(self) -> None:
        """The process dies: nothing is closed, the OS releases the lock."""
        self.store._lock.release()
        self.store = open_store(self.home)

    @invariant()
    def equals_the_model(self) -> None:
        stored = {record.id: record.checkin for record in self.store.checkin_records()}
        assert stored == self.model

    def teardown(self) -> None:
        self.store.close()


StoreMachine.TestCase.settings = settings(max_examples=60, stateful_step_count=30, deadline=None)
test_the_store_always_equals_a_model = StoreMachine.TestCase
