"""Week review for the caregiver: seven days at a glance, bad days marked, every note readable."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

from kivy.clock import Clock
from kivy.properties import BooleanProperty, ListProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.utils import escape_markup

from recovery.date_words import weekday_letters
from recovery.export import health_warning
from recovery.i18n import N_, _, current_language
from recovery.paths import exports_folder
from recovery.presenters import short_date, trend_line, unbroken, week_rows, week_summary
from recovery.store import NotSavedError
from recovery.review import seven_days_ending
from recovery.ui import chart  # noqa: F401  (registers DayChart for the kv file)
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.ui.widgets import KeyActivated, WrapLabel


class WeekDayRow(KeyActivated, ButtonBehavior, BoxLayout):
    """One day; click (or Enter) opens it to show each check-in of that day with its readings and level."""

    day = StringProperty("")
    pain = StringProperty("")
    temperature = StringProperty("")
    signs = StringProperty("")
    level = StringProperty("")
    level_word = StringProperty("")
    checkins = StringProperty("")
    highlight = BooleanProperty(False)
    details = StringProperty("")
    opened = BooleanProperty(False)
    pressable = BooleanProperty(False)
    """Only a day with check-ins opens; an empty day takes no click and no keyboard focus."""

    def on_details(self, _instance: Any, details: str) -> None:
        self.pressable = bool(details)
        self.is_focusable = self.pressable

    def on_touch_down(self, touch: Any) -> bool:
        return bool(self.pressable and super().on_touch_down(touch))

    def on_release(self) -> None:
        if self.pressable:
            self.opened = not self.opened


class QuestionRow(BoxLayout):
    owner = ObjectProperty(None)
    question_id = StringProperty("")
    text = StringProperty("")


class WeekScreen(BaseScreen):
    """The 7 days up to a chosen day (today at first), with previous/next week."""

    period = StringProperty("")
    question_error = StringProperty("")
    export_message = StringProperty("")
    exporting = BooleanProperty(False)
    trend = StringProperty("")
    summary = StringProperty("")
    chart_days = ListProperty([])
    unit = StringProperty("C")
    can_go_forward = BooleanProperty(False)
    title_id = N_("Week")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
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
        self.period = _("{first} to {last}").format(first=unbroken(short_date(start, today)), last=unbroken(short_date(end, today)))
        self.can_go_forward = end < today
        self.trend = trend_line(review)
        self.summary = week_summary(review)
        self.chart_days = [
            {
                "label": weekday_letters(day.day),
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
            notes_box.add_widget(WrapLabel(text=_("No notes this week.")))
        self._show_questions()

    def relabel(self) -> None:
        """The words again in the new language: the same week, with the same days opened."""
        opened = [row.opened for row in reversed(self.ids.rows_box.children)]
        self.refresh()
        for row, was_open in zip(reversed(self.ids.rows_box.children), opened):
            row.opened = was_open and bool(row.details)

    def _show_questions(self) -> None:
        box = self.ids.questions_box
        box.clear_widgets()
        for question in self.companion.questions():
            box.add_widget(QuestionRow(owner=self, question_id=question.id, text=question.text))
        if not box.children:
            box.add_widget(WrapLabel(text=_("No questions yet.")))

    def add_question(self, text: str) -> None:
        try:
            self.companion.add_question(text)
        except (ValueError, NotSavedError) as exc:
            self.question_error = str(exc)
            return
        self.question_error = ""
        self.ids.question_input.text = ""
        self._show_questions()

    def resolve_question(self, question_id: str) -> None:
        try:
            self.companion.resolve_question(question_id)
        except NotSavedError as exc:
            self.question_error = str(exc)
        self._show_questions()

    def export_report(self, lang: str | None = None) -> None:
        """Write the PDF for the care team in the background, showing progress.

        In the language on screen, or in ``lang`` ("en" for a care team that reads English).
        """
        if self.exporting:
            return
        start, end = self.companion.report_range()
        suffix = f"-{lang}" if lang else ""
        path = exports_folder() / f"recovery-report-{end.isoformat()}{suffix}.pdf"
        self.exporting = True
        self.export_message = _("Preparing the report…")

        def progress(share: float) -> None:
            words = _("Preparing the report… {percent} %").format(percent=round(share * 100))
            Clock.schedule_once(lambda _dt: setattr(self, "export_message", words))

        def done(saved: Path) -> None:
            self.exporting = False
            self.export_message = _("Saved the report for {first} to {last}: {path}. {warning}").format(
                first=short_date(start, end), last=short_date(end, end), path=saved, warning=health_warning()
            )

        def failed(error: Exception) -> None:
            self.exporting = False
            self.export_message = _("The report was not saved: {problem}").format(problem=error)

        words = lang or current_language()  # fixed here: the report is worded on another thread
        self.shell.run_in_background(lambda: self.companion.export_pdf(path, start, end, progress, lang=words), done, failed)

    def previous_week(self) -> None:
        self.ending = (self.ending or self.companion.today()) - timedelta(days=7)
        self.refresh()

    def next_week(self) -> None:
        today = self.companion.today()
        self.ending = min(today, (self.ending or today) + timedelta(days=7))
        self.refresh()


load_kv_beside(__file__)
