"""``AtomicJSONStorage`` behaves like TinyDB's ``JSONStorage`` where callers can tell."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from recovery.store.atomic import AtomicJSONStorage


@pytest.mark.parametrize("storage_class", [JSONStorage, AtomicJSONStorage])
def test_same_results_as_json_storage_for_everyday_use(tmp_path: Path, storage_class: type) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=storage_class) as db:
        db.insert({"name": "Ana", "pain": 3})
        db.table("other").insert_multiple([{"n": n} for n in range(3)])
        db.update({"pain": 4}, doc_ids=[1])
        db.table("other").remove(doc_ids=[2])
    with TinyDB(path, storage=storage_class) as db:
        assert db.all() == [{"name": "Ana", "pain": 4}]
        assert [d["n"] for d in db.table("other").all()] == [0, 2]


def test_json_keyword_arguments_reach_json_dumps_byte_for_byte(tmp_path: Path) -> None:
    options = {"sort_keys": True, "indent": 4, "separators": (",", ": ")}
    ours, theirs = tmp_path / "ours.json", tmp_path / "theirs.json"
    for path, storage in ((ours, AtomicJSONStorage), (theirs, JSONStorage)):
        with TinyDB(path, storage=storage, **options) as db:
            db.insert({"b": 1, "a": [1, 2]})
    assert ours.read_bytes() == theirs.read_bytes()


def test_new_files_are_private_even_with_a_permissive_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage) as db:
            db.insert({"x": 1})
    finally:
        os.umask(old)
    assert (tmp_path / "db.json").stat().st_mode & 0o777 == 0o600


def test_read_only_mode_needs_an_existing_file_and_refuses_writes(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        AtomicJSONStorage(tmp_path / "missing.json", access_mode="r")
    path = tmp_path / "db.json"
    path.write_text(json.dumps({"_default": {"1": {"x": 1}}}))
    storage = AtomicJSONStorage(path, access_mode="r")
    assert storage.read() == {"_default": {"1": {"x": 1}}}
    with pytest.raises(OSError, match="Access mode"):
        storage.write({})


def test_missing_directories_need_create_dirs(tmp_path: Path) -> None:
    with pytest.raises(OSError):
        AtomicJSONStorage(tmp_path / "a" / "b" / "db.json")
    AtomicJSONStorage(tmp_path / "a" / "b" / "db.json", create_dirs=True)
    assert (tmp_path / "a" / "b" / "db.json").exists()


def test_unsafe_access_modes_warn_like_json_storage(tmp_path: Path) -> None:
    with pytest.warns(UserWarning, match="access_mode"):
        AtomicJSONStorage(tmp_path / "db.json", access_mode="w")


def test_opening_and_closing_an_unchanged_database_writes_nothing(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.insert({"x": 1})
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    with TinyDB(path, storage=AtomicJSONStorage) as db:
        db.all()
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before


def test_values_json_cannot_hold_fail_before_the_file_is_touched(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage, allow_nan=False) as db:
        db.insert({"x": 1})
        before = path.read_bytes()
        with pytest.raises((TypeError, ValueError)):
            db.insert({"bad": {1, 2}})
        with pytest.raises(ValueError):
            db.insert({"bad": float("nan")})
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["db.json"]


def test_the_encoding_argument_is_honoured(tmp_path: Path) -> None:
    path = tmp_path / "db.json"
    with TinyDB(path, storage=AtomicJSONStorage, encoding="utf-16", ensure_ascii=False) as db:
        db.insert({"name": "Zoë"})
    assert path.read_bytes().startswith(b"\xff\xfe")
    with TinyDB(path, storage=AtomicJSONStorage, encoding="utf-16") as db:
        assert db.all() == [{"name": "Zoë"}]
