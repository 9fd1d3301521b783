"""Load my clinic's settings file: pick it, see what it would change, and use it only after saying yes.

The file is checked in full first (a refusal names the file and the field), then the
changes are listed in plain words ("Driving: 4 → 6 weeks"), and only "Use these
settings" writes it into the data folder, whole or not at all. The screen's words are
in :data:`WORDS` (English ids, shown translated) and the ``.kv`` file beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from recovery.clinic_file import current_clinic_plan, describe_changes
from recovery.paths import CLINIC_FILE_NAME
from recovery.i18n import N_, _
from recovery.plan import PlanConfigError, load_plan
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen

WORDS = {
    "title": N_("Clinic"),
    "none": N_("None in use: your plan uses the usual advice (and your discharge sheet, where you entered it)."),
    "in_use": N_("In use: {name}. Your discharge sheet, where you entered it, still comes first."),
    "named": N_("the settings from {clinic}"),
    "unnamed": N_("your clinic's settings file"),
    "refused": N_("Your clinic's settings file is not used because it has a problem: {problem}"),
    "pick": N_("Pick a file first: tap it in the list, or type where it is."),
    "none_found": N_("No settings files found in Downloads, Documents or on the Desktop. Type where the file is below."),
    "would_change": N_("{name} would change your plan:"),
    "refused_new": N_("{problem}. Nothing was changed."),
    "used": N_("Done: your plan now uses {name}."),
    "not_saved": N_("Not saved: {problem}. Nothing was changed."),
    "removed": N_("Removed: your plan uses the usual advice again (and your discharge sheet, where you entered it)."),
    "remove_changes": N_("Removing them would change your plan back:"),
}


#: At most this many files are listed (newest first).
MAX_LISTED = 12


class FoundFile(BoxLayout):
    """A ``.json`` file found in a usual folder: its name, where it is, and a tap to check it."""

    owner = ObjectProperty(None)
    path = StringProperty("")
    name = StringProperty("")
    folder = StringProperty("")


class ClinicFileScreen(BaseScreen):
    """Choose a clinic's ``.json`` file, check it, show the changes, and apply on confirmation."""

    status = StringProperty("")
    in_use = BooleanProperty(False)
    error = StringProperty("")
    summary = StringProperty("")
    message = StringProperty("")
    found_message = StringProperty("")
    confirm_remove = BooleanProperty(False)
    preview = ObjectProperty(None, allownone=True)
    title_id = WORDS["title"]

    def refresh(self) -> None:
        self.preview = None
        self.summary = self.error = self.message = ""
        self.confirm_remove = False
        self._show_status()
        self._list_files()

    def _list_files(self) -> None:
        box = self.ids.found_box
        box.clear_widgets()
        found = likely_files()
        for path in found:
            box.add_widget(FoundFile(owner=self, path=str(path), name=path.name, folder=str(path.parent)))
        self.found_message = "" if found else says("none_found")

    def pick(self, path: str) -> None:
        """A listed file was tapped: check it at once."""
        self.ids.path.text = path
        self.check()

    def _show_status(self) -> None:
        home = Path(self.companion.data_folder)
        plan, refused = current_clinic_plan(home)
        self.in_use = (home / CLINIC_FILE_NAME).exists()
        if refused:
            self.status = says("refused", problem=refused)
        elif self.in_use:
            name = says("named", clinic=plan.clinic_name) if plan.clinic_name else says("unnamed")
            self.status = says("in_use", name=name)
        else:
            self.status = says("none")

    def check(self) -> None:
        """Check the chosen file and list what it would change; nothing is written yet."""
        self.preview = None
        self.summary = self.message = ""
        text = self.ids.path.text.strip()
        if not text:
            self.error = says("pick")
            return
        try:
            preview = self.companion.preview_clinic_file(Path(text))
        except PlanConfigError as exc:
            self.error = says("refused_new", problem=exc)
            return
        self.error = ""
        self.preview = preview
        name = says("named", clinic=preview.plan.clinic_name) if preview.plan.clinic_name else preview.name
        lines = "\n".join(f"•  {from_to(change)}" for change in preview.changes) or preview.summary()
        self.summary = f"{says('would_change', name=name[:1].upper() + name[1:])}\n{lines}"

    def use(self) -> None:
        preview = self.preview
        if preview is None:
            return
        try:
            self.companion.install_clinic_file(preview)
        except OSError as exc:
            self.message = says("not_saved", problem=exc.strerror or exc)
            return
        name = says("named", clinic=preview.plan.clinic_name) if preview.plan.clinic_name else says("unnamed")
        self.preview = None
        self.summary = ""
        self.message = says("used", name=name)
        self._show_status()

    def cancel(self) -> None:
        self.preview = None
        self.summary = ""

    def ask_remove(self) -> None:
        settings = self.companion.settings()
        changes = describe_changes(self.companion.clinic_plan, load_plan(), self.companion.discharge_sheet(), settings.get("temperature_unit", "C"))
        self.summary = ""
        self.message = says("remove_changes") + "\n" + ("\n".join(f"•  {from_to(c)}" for c in changes) or "•  " + _("nothing"))
        self.confirm_remove = True

    def remove(self) -> None:
        try:
            self.companion.remove_clinic_file()
        except OSError as exc:
            self.message = says("not_saved", problem=exc.strerror or exc)
            return
        self.confirm_remove = False
        self.message = says("removed")
        self._show_status()


def says(key: str, **words: object) -> str:
    """The sentence :data:`WORDS` ``[key]`` in the patient's language, with ``words`` filled in."""
    return _(WORDS[key]).format(**words)


def from_to(change: str) -> str:
    """``Driving: from 4 to 6 weeks``: the summary line in words (the screen's font has no arrow)."""
    label, _colon, values = change.partition(": ")
    old, arrow, new = values.partition(" → ")
    # Translators: a change a clinic's settings file would make: "Driving: from 4 to 6 weeks"
    return _("{what}: from {old} to {new}").format(what=label, old=old, new=new) if arrow else change


def likely_folders() -> list[Path]:
    """Where a file from the clinic most likely is: Downloads, Documents, the Desktop, the home folder."""
    folders = []
    try:
        from platformdirs import user_desktop_dir, user_documents_dir, user_downloads_dir

        folders = [Path(user_downloads_dir()), Path(user_documents_dir()), Path(user_desktop_dir())]
    except Exception:  # noqa: BLE001 - an unusual desktop: the home folder still works
        pass
    return [*folders, Path.home()]


def likely_files(folders: list[Path] | None = None) -> list[Path]:
    """``.json`` files in the likely folders (not the app's own backups), newest first."""
    found: dict[Path, float] = {}
    for folder in folders if folders is not None else likely_folders():
        try:
            for path in folder.iterdir():
                if path.suffix.lower() == ".json" and path.is_file() and not path.name.startswith("recovery-backup"):
                    found[path.resolve()] = path.stat().st_mtime
        except OSError:
            continue
    return sorted(found, key=lambda p: found[p], reverse=True)[:MAX_LISTED]


load_kv_beside(__file__)
