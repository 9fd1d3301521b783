"""``python -m recovery clinic import FILE | show | remove``: a clinic's settings file without hand-copying.

    clinic import FILE [--yes]   check the file, show what it changes, and use it once you agree
    clinic show                  which clinic settings apply now, and what they change
    clinic remove [--yes]        stop using them: back to the usual advice

Nothing is changed until the file has passed every check and the patient agreed; the
file is then written whole into the data folder, or not at all. Import and remove
need the data folder to themselves (the app reads the file when it starts), so they
refuse while the app is open. Messages are in the patient's saved language.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from pathlib import Path
from typing import TextIO

from recovery.clinic_file import (
    NOTHING_CHANGES,
    current_clinic_plan,
    describe_changes,
    install_clinic_file,
    read_clinic_file,
    remove_clinic_file,
)
from recovery.discharge import DischargeSheet, sheet_from_record
from recovery.i18n import _
from recovery.paths import CLINIC_FILE_NAME, data_home
from recovery.plan import PlanConfigError, RecoveryPlan, load_plan
from recovery.store import DataFolderError, NotSavedError, StoreLockedError, TooNewError, open_store

OK, REFUSED, BUSY = 0, 1, 2


def add_parser(commands: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    clinic = commands.add_parser("clinic", help="use, show or remove your clinic's settings file")
    actions = clinic.add_subparsers(dest="action", required=True)
    importer = actions.add_parser("import", help="check a clinic's settings file, show what it changes, then use it")
    importer.add_argument("file", type=Path)
    importer.add_argument("--yes", action="store_true", help="use it without asking")
    actions.add_parser("show", help="show the clinic settings in use and what they change")
    remover = actions.add_parser("remove", help="stop using the clinic's settings (back to the usual advice)")
    remover.add_argument("--yes", action="store_true", help="remove it without asking")


def run_clinic(args: argparse.Namespace, out: TextIO, ask: Callable[[str], str]) -> int:
    if args.action == "show":
        return _show(data_home(), out)
    try:
        store = open_store()
    except (StoreLockedError, TooNewError, DataFolderError, NotSavedError) as exc:
        print(_("{problem} Nothing was changed.").format(problem=exc), file=out)
        return BUSY
    with store:
        record = store.discharge_sheet()
        sheet = sheet_from_record(record) if record else None
        unit = (store.profile() or {}).get("temperature_unit", "C")
        current, refused = current_clinic_plan(store.home)
        if refused:
            print(
                _("Note: the clinic settings file in use now is not valid ({problem}); the usual advice applies.").format(
                    problem=refused
                ),
                file=out,
            )
        if args.action == "import":
            return _import(args, store.home, current, sheet, unit, out, ask)
        return _remove(args, store.home, current, sheet, unit, out, ask)


def _import(
    args: argparse.Namespace,
    home: Path,
    current: RecoveryPlan,
    sheet: DischargeSheet | None,
    unit: str,
    out: TextIO,
    ask: Callable[[str], str],
) -> int:
    try:
        preview = read_clinic_file(args.file, current, sheet, unit)
    except PlanConfigError as exc:
        print(_("{problem}. Nothing was changed.").format(problem=exc), file=out)
        return REFUSED
    if preview.plan.clinic_name:
        valid = _("The settings file {file} from {clinic} is valid.").format(file=preview.name, clinic=preview.plan.clinic_name)
    else:
        valid = _("The settings file {file} is valid.").format(file=preview.name)
    print(valid, file=out)
    if not preview.changes:
        print(_(NOTHING_CHANGES), file=out)
    else:
        print(_("It would change your plan:"), file=out)
        for change in preview.changes:
            print(f"  {change}", file=out)
    if not args.yes and not agreed(ask(_("Use these settings? [y/N] "))):
        print(_("Nothing was changed."), file=out)
        return REFUSED
    try:
        saved = install_clinic_file(home, preview)
    except OSError as exc:
        print(_("Not saved: {problem}. Nothing was changed.").format(problem=exc.strerror or exc), file=out)
        return REFUSED
    print(_("Done: your plan now uses these settings (saved as {file}).").format(file=saved), file=out)
    return OK


def _remove(
    args: argparse.Namespace,
    home: Path,
    current: RecoveryPlan,
    sheet: DischargeSheet | None,
    unit: str,
    out: TextIO,
    ask: Callable[[str], str],
) -> int:
    if not (Path(home) / CLINIC_FILE_NAME).exists():
        print(_("There is no clinic settings file: your plan already uses the usual advice."), file=out)
        return OK
    changes = describe_changes(current, load_plan(), sheet, unit)
    print(_("Removing your clinic's settings would change your plan back to the usual advice:"), file=out)
    for change in changes or [_(NOTHING_CHANGES)]:
        print(f"  {change}", file=out)
    if not args.yes and not agreed(ask(_("Remove them? [y/N] "))):
        print(_("Nothing was changed."), file=out)
        return REFUSED
    try:
        remove_clinic_file(home)
    except OSError as exc:
        print(_("Could not remove it: {problem}.").format(problem=exc.strerror or exc), file=out)
        return REFUSED
    print(_("Removed: your plan uses the usual advice again (and your discharge sheet, where you entered it)."), file=out)
    return OK


def _show(home: Path, out: TextIO) -> int:
    path = Path(home) / CLINIC_FILE_NAME
    if not path.exists():
        print(_("No clinic settings file: your plan uses the usual advice (and your discharge sheet, where you entered it)."), file=out)
        return OK
    plan, refused = current_clinic_plan(home)
    if refused:
        print(_("The clinic settings file is not used: {problem}. Your plan uses the usual advice.").format(problem=refused), file=out)
        return REFUSED
    if plan.clinic_name:
        print(_("Clinic settings from {clinic} in use: {file}").format(clinic=plan.clinic_name, file=path), file=out)
    else:
        print(_("Clinic settings in use: {file}").format(file=path), file=out)
    changes = describe_changes(load_plan(), plan)
    print(_("Compared with the usual advice:") if changes else _(NOTHING_CHANGES), file=out)
    for change in changes:
        print(f"  {change}", file=out)
    print(_("Your discharge sheet, where you entered it, comes before these settings."), file=out)
    return OK


def agreed(answer: str) -> bool:
    """Yes in English, or in the language of the question ("s", "sí" in Spanish)."""
    # Translators: the answers that mean yes to a [y/N] question, separated by spaces (English ones always work too)
    yes = {"y", "yes", *_("y yes").split()}
    return answer.strip().lower() in yes
