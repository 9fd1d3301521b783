"""Drafts: a typed-in check-in is kept in the store, crash-safe, until it is saved or started afresh."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT
from recovery.plan import load_plan
from recovery.services import CHECKIN_DRAFT, Companion
from recovery.store import DB_FILE_NAME, NotSavedError, Store, atomic, open_store, schema

TZ = timezone(timedelta(hours=1))
FORM = {"pain": 4, "temperature_text": "38.", "headache": "mild", "signs": ["nausea"], "notes": "sore"}


class Clock:
    def __init__(self) -> None:
        self.when = datetime(2026, 11, 24, 9, 30, tzinfo=TZ)

    def __call__(self) -> datetime:
        return self.when


@pytest.fixture
def companion(store: Store) -> Companion:
    store.save_profile({"surgery_date": "2026-11-12", "drug": "morphine"})
    return Companion(store, load_plan(), Clock())


def test_a_draft_is_kept_replaced_and_read_back(store: Store, home: Path) -> None:
    store.save_draft("checkin", FORM, "2026-11-24T09:30:00+01:00")
    store.save_draft("checkin", {**FORM, "pain": 5}, "2026-11-24T09:31:00+01:00")
    draft = store.draft("checkin")
    assert draft is not None and draft.form["pain"] == 5 and draft.saved_at.minute == 31
    on_disk = json.loads((home / DB_FILE_NAME).read_bytes())
    assert len(on_disk["drafts"]) == 1, "one draft per form, replaced as the patient types"
    store.clear_draft("checkin")
    assert store.draft("checkin") is None
    store.clear_draft("checkin")  # clearing twice is harmless


@pytest.mark.parametrize(
    "form",
    [{}, {"bad name": 1}, {"pain": 1.5}, {"pain": {"nested": 1}}, {"notes": "x" * 5001}, {"notes": "\ud800"}],
)
def test_a_malformed_draft_is_refused_before_anything_is_written(store: Store, home: Path, form: dict) -> None:
    before = (home / DB_FILE_NAME).read_bytes()
    with pytest.raises(ValueError):
        store.save_draft("checkin", form, "2026-11-24T09:30:00+01:00")
    assert (home / DB_FILE_NAME).read_bytes() == before


def test_a_full_disk_keeps_the_old_draft_and_says_not_saved(store: Store, monkeypatch: pytest.MonkeyPatch) -> None:
    store.save_draft("checkin", FORM, "2026-11-24T09:30:00+01:00")

    def full(*_args: object, **_kwargs: object) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(atomic.fs, "fsync", full)
    with pytest.raises(NotSavedError):
        store.save_draft("checkin", {**FORM, "pain": 9}, "2026-11-24T09:31:00+01:00")
    monkeypatch.undo()
    assert store.draft("checkin").form["pain"] == 4  # type: ignore[union-attr]


def test_saving_the_checkin_clears_the_draft_and_an_older_draft_is_stale(companion: Companion, store: Store) -> None:
    companion.save_checkin_draft(FORM)
    assert companion.checkin_draft().form == FORM  # type: ignore[union-attr]
    companion.record_checkin(companion.new_checkin({"pain": 4}), clears_draft=True)
    assert store.draft(CHECKIN_DRAFT) is None
    # a crash between the two writes leaves a draft older than the check-in: it is not offered
    store.save_draft(CHECKIN_DRAFT, FORM, "2026-11-24T09:29:00+01:00")
    assert companion.checkin_draft() is None


def test_logging_an_alarm_elsewhere_keeps_the_checkin_draft(companion: Companion, store: Store) -> None:
    companion.save_checkin_draft(FORM)
    companion.clock.when += timedelta(minutes=1)  # type: ignore[attr-defined]
    companion.record_checkin(companion.new_checkin({"pump_alarm": "single_tone"}))
    assert store.draft(CHECKIN_DRAFT) is not None


def test_a_version_4_file_gains_the_drafts_table(home: Path) -> None:
    home.mkdir()
    version_4 = json.dumps(
        {"meta": {"1": {"schema_version": 4}}, "profile": {}, "checkins": {}, "questions": {}, "reminders": {}, "pump_events": {}}
    ).encode()
    (home / DB_FILE_NAME).write_bytes(version_4)
    with open_store(home) as store:
        assert store.recovery is None
        store.save_draft("checkin", FORM, "2026-11-24T09:30:00+01:00")
    upgraded = json.loads((home / DB_FILE_NAME).read_bytes())
    assert upgraded["meta"] == {"1": {"schema_version": schema.SCHEMA_VERSION}} and len(upgraded["drafts"]) == 1
    assert (home / f"{DB_FILE_NAME}.before-v5").read_bytes() == version_4


def test_two_drafts_of_one_kind_in_a_file_are_a_damaged_file(home: Path) -> None:
    home.mkdir()
    doc = {"id": "checkin", "saved_at": "2026-11-24T09:30:00+01:00", "form": {"pain": 3}}
    data = {"meta": {"1": {"schema_version": schema.SCHEMA_VERSION}}, "drafts": {"1": doc, "2": doc}}
    with pytest.raises(schema.SchemaError, match="two checkin drafts"):
        schema.check_database(data)


KILLED_WHILE_TYPING = r"""
import os, signal, sys
from recovery.store import open_store
store = open_store(sys.argv[1])
for n in range(100000):
    store.save_draft("checkin", {"pain": n % 11, "notes": "x" * (n % 200)}, "2026-11-24T09:30:00+01:00")
    if n == 5:
        print("typing", flush=True)
"""


def test_a_kill_while_a_draft_is_written_leaves_a_readable_store(home: Path) -> None:
    open_store(home).close()
    child = subprocess.Popen([sys.executable, "-c", KILLED_WHILE_TYPING, str(home)], cwd=PROJECT_ROOT, stdout=subprocess.PIPE, text=True)
    assert child.stdout is not None and child.stdout.readline().strip() == "typing"
    time.sleep(0.05)  # let it write a few more drafts: the kill lands mid-write at some point
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    with open_store(home) as store:
        assert store.recovery is None
        draft = store.draft("checkin")
        assert draft is not None and 0 <= draft.form["pain"] <= 10
