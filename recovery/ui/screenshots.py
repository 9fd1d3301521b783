"""Save a screenshot of every screen, taken by the app itself, for docs/ and for review.

    python -m recovery.ui.screenshots docs/screenshots

It fills a temporary data folder with a realistic first week (a fever day included),
walks the real app through first run, Today, Check-in, the four result levels, Plan,
Week, Settings, About and Help, and "My discharge sheet" (empty, filled in by taps and
typing, with an error shown, then Plan and Today following it), and saves each window as a PNG, at normal and at the
largest text size (``-150`` in the name), plus Today in a wide desktop window, and in Spanish
(``-es``) Today, Check in, the emergency result, Help now, Week (a day opened), Plan, Settings
and the pump alarm, with the same data, at the largest text size. Each
run of the app gets its own process: Kivy keeps one window per process, and a second
app in the same window draws into a stale viewport.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

DEMO_TODAY = date(2026, 11, 24)
DEMO_PROFILE = {
    "surgery_date": "2026-11-12",
    "drug": "morphine",
    "clinic_name": "Riverside Pain Clinic",
    "clinic_phone": "555-0142",
    "emergency_number": "911",
    "caregiver_name": "Ana",
    "reminder_time": "09:00",
    "patient_name": "Zoë Martin",
    "pump_model": "SynchroMed II, 20 mL",
    "drug_concentration": "morphine 10 mg/mL",
    "after_hours_phone": "555-0199",
    "next_refill_date": "2026-12-21",
}
#: (days before today, hour, fields) for the demo week.
DEMO_WEEK = [
    (6, 9, {"pain": 5, "temperature_c": 37.1, "headache": "mild"}),
    (5, 9, {"pain": 4, "temperature_c": 37.0}),
    (5, 20, {"pain": 5, "notes": "Sore after the short walk, better after resting."}),
    (4, 9, {"pain": 4}),
    (3, 9, {"pain": 6, "temperature_c": 38.4, "wound": ["redness", "warmth"], "notes": "Belly cut redder. Called the clinic; antibiotics started."}),
    (2, 9, {"pain": 4, "temperature_c": 37.6}),
    (0, 8, {"pain": 3, "temperature_c": 37.0}),
]
#: The check-in answers that produce each result level on the demo day.
RESULT_ANSWERS = {
    "ok": {"pain": 2},
    "watch": {"pain": 3, "signs": ["nausea"]},
    "call-doctor": {"temperature": "38.6", "wound": ["drainage"]},
    "emergency": {"signs": ["slow_breathing", "confused_or_hard_to_wake", "nausea"]},
}


def fill_demo(home: Path, **profile: object) -> None:
    """The demo patient's week; ``profile`` adds to or changes the profile (``language="es"``)."""
    from recovery.store import open_store

    offset = timezone(timedelta(hours=1))
    with open_store(home) as store:
        store.save_profile({**DEMO_PROFILE, **profile})
        for days_before, hour, fields in DEMO_WEEK:
            day = DEMO_TODAY - timedelta(days=days_before)
            when = datetime(day.year, day.month, day.day, hour, 0, tzinfo=offset)
            store.add_checkin({"recorded_at": when.isoformat(), **fields})
        store.add_pump_event("refill", (DEMO_TODAY - timedelta(days=1)).isoformat(), "first refill")


def fill_before_surgery(home: Path) -> None:
    from recovery.store import open_store

    with open_store(home) as store:
        store.save_profile(
            {
                **DEMO_PROFILE,
                "surgery_date": (DEMO_TODAY + timedelta(days=5)).isoformat(),
                "preop_done": ["tests", "clearance"],
                "trial_date": "2026-11-03",
                "trial_relief_percent": 60,
            }
        )


def fill_first_week(home: Path) -> None:
    """A patient who began using the app three days ago, with an emergency the day before yesterday."""
    from recovery.store import open_store

    offset = timezone(timedelta(hours=1))
    with open_store(home) as store:
        store.save_profile(DEMO_PROFILE)
        for days_before, fields in ((3, {"pain": 4}), (2, {"pain": 5, "slow_breathing": True}), (0, {"pain": 3, "temperature_c": 37.2})):
            day = DEMO_TODAY - timedelta(days=days_before)
            store.add_checkin({"recorded_at": datetime(day.year, day.month, day.day, 9, 0, tzinfo=offset).isoformat(), **fields})


def take_all(out: Path, scale: float, size: tuple[int, int], part: str) -> list[Path]:
    """Run one app (``part``: "first-run", "before-surgery", "sheet", "first-week", "demo" or "spanish") at one text size.

    Returns the files written.
    """
    from recovery.ui.kivyenv import prepare_kivy_environment

    prepare_kivy_environment()
    # The window size must be known before the window exists: resizing an offscreen
    # window afterwards leaves part of it undrawn.
    os.environ["KCFG_GRAPHICS_WIDTH"], os.environ["KCFG_GRAPHICS_HEIGHT"] = str(size[0]), str(size[1])
    from recovery.ui.app import RecoveryApp, save_window_png
    from recovery.ui.tour import run_tour, scroll_into_view, tap, with_text
    suffix = "" if scale == 1.0 else f"-{round(scale * 100)}"
    if size[0] > 600:
        suffix += "-wide"
    written: list[Path] = []
    scratch = Path(tempfile.mkdtemp(prefix="recovery-shots-"))
    fresh, demo = scratch / "fresh", scratch / "demo"
    fill_demo(demo, text_scale=scale)  # Settings shows the size the pictures are taken at

    def shot(name: str) -> None:
        written.append(save_window_png(out / f"{name}{suffix}.png"))

    if part == "first-run":
        first = RecoveryApp(home=fresh, today=DEMO_TODAY)

        def first_run_steps():
            yield lambda: first.root_widget is not None
            first.set_text_scale(scale)
            yield 4
            shot("first-run")

        run_tour(first, first_run_steps)
        return written

    if part == "sheet":
        from recovery.ui.sheet_tour import sheet_steps

        sheet_app = RecoveryApp(home=demo, today=DEMO_TODAY)
        run_tour(sheet_app, lambda: sheet_steps(sheet_app, shot, scale))
        return written

    if part == "first-week":
        fill_first_week(scratch / "first-week")
        newcomer = RecoveryApp(home=scratch / "first-week", today=DEMO_TODAY)

        def first_week_steps():
            yield lambda: newcomer.data_ready
            newcomer.set_text_scale(scale)
            newcomer.go("week")
            yield 4
            shot("week-first-days")

        run_tour(newcomer, first_week_steps)
        return written

    if part == "spanish":
        from recovery.ui.spanish_tour import spanish_steps

        spanish = scratch / "spanish"
        fill_demo(spanish, language="es", text_scale=scale)
        spanish_app = RecoveryApp(home=spanish, today=DEMO_TODAY)
        run_tour(spanish_app, lambda: spanish_steps(spanish_app, shot, scale))
        return written

    if part == "before-surgery":
        fill_before_surgery(scratch / "before")
        before = RecoveryApp(home=scratch / "before", today=DEMO_TODAY)

        def before_steps():
            yield lambda: before.root_widget is not None
            before.set_text_scale(scale)
            yield 4
            shot("today-before-surgery")
            before.go("preop")
            yield 4
            shot("getting-ready")

        run_tour(before, before_steps)
        return written

    app = RecoveryApp(home=demo, today=DEMO_TODAY)

    def screen(name: str):
        return app.root_widget.screen_manager.get_screen(name)

    def on(name: str):
        return lambda: app.root_widget.screen_manager.current == name

    def steps():
        yield lambda: app.root_widget is not None
        app.set_text_scale(scale)
        yield 4
        shot("today")
        if size[0] > 600:
            return
        for level, answers in RESULT_ANSWERS.items():
            app.go("checkin")
            yield 3
            checkin = screen("checkin")
            if level == "ok":
                shot("checkin")
                yield from tap(checkin.ids.more_toggle)
                yield 3
                scroll_into_view(checkin.ids.more_signs)
                yield 3
                shot("checkin-anything-else")
                yield from tap(checkin.ids.more_toggle)
                yield 2
                checkin.ids.scroller.scroll_y = 1
                yield 2
            if "pain" in answers:
                yield from tap(next(c for c in checkin.ids.pain.grid.children if c.value == answers["pain"]))
            if "temperature" in answers:
                checkin.ids.temperature.text = answers["temperature"]
            for field in ("signs", "wound"):
                for value in answers.get(field, ()):
                    yield from tap(next(c for c in checkin.ids[field].chips() if c.value == value))
            yield from tap(with_text(checkin, "Save check-in"))
            yield on("result")
            yield 4
            shot(f"result-{level}")
            if level == "emergency":
                result = screen("result")
                cards = result.finding_cards()
                yield from tap(with_text(cards[0], "Where this comes from"))
                yield 3
                scroll_into_view(cards[-1])
                yield 3
                shot("result-emergency-findings")
        checkin = app.go("checkin")
        yield 3
        checkin.ids.temperature.text = "1o1.3"
        yield from tap(with_text(checkin, "Save check-in"))
        yield lambda: bool(checkin.errors)
        yield 4
        shot("checkin-error")
        checkin.clear()
        for name in ("plan", "week", "settings", "about", "help", "pump"):
            app.go(name)
            yield 4
            shot(name)
            app.set_text_scale(scale)  # Settings shows (and so applies) the saved text size; keep this run's
            yield 2
            if name == "week":
                rows = list(reversed(screen("week").ids.rows_box.children))
                worst = next(row for row in reversed(rows) if row.level == "emergency")
                yield from tap(worst)
                yield lambda: worst.opened
                yield 4
                shot("week-day-opened")
        alarm = app.go("alarm", tone="")
        yield 3
        yield from tap(with_text(alarm, "A two-tone alarm, repeating"))
        yield lambda: alarm.tone == "two_tone"
        yield 4
        # Kivy's test touch leaves the scroll effect moving after the page grew; a real click does not
        # (tests/test_real_input.py checks the advice is in view after a real one), so show that state.
        alarm.ids.scroller.scroll_y = 1
        yield 4
        shot("pump-alarm")

    run_tour(app, steps)
    return written


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path, help="folder for the PNG files")
    parser.add_argument("--scale", type=float, help="one text size only (used internally)")
    parser.add_argument("--size", default="420x800", help="window size, WIDTHxHEIGHT")
    parser.add_argument(
        "--part",
        choices=["first-run", "before-surgery", "sheet", "first-week", "demo", "spanish"],
        default="demo",
        help="which app to run",
    )
    args = parser.parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    if args.scale is not None:
        width, height = (int(n) for n in args.size.split("x"))
        for path in take_all(args.out, args.scale, (width, height), args.part):
            print(path)
        return 0
    env = {**os.environ, "SDL_VIDEODRIVER": os.environ.get("SDL_VIDEODRIVER", "offscreen")}
    runs = [
        (scale, "420x800", part)
        for scale in ("1.0", "1.5")
        for part in ("first-run", "before-surgery", "sheet", "first-week", "demo")
    ] + [("1.0", "1000x700", "demo"), ("1.5", "420x800", "spanish")]
    for scale, size, part in runs:
        command = [sys.executable, "-m", "recovery.ui.screenshots", str(args.out)]
        command += ["--scale", scale, "--size", size, "--part", part]
        completed = subprocess.run(command, env=env)
        if completed.returncode != 0:
            return completed.returncode
    return 0


if __name__ == "__main__":
    sys.exit(main())
