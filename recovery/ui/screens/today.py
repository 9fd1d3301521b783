"""Today: what day it is, what not to do yet, whether you have checked in, what comes next."""

from __future__ import annotations

from typing import Any

from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.utils import escape_markup

from recovery.care_words import care_lines
from recovery.i18n import N_, _, ngettext
from recovery.presenters import RestrictionLine, refill_line, today_view
from recovery.read_aloud import today_script
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.ui.widgets import Reveal


class RestrictionRow(BoxLayout):
    """One "not yet" line: an icon, what to avoid, and until when."""

    title = StringProperty("")
    until = StringProperty("")
    icon = StringProperty("")


class PumpRow(Reveal):
    """"My pump is beeping" and "My pump": two buttons of one height, side by side or stacked."""

    button_height = NumericProperty(0)


class TodayScreen(BaseScreen):
    """Day N of about 56, the phase, today's restrictions, the check-in button and the next milestone."""

    headline = StringProperty("")
    phase_line = StringProperty("")
    phase_detail = StringProperty("")
    progress = NumericProperty(0.0)
    progress_label = StringProperty("")
    checkin_status = StringProperty("")
    checked_in = BooleanProperty(False)
    warning_level = StringProperty("")
    warning_text = StringProperty("")
    next_milestone = StringProperty("")
    next_origin = StringProperty("")
    next_change = StringProperty("")
    refill = StringProperty("")
    before_surgery = BooleanProperty(False)
    preop_progress = StringProperty("")
    care_text = StringProperty("")
    preop_todo = StringProperty("")
    restrictions_box = ObjectProperty(None)
    title_id = N_("Today")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._warning: Any = None
        self._not_yet: tuple[str, ...] = ()

    def refresh(self) -> None:
        self.ids.scroller.scroll_y = 1  # Today always opens at its top (after a check-in too)
        status = self.companion.status()
        if status is None:
            return
        settings = self.companion.settings()
        plan = self.companion.plan
        zone = getattr(self.companion.now().tzinfo, "key", None)
        view = today_view(status, plan.clinic_name or settings.get("clinic_name"), zone)
        self.headline = view.headline
        self.phase_line = view.phase_line
        self.phase_detail = view.phase_detail
        self.progress = view.progress
        self.progress_label = view.progress_label
        self.next_milestone = view.next_milestone
        self.next_origin = view.next_origin
        self.next_change = view.next_change
        self._show_restrictions(view.restrictions)
        today_date = self.companion.today()
        self.before_surgery = status.before_surgery
        self.refill = "" if status.before_surgery else refill_line(settings, today_date)
        care = care_lines(plan, settings, today_date, "today")
        self.care_text = "\n\n".join(f"[b]{escape_markup(c.title)}[/b]\n{escape_markup(c.detail)}" for c in care)
        checklist = self.companion.pump_content().checklist
        done = set(settings.get("preop_done", []))
        self.preop_progress = ngettext("{done} of {count} thing done", "{done} of {count} things done", len(checklist)).format(
            done=len(done), count=len(checklist)
        )
        self.preop_todo = "\n".join(f"•  {item.title}" for item in checklist if item.id not in done)

        today = self.companion.checkins_today()
        self.checked_in = today.count > 0
        if today.count == 0:
            self.checkin_status = _("You have not checked in today.")
        elif today.count == 1:
            self.checkin_status = _("Checked in once today, last at {time}.").format(time=today.last_time)
        else:
            self.checkin_status = ngettext(
                "Checked in {count} time today, last at {time}.", "Checked in {count} times today, last at {time}.", today.count
            ).format(count=today.count, time=today.last_time)

        self._warning = self.companion.latest_warning()
        if self._warning:
            record, assessment = self._warning
            self.warning_level = str(assessment.level)
            # Translators: Today's coloured banner after a warning; {what} is the level's title from the rules
            self.warning_text = _("{what}. Tap to see why.").format(what=assessment.title)
        else:
            self.warning_level = ""
            self.warning_text = ""

    def _show_restrictions(self, lines: tuple[RestrictionLine, ...]) -> None:
        box = self.restrictions_box
        box.clear_widgets()
        self._not_yet = tuple(line.title for line in lines)
        for line in lines:
            until = f"{line.until} · {line.origin}" if line.origin else line.until
            box.add_widget(RestrictionRow(title=line.title, until=until, icon=line.icon))

    def spoken_text(self) -> str:
        """What "Read aloud" says: the day, what to do, what not to do yet, any warning, the numbers to call."""
        return today_script(
            self.headline,
            self.phase_detail,
            self._not_yet,
            self.warning_level or None,
            self.companion.settings(),
        )

    def open_warning(self) -> None:
        if self._warning:
            record, assessment = self._warning
            self.shell.go("result", record=record, assessment=assessment)


load_kv_beside(__file__)
