"""Performance benchmark: our figures as ratios against baselines measured in the same run.

    python3 bench/run.py [--quick] [--write docs/performance.md]

It builds realistic data folders (two check-ins a day with notes, a refill every 8 weeks,
the reminders log) for 1 month, 3 years and 10 years, and measures, with several
repetitions (median and spread):

- cold start to the first drawn frame, against a bare Kivy app with one label;
- a durable ``add_checkin`` (p50, p95), against stock TinyDB ``JSONStorage`` inserting
  into a copy of the same file;
- the week review plus triage of the newest check-in with its history, and the 30-day
  PDF report;
- idle CPU over 20 s with the app open on Today, and peak memory, against the bare app.

``--write`` replaces the results section of the given Markdown file with the table printed.
Not part of the test suite: timings are for people, tests assert behaviour.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import date, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZES = {"1 month": 30, "3 years": 3 * 365, "10 years": 10 * 365}
NOTES = [
    "Walked to the corner and back, a little sore afterwards.",
    "Slept badly, the belly cut pulls when I turn over.",
    "Better day. Ana helped with the shopping.",
    "Headache in the morning, gone after lying down for an hour.",
    "",
]
MARK_START = "<!-- bench:start -->"
MARK_END = "<!-- bench:end -->"


def build_data(home: Path, days: int, today: date) -> None:
    """A realistic data folder: two check-ins a day over ``days`` days up to ``today``."""
    from recovery.services import local_zone
    from recovery.store import open_store

    rng = random.Random(days)
    zone = local_zone()
    surgery = today - timedelta(days=days)
    checkins = []
    for offset in range(days):
        day = surgery + timedelta(days=offset + 1)
        for hour in (9, 20):
            fields: dict[str, object] = {"pain": max(0, min(10, round(rng.gauss(4, 1.5))))}
            if rng.random() < 0.7:
                fields["temperature_c"] = round(rng.gauss(36.9, 0.3), 1)
            if rng.random() < 0.1:
                fields["headache"] = rng.choice(["mild", "moderate"])
            note = rng.choice(NOTES)
            if note:
                fields["notes"] = note * rng.randint(1, 3)
            when = datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=zone)
            checkins.append({"recorded_at": when.isoformat(timespec="seconds"), **fields})
    with open_store(home) as store:
        store.save_profile(
            {"surgery_date": surgery.isoformat(), "drug": "morphine", "clinic_name": "Riverside", "clinic_phone": "555-0142",
             "refill_interval_days": 56}
        )  # fmt: skip
        store.add_checkins(checkins)
        for offset in range(56, days, 56):
            store.add_pump_event("refill", (surgery + timedelta(days=offset)).isoformat())
        delivered = [f"checkin:{surgery + timedelta(days=d)}" for d in range(min(days, 56))]
        store.record_deliveries(delivered, datetime.now(zone).isoformat(timespec="seconds"), "desktop")


def spread(values: list[float]) -> str:
    """Median, and the range as ± half of the interquartile distance (robust to one slow run)."""
    if len(values) < 4:
        return f"{statistics.median(values):.1f}"
    quartiles = statistics.quantiles(values, n=4)
    return f"{statistics.median(values):.1f} ± {(quartiles[2] - quartiles[0]) / 2:.1f}"


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def time_ms(action: Callable[[], object], repeat: int) -> list[float]:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        action()
        samples.append((time.perf_counter() - started) * 1000)
    return samples


def measure_saves(home: Path, repeat: int) -> tuple[list[float], list[float]]:
    """Durable saves through our store, and stock TinyDB inserts into a copy of the same file."""
    from tinydb import TinyDB
    from tinydb.storages import JSONStorage

    from recovery.store import open_store

    stock_copy = home.parent / f"{home.name}-stock.json"
    shutil.copyfile(home / "recovery.json", stock_copy)
    checkin = {"recorded_at": datetime.now().astimezone().isoformat(timespec="seconds"), "pain": 3, "notes": NOTES[0]}
    with open_store(home) as store:
        ours = time_ms(lambda: store.add_checkin(checkin), repeat)
    with TinyDB(stock_copy, storage=JSONStorage) as stock:
        table = stock.table("checkins")
        theirs = time_ms(lambda: table.insert({"id": "0" * 32, "checkin": checkin}), repeat)
    stock_copy.unlink()
    return ours, theirs


def measure_review_and_report(home: Path, repeat: int) -> tuple[list[float], list[float]]:
    from recovery.plan import load_plan
    from recovery.services import Companion
    from recovery.store import open_store
    from recovery.triage import assess

    with open_store(home) as store:
        companion = Companion(store, load_plan())

        def review_and_triage() -> None:
            companion.week_review()
            recent = store.checkins(since=companion.today() - timedelta(days=3))
            assess(recent[-1], profile=companion.settings(), history=recent[:-1])

        review = time_ms(review_and_triage, repeat)
        out = home.parent / "report.pdf"
        start, end = companion.report_range()
        report = time_ms(lambda: companion.export_pdf(out, start, end), max(3, repeat // 4))
    return review, report


def run_child(kind: str, home: Path | None, idle: float, workdir: Path) -> dict[str, float]:
    result = workdir / f"{kind}-{time.monotonic_ns()}.json"
    env = {**os.environ, "KIVY_HOME": str(workdir / "kivy"), "SDL_VIDEODRIVER": os.environ.get("SDL_VIDEODRIVER", "offscreen")}
    command = [sys.executable, str(ROOT / "bench" / "first_frame.py"), kind, str(result)]
    if idle:
        command += ["--idle", str(idle)]
    if home is not None:
        command += ["--home", str(home)]
    started = time.time()
    subprocess.run(command, env=env, check=True, capture_output=True, timeout=120)
    data = json.loads(result.read_text())
    data["first_frame_s"] = data["first_frame_at"] - started
    data["ready_s"] = data["ready_at"] - started
    return data


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer repetitions and a 5 s idle window")
    parser.add_argument("--write", type=Path, help="put the results table into this Markdown file")
    args = parser.parse_args()
    starts = 3 if args.quick else 7
    saves = 15 if args.quick else 60
    idle = 5.0 if args.quick else 20.0
    work = Path(tempfile.mkdtemp(prefix="recovery-bench-"))
    today = date.today()
    rows: list[tuple[str, str, str, str]] = []
    curve: list[tuple[str, ...]] = []
    try:
        bare_starts = [run_child("bare", None, 0, work)["first_frame_s"] * 1000 for _ in range(starts)]
        for label, days in SIZES.items():
            home = work / label.replace(" ", "-")
            build_data(home, days, today)
            size_kb = (home / "recovery.json").stat().st_size / 1024
            app_runs = [run_child("app", home, 0, work) for _ in range(starts)]
            app_starts = [run["first_frame_s"] * 1000 for run in app_runs]
            app_ready = [run["ready_s"] * 1000 for run in app_runs]
            ours, theirs = measure_saves(home, saves)
            review, report = measure_review_and_report(home, 40 if not args.quick else 10)
            curve.append(
                (
                    label,
                    f"{days * 2:,} ({size_kb:,.0f} KB)",
                    spread(app_starts),
                    spread(app_ready),
                    f"{statistics.median(ours):.1f} / {percentile(ours, 0.95):.1f}",
                    f"{statistics.median(theirs):.1f}",
                    spread(review),
                    spread(report),
                )
            )
            if label == "3 years":
                rows.append(("Cold start to first frame (ms): window with Help now", spread(bare_starts), spread(app_starts),
                             f"{statistics.median(app_starts) / statistics.median(bare_starts):.2f}×"))  # fmt: skip
                rows.append(("Cold start to Today with the patient's data (ms)", spread(bare_starts), spread(app_ready),
                             f"{statistics.median(app_ready) / statistics.median(bare_starts):.2f}×"))  # fmt: skip
                rows.append(("Durable save p50 (ms) vs stock TinyDB insert", spread(theirs), spread(ours),
                             f"{statistics.median(ours) / statistics.median(theirs):.2f}×"))  # fmt: skip
                rows.append(("Durable save p95 (ms)", f"{percentile(theirs, 0.95):.1f}", f"{percentile(ours, 0.95):.1f}",
                             f"{percentile(ours, 0.95) / percentile(theirs, 0.95):.2f}×"))  # fmt: skip
                rows.append(("Week review + triage of the newest check-in (ms)", "target 10", spread(review), "—"))
                rows.append(("30-day PDF report (ms)", "—", spread(report), "—"))
                bare_idle = run_child("bare", None, idle, work)
                app_idle = run_child("app", home, idle, work)
                rows.append((f"Idle CPU over {idle:.0f} s on Today (% of a core)", f"{bare_idle['idle_cpu_s'] / idle * 100:.2f}",
                             f"{app_idle['idle_cpu_s'] / idle * 100:.2f}",
                             f"{app_idle['idle_cpu_s'] / max(bare_idle['idle_cpu_s'], 1e-9):.2f}×"))  # fmt: skip
                rows.append(("Peak memory (MB RSS)", f"{bare_idle['peak_rss_mb']:.0f}", f"{app_idle['peak_rss_mb']:.0f}",
                             f"{app_idle['peak_rss_mb'] / bare_idle['peak_rss_mb']:.2f}×"))  # fmt: skip
    finally:
        shutil.rmtree(work, ignore_errors=True)

    machine = f"{os.cpu_count()} cores, Python {sys.version.split()[0]}, {sys.platform}, {datetime.now():%Y-%m-%d}"
    lines = [
        f"Measured on: {machine}; {starts} cold starts per figure, {saves} saves, median ± half the interquartile range.",
        "",
        "| Figure (3 years of data) | Baseline | Ours | Ratio |",
        "|---|---|---|---|",
        *(f"| {a} | {b} | {c} | {d} |" for a, b, c, d in rows),
        "",
        "| Data | Check-ins (file) | First frame (ms) | Today ready (ms) | Save p50 / p95 (ms) | Stock TinyDB insert (ms) | Week review + triage (ms) | 30-day PDF (ms) |",
        "|---|---|---|---|---|---|---|---|",
        *("| " + " | ".join(row) + " |" for row in curve),
    ]
    table = "\n".join(lines)
    print(table)
    if args.write:
        text = args.write.read_text(encoding="utf-8")
        before, rest = text.split(MARK_START, 1)
        _, after = rest.split(MARK_END, 1)
        args.write.write_text(f"{before}{MARK_START}\n{table}\n{MARK_END}{after}", encoding="utf-8")
    return 0


if __name__ == "__main__":
    from recovery import devenv

    devenv.run_in_venv([str(Path(__file__).resolve()), *sys.argv[1:]])
    sys.exit(main())
