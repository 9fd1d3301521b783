"""Week review for the caregiver: seven days at a glance, bad days marked, every note readable."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from kivy.properties import BooleanProperty, ListProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout
from kivy.utils import escape_markup

from recovery.presenters import short_date, trend_line, week_rows
from recovery.review import seven_days_ending
from recovery.ui import chart  # noqa: F401  (registers DayChart for the kv file)
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.ui.widgets import WrapLabel


class WeekDayRow(BoxLayout):
    day = StringProperty("")
    pain = StringProperty("")
    temperature = StringProperty("")
    signs = StringProperty("")
    level = StringProperty("")
    level_word = StringProperty("")
    checkins = StringProperty("")
    highlight = BooleanProperty(False)


class WeekScreen(BaseScreen):
    """The 7 days up to a chosen day (today at first), with previous/next week."""

    period = StringProperty("")
    trend = StringProperty("")
    summary = StringProperty("")
    chart_days = ListProperty([])
    unit = StringProperty("C")
    can_go_forward = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.title = "Week"
        self.ending = None

    def on_pre_enter(self, *args: Any) -> None:
        self.ending = None  # opening the screen always starts at this week
        super().on_pre_enter(*args)

    def refresh(self) -> None:
        today = self.companion.today()
        ending = self.ending or today
        self.unit = self.companion.settings().get("temperature_unit", "C")
        review = self.companion.week_review(ending)
        start, end = seven_days_ending(ending)
        self.period = f"{short_date(start, today)} to {short_date(end, today)}"
        self.can_go_forward = end < today
        self.trend = trend_line(review)
        attention = [d for d in review.days if d.needs_attention]
        missed = review.missed_days
        parts = []
        parts.append(f"{len(attention)} day{'s' if len(attention) != 1 else ''} needed a call" if attention else "No day needed a call")
        if missed:
            parts.append(f"{missed} day{'s' if missed != 1 else ''} without a check-in")
        self.summary = ". ".join(parts) + "."
        self.chart_days = [
            {
                "label": f"{day.day:%a}"[:2],
                "pain": day.worst_pain,
                "temperature_c": day.highest_temperature_c,
                "level": str(day.level) if day.level else "",
            }
            for day in review.days
        ]
        rows_box = self.ids.rows_box
        rows_box.clear_widgets()
        for row in week_rows(review, self.unit, today):
            rows_box.add_widget(WeekDayRow(**vars(row)))
        notes_box = self.ids.notes_box
        notes_box.clear_widgets()
        notes = [(day.day, note) for day in review.days for note in day.notes]
        for day, note in notes:
            notes_box.add_widget(WrapLabel(text=f"[b]{short_date(day, today)} {note.time}[/b]  {escape_markup(note.text)}", markup=True))
        if not notes:
            notes_box.add_widget(WrapLabel(text="No notes this week."))

    def previous_week(self) -> None:
        self.ending = (self.ending or self.companion.today()) - timedelta(days=7)
        self.refresh()

    def next_week(self) -> None:
        today = self.companion.today()
        self.ending = min(today, (self.ending or today) + timedelta(days=7))
        self.refresh()


load_kv_beside(__file__)
