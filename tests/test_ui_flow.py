"""The whole app in a real window, driven by taps and typing, in its own process."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT

pytestmark = pytest.mark.ui


def test_first_run_checkin_with_fever_result_and_week_review(tmp_path: Path) -> None:
    env = {**os.environ, "KIVY_HOME": str(tmp_path / "kivy"), "SDL_VIDEODRIVER": os.environ.get("SDL_VIDEODRIVER", "offscreen")}
    result = subprocess.run(
        [sys.executable, str(PROJECT_ROOT / "tests" / "drive_first_week.py"), str(tmp_path / "data")],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout[-2000:] + result.stderr[-4000:]
    assert "every step held" in result.stdout
    # privacy: the note is in the data file and nowhere else the app writes
    assert "SENTINEL" not in result.stdout + result.stderr
    for path in (tmp_path / "kivy").rglob("*"):
        if path.is_file():
            assert b"SENTINEL" not in path.read_bytes(), path
    data = tmp_path / "data"
    assert b"SENTINEL-PHI-123" in (data / "recovery.json").read_bytes()
    assert (data.stat().st_mode & 0o777) == 0o700
    assert {p.name: p.stat().st_mode & 0o777 for p in data.iterdir()} == {p.name: 0o600 for p in data.iterdir()}
