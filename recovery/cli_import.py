"""``python -m recovery import FILE``: check-ins from a CSV file, or a backup (or a damaged data file) restored.

Nothing is stored until the whole file has been checked; bad rows or records are
named by line, and are skipped only when asked (``--skip-bad``). A backup merged into
a folder that already holds data asks first. Messages are in the patient's language.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import TextIO

from recovery.cli_clinic import agreed
from recovery.i18n import _, ngettext
from recovery.store import Store

OK, REFUSED = 0, 1


def run_import(args: argparse.Namespace, store: Store, out: TextIO, ask: Callable[[str], str]) -> int:
    try:
        data = args.file.expanduser().read_bytes()
    except OSError as exc:
        print(_("Cannot read {file}: {problem}.").format(file=args.file, problem=exc.strerror or exc), file=out)
        return REFUSED
    if args.file.suffix.lower() == ".json" or ".damaged-" in args.file.name or data.lstrip(b"\xef\xbb\xbf \t\r\n")[:1] == b"{":
        return _import_backup(data, args, store, out, ask)
    return _import_csv(data, args, store, out)


def _import_csv(data: bytes, args: argparse.Namespace, store: Store, out: TextIO) -> int:
    from recovery.export.csv_io import parse_checkins_csv

    parsed = parse_checkins_csv(data)
    for bad in parsed.bad_rows:
        print(f"{args.file.name}, {bad}", file=out)
    bad = len(parsed.bad_rows)
    if parsed.bad_rows and not args.skip_bad:
        print(
            ngettext(
                "Nothing was imported: {n} row is not valid. Fix it, or add --skip-bad to import only the good rows.",
                "Nothing was imported: {n} rows are not valid. Fix them, or add --skip-bad to import only the good rows.",
                bad,
            ).format(n=bad),
            file=out,
        )
        return REFUSED
    added = store.add_new_checkins(parsed.checkins)
    skipped = len(parsed.checkins) - added
    clauses = [
        ngettext("Imported {n} check-in", "Imported {n} check-ins", added).format(n=added),
        ngettext("{n} was already there", "{n} were already there", skipped).format(n=skipped),
    ]
    if bad:
        clauses.append(ngettext("{n} bad row skipped", "{n} bad rows skipped", bad).format(n=bad))
    print("; ".join(clauses) + ".", file=out)
    return OK


def _import_backup(data: bytes, args: argparse.Namespace, store: Store, out: TextIO, ask: Callable[[str], str]) -> int:
    from recovery.export.backup import BackupError, load_backup, load_data_file

    try:
        snapshot = load_backup(data)
    except BackupError as exc:
        data_file = load_data_file(data) if exc.not_a_backup else None
        if data_file is None:
            print(_("{problem} Nothing was imported.").format(problem=exc), file=out)
            return REFUSED
        snapshot, set_aside = data_file
        for item in set_aside:
            print(f"{args.file.name}, {item}", file=out)
        if set_aside and not args.skip_bad:
            print(
                ngettext(
                    "Nothing was imported: {n} record of this data file is not valid. Repair it, "
                    "or add --skip-bad to import only the valid ones.",
                    "Nothing was imported: {n} records of this data file are not valid. Repair them, "
                    "or add --skip-bad to import only the valid ones.",
                    len(set_aside),
                ).format(n=len(set_aside)),
                file=out,
            )
            return REFUSED
    existing = len(store.checkins())
    would_add = store.merge(snapshot, dry_run=True)
    if not any(would_add.values()):
        print(_("Nothing new to import: everything in the backup is already here."), file=out)
        return OK
    if (existing or store.profile() is not None) and not args.yes:
        answer = ask(
            _(
                "This data folder already has {existing}. Add what is new in the backup: {checkins} and {questions}? "
                "Nothing is overwritten or duplicated. [y/N] "
            ).format(
                existing=_checkins(existing), checkins=_checkins(would_add["checkins"]), questions=_questions(would_add["questions"])
            )
        )
        if not agreed(answer):
            print(_("Nothing was imported."), file=out)
            return REFUSED
    added = store.merge(snapshot)
    restored = _("Restored {checkins} and {questions}").format(
        checkins=_checkins(added["checkins"]), questions=_questions(added["questions"])
    )
    if added["profile"]:
        restored = _("{restored} and the profile").format(restored=restored)
    if added["discharge_sheet"]:
        restored = _("{restored} and your discharge sheet").format(restored=restored)
    print(_("{restored} into {folder}.").format(restored=restored, folder=store.home), file=out)
    return OK


def _checkins(count: int) -> str:
    return ngettext("{n} check-in", "{n} check-ins", count).format(n=count)


def _questions(count: int) -> str:
    return ngettext("{n} question", "{n} questions", count).format(n=count)
