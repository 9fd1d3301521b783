"""Child process of the benchmark: start an app, note when its first frame is on screen, then idle or quit.

    python bench/first_frame.py app|bare RESULT.json [--idle SECONDS] [--home DIR]

``app`` is Recovery Companion on the data folder ``--home``; ``bare`` is a Kivy app with
one label, the baseline. The result file gets the wall-clock time of the first frame and
of the first frame that shows the patient's data (Today), and, with ``--idle``, the CPU
seconds used while sitting still afterwards and the peak memory (VmHWM).
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


SETTLE_S = 5.0


def cpu_seconds() -> float:
    times = os.times()
    return times.user + times.system


def peak_rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("kind", choices=["app", "bare"])
    parser.add_argument("result", type=Path)
    parser.add_argument("--idle", type=float, default=0.0)
    parser.add_argument("--home", type=Path)
    args = parser.parse_args()

    from recovery.ui.kivyenv import prepare_kivy_environment

    prepare_kivy_environment()
    from kivy.app import App
    from kivy.clock import Clock
    from kivy.core.window import Window

    result: dict[str, float] = {}

    def finish(*_args: object) -> None:
        if args.idle:
            result["idle_cpu_s"] = cpu_seconds() - result["cpu_idle_start"]
        result["peak_rss_mb"] = peak_rss_mb()
        args.result.write_text(json.dumps(result))
        App.get_running_app().stop()

    def start_idle(*_args: object) -> None:
        result["cpu_idle_start"] = cpu_seconds()
        Clock.schedule_once(finish, args.idle)

    def ready_flip(*_args: object) -> None:
        """The first frame that shows the patient's own data (Today), for the app."""
        if args.kind == "app" and not App.get_running_app().data_ready:
            return
        Window.unbind(on_flip=ready_flip)
        result["ready_at"] = time.time()
        if args.idle:  # let start-up work (the renderer compiling its shaders, the first reminder check) settle
            Clock.schedule_once(start_idle, SETTLE_S)
        else:
            Clock.schedule_once(finish, 0)

    def first_flip(*_args: object) -> None:
        Window.unbind(on_flip=first_flip)
        result["first_frame_at"] = time.time()
        if args.kind == "bare" or App.get_running_app().data_ready:
            ready_flip()  # the baseline has nothing more to show
        else:
            Window.bind(on_flip=ready_flip)

    Window.bind(on_flip=first_flip)
    if args.kind == "bare":
        from kivy.uix.label import Label

        class BareApp(App):
            def build(self) -> Label:
                return Label(text="Hello")

        BareApp().run()
    else:
        from recovery.ui.app import RecoveryApp

        class QuietDesktop:
            def notify(self, title: str, body: str) -> bool:
                return True

        RecoveryApp(home=args.home, notifier=QuietDesktop()).run()


if __name__ == "__main__":
    main()
