"""TinyDB's own test suite, from its source distribution, run with our storage in place of JSONStorage.

Two of its tests check JSONStorage's private internals rather than behaviour, and are
expected to fail with any other storage; adapted copies of them below check the
behaviour they stand for. Everything else must pass.
"""

from __future__ import annotations

import subprocess
import sys
import tarfile
import xml.etree.ElementTree as ElementTree
from importlib.metadata import version
from pathlib import Path

import pytest
from tinydb import TinyDB
from tinydb.middlewares import CachingMiddleware

from helpers import PROJECT_ROOT
from recovery.store.atomic import AtomicJSONStorage

#: Tests of JSONStorage internals: ``_handle.closed`` (we keep no handle open) and the class
#: path in ``repr`` (ours is ``recovery.store.atomic.AtomicJSONStorage``).
INTERNAL_ONLY = {"test_middlewares.py::test_caching_json_write", "test_tables.py::test_table_repr[json]"}
CACHE = PROJECT_ROOT / ".venv" / "tinydb-sdist"
PLUGIN = '''
import tinydb, tinydb.storages, tinydb.database
from recovery.store.atomic import AtomicJSONStorage
tinydb.JSONStorage = tinydb.storages.JSONStorage = tinydb.database.JSONStorage = AtomicJSONStorage
tinydb.TinyDB.default_storage_class = AtomicJSONStorage
'''


def tinydb_tests(workdir: Path) -> Path:
    """The ``tests/`` folder of the installed TinyDB's source distribution (downloaded once)."""
    wanted = version("tinydb")
    archive = CACHE / f"tinydb-{wanted}.tar.gz"
    if not archive.exists():
        CACHE.mkdir(parents=True, exist_ok=True)
        download = subprocess.run(
            [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--no-binary", ":all:",
             f"tinydb=={wanted}", "-d", str(CACHE)],
            capture_output=True, text=True, timeout=300,
        )  # fmt: skip
        assert archive.exists(), f"could not download TinyDB's source distribution: {download.stderr[-1000:]}"
    with tarfile.open(archive) as tar:
        tar.extractall(workdir, filter="data")
    return workdir / f"tinydb-{wanted}"


def test_tinydb_own_suite_passes_with_our_storage(tmp_path: Path) -> None:
    source = tinydb_tests(tmp_path)
    plugins = tmp_path / "plugins"
    plugins.mkdir()
    (plugins / "use_atomic_storage.py").write_text(PLUGIN)
    report = tmp_path / "report.xml"
    result = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-o", "addopts=", "-p", "use_atomic_storage", "-p", "no:cacheprovider",
         f"--junitxml={report}", "tests"],
        cwd=source, capture_output=True, text=True, timeout=300,
        env={"PYTHONPATH": f"{plugins}:{PROJECT_ROOT}", "PATH": "/usr/bin:/bin"},
    )  # fmt: skip
    assert report.exists(), result.stdout[-2000:] + result.stderr[-2000:]
    failed, passed = set(), 0
    for case in ElementTree.parse(report).iter("testcase"):
        name = f"{case.get('file') or case.get('classname', '').split('.')[-1] + '.py'}::{case.get('name')}"
        name = name.split("/")[-1]
        if case.find("failure") is not None or case.find("error") is not None:
            failed.add(name)
        elif case.find("skipped") is None:
            passed += 1
    assert failed == INTERNAL_ONLY, result.stdout[-3000:]
    assert passed >= 216


def test_adapted_caching_json_write_closes_cleanly_and_keeps_the_data(tmp_path: Path) -> None:
    path = tmp_path / "test.db"
    with TinyDB(path, storage=CachingMiddleware(AtomicJSONStorage)) as db:
        db.insert({"key": "value"})
    assert path.stat().st_size != 0
    with TinyDB(path, storage=CachingMiddleware(AtomicJSONStorage)) as db:
        assert db.all() == [{"key": "value"}]


def test_adapted_table_repr_names_the_storage(tmp_path: Path) -> None:
    with TinyDB(tmp_path / "test.db", storage=AtomicJSONStorage) as db:
        assert repr(db.table("table4")).startswith(
            "<Table name='table4', total=0, storage=<recovery.store.atomic.AtomicJSONStorage object at"
        )


@pytest.mark.parametrize("mode", ["r+", "rb+"])
def test_binary_and_text_update_modes_both_work(tmp_path: Path, mode: str) -> None:
    with TinyDB(tmp_path / "db.json", storage=AtomicJSONStorage, access_mode=mode) as db:
        db.insert({"x": 1})
        assert db.all() == [{"x": 1}]
