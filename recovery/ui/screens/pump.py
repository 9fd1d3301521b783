"""Your pump: the pump card, refills and dose changes, the battery, and cautions away from home."""

from __future__ import annotations

from datetime import date
from typing import Any

from kivy.properties import BooleanProperty, DictProperty, StringProperty
from kivy.utils import escape_markup

from recovery.care_words import care_lines
from recovery.export import health_warning
from recovery.i18n import N_, _
from recovery.paths import exports_folder
from recovery.date_words import short_date
from recovery.pump_words import battery_line, pump_card_lines, refill_line
from recovery.pump import battery_window
from recovery.store import NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.form_words import field_message
from recovery.validation import ValidationError

DETAIL_FIELDS = ("pump_model", "drug_concentration", "after_hours_phone", "next_refill_date", "refill_interval_days")


class PumpScreen(BaseScreen):
    card_text = StringProperty("")
    refill_text = StringProperty("")
    events_text = StringProperty("")
    battery_text = StringProperty("")
    battery_explanation = StringProperty("")
    cautions_text = StringProperty("")
    care_text = StringProperty("")
    message = StringProperty("")
    details_message = StringProperty("")
    errors = DictProperty({})
    card_message = StringProperty("")
    title_id = N_("Pump")

    def refresh(self) -> None:
        settings = self.companion.settings()
        if not settings:
            return
        today = self.companion.today()
        content = self.companion.pump_content()
        self.card_text = "\n".join(f"[b]{label}:[/b] {escape_markup(value)}" for label, value in pump_card_lines(settings))
        self.refill_text = refill_line(settings, today) or _(
            "Add the next refill date or the interval below to get a countdown and reminders."
        )
        events = self.companion.pump_events()
        words = {"refill": _("Refill"), "dose_change": _("Dose change")}
        self.events_text = "\n".join(
            f"{short_date(date.fromisoformat(e['date']), today)}: {words[e['kind']]}" + (f" ({e['note']})" if e["note"] else "")
            for e in reversed(events[-10:])
        ) or _("Nothing logged yet.")
        window = battery_window(content, date.fromisoformat(settings["surgery_date"]))
        self.battery_text = battery_line(window.earliest, window.latest, window.book_by, today)
        self.battery_explanation = content.battery_explanation
        self.cautions_text = "\n\n".join(f"[b]{c.title}[/b]\n{c.detail}" for c in content.cautions)
        care = care_lines(self.companion.plan, settings, today, "pump")
        self.care_text = "\n\n".join(f"[b]{escape_markup(c.title)}[/b]\n{escape_markup(c.detail)}" for c in care)
        for name in DETAIL_FIELDS:
            self.ids[name].text = str(settings.get(name, ""))
        self.message = self.details_message = self.card_message = ""

    def log_event(self, kind: str) -> None:
        try:
            self.companion.log_pump_event(kind, self.companion.today())
        except (ValueError, NotSavedError) as exc:
            self.message = str(exc)
            return
        self.refresh()
        days = self.companion.pump_content().extra_question_days
        if kind == "refill":
            message = _(
                "Logged today's refill. For the next {days} days, tell the check-in if you are more drowsy than usual: "
                "it then means a call to your clinic."
            )
        else:
            message = _(
                "Logged today's dose change. For the next {days} days, tell the check-in if you are more drowsy than usual: "
                "it then means a call to your clinic."
            )
        self.message = message.format(days=days)

    def save_details(self) -> None:
        profile = dict(self.companion.profile() or {})
        for name in DETAIL_FIELDS:
            text = self.ids[name].text.strip()
            profile.pop(name, None)
            if text:
                profile[name] = int(text) if name == "refill_interval_days" and text.isdigit() else text
        try:
            self.companion.save_profile(profile)
        except ValidationError as exc:
            self.errors = {field: field_message(field, profile.get(field)) for field in exc.errors}
            self.details_message = _("Not saved yet: please look at the answers marked in red above.")
            return
        except NotSavedError as exc:
            self.details_message = str(exc)
            return
        self.refresh()
        self.errors = {}
        self.details_message = _("Saved.")

    def save_card(self) -> None:
        path = exports_folder() / "pump-card.pdf"

        def done(saved: Any) -> None:
            self.card_message = _("Saved {path}. Print it and keep it with your ID. {warning}").format(
                path=saved, warning=health_warning()
            )

        def failed(error: Exception) -> None:
            self.card_message = _("The card was not saved: {problem}").format(problem=error)

        self.card_message = _("Saving…")
        self.shell.run_in_background(lambda: self.companion.export_pump_card(path), done, failed)


load_kv_beside(__file__)
