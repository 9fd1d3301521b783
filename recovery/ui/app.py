"""The Kivy application: composition root and command-line entry of the window.

It opens the store (or explains why it cannot), builds the plan from the clinic's file,
and shows the Today screen in a portrait, phone-shaped window. Nothing here decides
anything medical; it only passes data between the core and the screen.
"""

from __future__ import annotations

import argparse
import os
import tempfile
from datetime import date
from pathlib import Path

from kivy.config import Config

Config.set("graphics", "width", "420")
Config.set("graphics", "height", "800")
Config.set("graphics", "minimum_width", "320")
Config.set("graphics", "minimum_height", "480")
Config.set("input", "mouse", "mouse,disable_multitouch")
Config.set("kivy", "exit_on_escape", "0")

from kivy.app import App  # noqa: E402  (Config must be set before the window exists)
from kivy.clock import Clock  # noqa: E402
from kivy.core.window import Window  # noqa: E402

from recovery.paths import data_home  # noqa: E402
from recovery.plan import PlanConfigError, RecoveryPlan, load_clinic_plan, load_plan  # noqa: E402
from recovery.store import Store, StoreLockedError, TooNewError, open_store  # noqa: E402
from recovery.ui import theme  # noqa: E402
from recovery.ui.today import TodayScreen  # noqa: E402

SCREENSHOT_AFTER_FRAMES = 3


class RecoveryApp(App):
    """Recovery Companion's window. ``today`` and ``screenshot`` make runs reproducible."""

    title = "Recovery Companion"

    def __init__(self, home: Path, today: date | None = None, screenshot: Path | None = None, **kwargs: object) -> None:
        super().__init__(**kwargs)
        self.home = home
        self.today = today or date.today()
        self.screenshot = screenshot
        self.store: Store | None = None
        self._frames = 0

    def build(self) -> TodayScreen:
        Window.clearcolor = theme.BACKGROUND
        notices = []
        plan: RecoveryPlan
        try:
            plan = load_clinic_plan(self.home)
        except PlanConfigError as exc:
            plan = load_plan()
            notices.append(f"Your clinic's settings file was not used: {exc}. The app shows its default plan.")
        try:
            self.store = open_store(self.home)
        except (StoreLockedError, TooNewError) as exc:
            notices.append(str(exc))
        else:
            if self.store.recovery:
                notices.append(self.store.recovery.message)
        if self.screenshot:
            Clock.schedule_interval(self._save_screenshot_when_drawn, 0)
        return TodayScreen(store=self.store, plan=plan, today=self.today, notice="\n\n".join(notices))

    def _save_screenshot_when_drawn(self, _dt: float) -> bool:
        self._frames += 1
        if self._frames < SCREENSHOT_AFTER_FRAMES:
            return True
        assert self.screenshot is not None
        save_window_png(self.screenshot)
        self.stop()
        return False

    def on_stop(self) -> None:
        # on_stop can fire twice (kivy#2397); Store.close is idempotent and nothing waits for it.
        if self.store is not None:
            self.store.close()


def save_window_png(target: Path) -> Path:
    """Save what the window shows to ``target`` (Kivy's own screenshot adds a counter to the name)."""
    target = target.resolve()
    target.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target.parent) as scratch:
        saved = Window.screenshot(name=str(Path(scratch) / "window.png"))
        os.replace(saved, target)
    return target


def parse_args(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="main.py", description="Recovery Companion")
    parser.add_argument("--today", type=date.fromisoformat, help="show the app as on this date (YYYY-MM-DD)")
    parser.add_argument("--screenshot", type=Path, help="save the first screen to this PNG file and exit")
    parser.add_argument("--size", help="window size as WIDTHxHEIGHT, default 420x800")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    if args.size:
        width, height = (int(part) for part in args.size.lower().split("x"))
        Window.size = (width, height)
    RecoveryApp(home=data_home(), today=args.today, screenshot=args.screenshot).run()
    return 0
