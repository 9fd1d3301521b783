"""The dependency rule: a pure core, thin adapters, and Kivy only in ``recovery.ui``."""

from __future__ import annotations

import ast
import json
import pkgutil
from pathlib import Path

import recovery
from helpers import PROJECT_ROOT, run_python

PACKAGE_DIR = PROJECT_ROOT / "recovery"


def _modules() -> list[str]:
    return sorted(m.name for m in pkgutil.walk_packages(recovery.__path__, "recovery."))


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.add(node.module.split(".")[0])
    return found


def test_importing_every_core_module_loads_neither_kivy_nor_plyer() -> None:
    core = [m for m in _modules() if not m.startswith("recovery.ui")]
    assert {"recovery.plan", "recovery.checkin", "recovery.triage", "recovery.store"} <= set(core)
    code = (
        "import importlib, json, sys\n"
        f"for name in {core!r}: importlib.import_module(name)\n"
        "print(json.dumps(sorted({m.split('.')[0] for m in sys.modules})))"
    )
    result = run_python(code)
    assert result.returncode == 0, result.stderr
    loaded = set(json.loads(result.stdout))
    assert "recovery" in loaded
    assert not loaded & {"kivy", "plyer"}


#: The thin adapters allowed to import plyer (lazily, inside functions): notifications and read-aloud.
PLYER_ADAPTERS = {"recovery/notifier.py", "recovery/speech.py"}


def test_only_recovery_ui_imports_kivy_and_only_the_plyer_adapters_import_plyer() -> None:
    offenders = []
    for path in PACKAGE_DIR.rglob("*.py"):
        relative = path.relative_to(PROJECT_ROOT)
        imports = _imports(path)
        if "kivy" in imports and relative.parts[:2] != ("recovery", "ui"):
            offenders.append(f"{relative} imports kivy")
        if "plyer" in imports and relative.as_posix() not in PLYER_ADAPTERS:
            offenders.append(f"{relative} imports plyer")
    assert offenders == []


def test_only_the_store_package_touches_tinydb() -> None:
    users = {
        str(path.relative_to(PROJECT_ROOT)) for path in PACKAGE_DIR.rglob("*.py") if "tinydb" in _imports(path)
    }
    assert users and all(user.startswith("recovery/store/") for user in users), users


def test_importing_recovery_ui_alone_opens_no_window() -> None:
    result = run_python("import sys, recovery.ui; print('kivy' in sys.modules)")
    assert result.returncode == 0 and result.stdout.strip() == "False"


def test_every_kv_file_sits_beside_the_python_module_that_loads_it() -> None:
    kv_files = sorted((PACKAGE_DIR / "ui").rglob("*.kv"))
    assert kv_files
    for kv in kv_files:
        module = kv.with_suffix(".py")
        assert module.exists(), f"{kv.name} has no {module.name} beside it"
        assert "load_kv_beside(__file__)" in module.read_text(encoding="utf-8"), f"{module.name} does not load {kv.name}"
    for module in (PACKAGE_DIR / "ui").rglob("*.py"):
        if "load_kv_beside(__file__)" in module.read_text(encoding="utf-8"):
            assert module.with_suffix(".kv").exists(), f"{module.name} loads a missing .kv"
