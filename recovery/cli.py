"""``python -m recovery``: the commands that work with the app closed.

    export --format pdf|csv|json [--from DATE] [--to DATE] [--lang en|es] -o FILE
    import FILE.csv|FILE.json|recovery.json.damaged-… [--skip-bad] [--yes]   (see recovery.cli_import)
    notify [--now ISO]                   deliver the reminders that are due, then exit
    reminders install|remove|status      the background job that runs notify every 15 minutes
    calendar -o FILE.ics                 milestones, appointments and refill dates for your own calendar
    card -o FILE.pdf                     the pump card, one page to print
    clinic import FILE|show|remove       your clinic's settings file (see recovery.cli_clinic)

``RECOVERY_HOME`` selects the data folder, as for the app. Every message is a plain
sentence in the patient's saved language (read before anything else; the computer's
language before the first run); exit status 0 means done, 1 means refused (bad input,
nothing changed), 2 means the data is busy or unreadable. The PDF report is written in
the patient's language too, unless ``--lang`` asks for the care team's.

``export``, ``calendar`` and ``card`` only read: they take a snapshot of the saved file
without the lock, so they work while the app is open and from a read-only folder.
``notify`` holds the lock only to read what is due and to record a delivery, never
while the desktop shows the notification. ``import`` writes, so it needs the lock.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence
from datetime import date, datetime
from pathlib import Path
from typing import TextIO

from recovery import i18n
from recovery.export import health_warning
from recovery.i18n import _, ngettext
from recovery.plan import PlanConfigError, load_clinic_plan, load_plan
from recovery.profile import apply_saved_language
from recovery.services import Companion, local_zone
from recovery.store import (
    DataFolderError,
    NotSavedError,
    Store,
    StoreLockedError,
    TooNewError,
    open_snapshot,
    open_store,
)
from recovery.validation import check_instant_in_range, parse_iso_date

OK, REFUSED, BUSY, NOT_SHOWN = 0, 1, 2, 3
READING_COMMANDS = ("export", "calendar", "card")
#: After showing a notification, how long notify waits for the data to record it.
RECORD_LOCK_TIMEOUT_S = 3.0


def _date(text: str) -> date:
    try:
        return parse_iso_date(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value} is not a date from 2000 to 2099 written YYYY-MM-DD").format(value=repr(text))) from None


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m recovery", description="Recovery Companion commands")
    commands = parser.add_subparsers(dest="command", required=True)
    export = commands.add_parser("export", help="write a report (pdf), the check-ins (csv) or a full backup (json)")
    export.add_argument("--format", choices=["pdf", "csv", "json"], required=True)
    export.add_argument("--from", dest="start", type=_date, help="first day, YYYY-MM-DD (pdf, csv)")
    export.add_argument("--to", dest="end", type=_date, help="last day, YYYY-MM-DD (pdf, csv)")
    export.add_argument(
        "--lang",
        choices=i18n.available_languages(),
        help="the language of the PDF report (default: the patient's; en for an English-speaking care team)",
    )
    export.add_argument("-o", "--output", type=Path, required=True, help="the file to write")
    importer = commands.add_parser("import", help="add check-ins from a CSV file, or restore a JSON backup")
    importer.add_argument("file", type=Path)
    importer.add_argument(
        "--skip-bad", action="store_true", help="import the good rows of a CSV (or records of a data file) even if some are bad"
    )
    importer.add_argument("--yes", action="store_true", help="merge a backup into existing data without asking")
    notify = commands.add_parser("notify", help="deliver the reminders that are due now, then exit")
    notify.add_argument("--now", type=_moment, help="pretend it is this moment (ISO 8601 with offset)")
    reminders = commands.add_parser("reminders", help="turn background reminders on or off")
    reminders.add_argument("action", choices=["install", "remove", "status"])
    calendar = commands.add_parser("calendar", help="write milestones and refill dates as an .ics file")
    calendar.add_argument("-o", "--output", type=Path, required=True)
    card = commands.add_parser("card", help="write the pump card as a one-page PDF to print")
    card.add_argument("-o", "--output", type=Path, required=True)
    from recovery.cli_clinic import add_parser

    add_parser(commands)
    return parser


def _moment(text: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(_("{value} is not a moment like 2026-11-24T09:00:00+01:00").format(value=repr(text))) from None
    if moment.tzinfo is None:
        raise argparse.ArgumentTypeError(_("{value} needs a UTC offset, like +01:00").format(value=repr(text)))
    try:
        check_instant_in_range(moment, text)
    except ValueError as exc:
        raise argparse.ArgumentTypeError(f"--now {exc}") from None
    return moment


def _companion(store: Store, out: TextIO, now: datetime | None = None) -> Companion:
    try:
        plan = load_clinic_plan(store.home)
    except PlanConfigError as exc:
        print(_("Note: your clinic's settings file was not used ({problem}); using the default plan.").format(problem=exc), file=out)
        plan = load_plan()
    if now is None:
        return Companion(store, plan)
    fixed = now.astimezone(local_zone())
    return Companion(store, plan, lambda: fixed)


def run_notify(now: datetime | None, out: TextIO) -> int:
    """Deliver what is due to the desktop; a failed delivery stays due for the app or the next run.

    The data lock is held only to read what is due and, afterwards, to record the
    delivery: never while waiting for the desktop, so the app can always open.
    """
    from recovery.notifier import DesktopNotifier

    try:
        store = open_store()
    except StoreLockedError:
        print(_("The app is open; it shows reminders itself."), file=out)
        return OK
    with store:
        if store.recovery:
            print(store.recovery.message, file=out)
        companion = _companion(store, out, now)
        notification = companion.due_notification()
        paused = companion.reminders_paused_until() if notification else None
    if notification is None:
        print(_("Nothing is due."), file=out)
        return OK
    if paused is not None:
        print(
            _(
                "A reminder was shown less than an hour ago but could not be recorded (the disk is full), so it is "
                "not shown again before {time}. Free some disk space."
            ).format(time=f"{paused:%H:%M}"),
            file=out,
        )
        return NOT_SHOWN
    notifier = DesktopNotifier()
    if not notifier.notify(notification.title, notification.body):
        print(
            _(
                "Desktop notifications are not available ({reason}); the reminder will show in the app when you open it."
            ).format(reason=notifier.unavailable_reason),
            file=out,
        )
        return NOT_SHOWN
    count = len(notification.reminder_ids)
    delivered = ngettext("Delivered {n} reminder.", "Delivered {n} reminders.", count).format(n=count)
    try:
        store = open_store(lock_timeout=RECORD_LOCK_TIMEOUT_S)
    except StoreLockedError:
        print(_("{delivered} The app opened meanwhile, so it may show it once more.").format(delivered=delivered), file=out)
        return OK
    with store:
        try:
            _companion(store, out, now).record_delivery(notification, "desktop")
        except NotSavedError as exc:
            print(
                _("{delivered} It could not be recorded ({problem}); it is not shown again for an hour.").format(
                    delivered=delivered, problem=exc
                ),
                file=out,
            )
            return BUSY
    print(delivered, file=out)
    return OK


def run_reminders(action: str, out: TextIO) -> int:
    from recovery import background

    installed, words = background.switch(action)
    print(_("Background reminders: {state}").format(state=words), file=out)
    if background.choose_backend() is None:
        print(background.manual_steps(background.notify_command()), file=out)
    return OK if installed or action != "install" else REFUSED


def _save_with(export: Callable[[Path], Path], output: Path, done: str, out: TextIO, *, health: bool) -> int:
    """Run one export; say where it went (the full path), or why it could not be made."""
    try:
        path = export(output)
    except ValueError as exc:
        print(str(exc), file=out)
        return REFUSED
    print(_("Saved {file}. {what_next}").format(file=path, what_next=done), file=out)
    if health:
        print(health_warning(), file=out)
    return OK


def run_calendar(args: argparse.Namespace, companion: Companion, out: TextIO) -> int:
    return _save_with(
        companion.export_calendar, args.output, _("Open it with your calendar program to add the dates."), out, health=False
    )


def run_card(args: argparse.Namespace, companion: Companion, out: TextIO) -> int:
    return _save_with(companion.export_pump_card, args.output, _("Print it and keep it with your ID."), out, health=True)


def run_export(args: argparse.Namespace, companion: Companion, out: TextIO) -> int:
    try:
        companion.destination(args.output)
    except ValueError as exc:
        print(str(exc), file=out)
        return REFUSED
    if args.format == "pdf":
        if not companion.has_profile():
            print(_("There is nothing to report yet: open the app and set it up first."), file=out)
            return REFUSED
        start, end = companion.report_range()
        start, end = args.start or start, args.end or end
        if end < start:
            print(_("The --to date is before the --from date."), file=out)
            return REFUSED
        writing = _("Writing the report…")

        def progress(share: float) -> None:
            print(f"\r{writing} {round(share * 100):3d} %", end="", file=out, flush=True)

        path = companion.export_pdf(args.output, start, end, progress, lang=args.lang)
        print(file=out)
    else:
        if args.lang:
            print(_("Only the PDF report has a language of its own; --lang was ignored."), file=out)
        if args.format == "csv":
            path = companion.export_csv(args.output, args.start, args.end)
        else:
            if args.start or args.end:
                print(_("A full backup always holds everything; --from and --to were ignored."), file=out)
            path = companion.export_backup(args.output)
    print(_("Saved {file}.").format(file=path), file=out)
    print(health_warning(), file=out)
    return OK


def _destination_warning(args: argparse.Namespace, store: Store, out: TextIO) -> None:
    from recovery.export.destination import check_destination

    try:
        _path, warning = check_destination(args.output, store.home)
    except ValueError:
        return  # the export itself refuses it, with the reason
    if warning:
        print(warning, file=out)


def run_reading(args: argparse.Namespace, out: TextIO) -> int:
    """export, calendar and card: read a snapshot without the lock, so the app may be open meanwhile."""
    try:
        store = open_snapshot()
    except (TooNewError, DataFolderError) as exc:
        print(str(exc), file=out)
        return BUSY
    with store:
        if store.recovery:
            print(store.recovery.message, file=out)
        companion = _companion(store, out)
        _destination_warning(args, store, out)
        try:
            if args.command == "export":
                return run_export(args, companion, out)
            if args.command == "calendar":
                return run_calendar(args, companion, out)
            return run_card(args, companion, out)
        except ValueError as exc:
            print(str(exc), file=out)
            return REFUSED
        except OSError as exc:
            print(_("Could not write the file: {problem}.").format(problem=exc.strerror or exc), file=out)
            return REFUSED


def _ask_or_no(ask: Callable[[str], str]) -> Callable[[str], str]:
    """``ask``, answering "no" when there is nobody to ask (input closed)."""

    def asking(prompt: str) -> str:
        try:
            return ask(prompt)
        except EOFError:
            return "no"

    return asking


def apply_language() -> str:
    """Speak the patient's saved language before anything is said (read without the lock; never fails).

    The data folder may be missing, busy, damaged or too new: the computer's language is
    used then, and the command itself says what is wrong.
    """
    try:
        with open_snapshot() as store:
            profile = store.profile()
    except Exception:  # noqa: BLE001 - whatever is wrong is reported by the command itself, in words
        profile = None
    return apply_saved_language(profile)


def main(argv: Sequence[str] | None = None, out: TextIO = sys.stdout, ask: Callable[[str], str] = input) -> int:
    apply_language()
    args = build_parser().parse_args(argv)
    if args.command == "reminders":
        return run_reminders(args.action, out)
    if args.command == "clinic":
        from recovery.cli_clinic import run_clinic

        return run_clinic(args, out, _ask_or_no(ask))
    if args.command in READING_COMMANDS:
        return run_reading(args, out)
    try:
        if args.command == "notify":
            return run_notify(args.now, out)
        store = open_store()
    except StoreLockedError as exc:
        print(str(exc), file=out)
        return BUSY
    except (TooNewError, DataFolderError) as exc:
        print(str(exc), file=out)
        return BUSY
    except NotSavedError as exc:
        print(str(exc), file=out)
        return BUSY

    try:
        if store.recovery:
            print(store.recovery.message, file=out)
        from recovery.cli_import import run_import

        return run_import(args, store, out, _ask_or_no(ask))
    except NotSavedError as exc:
        print(str(exc), file=out)
        return BUSY
    except OSError as exc:
        print(_("Could not write the file: {problem}.").format(problem=exc.strerror or exc), file=out)
        return REFUSED
    finally:
        store.close()
