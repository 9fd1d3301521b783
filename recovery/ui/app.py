"""The Kivy application: the composition root, navigation and the window.

It opens the store (or explains why it cannot), builds the plan from the clinic's file,
wraps both in a :class:`~recovery.services.Companion`, and shows one screen at a time
under a top bar (Back, title, Help now, Settings, About) and above a bottom bar (Today,
Check in, Plan, Week). It starts in the patient's language (the saved one, else the
desktop's) and follows a change of language at once. Nothing here decides anything
medical. The PIN lock and the background work are mixins (:mod:`recovery.ui.app_lock`,
:mod:`recovery.ui.app_work`).
"""

from __future__ import annotations

import argparse
import os
import tempfile
import threading
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from kivy.config import Config

if "KCFG_GRAPHICS_WIDTH" not in os.environ:  # a phone-shaped window unless the caller chose a size
    Config.set("graphics", "width", "420")
    Config.set("graphics", "height", "800")
Config.set("graphics", "minimum_width", "320")
Config.set("graphics", "minimum_height", "480")
Config.set("input", "mouse", "mouse,disable_multitouch")
Config.set("kivy", "exit_on_escape", "0")

from kivy.app import App  # noqa: E402  (Config must be set before the window exists)
from kivy.clock import Clock  # noqa: E402
from kivy.core.window import Window  # noqa: E402
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty  # noqa: E402
from kivy.uix.screenmanager import NoTransition  # noqa: E402

from recovery import i18n  # noqa: E402
from recovery.i18n import _  # noqa: E402
from recovery.notifier import DesktopNotifier, Notifier  # noqa: E402  (light: plyer loads on first use)
from recovery.paths import data_home  # noqa: E402
from recovery.ui import theme  # noqa: E402
from recovery.ui.app_lock import PinLockMixin  # noqa: E402
from recovery.ui.app_work import BackgroundWorkMixin  # noqa: E402
from recovery.ui.focus import drop_focus, focus_first, focused_widget  # noqa: E402
from recovery.profile import apply_saved_language  # noqa: E402
from recovery.ui.root import Root  # noqa: E402
from recovery.ui.scale import SCALE  # noqa: E402
from recovery.ui.screens import screen_class  # noqa: E402
from recovery.ui.screens.base import BaseScreen  # noqa: E402

if TYPE_CHECKING:  # the data side is imported after the first frame is on screen (see build)
    from recovery.plan import RecoveryPlan
    from recovery.services import Companion
    from recovery.store import Store

SCREENSHOT_AFTER_FRAMES = 3
#: While the app is open it checks for due reminders this often.
REMINDER_CHECK_S = 60


class RecoveryApp(PinLockMixin, BackgroundWorkMixin, App):
    """Recovery Companion's window. ``today`` and ``screenshot`` make runs reproducible."""

    title = "Recovery Companion"
    use_kivy_settings = False
    current_title = StringProperty("")
    can_go_back = BooleanProperty(False)
    show_navigation = BooleanProperty(False)
    current_screen = StringProperty("")
    notices = ListProperty([])
    root_widget = ObjectProperty(None)
    locked = BooleanProperty(False)
    data_ready = BooleanProperty(False)
    """True once the store is open and the first real screen is shown (just after the first frame)."""
    speaker = ObjectProperty(None, allownone=True)
    """The one speech engine every "Read aloud" control uses (so one reading plays at a time)."""

    def __init__(
        self,
        home: Path,
        today: date | None = None,
        screenshot: Path | None = None,
        start_screen: str | None = None,
        notifier: Notifier | None = None,
        clock: Callable[[], datetime] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(**kwargs)
        self.home = home
        self.fixed_today = today
        self.screenshot = screenshot
        self.start_screen = start_screen
        self.store: Store | None = None
        self.companion: Companion | None = None
        self.history: list[str] = []
        self.notifier: Notifier = notifier or DesktopNotifier()
        self._fixed_clock = clock
        self._frames = 0
        self._workers: list[threading.Thread] = []
        self._told_no_desktop = False
        self._checking_reminders = False
        self.reminder_checks = 0
        """How many reminder checks have finished (the real-input tests wait for the first)."""
        self._away_since: datetime | None = None
        self._screen_before_lock = "today"
        #: True while the data is open elsewhere: the companion only reads, and only Help now and About are shown.
        self.read_only = False
        self._help_requested = False
        self._opener: Any = None
        self._stopped = False

    # ----------------------------------------------------------------- building

    def clock(self) -> datetime:
        """Now; on a fixed ``--today`` it is that day at the current time of day (tests may fix it all)."""
        if self._fixed_clock is not None:
            return self._fixed_clock()
        from recovery.services import local_now

        now = local_now()
        if self.fixed_today is None:
            return now
        return now.replace(year=self.fixed_today.year, month=self.fixed_today.month, day=self.fixed_today.day)

    def build(self) -> Root:
        """Draw the frame (top bar with Help now) at once; open the data on the very next frame.

        Opening the store, checking every record and laying out Today takes about a tenth
        of a second on three years of data; the window does not wait blank for it.
        """
        from recovery.ui.read_aloud import shared_speaker

        apply_saved_language(None)  # the desktop's language for the first frame; the saved one once the data is open
        i18n.add_listener(self._language_changed)
        if self.speaker is None:
            self.speaker = shared_speaker()
        Window.clearcolor = theme.BACKGROUND
        Window.bind(on_keyboard=self._on_keyboard)
        Window.bind(on_minimize=self._went_away, on_restore=self._came_back)
        self.root_widget = Root(shell=self)
        self.root_widget.screen_manager.transition = NoTransition()
        Window.bind(on_flip=self._after_first_frame)
        if self.screenshot:
            Clock.schedule_interval(self._save_screenshot_when_drawn, 0)
        if os.environ.get("RECOVERY_UI_PROBE"):  # the real-input tests' window into the layout
            from recovery.ui.probe import start_probe_if_asked

            start_probe_if_asked(self)
        return self.root_widget

    def _after_first_frame(self, *_args: Any) -> None:
        Window.unbind(on_flip=self._after_first_frame)
        Clock.schedule_once(self._open_data, 0)

    def _open_data(self, _dt: float = 0) -> None:
        from recovery.ui.opening import DataOpener

        self._opener = DataOpener(self, self._load_plan())
        self._opener.start()

    def show_data(self, companion: Companion) -> None:
        """The store is open (called by the opener): show the first real screen and start reminders."""
        from recovery.pin import load_lock
        from recovery.ui.opening import opening_notice, watch_raise_requests

        was_viewing, self.read_only = self.read_only, False
        if opening_notice() in self.notices:
            self.notices.remove(opening_notice())
        self.store, self.companion = companion.store, companion
        apply_saved_language(companion.profile())  # before any notice is worded
        if self.store.recovery:
            self.notices.append(self.store.recovery.message)
        SCALE.factor = float(companion.settings().get("text_scale", 1.0))
        behind = companion.clock_behind()
        if behind:
            self.notices.append(behind)
        if load_lock(self.home) is not None:
            self.locked = True
        if was_viewing and self._help_requested:
            pass  # the patient is reading Help now: do not take it away
        elif self.locked:
            self._screen_before_lock = self.start_screen or "today"
            self.go("lock")
        elif self.start_screen:
            self.go(self.start_screen)
        else:
            self.go("today" if companion.has_profile() else "first_run")
        self.history.clear()
        self._update_bars()
        if not self.screenshot:
            Clock.schedule_once(lambda _dt: self.check_reminders(), 1)
            Clock.schedule_interval(lambda _dt: self.check_reminders(), REMINDER_CHECK_S)
            watch_raise_requests(self.home)
        self.data_ready = True

    def show_viewer(self, viewer: Companion | None, message: Callable[[], str], replace: str | None = None) -> None:
        """The data is in use elsewhere: Help now with the saved numbers, read-only, and why.

        ``message`` is called once the saved language is known, so it is worded in it.
        """
        self.read_only = True
        self.companion = viewer
        if viewer is not None:
            apply_saved_language(viewer.profile())
        if replace in self.notices:
            self.notices.remove(replace)
        self.notify(message())
        if self.root_widget.screen_manager.current not in ("help", "about"):
            self.go("help")
            self._help_requested = False
        self.history.clear()
        self._update_bars()
        self.data_ready = True

    def show_problem(self, message: str) -> None:
        """The data cannot be opened (a broken folder, a newer version): say so in the window, offer Help now."""
        self.read_only = False
        self.companion = None
        self.notify(message)
        self.go("help")
        self.history.clear()
        self._update_bars()
        self.data_ready = True

    def _load_plan(self) -> RecoveryPlan:
        from recovery.plan import PlanConfigError, load_clinic_plan, load_plan

        try:
            return load_clinic_plan(self.home)
        except PlanConfigError as exc:
            self.notices.append(_("Your clinic's settings file was not used: {problem}. The app shows its default plan.").format(problem=exc))
            return load_plan()

    # ----------------------------------------------------------------- navigation

    def screen(self, name: str) -> BaseScreen:
        """The screen called ``name``, created on first use."""
        manager = self.root_widget.screen_manager
        if not manager.has_screen(name):
            manager.add_widget(screen_class(name)(shell=self, name=name))
        return manager.get_screen(name)

    def go(self, name: str, **state: Any) -> BaseScreen:
        """Show screen ``name``; ``state`` is set on it first (e.g. the result to show)."""
        manager = self.root_widget.screen_manager
        if (self.companion is None or self.read_only) and name not in ("help", "about"):
            name = "help"
        if name == "help":
            self._help_requested = True
        if self.locked and name not in ("help", "lock"):
            self._screen_before_lock = name if name != "first_run" else "today"
            name = "lock"
        target = self.screen(name)
        if manager.current and manager.current != name:
            drop_focus(manager.current_screen)
        for key, value in state.items():
            setattr(target, key, value)
        if manager.current and manager.current != name:
            self.history.append(manager.current)
        if manager.current == name:
            target.refresh()
        manager.current = name
        self.current_screen = name
        self._update_bars()
        return target

    def back(self) -> bool:
        """Return to the previous screen (Esc, Android back, the Back button)."""
        manager = self.root_widget.screen_manager
        if self.locked:  # the way back never passes the lock
            self.history.clear()
            if manager.current != "lock":
                self.go("lock")
            return True
        drop_focus(manager.current_screen)
        while self.history:
            previous = self.history.pop()
            if previous != manager.current and not (previous == "first_run" and self.has_profile()):
                manager.current = previous
                self.current_screen = previous
                self._update_bars()
                return True
        if manager.current not in ("today", "first_run", "help") and self.has_profile():
            manager.current = "today"
            self.current_screen = "today"
            self._update_bars()
            return True
        return False

    def reset_to(self, name: str) -> None:
        """Go to ``name`` and forget the way there (after first run)."""
        self.go(name)
        self.history.clear()
        self._update_bars()

    def has_profile(self) -> bool:
        return self.companion is not None and not self.read_only and self.companion.has_profile()

    def _update_bars(self) -> None:
        manager = self.root_widget.screen_manager
        self.can_go_back = not self.locked and (bool(self.history) or manager.current not in ("today", "first_run", "lock"))
        self.show_navigation = self.has_profile() and not self.locked
        screen = manager.get_screen(manager.current) if manager.current else None
        self.current_title = screen.title if screen else ""

    def _on_keyboard(self, _window: Any, key: int, _scancode: int, _text: str, modifiers: list[str]) -> bool:
        if key == 27:  # Esc on the desktop, Back on Android
            self.back()
            return True  # never close the app by accident
        if key == 282:  # F1: help now
            self.go("help")
            return True
        if key == 9 and focused_widget() is None:  # Tab with nothing focused starts at the screen's first control
            return focus_first(self.root_widget.screen_manager.current_screen, backwards="shift" in modifiers)
        return False

    def open_settings(self, *_args: Any) -> bool:
        """Kivy calls this for F1: it opens Help now. Kivy's developer settings panel never opens."""
        self.go("help")
        return True

    def close_settings(self, *_args: Any) -> bool:
        """There is no Kivy settings panel to close (see :meth:`open_settings`)."""
        return False

    # ----------------------------------------------------------------- text size and language

    def set_text_scale(self, factor: float) -> None:
        SCALE.factor = factor

    def _language_changed(self, _code: str) -> None:
        """Every screen made so far sets its words again; the bars take the new titles."""
        if self.root_widget is None:
            return
        for screen in self.root_widget.screen_manager.screens:
            screen.language_changed()
        self._update_bars()

    # ----------------------------------------------------------------- lifecycle

    def _save_screenshot_when_drawn(self, _dt: float) -> bool:
        if not self.data_ready:
            return True
        self._frames += 1
        if self._frames < SCREENSHOT_AFTER_FRAMES:
            return True
        assert self.screenshot is not None
        save_window_png(self.screenshot)
        self.stop()
        return False

    def on_stop(self) -> None:
        # on_stop can fire twice (kivy#2397): waiting, keeping the draft and closing are all idempotent.
        if self._opener is not None:
            self._opener.cancel()
        self.join_workers()
        if self._stopped:
            return
        self._stopped = True
        i18n.remove_listener(self._language_changed)
        if self.speaker is not None:
            self.speaker.stop()
        manager = self.root_widget.screen_manager if self.root_widget is not None else None
        if self.store is not None and manager is not None and manager.has_screen("checkin"):
            manager.get_screen("checkin").keep_draft(wait=True)  # the title-bar ✕ loses no typed answer
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
    parser.add_argument("--screen", help="open this screen first (today, checkin, plan, week, settings, about, help)")
    return parser.parse_args(argv)


def main(argv: list[str]) -> int:
    args = parse_args(argv)
    app = RecoveryApp(home=data_home(), today=args.today, screenshot=args.screenshot, start_screen=args.screen)
    app.run()
    return 0
