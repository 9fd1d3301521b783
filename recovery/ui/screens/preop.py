"""Getting ready: the countdown to surgery, the trial result, the checklist and what to bring."""

from __future__ import annotations


from kivy.properties import BooleanProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from recovery.i18n import N_, _, ngettext
from recovery.presenters import short_date
from recovery.store import NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.form_words import field_message
from recovery.validation import ValidationError


class ChecklistRow(BoxLayout):
    owner = ObjectProperty(None)
    item_id = StringProperty("")
    title = StringProperty("")
    detail = StringProperty("")
    done = BooleanProperty(False)


class PreopScreen(BaseScreen):
    countdown = StringProperty("")
    trial_explanation = StringProperty("")
    trial_summary = StringProperty("")
    message = StringProperty("")
    bring = StringProperty("")
    progress = StringProperty("")
    title_id = N_("Get ready")

    def refresh(self) -> None:
        settings = self.companion.settings()
        status = self.companion.status()
        content = self.companion.pump_content()
        today = self.companion.today()
        if status is not None and status.before_surgery:
            days = status.days_until_surgery
            self.countdown = ngettext("Surgery in {count} day: {day}", "Surgery in {count} days: {day}", days).format(
                count=days, day=short_date(status.surgery_date, today)
            )
        else:
            self.countdown = _("Your surgery date has come: the app now follows your recovery plan.")
        self.trial_explanation = content.trial_explanation
        self.ids.trial_date.text = settings.get("trial_date", "")
        self.ids.trial_relief.text = str(settings.get("trial_relief_percent", ""))
        self._show_trial(settings, content.trial_bar_percent)
        done = set(settings.get("preop_done", []))
        box = self.ids.checklist
        box.clear_widgets()
        for item in content.checklist:
            box.add_widget(ChecklistRow(owner=self, item_id=item.id, title=item.title, detail=item.detail, done=item.id in done))
        self.progress = _("{done} of {count} done").format(done=len(done), count=len(content.checklist))
        self.bring = "\n".join(f"•  {thing}" for thing in content.bring)
        self.message = ""

    def _show_trial(self, settings: dict, bar: int) -> None:
        relief = settings.get("trial_relief_percent")
        if relief is None:
            self.trial_summary = ""
        elif relief >= bar:
            self.trial_summary = _("Your trial relieved {relief} % of your pain: at or above the usual {bar} % bar.").format(
                relief=relief, bar=bar
            )
        else:
            self.trial_summary = _(
                "Your trial relieved {relief} % of your pain, below the usual {bar} %. Talk it through with your team."
            ).format(relief=relief, bar=bar)

    def toggle(self, item_id: str, done: bool) -> None:
        profile = self.companion.profile() or {}
        items = [i for i in profile.get("preop_done", []) if i != item_id] + ([item_id] if done else [])
        self._save({**profile, "preop_done": items})

    def save_trial(self, when: str, relief: str) -> None:
        profile = dict(self.companion.profile() or {})
        when, relief = when.strip(), relief.strip()
        profile.pop("trial_date", None)
        profile.pop("trial_relief_percent", None)
        if when:
            profile["trial_date"] = when
        if relief:
            if not relief.isdigit():
                self.message = field_message("trial_relief_percent", relief)
                return
            profile["trial_relief_percent"] = int(relief)
        if self._save(profile):
            self.message = (
                _("Your trial is saved.")
                if when or relief
                else _("Nothing to save yet: type the date of your trial or how much it helped.")
            )

    def _save(self, profile: dict) -> bool:
        try:
            self.companion.save_profile(profile)
        except ValidationError as exc:
            self.message = " ".join(field_message(field, profile.get(field)) for field in exc.errors)
            return False
        except NotSavedError as exc:
            self.message = str(exc)
            return False
        self.refresh()
        return True


load_kv_beside(__file__)
