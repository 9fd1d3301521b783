"""End-to-end: a patient types the discharge sheet into the real app by taps and typing, and
Plan and Today follow it. Run by ``test_ui_discharge.py`` in its own process:
``python tests/drive_discharge_sheet.py DATA_DIR [SHOTS_DIR]`` exits 0 when every step held.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recovery.ui.kivyenv import prepare_kivy_environment  # noqa: E402

prepare_kivy_environment()

from recovery.ui.app import RecoveryApp, save_window_png  # noqa: E402
from recovery.ui.screenshots import DEMO_TODAY, fill_demo  # noqa: E402
from recovery.ui.sheet_tour import sheet_steps  # noqa: E402
from recovery.ui.tour import run_tour  # noqa: E402


def main(home: Path, shots: Path | None) -> None:
    fill_demo(home)
    app = RecoveryApp(home=home, today=DEMO_TODAY)

    def shot(name: str) -> None:
        if shots is not None:
            save_window_png(shots / f"{name}.png")

    run_tour(app, lambda: sheet_steps(app, shot))
    print("discharge sheet: every step held")


if __name__ == "__main__":
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    main(Path(sys.argv[1]), Path(sys.argv[2]) if len(sys.argv) > 2 else None)
