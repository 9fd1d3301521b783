"""The app photographs every screen itself, at two text sizes, in a wide window, and in Spanish at the largest size."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from helpers import PROJECT_ROOT, png_size_and_variety

pytestmark = pytest.mark.ui

SCREENS = [
    "first-run", "today", "checkin", "checkin-anything-else", "result-ok", "result-watch", "result-call-doctor",
    "result-emergency", "result-emergency-findings",
    "plan", "week", "settings", "about", "help", "pump", "pump-alarm", "today-before-surgery", "getting-ready",
    "discharge-sheet-empty", "discharge-sheet-filled", "discharge-sheet-filled-lengths", "discharge-sheet-error-length",
    "discharge-sheet-error", "plan-sheet", "plan-dates-origins", "plan-restrictions-origins", "today-sheet",
    "checkin-error", "week-day-opened", "week-first-days",
]  # fmt: skip
#: In Spanish, at the largest text size only (Spanish runs about a quarter longer than English).
SPANISH = [
    "today", "checkin", "result-emergency", "help", "week", "week-day-opened", "plan", "settings", "pump-alarm",
]  # fmt: skip


def test_every_screen_is_saved_at_two_text_sizes_and_today_wide(tmp_path: Path) -> None:
    env = {**os.environ, "KIVY_HOME": str(tmp_path / "kivy"), "SDL_VIDEODRIVER": os.environ.get("SDL_VIDEODRIVER", "offscreen")}
    out = tmp_path / "shots"
    result = subprocess.run(
        [sys.executable, "-m", "recovery.ui.screenshots", str(out)],
        cwd=PROJECT_ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr[-4000:]
    expected = {f"{name}.png" for name in SCREENS} | {f"{name}-150.png" for name in SCREENS} | {"today-wide.png"}
    expected |= {f"{name}-es-150.png" for name in SPANISH}
    assert {p.name for p in out.iterdir()} == expected
    for name in expected:
        width, height, variety = png_size_and_variety(out / name)
        assert (width, height) == ((1000, 700) if "wide" in name else (420, 800)), name
        assert variety > 50, f"{name} looks blank"
    assert "Traceback" not in result.stderr
