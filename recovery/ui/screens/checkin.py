"""Check in: pain, temperature and warning signs in a few taps; everything can be skipped.

On a normal day it is one tap on the pain scale and one on Save, which stays in a bar
at the bottom of the window. Follow-up questions appear only when they matter. Saving
runs off the main thread, so a slow disk never freezes the window; if the save fails,
every answer stays on screen. A refused answer is outlined in red, explained beside
its field, and scrolled to.

Nothing typed is lost: the answers are kept as a draft in the store a moment after each
change, when the screen is left (Esc, Back, another tab) and when the window closes,
and they come back on the next visit until the check-in is saved or started afresh.
"""

from __future__ import annotations

from dataclasses import asdict, fields
from datetime import datetime
from typing import Any

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import BooleanProperty, DictProperty, StringProperty
from kivy.uix.textinput import TextInput

from recovery.date_words import clock_time, weekday_date
from recovery.i18n import N_, _, language
from recovery.checkin_form import CHOICES, MORE_SIGN_CHOICES, SIGN_CHOICES, WOUND_CHOICES, YES_NO, CheckinForm, temperature_example
from recovery.pump import in_extra_question_window
from recovery.services import Recorded
from recovery.store import Draft, NotSavedError
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen
from recovery.ui.widgets import ChoiceChips, PainScale
from recovery.validation import ValidationError

DROWSY_QUESTION = N_("More drowsy or sleepy than usual?")
#: Seconds after the last change before the answers are kept as a draft.
DRAFT_DELAY_S = 0.8
#: The form's answer → the id of the widget that holds it, where the names differ.
ANSWER_WIDGETS = {"temperature_text": "temperature"}
#: A refused check-in field → the card to outline and scroll to, and its name in the message.
ERROR_PLACES = {
    # Translators: names of answers in "Not saved yet: please look at {answers}, marked in red."
    "temperature_c": ("temperature_card", N_("the temperature")),
    "notes": ("notes_card", N_("the notes")),
    "pain": ("pain_card", N_("the pain score")),
}


class CheckinScreen(BaseScreen):
    """The check-in form; :meth:`save` records it and opens the result."""

    unit = StringProperty("C")
    temperature_hint = StringProperty("")
    errors = DictProperty({})
    saving = BooleanProperty(False)
    extra_question = StringProperty("")
    """The drowsiness question's wording after a refill or dose change (empty otherwise)."""
    more_open = BooleanProperty(False)
    """Whether the "Anything else?" group of rarer signs is unfolded."""
    message = StringProperty("")
    draft_note = StringProperty("")
    """Shown above the questions when answers from an earlier visit were brought back."""
    choices = CHOICES
    wound_choices = WOUND_CHOICES
    sign_choices = SIGN_CHOICES
    more_sign_choices = MORE_SIGN_CHOICES
    yes_no = YES_NO
    drowsy_question = DROWSY_QUESTION

    title_id = N_("Check in")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._filling = False
        self._draft_saved_at: datetime | None = None
        self._draft_trigger = Clock.create_trigger(lambda _dt: self.keep_draft(), DRAFT_DELAY_S)

    def on_kv_post(self, _base_widget: Any) -> None:
        for widget in self.ids.values():
            if isinstance(widget, TextInput):
                widget.bind(text=self._answer_changed)
            elif isinstance(widget, ChoiceChips):
                widget.bind(value=self._answer_changed, values=self._answer_changed)
            elif isinstance(widget, PainScale):
                widget.bind(value=self._answer_changed)

    def refresh(self) -> None:
        settings = self.companion.settings()
        self.unit = settings.get("temperature_unit", "C")
        in_window = in_extra_question_window(settings, self.companion.today()) if settings else False
        self.extra_question = self.companion.pump_content().extra_question if in_window else ""
        self.temperature_hint = _("e.g. {example}").format(example=temperature_example(self.unit))
        if self.is_blank():
            self._bring_back(self.companion.checkin_draft())
        else:  # back mid-way (after Esc or another tab): the answers are still here, and say so
            self._draft_saved_at = self.companion.now()
            self.draft_note = draft_words(self._draft_saved_at, self.companion.now())
        self.ids.scroller.scroll_y = 1  # the check-in always opens at its first question

    def relabel(self) -> None:
        """The words made here, again in the new language; the answers and their place stay."""
        settings = self.companion.settings()
        in_window = in_extra_question_window(settings, self.companion.today()) if settings else False
        self.extra_question = self.companion.pump_content().extra_question if in_window else ""
        self.temperature_hint = _("e.g. {example}").format(example=temperature_example(self.unit))
        if self.draft_note and self._draft_saved_at is not None:
            self.draft_note = draft_words(self._draft_saved_at, self.companion.now())
        if self.errors:
            self.message = ""  # the reasons were in the other language: Save says them again

    # ------------------------------------------------------------------ the answers on screen

    def form(self) -> CheckinForm:
        """Read every question on screen into a :class:`CheckinForm`."""
        ids = self.ids
        pain = int(ids.pain.value)
        return CheckinForm(
            pain=pain if pain >= 0 else None,
            temperature_text=ids.temperature.text,
            headache=ids.headache.value,
            headache_upright=ids.headache_upright.value,
            wound=list(ids.wound.values),
            pump_swelling=ids.pump_swelling.value,
            leg_weakness=ids.leg_weakness.value,
            signs=[*ids.signs.values, *ids.more_signs.values],
            pump_alarm=ids.pump_alarm.value,
            notes=ids.notes.text,
            drowsy=ids.drowsy.value,
        )

    def show(self, answers: dict[str, Any]) -> None:
        """Put ``answers`` (a :class:`CheckinForm` as a dict) on screen; unknown names are ignored."""
        self._filling = True
        try:
            for name, value in answers.items():
                if name == "signs":  # one answer, shown in two groups: the usual signs and "Anything else?"
                    self._show_signs(value if isinstance(value, list) else [])
                    continue
                widget = self.ids.get(ANSWER_WIDGETS.get(name, name))
                if isinstance(widget, TextInput):
                    widget.text = value if isinstance(value, str) else ""
                elif isinstance(widget, PainScale):
                    widget.value = value if isinstance(value, int) and not isinstance(value, bool) else -1
                elif isinstance(widget, ChoiceChips) and widget.multiple:
                    widget.values = list(value) if isinstance(value, list) else []
                elif isinstance(widget, ChoiceChips):
                    widget.value = value
        finally:
            self._filling = False

    def _show_signs(self, picked: list[Any]) -> None:
        rarer = {name for name, _label in MORE_SIGN_CHOICES}
        self.ids.signs.values = [sign for sign in picked if sign not in rarer]
        self.ids.more_signs.values = [sign for sign in picked if sign in rarer]
        self.more_open = bool(self.ids.more_signs.values)

    def is_blank(self) -> bool:
        return self.form() == CheckinForm()

    def clear(self) -> None:
        self.show(asdict(CheckinForm()))
        self.errors = {}
        self.message = ""
        self.draft_note = ""

    # ------------------------------------------------------------------ drafts

    def _answer_changed(self, *_args: Any) -> None:
        if not self._filling:
            self._draft_trigger()

    def _bring_back(self, draft: Draft | None) -> None:
        if draft is None:
            self.draft_note = ""
            return
        known = {f.name for f in fields(CheckinForm)}
        self.show({name: value for name, value in draft.form.items() if name in known})
        self._draft_saved_at = draft.saved_at
        self.draft_note = draft_words(draft.saved_at, self.companion.now())

    def keep_draft(self, wait: bool = False) -> None:
        """Keep the answers on screen as the draft (or forget the draft if the form is blank).

        Off the main thread, unless ``wait`` (the window is closing). A failure to keep a
        draft is said once in the message line; the answers are still on screen.
        """
        self._draft_trigger.cancel()
        if self.saving or self.shell.companion is None:
            return
        companion = self.companion
        answers = None if self.is_blank() else asdict(self.form())

        def work() -> None:
            if answers is None:
                companion.clear_checkin_draft()
            else:
                companion.save_checkin_draft(answers)

        if wait:
            try:
                work()
            except NotSavedError:
                pass  # the window is closing; nothing more can be done or said
            return
        self.shell.run_in_background(work, lambda _none: None, self._draft_failed)

    def _draft_failed(self, error: Exception) -> None:
        if isinstance(error, NotSavedError) and not self.message:
            self.message = _("Your answers could not be kept as a draft: {problem} They are still here.").format(problem=error)

    def start_afresh(self) -> None:
        self.clear()
        self.keep_draft()

    def on_leave(self, *_args: Any) -> None:
        """Leaving with answers typed (Back, Esc, another tab): keep them, and say so."""
        if self.is_blank() or self.saving:
            return
        self.keep_draft()
        self.shell.notify(_("Your check-in is not saved yet. Your answers are kept: open Check in to finish it."))

    # ------------------------------------------------------------------ saving

    def save(self) -> None:
        """Validate on screen, then save in the background and show the result."""
        if self.saving:
            return
        try:
            fields_ = self.form().fields(self.unit)
            checkin = self.companion.new_checkin(fields_)
        except ValidationError as exc:
            self._refused(exc)
            return
        self._draft_trigger.cancel()
        self.errors = {}
        self.saving = True
        self.message = _("Saving…")
        companion = self.companion
        self.shell.run_in_background(lambda: companion.record_checkin(checkin, clears_draft=True), self._saved, self._failed)

    def _saved(self, recorded: Recorded) -> None:
        self.saving = False
        self.clear()
        self.shell.go("result", record=None, recorded=recorded, assessment=recorded.assessment)

    def _failed(self, error: Exception) -> None:
        self.saving = False
        if isinstance(error, ValidationError):
            self._refused(error)
        elif isinstance(error, NotSavedError):
            self.message = _("{problem} Your answers are still here.").format(problem=error)
        else:
            self.message = _("Not saved: something went wrong ({problem}). Your answers are still here.").format(
                problem=error.__class__.__name__
            )

    def _refused(self, error: ValidationError) -> None:
        """Outline each refused answer's card, say why beside it, and scroll to the first."""
        self.errors = dict(error.errors)
        places = [ERROR_PLACES[key] for key in self.errors if key in ERROR_PLACES]
        if places:
            names = language().format_list([_(name) for _card, name in places])
            self.message = _("Not saved yet: please look at {answers}, marked in red.").format(answers=names)
            # The explanation grows the card once its text is laid out, a frame later: scroll after that.
            Clock.schedule_once(lambda _dt: Clock.schedule_once(lambda _dt2: self._scroll_to_card(places[0][0]), 0), 0)
        else:  # an answer with no card of its own: say it here, in full
            self.message = _("Not saved yet: {problems}").format(problems=" ".join(self.errors.values()))

    def _scroll_to_card(self, card_id: str) -> None:
        card = self.ids.get(card_id)
        if card is not None:
            self.ids.scroller.scroll_to(card, padding=dp(16), animate=False)


def draft_words(saved_at: datetime, now: datetime) -> str:
    """What to say above answers brought back from an unsaved visit."""
    when = saved_at.astimezone(now.tzinfo)
    if when.date() == now.date():
        return _("Your answers from {time} were kept but not saved. Check them, then press Save.").format(
            time=clock_time(when.time())
        )
    return _(
        "These answers were typed on {day} at {time} and never saved. "
        "Check they are still true today, then press Save, or start afresh."
    ).format(day=weekday_date(when.date()), time=clock_time(when.time()))


load_kv_beside(__file__)
