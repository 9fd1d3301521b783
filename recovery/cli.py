"""``python -m recovery``: the commands that work with the app closed.

    export --format pdf|csv|json [--from DATE] [--to DATE] -o FILE
    import FILE.csv|FILE.json [--skip-bad] [--yes]
    notify [--now ISO]                   deliver the reminders that are due, then exit
    reminders install|remove|status      the background job that runs notify every 15 minutes
    calendar -o FILE.ics                 milestones and refill dates for your own calendar
    card -o FILE.pdf                     the pump card, one page to print

``RECOVERY_HOME`` selects the data folder, as for the app. Every message is a plain
sentence; exit status 0 means done, 1 means refused (bad input, nothing changed),
2 means the data is busy or unreadable.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from recovery.export import HEALTH_WARNING
from recovery.plan import PlanConfigError, load_clinic_plan, load_plan
from recovery.services import Companion, local_zone
from recovery.store import NotSavedError, Store, StoreLockedError, TooNewError, open_store

OK, REFUSED, BUSY, NOT_SHOWN = 0, 1, 2, 3


def _date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a date written YYYY-MM-DD") from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m recovery", description="Recovery Companion commands")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write a report (pdf), the check-ins (csv) or a full backup (json)")
    export.add_argument("--format", choices=["pdf", "csv", "json"], required=True)
    export.add_argument("--from", dest="start", type=_date, help="first day, YYYY-MM-DD (pdf, csv)")
    export.add_argument("--to", dest="end", type=_date, help="last day, YYYY-MM-DD (pdf, csv)")
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    importer = commands.add_parser("import", help="add check-ins from a CSV file, or restore a JSON backup")
    importer.add_argument("file", type=Path)
    importer.add_argument("--skip-bad", action="store_true", help="import the good rows of a CSV even if some are bad")
    importer.add_argument("--yes", action="store_true", help="merge a backup into existing data without asking")
    notify = commands.add_parser("notify", help="deliver the reminders that are due now, then exit")
    notify.add_argument("--now", type=_moment, help="pretend it is this moment (ISO 8601 with offset)")
    reminders = commands.add_parser("reminders", help="turn background reminders on or off")
    reminders.add_argument("action", choices=["install", "remove", "status"])
    calendar = commands.add_parser("calendar", help="write milestones and refill dates as an .ics file")
    calendar.add_argument("-o", "--output", type=Path, required=True)
    card = commands.add_parser("card", help="write the pump card as a one-page PDF to print")
    card.add_argument("-o", "--output", type=Path, required=True)
    return parser


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"{text!r} is not a moment like 2026-11-24T09:00:00+01:00") from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(f"{text!r} needs a UTC offset, like +01:00")
    return moment


def _companion(store: Store, out: TextIO, now: datetime | None = None) -> Companion:
    try:
        plan = load_clinic_plan(store.home)
    except PlanConfigError as exc:
        print(f"Note: your clinic's settings file was not used ({exc}); using the default plan.", file=out)
        plan = load_plan()
    if now is None:
        return Companion(store, plan)
    fixed = now.astimezone(local_zone())
    return Companion(store, plan, lambda: fixed)


def run_notify(companion: Companion, out: TextIO) -> int:
    """Deliver what is due to the desktop; a failed delivery stays due for the app or the next run."""
    from recovery.notifier import DesktopNotifier

    notifier = DesktopNotifier()
    delivery = companion.deliver_due(notifier, in_app=False)
    if delivery is None:
        print("Nothing is due.", file=out)
        return OK
    if delivery.via is None:
        print(
            f"Desktop notifications are not available ({notifier.unavailable_reason}); "
            "the reminder will show in the app when you open it.",
            file=out,
        )
        return NOT_SHOWN
    count = len(delivery.notification.reminder_ids)
    print(f"Delivered {count} reminder{'s' if count != 1 else ''}.", file=out)
    return OK


def run_reminders(action: str, out: TextIO) -> int:
    from recovery import background

    installed, words = background.switch(action)
    print(f"Background reminders: {words}", file=out)
    if words.endswith(background.NO_SCHEDULER):
        print(background.manual_steps(background.notify_command()), file=out)
    return OK if installed or action != "install" else REFUSED


def _save_with(export: Callable[[Path], Path], output: Path, done: str, out: TextIO, *, health: bool) -> int:
    """Run one export; say where it went, or why it could not be made."""
    try:
        path = export(output)
    except ValueError as exc:
        print(str(exc), file=out)
        return REFUSED
    print(f"Saved {path}. {done}", file=out)
    if health:
        print(HEALTH_WARNING, file=out)
    return OK


def run_calendar(args: argparse.Namespace, companion: Companion, out: TextIO) -> int:
    return _save_with(
        companion.export_calendar, args.output, "Open it with your calendar program to add the dates.", out, health=False
    )


def run_card(args: argparse.Namespace, companion: Companion, out: TextIO) -> int:
    return _save_with(companion.export_pump_card, args.output, "Print it and keep it with your ID.", out, health=True)


def run_export(args: argparse.Namespace, companion: Companion, out: TextIO) -> int:
    if args.format == "pdf":
        if not companion.has_profile():
            print("There is nothing to report yet: open the app and set it up first.", file=out)
            return REFUSED
        start, end = companion.report_range()
        start, end = args.start or start, args.end or end
        if end < start:
            print("The --to date is before the --from date.", file=out)
            return REFUSED

        def progress(share: float) -> None:
            print(f"\rWriting the report… {round(share * 100):3d} %", end="", file=out, flush=True)

        path = companion.export_pdf(args.output, start, end, progress)
        print(file=out)
    elif args.format == "csv":
        path = companion.export_csv(args.output, args.start, args.end)
    else:
        if args.start or args.end:
            print("A full backup always holds everything; --from and --to were ignored.", file=out)
        path = companion.export_backup(args.output)
    print(f"Saved {path}.", file=out)
    print(HEALTH_WARNING, file=out)
    return OK


def run_import(args: argparse.Namespace, store: Store, out: TextIO, ask: Callable[[str], str]) -> int:
    try:
        data = args.file.expanduser().read_bytes()
    except OSError as exc:
        print(f"Cannot read {args.file}: {exc.strerror or exc}.", file=out)
        return REFUSED
    if args.file.suffix.lower() == ".json" or data.lstrip()[:1] == b"{":
        return _import_backup(data, args, store, out, ask)
    return _import_csv(data, args, store, out)


def _import_csv(data: bytes, args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from recovery.export.csv_io import parse_checkins_csv

    parsed = parse_checkins_csv(data)
    for bad in parsed.bad_rows:
        print(f"{args.file.name}, {bad}", file=out)
    if parsed.bad_rows and not args.skip_bad:
        print(
            f"Nothing was imported: {len(parsed.bad_rows)} row(s) are not valid. Fix them, or add --skip-bad "
            "to import only the good rows.",
            file=out,
        )
        return REFUSED
    added = store.add_new_checkins(parsed.checkins)
    skipped = len(parsed.checkins) - added
    print(
        f"Imported {added} check-in(s); {skipped} were already there"
        + (f"; {len(parsed.bad_rows)} bad row(s) skipped." if parsed.bad_rows else "."),
        file=out,
    )
    return OK


def _import_backup(data: bytes, args: argparse.Namespace, store: Store, out: TextIO, ask: Callable[[str], str]) -> int:
    from recovery.export.backup import BackupError, load_backup

    try:
        snapshot = load_backup(data)
    except BackupError as exc:
        print(f"{exc} Nothing was imported.", file=out)
        return REFUSED
    existing = len(store.checkins())
    would_add = store.merge(snapshot, dry_run=True)
    if not any(would_add.values()):
        print("Nothing new to import: everything in the backup is already here.", file=out)
        return OK
    if (existing or store.profile() is not None) and not args.yes:
        answer = ask(
            f"This data folder already has {existing} check-in(s). Add the backup's {would_add['checkins']} new "
            f"check-in(s) and {would_add['questions']} new question(s)? Nothing is overwritten or duplicated. [y/N] "
        )
        if answer.strip().lower() not in ("y", "yes"):
            print("Nothing was imported.", file=out)
            return REFUSED
    added = store.merge(snapshot)
    print(
        f"Restored {added['checkins']} check-in(s) and {added['questions']} question(s)"
        + (" and the profile" if added["profile"] else "")
        + f" into {store.home}.",
        file=out,
    )
    return OK


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, ask: Callable[[str], str] = input) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "reminders":
        return run_reminders(args.action, out)
    try:
        store = open_store()
    except StoreLockedError as exc:
        if args.command == "notify":
            print("The app is open; it shows reminders itself.", file=out)
            return OK
        print(str(exc), file=out)
        return BUSY
    except TooNewError as exc:
        print(str(exc), file=out)
        return BUSY

    def ask_or_no(prompt: str) -> str:
        try:
            return ask(prompt)
        except EOFError:
            return "no"

    try:
        if store.recovery:
            print(store.recovery.message, file=out)
        if args.command == "export":
            return run_export(args, _companion(store, out), out)
        if args.command == "notify":
            return run_notify(_companion(store, out, args.now), out)
        if args.command == "calendar":
            return run_calendar(args, _companion(store, out), out)
        if args.command == "card":
            return run_card(args, _companion(store, out), out)
        return run_import(args, store, out, ask_or_no)
    except NotSavedError as exc:
        print(str(exc), file=out)
        return BUSY
    except OSError as exc:
        print(f"Could not write the file: {exc.strerror or exc}.", file=out)
        return REFUSED
    finally:
        store.close()
