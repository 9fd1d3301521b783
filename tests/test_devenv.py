"""The first-run setup behind ``python3 main.py`` and ``python3 -m tests``."""

from __future__ import annotations

from pathlib import Path

import pytest

from recovery import devenv


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A fake project with an existing .venv, so no real environment is touched."""
    root = tmp_path / "project"
    (root / ".venv" / "bin").mkdir(parents=True)
    (root / ".venv" / "bin" / "python").write_text("")
    (root / "pyproject.toml").write_text("[project]\nname='x'\n")
    monkeypatch.setattr(devenv, "PROJECT_ROOT", root)
    monkeypatch.setattr(devenv, "VENV_DIR", root / ".venv")
    monkeypatch.setattr(devenv, "STAMP_FILE", root / ".venv" / "recovery-installed.json")
    return root


class PipRecorder:
    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        self.commands: list[list[str]] = []
        monkeypatch.setattr(devenv.subprocess, "run", self)

    def __call__(self, command: list[str], **_kwargs: object) -> object:
        self.commands.append(command)
        return type("Done", (), {"returncode": 0})()


def test_the_first_run_installs_and_later_runs_do_not(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pip = PipRecorder(monkeypatch)
    devenv.ensure_venv(["test"])
    assert pip.commands and pip.commands[-1][-2:] == ["-e", ".[test]"]
    pip.commands.clear()
    devenv.ensure_venv(["test"])
    devenv.ensure_venv([])
    assert pip.commands == [], "installed extras cover the same or fewer extras"


def test_a_changed_pyproject_triggers_a_reinstall(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pip = PipRecorder(monkeypatch)
    devenv.ensure_venv(["test"])
    pip.commands.clear()
    (project / "pyproject.toml").write_text("[project]\nname='x'\nversion='2'\n")
    devenv.ensure_venv(["test"])
    assert pip.commands, "a new dependency list is installed without being asked"


def test_asking_for_more_extras_installs_them(project: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pip = PipRecorder(monkeypatch)
    devenv.ensure_venv([])
    assert pip.commands[-1][-1] == "."
    devenv.ensure_venv(["test"])
    assert pip.commands[-1][-1] == ".[test]"


def test_this_machine_has_the_libraries_a_kivy_window_needs() -> None:
    assert devenv.missing_system_libraries() == []


def test_missing_libraries_are_named_with_the_packages_to_install(monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    monkeypatch.setattr(devenv.ctypes.util, "find_library", lambda name: None if name == "EGL" else f"lib{name}.so")
    monkeypatch.setattr(devenv, "_is_root", lambda: False)
    assert devenv.missing_system_libraries() == ["libegl1", "libegl-mesa0"]
    with pytest.raises(SystemExit) as stopped:
        devenv.ensure_system_libraries()
    assert stopped.value.code == 3
    assert "sudo apt-get install libegl1 libegl-mesa0" in capsys.readouterr().err
