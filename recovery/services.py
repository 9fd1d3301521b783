"""What the app can ask and do, in one object the screens hold: the use cases.

Screens never touch the store, the plan or triage directly; they call a
:class:`Companion`. That keeps the UI thin, lets tests drive every use case without a
window, and gives one place to hold the lock that lets a save run on a worker thread
(so the window never freezes on a slow disk) while the screen keeps reading.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone, tzinfo
from typing import Any

from recovery.checkin import local_day, recorded_at
from recovery.i18n import _, language
from recovery.plan import PlanStatus, RecoveryPlan
from recovery.profile import with_defaults
from recovery.review import PeriodReview, review_period, seven_days_ending

from recovery.plan_model import SHEET
from recovery.profile import apply_saved_language
from recovery.pump import PumpContent, battery_window, last_event, load_pump_content
from recovery.services_export import ExportCases
from recovery.services_reminders import Delivery, ReminderCases
from recovery.services_sheet import SheetCases
from recovery.store import CheckinRecord, Draft, NotSavedError, Question, Store
from recovery.triage import Assessment, Level, assess, history_days
from recovery.triage_facts import fever_threshold_c

__all__ = ["CHECKIN_DRAFT", "Companion", "Delivery", "Recorded", "TodayCheckins", "local_now", "local_zone"]

Clock = Callable[[], datetime]
#: How long the latest warning stays on the Today screen if nothing newer is logged.
WARNING_SHOWN_FOR = timedelta(hours=36)
#: A check-in typed now may carry a time at most this far past the machine's clock (imports may carry more).
ENTRY_AHEAD_LIMIT = timedelta(days=1)


def local_zone() -> tzinfo:
    """The machine's time zone as an IANA zone (so reminders follow daylight saving), if known."""
    try:
        from tzlocal import get_localzone

        return get_localzone()
    except Exception:  # noqa: BLE001 - an unusual system setup: fall back to the current offset
        return datetime.now().astimezone().tzinfo or timezone.utc


def local_now() -> datetime:
    """Now, as an aware datetime in the machine's time zone."""
    return datetime.now(local_zone())


@dataclass(frozen=True)
class Recorded:
    """A saved check-in and what triage said about it."""

    id: str
    checkin: dict[str, Any]
    assessment: Assessment


@dataclass(frozen=True)
class TodayCheckins:
    count: int
    last_time: str | None


#: The store's name for the check-in screen's draft.
CHECKIN_DRAFT = "checkin"


class Companion(ExportCases, SheetCases, ReminderCases):
    """The app's use cases over one store and one plan.

    ``plan`` is the clinic's plan (or the shipped one); what the screens use is
    :attr:`plan`, that plan with the patient's discharge sheet laid over it.
    """

    def __init__(self, store: Store, plan: RecoveryPlan, clock: Clock = local_now) -> None:
        self.store = store
        self.clinic_plan = plan
        self.clock = clock
        self._lock = threading.RLock()
        self._plan_cache: tuple[Any, RecoveryPlan, str, RecoveryPlan] | None = None

    @property
    def data_folder(self) -> str:
        """Where this patient's data lives (shown in Settings)."""
        return str(self.store.home)

    # ----------------------------------------------------------------- time

    def now(self) -> datetime:
        return self.clock()

    def today(self) -> date:
        return self.clock().date()

    # ----------------------------------------------------------------- profile

    def has_profile(self) -> bool:
        with self._lock:
            return self.store.profile() is not None

    def profile(self) -> dict[str, Any] | None:
        """The profile exactly as saved (no defaults), or ``None`` before first run."""
        with self._lock:
            return self.store.profile()

    def settings(self) -> dict[str, Any]:
        """The profile with defaults filled in (an empty dict before first run)."""
        with self._lock:
            profile = self.store.profile()
        if profile is None:
            return {}
        settings = with_defaults(profile)
        plan = self.plan
        if "fever_threshold_c" not in profile or plan.settings["fever_threshold_c"].origin == SHEET:
            settings["fever_threshold_c"] = plan.fever_threshold_c
        # The limit triage uses (kept within what a clinic may set), so every screen and the report show that one
        settings["fever_threshold_c"] = fever_threshold_c(settings)
        if plan.crisis_line:
            settings["crisis_line"] = plan.crisis_line
        with self._lock:
            events = self.store.pump_events()
        for kind, key in (("refill", "last_refill_date"), ("dose_change", "last_dose_change_date")):
            logged = last_event(events, kind)
            if logged and (not settings.get(key) or logged > date.fromisoformat(settings[key])):
                settings[key] = logged.isoformat()
        return settings

    def save_profile(self, profile: Mapping[str, Any]) -> None:
        with self._lock:
            self.store.save_profile(profile)

    def apply_language(self) -> str:
        """Speak the saved language (the app at start; every CLI command); returns the code now in use.

        Before the first run that is the computer's language if the app has it, else English.
        """
        return apply_saved_language(self.profile())

    def choose_language(self, code: str) -> None:
        """Save the patient's language in the profile (if there is one yet) and switch to it at once.

        Call it where the language listeners may run (the UI thread). ``UnknownLanguageError``
        for a language without a catalog and ``NotSavedError`` leave everything as it was.
        """
        from recovery import i18n

        if code not in i18n.available_languages():
            i18n.set_language(code)  # raises UnknownLanguageError, naming the known ones
        with self._lock:
            profile = self.store.profile()
            if profile is not None:
                self.store.save_profile({**profile, "language": code})
        i18n.set_language(code)

    def set_cleared(self, restriction_id: str, cleared: bool) -> None:
        """Record that the doctor lifted (or reinstated) a restriction."""
        self.plan.restriction(restriction_id)  # KeyError for an unknown id, before any write
        with self._lock:
            profile = self.store.profile() or {}
            lifted = [r for r in profile.get("cleared", []) if r != restriction_id]
            if cleared:
                lifted.append(restriction_id)
            self.store.save_profile({**profile, "cleared": lifted})

    # ----------------------------------------------------------------- plan

    def status(self, on: date | None = None) -> PlanStatus | None:
        """The plan on ``on`` (default today), or ``None`` before first run."""
        settings = self.settings()
        if not settings:
            return None
        return self.plan.status(settings["surgery_date"], on or self.today(), settings.get("cleared", ()))

    # ----------------------------------------------------------------- check-ins

    def new_checkin(self, fields: Mapping[str, Any]) -> dict[str, Any]:
        """A check-in stamped with the current local time and offset."""
        return {"recorded_at": self.now().isoformat(timespec="seconds"), **fields}

    def record_checkin(self, checkin: Mapping[str, Any], *, clears_draft: bool = False) -> Recorded:
        """Save a check-in durably and triage it against the recent history.

        Raises ``ValueError`` for an invalid check-in and ``NotSavedError`` if the disk
        refused it; in both cases nothing was stored. With ``clears_draft`` (the check-in
        screen's Save) the typed-in draft goes once the check-in is safe; should that
        second write fail, the draft is stale anyway (see :meth:`checkin_draft`).
        """
        self._refuse_far_future(checkin)
        with self._lock:
            history = self.store.checkins(since=local_day(checkin) - timedelta(days=history_days()))
            checkin_id = self.store.add_checkin(checkin)
            if clears_draft:
                try:
                    self.store.clear_draft(CHECKIN_DRAFT)
                except NotSavedError:
                    pass
        return Recorded(checkin_id, dict(checkin), assess(checkin, profile=self.settings(), history=history))

    def _refuse_far_future(self, checkin: Mapping[str, Any]) -> None:
        from recovery.validation import ValidationError, describe

        when = checkin.get("recorded_at")
        try:
            moment = recorded_at(checkin)
        except (ValueError, KeyError, TypeError):
            return  # the store's own validation names the problem
        if moment - self.now() > ENTRY_AHEAD_LIMIT:
            raise ValidationError(
                {
                    "recorded_at": _("is more than a day after this computer's clock ({value}); check the date and time").format(
                        value=describe(when)
                    )
                },
                what="check-in",
            )

    def clock_behind(self) -> str | None:
        """A plain sentence if the computer's clock is behind the newest saved check-in, else ``None``."""
        with self._lock:
            records = self.store.checkin_records(since=self.now())
        if not records:
            return None
        newest = recorded_at(records[-1].checkin)
        if newest - self.now() < timedelta(minutes=5):
            return None
        words = language()
        return _(
            "This computer's clock says {now}, but your newest check-in was saved at {newest}. Check the date and "
            "time in the computer's settings; the app shows every check-in up to the newest one meanwhile."
        ).format(
            now=f"{words.format_short_day(self.now().date())} {self.now():%H:%M}",
            newest=f"{words.format_short_day(newest.date())} {newest:%H:%M}",
        )

    def _last_day(self) -> date:
        """Today, or the newest check-in's day if the clock was set back: windows never hide a saved check-in."""
        today = self.today()
        with self._lock:
            future = self.store.checkin_records(since=today + timedelta(days=1))
        return max([today, *(local_day(record.checkin) for record in future)])
    # ----------------------------------------------------------------- the check-in being typed

    def save_checkin_draft(self, form: Mapping[str, Any]) -> None:
        """Keep the check-in answers typed so far (raises ``NotSavedError`` if the disk refuses)."""
        with self._lock:
            self.store.save_draft(CHECKIN_DRAFT, form, self.now().isoformat(timespec="seconds"))

    def clear_checkin_draft(self) -> None:
        with self._lock:
            self.store.clear_draft(CHECKIN_DRAFT)

    def checkin_draft(self) -> Draft | None:
        """The unsaved check-in answers, unless a check-in was saved at or after them (then they were saved)."""
        with self._lock:
            draft = self.store.draft(CHECKIN_DRAFT)
            if draft is None:
                return None
            newer = self.store.checkins(since=draft.saved_at)
        return None if newer else draft

    def assess_record(self, record: CheckinRecord) -> Assessment:
        """Triage a stored check-in again (for reopening its result)."""
        day = local_day(record.checkin)
        with self._lock:
            history = self.store.checkins(since=day - timedelta(days=history_days()), until=day)
        return assess(record.checkin, profile=self.settings(), history=history)

    def checkins_today(self) -> TodayCheckins:
        with self._lock:
            todays = self.store.checkins(since=self.today(), until=self.today())
        if not todays:
            return TodayCheckins(0, None)
        return TodayCheckins(len(todays), f"{recorded_at(todays[-1]):%H:%M}")

    def latest_warning(self) -> tuple[CheckinRecord, Assessment] | None:
        """The newest check-in, if it reached watch or above and is recent."""
        since = self.now() - WARNING_SHOWN_FOR
        with self._lock:
            records = self.store.checkin_records(since=since)
        if not records:
            return None
        latest = records[-1]
        assessment = self.assess_record(latest)
        return (latest, assessment) if assessment.level >= Level.WATCH else None

    def review(self, start: date, end: date) -> PeriodReview:
        """Day-by-day summary of ``start``..``end`` with the period before it for the trend."""
        length = (end - start).days + 1
        with self._lock:
            checkins = self.store.checkins(since=start - timedelta(days=max(length, history_days())), until=end)
        return review_period(
            checkins, start, end, profile=self.settings() or None, today=self.today(), first_use=self.first_use()
        )

    def first_use(self) -> date:
        """The day of the first check-in ever made (tomorrow if there is none yet: every day so far is before it)."""
        with self._lock:
            first = self.store.first_checkin_day()
        return first if first is not None else self.today() + timedelta(days=1)

    def week_review(self, ending: date | None = None) -> PeriodReview:
        """The 7 days up to ``ending`` (default today, or the newest check-in's day if the clock is behind it)."""
        start, end = seven_days_ending(ending or self._last_day())
        return self.review(start, end)

    # ----------------------------------------------------------------- the pump

    def pump_content(self, settings: dict[str, Any] | None = None) -> PumpContent:
        """The pump content with the clinic's values, in the patient's unit (pass ``settings`` if at hand)."""
        unit = (settings if settings is not None else self.settings()).get("temperature_unit", "C")
        return load_pump_content(self.plan.pump_overrides, unit, self.plan.lifting_limit_lb)

    def log_pump_event(self, kind: str, on: date, note: str = "") -> str:
        """Log a refill or a dose change; for the next days drowsiness in a check-in means a call to the clinic."""
        with self._lock:
            return self.store.add_pump_event(kind, on.isoformat(), note)

    def pump_events(self) -> list[dict[str, Any]]:
        with self._lock:
            return self.store.pump_events()

    def battery_book_by(self, settings: dict[str, Any] | None = None) -> date | None:
        """When to book the pump replacement (pass ``settings`` if at hand: it saves reading them again)."""
        settings = settings if settings is not None else self.settings()
        if not settings:
            return None
        return battery_window(self.pump_content(settings), date.fromisoformat(settings["surgery_date"])).book_by

    # ----------------------------------------------------------------- questions for the visit

    def questions(self) -> list[Question]:
        with self._lock:
            return self.store.questions()

    def add_question(self, text: str) -> str:
        """Keep a question for the next visit (empty text is refused with ``ValueError``)."""
        if not text.strip():
            raise ValueError(_("Type your question first."))
        with self._lock:
            return self.store.add_question(text, self.now().isoformat(timespec="seconds"))

    def resolve_question(self, question_id: str) -> None:
        with self._lock:
            self.store.set_question_resolved(question_id, True)
