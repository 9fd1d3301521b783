"""The Today screen: day N, phase, today's restrictions and what comes next.

This first version also asks for the implant date when there is no profile yet; the
full first-run form arrives with the app issue.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from kivy.factory import Factory
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.boxlayout import BoxLayout

from recovery.plan import RecoveryPlan
from recovery.presenters import today_view
from recovery.store import NotSavedError, Store
from recovery.ui.kvload import load_kv_beside
from recovery.validation import ValidationError

load_kv_beside(__file__)


class RestrictionRow(BoxLayout):
    """One "not yet" line: what to avoid, and until when."""

    title = StringProperty("")
    until = StringProperty("")


class TodayScreen(BoxLayout):
    """Shows :func:`recovery.presenters.today_view` for the saved implant date."""

    headline = StringProperty("")
    phase_line = StringProperty("")
    phase_detail = StringProperty("")
    progress = NumericProperty(0.0)
    progress_label = StringProperty("")
    next_milestone = StringProperty("")
    next_change = StringProperty("")
    notice = StringProperty("")
    date_error = StringProperty("")
    needs_profile = BooleanProperty(False)
    restrictions_box = ObjectProperty(None)

    def __init__(self, store: Store | None, plan: RecoveryPlan, today: date, notice: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.store = store
        self.plan = plan
        self.today = today
        self.notice = notice
        self.refresh()

    def refresh(self) -> None:
        profile = self.store.profile() if self.store else None
        self.needs_profile = self.store is not None and profile is None
        if not profile:
            return
        view = today_view(self.plan.status(profile["surgery_date"], self.today, profile.get("cleared", ())))
        self.headline = view.headline
        self.phase_line = view.phase_line
        self.phase_detail = view.phase_detail
        self.progress = view.progress
        self.progress_label = view.progress_label
        self.next_milestone = view.next_milestone
        self.next_change = view.next_change
        box = self.restrictions_box
        box.clear_widgets()
        if not view.restrictions:
            box.add_widget(Factory.BodyLabel(text="No restrictions from the plan today."))
        for line in view.restrictions:
            box.add_widget(RestrictionRow(title=line.title, until=line.until))

    def save_surgery_date(self, text: str) -> None:
        """Save the implant date typed on the first screen; say exactly what is wrong if it is refused."""
        assert self.store is not None
        try:
            self.store.save_profile({"surgery_date": text.strip()})
        except ValidationError as exc:
            self.date_error = f"The date {exc.errors.get('surgery_date', str(exc))}"
            return
        except NotSavedError as exc:
            self.date_error = str(exc)
            return
        self.date_error = ""
        self.refresh()
