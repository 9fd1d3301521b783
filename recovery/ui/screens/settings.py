"""Settings: the language, text size, profile, units, reminder time, and where the data is kept."""

from __future__ import annotations

from functools import partial
from pathlib import Path

from kivy.properties import BooleanProperty, StringProperty

from recovery.export import health_warning
from recovery.i18n import N_, _
from recovery.paths import exports_folder
from recovery.pin import PinError, check_new_pin, check_pin, load_lock, new_lock, save_lock
from recovery.presenters import TEXT_SCALE_CHOICES
from recovery.profile import with_defaults
from recovery.store import NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.ui.language import LanguageChooser, keepable  # noqa: F401  (LanguageChooser: used by the kv file)
from recovery.ui.profile_form import ProfileForm  # noqa: F401  (registers the form for the kv file)
from recovery.ui.screens.base import BaseScreen


class SettingsScreen(BaseScreen):
    data_folder = StringProperty("")
    saved_message = StringProperty("")
    export_message = StringProperty("")
    background_on = BooleanProperty(False)
    background_message = StringProperty("")
    pin_on = BooleanProperty(False)
    pin_message = StringProperty("")
    language_message = StringProperty("")
    text_scale_choices = TEXT_SCALE_CHOICES
    title_id = N_("Settings")

    def refresh(self) -> None:
        settings = self.companion.settings()
        self.ids.form.load(settings, self.companion.today())
        self.ids.text_scale.value = float(settings.get("text_scale", 1.0))
        self.data_folder = self.companion.data_folder
        self.saved_message = ""
        self.set_background("status")
        self.pin_on = load_lock(Path(self.companion.data_folder)) is not None
        self.pin_message = ""
        self.language_message = ""

    def relabel(self) -> None:
        """After a change of language: the words made here again; what is typed in the form stays."""
        self.ids.form.relabel()
        self.saved_message = self.export_message = self.pin_message = ""
        self.set_background("status")

    def choose_language(self, code: str) -> None:
        """The chooser switched the app to ``code``: keep it in the profile, so the app starts in it."""
        profile = self.companion.profile()
        if profile is None or not keepable(code) or profile.get("language") == code:
            return
        try:
            self.companion.choose_language(code)
        except NotSavedError as exc:
            self.language_message = _("The language is changed for now but was not saved: {problem}").format(problem=exc)
        else:
            self.language_message = ""

    def choose_text_scale(self, factor: float | None) -> None:
        """Apply a text size at once and keep it in the profile."""
        if factor is None:
            return
        self.shell.set_text_scale(factor)
        profile = self.companion.profile()
        # Opening Settings shows the saved size (or the default) and writes nothing
        if profile is None or float(with_defaults(profile).get("text_scale", 1.0)) == factor:
            return
        try:
            self.companion.save_profile({**profile, "text_scale": factor})
        except NotSavedError as exc:
            self.saved_message = str(exc)

    def save(self) -> None:
        if self.ids.form.submit(self.companion):
            self.saved_message = _("Saved.")

    def turn_pin_on(self, pin: str, again: str) -> None:
        try:
            lock = new_lock(check_new_pin(pin, again))
            save_lock(Path(self.companion.data_folder), lock)
        except PinError as exc:
            self.pin_message = str(exc)
            return
        except OSError as exc:
            self.pin_message = _("The PIN was not saved: {problem}").format(problem=exc.strerror or exc)
            return
        self.pin_on = True
        self.pin_message = _("PIN lock is on. The app asks for it when it starts and after 5 minutes away.")
        self._clear_pin_fields()

    def turn_pin_off(self, pin: str) -> None:
        home = Path(self.companion.data_folder)
        lock = load_lock(home)
        if lock is not None:
            attempt = check_pin(home, lock, pin, self.companion.now())
            if attempt.ok:
                try:
                    save_lock(home, None)
                except OSError as exc:
                    self.pin_message = _("The PIN lock could not be turned off: {problem}").format(problem=exc.strerror or exc)
                    return
            if not attempt.ok:
                self.pin_message = attempt.message
                self._clear_pin_fields()
                return
        self.pin_on = False
        self.pin_message = _("PIN lock is off.")
        self._clear_pin_fields()

    def _clear_pin_fields(self) -> None:
        for name in ("new_pin", "new_pin_again", "current_pin"):
            self.ids[name].text = ""

    def set_background(self, action: str) -> None:
        """Turn background reminders on or off (or just read their state), off the main thread."""
        if action != "status":
            self.background_message = _("Working…")

        def done(result: tuple[bool, str]) -> None:
            self.background_on, self.background_message = result

        def failed(error: Exception) -> None:
            self.background_message = _("Could not change background reminders: {problem}").format(problem=error)

        self.shell.run_in_background(lambda: self.companion.background_reminders(action), done, failed)

    def export(self, kind: str) -> None:
        """Back up everything (json) or export the check-ins (csv) to the exports folder, in the background."""
        stamp = self.companion.today().isoformat()
        if kind == "json":
            work = partial(self.companion.export_backup, exports_folder() / f"recovery-backup-{stamp}.json")
        elif kind == "ics":
            work = partial(self.companion.export_calendar, exports_folder() / f"recovery-plan-{stamp}.ics")
        else:
            work = partial(self.companion.export_csv, exports_folder() / f"recovery-checkins-{stamp}.csv")
        self.export_message = _("Saving…")

        def done(saved: Path) -> None:
            self.export_message = _("Saved {path}. {warning}").format(path=saved, warning=health_warning())

        def failed(error: Exception) -> None:
            self.export_message = _("Not saved: {problem}").format(problem=error)

        self.shell.run_in_background(work, done, failed)


load_kv_beside(__file__)
