"""Load my clinic's settings file: pick it, see what it would change, and use it only after saying yes.

The file is checked in full first (a refusal names the file and the field), then the
changes are listed in plain words ("Driving: 4 → 6 weeks"), and only "Use these
settings" writes it into the data folder, whole or not at all. The screen's words are
in :data:`WORDS` and the ``.kv`` file beside it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from recovery.clinic_file import current_clinic_plan, describe_changes
from recovery.paths import CLINIC_FILE_NAME
from recovery.plan import PlanConfigError, load_plan
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen

WORDS = {
    "title": "Clinic",
    "none": "None in use: your plan uses the usual advice (and your discharge sheet, where you entered it).",
    "in_use": "In use: {name}. Your discharge sheet, where you entered it, still comes first.",
    "named": "the settings from {clinic}",
    "unnamed": "your clinic's settings file",
    "refused": "Your clinic's settings file is not used because it has a problem: {problem}",
    "pick": "Pick a file first: tap it in the list, or type where it is.",
    "none_found": "No settings files found in Downloads, Documents or on the Desktop. Type where the file is below.",
    "would_change": "{name} would change your plan:",
    "refused_new": "{problem}. Nothing was changed.",
    "used": "Done: your plan now uses {name}.",
    "not_saved": "Not saved: {problem}. Nothing was changed.",
    "removed": "Removed: your plan uses the usual advice again (and your discharge sheet, where you entered it).",
    "remove_changes": "Removing them would change your plan back:",
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

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = WORDS["title"]

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
        self.found_message = "" if found else WORDS["none_found"]

    def pick(self, path: str) -> None:
        """A listed file was tapped: check it at once."""
        self.ids.path.text = path
        self.check()

    def _show_status(self) -> None:
        home = Path(self.companion.data_folder)
        plan, refused = current_clinic_plan(home)
        self.in_use = (home / CLINIC_FILE_NAME).exists()
        if refused:
            self.status = WORDS["refused"].format(problem=refused)
        elif self.in_use:
            name = WORDS["named"].format(clinic=plan.clinic_name) if plan.clinic_name else WORDS["unnamed"]
            self.status = WORDS["in_use"].format(name=name)
        else:
            self.status = WORDS["none"]

    def check(self) -> None:
        """Check the chosen file and list what it would change; nothing is written yet."""
        self.preview = None
        self.summary = self.message = ""
        text = self.ids.path.text.strip()
        if not text:
            self.error = WORDS["pick"]
            return
        try:
            preview = self.companion.preview_clinic_file(Path(text))
        except PlanConfigError as exc:
            self.error = WORDS["refused_new"].format(problem=exc)
            return
        self.error = ""
        self.preview = preview
        name = WORDS["named"].format(clinic=preview.plan.clinic_name) if preview.plan.clinic_name else preview.name
        lines = "\n".join(f"•  {from_to(change)}" for change in preview.changes) or preview.summary()
        self.summary = f"{WORDS['would_change'].format(name=name[:1].upper() + name[1:])}\n{lines}"

    def use(self) -> None:
        preview = self.preview
        if preview is None:
            return
        try:
            self.companion.install_clinic_file(preview)
        except OSError as exc:
            self.message = WORDS["not_saved"].format(problem=exc.strerror or exc)
            return
        name = WORDS["named"].format(clinic=preview.plan.clinic_name) if preview.plan.clinic_name else WORDS["unnamed"]
        self.preview = None
        self.summary = ""
        self.message = WORDS["used"].format(name=name)
        self._show_status()

    def cancel(self) -> None:
        self.preview = None
        self.summary = ""

    def ask_remove(self) -> None:
        settings = self.companion.settings()
        changes = describe_changes(self.companion.clinic_plan, load_plan(), self.companion.discharge_sheet(), settings.get("temperature_unit", "C"))
        self.summary = ""
        self.message = WORDS["remove_changes"] + "\n" + ("\n".join(f"•  {from_to(c)}" for c in changes) or "•  nothing")
        self.confirm_remove = True

    def remove(self) -> None:
        try:
            self.companion.remove_clinic_file()
        except OSError as exc:
            self.message = WORDS["not_saved"].format(problem=exc.strerror or exc)
            return
        self.confirm_remove = False
        self.message = WORDS["removed"]
        self._show_status()


def from_to(change: str) -> str:
    """``Driving: from 4 to 6 weeks``: the summary line in words (the screen's font has no arrow)."""
    label, _, values = change.partition(": ")
    old, arrow, new = values.partition(" → ")
    return f"{label}: from {old} to {new}" if arrow else change


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
