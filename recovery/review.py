"""Summaries of check-ins over a range of days: what a caregiver reads at a glance.

One function, :func:`review_period`, serves every range: the week on the Week screen,
"since surgery", "since the last refill", "last 30 days" for a report. Each day gets its
worst and average pain, highest temperature, the signs reported, the highest triage
level any of its check-ins reached, its notes, and whether it was missed.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from recovery.checkin import local_day, recorded_at
from recovery.i18n import N_, _, language
from recovery.triage import Assessment, History, Level, assess, history_days

#: Short labels for each reported sign, as a caregiver's list shows them (English; :func:`signs_of` translates).
_SIGN_WORDS: dict[str, dict[Any, str]] = {
    "slow_breathing": {True: N_("slow or shallow breathing")},
    "confused_or_hard_to_wake": {True: N_("confused or hard to wake")},
    "leg_weakness": {"sudden": N_("sudden leg weakness"), "gradual": N_("leg weakness (gradual)")},
    "stiff_neck": {True: N_("stiff neck")},
    "headache": {"mild": N_("mild headache"), "moderate": N_("moderate headache"), "severe": N_("severe headache")},
    "headache_upright": {True: N_("headache worse upright")},
    "nausea": {True: N_("nausea")},
    "pump_swelling": {"small_stable": N_("small swelling at pump"), "new_or_growing": N_("new or growing swelling at pump")},
    "urination_trouble": {True: N_("trouble passing urine")},
    "bowel_bladder_change": {True: N_("bowel or bladder change")},
    "itching_tingling": {True: N_("itching or tingling")},
    "spasticity_increase": {True: N_("more stiffness or spasms")},
    "pump_alarm": {"single_tone": N_("pump alarm (single tone)"), "two_tone": N_("pump alarm (two-tone)")},
    "drowsy": {True: N_("more drowsy than usual")},
    "cannot_pass_urine": {True: N_("no urine for 8 hours")},
    "seizure": {True: N_("seizure")},
    "self_harm_thoughts": {True: N_("thoughts of self-harm")},
    "hallucinations_or_mood_change": {True: N_("hallucinations or mood change")},
    "dizzy_or_fainting": {True: N_("dizzy or fainting")},
    "rash_or_hives": {True: N_("rash or hives")},
    "pump_moved": {True: N_("pump feels moved")},
}
#: A wound sign in a caregiver's list ("wound redness").
_WOUND_WORDS = {
    "redness": N_("wound redness"),
    "warmth": N_("wound warmth"),
    "swelling": N_("wound swelling"),
    "drainage": N_("wound drainage"),
    "opening": N_("wound opening"),
    "bleeding": N_("wound bleeding"),
}


def signs_of(checkin: Mapping[str, Any], lang: str | None = None) -> list[str]:
    """The warning signs a check-in reports, in plain words (temperature and pain excluded).

    In ``lang`` (default: the current language).
    """
    words = language(lang)
    signs = []
    for field, labels in _SIGN_WORDS.items():
        label = labels.get(checkin[field]) if field in checkin else None
        if label:
            signs.append(words._(label))
    signs.extend(words._(_WOUND_WORDS[sign]) for sign in checkin.get("wound", ()))
    return signs


@dataclass(frozen=True)
class Note:
    """A note written with a check-in, with when it was written (local time of the check-in)."""

    recorded_at: str
    time: str
    text: str


@dataclass(frozen=True)
class Warning:
    """A check-in that reached call_doctor or emergency, with its full assessment."""

    recorded_at: str
    assessment: Assessment
    checkin: Mapping[str, Any]


@dataclass(frozen=True)
class Entry:
    """One check-in of a day with what triage said about it."""

    checkin: Mapping[str, Any]
    assessment: Assessment


@dataclass(frozen=True)
class DaySummary:
    day: date
    checkin_count: int
    worst_pain: int | None
    average_pain: float | None
    highest_temperature_c: float | None
    signs: tuple[str, ...]
    level: Level | None
    notes: tuple[Note, ...]
    missed: bool
    entries: tuple[Entry, ...] = ()
    before_first_use: bool = False
    """True for a day before the first check-in ever made: not missed, the app was not in use yet."""

    @property
    def needs_attention(self) -> bool:
        """True for days that reached call_doctor or emergency."""
        return self.level is not None and self.level >= Level.CALL_DOCTOR

    @property
    def was_emergency(self) -> bool:
        return self.level == Level.EMERGENCY


@dataclass(frozen=True)
class PeriodReview:
    start: date
    end: date
    days: tuple[DaySummary, ...]
    warnings: tuple[Warning, ...]
    average_pain: float | None
    previous_average_pain: float | None

    @property
    def pain_trend(self) -> float | None:
        """Average pain minus the previous period's (negative is better), or ``None``."""
        if self.average_pain is None or self.previous_average_pain is None:
            return None
        return round(self.average_pain - self.previous_average_pain, 1)

    @property
    def worst_day(self) -> DaySummary | None:
        """The day with the highest level, then the highest pain; ``None`` without check-ins."""
        checked = [d for d in self.days if d.checkin_count]
        if not checked:
            return None
        return max(checked, key=lambda d: (d.level.rank if d.level else -1, d.worst_pain or 0))

    @property
    def missed_days(self) -> int:
        return sum(1 for d in self.days if d.missed)

    @property
    def emergency_days(self) -> int:
        return sum(1 for d in self.days if d.was_emergency)

    @property
    def call_days(self) -> int:
        """Days whose worst check-in said "call today" (emergency days are counted apart)."""
        return sum(1 for d in self.days if d.level == Level.CALL_DOCTOR)

    @property
    def days_before_first_use(self) -> int:
        return sum(1 for d in self.days if d.before_first_use)


def review_period(
    checkins: Iterable[Mapping[str, Any]],
    start: date,
    end: date,
    *,
    profile: Mapping[str, Any] | None = None,
    today: date | None = None,
    first_use: date | None = None,
    lang: str | None = None,
) -> PeriodReview:
    """Summarise the check-ins from ``start`` to ``end`` (inclusive), one row per day.

    Signs and triage words are in ``lang`` (default: the current language).

    ``checkins`` may hold any others too (they give triage its pain history and the
    previous period its average). A day is *missed* if it had no check-in, is not in the
    future (``today``), is not before the implant date in ``profile``, and is not before
    ``first_use``, the day of the first check-in ever made (such days are marked
    :attr:`DaySummary.before_first_use` instead: nobody could have checked in with an
    app not yet in use).
    """
    if end < start:
        raise ValueError(_("the end of a review period must not be before its start"))
    everything = sorted(checkins, key=recorded_at)
    length = (end - start).days + 1
    previous_start = start - timedelta(days=length)
    by_day: dict[date, list[Mapping[str, Any]]] = {}
    previous_pains: list[int] = []
    history: list[Mapping[str, Any]] = []
    for checkin in everything:
        day = local_day(checkin)
        if start <= day <= end:
            by_day.setdefault(day, []).append(checkin)
        elif previous_start <= day < start and "pain" in checkin:
            previous_pains.append(checkin["pain"])
        if start - timedelta(days=history_days()) <= day <= end:
            history.append(checkin)

    parsed_history = History.of(history)  # validated once for every assessment below
    surgery = date.fromisoformat(profile["surgery_date"]) if profile and profile.get("surgery_date") else None
    days, warnings, pains = [], [], []
    for offset in range(length):
        day = start + timedelta(days=offset)
        entries = by_day.get(day, [])
        assessments = [assess(c, profile=profile, history=parsed_history, lang=lang) for c in entries]
        for checkin, assessment in zip(entries, assessments):
            if assessment.level >= Level.CALL_DOCTOR:
                warnings.append(Warning(checkin["recorded_at"], assessment, checkin))
        day_pains = [c["pain"] for c in entries if "pain" in c]
        pains.extend(day_pains)
        temperatures = [c["temperature_c"] for c in entries if "temperature_c" in c]
        signs = list(dict.fromkeys(sign for c in entries for sign in signs_of(c, lang)))
        before_first_use = not entries and first_use is not None and day < first_use
        missed = (
            not entries
            and not before_first_use
            and (today is None or day <= today)
            and (surgery is None or day >= surgery)
        )
        days.append(
            DaySummary(
                day=day,
                checkin_count=len(entries),
                worst_pain=max(day_pains) if day_pains else None,
                average_pain=round(statistics.fmean(day_pains), 1) if day_pains else None,
                highest_temperature_c=max(temperatures) if temperatures else None,
                signs=tuple(signs),
                level=max((a.level for a in assessments), default=None),
                notes=tuple(
                    Note(c["recorded_at"], f"{recorded_at(c):%H:%M}", c["notes"]) for c in entries if c.get("notes")
                ),
                missed=missed,
                entries=tuple(Entry(c, a) for c, a in zip(entries, assessments)),
                before_first_use=before_first_use,
            )
        )
    return PeriodReview(
        start=start,
        end=end,
        days=tuple(days),
        warnings=tuple(warnings),
        average_pain=round(statistics.fmean(pains), 1) if pains else None,
        previous_average_pain=round(statistics.fmean(previous_pains), 1) if previous_pains else None,
    )


NAMED_RANGES = ("last_7_days", "last_30_days", "since_surgery", "since_last_refill")


def named_range(name: str, today: date, profile: Mapping[str, Any]) -> tuple[date, date]:
    """The days behind a named review: the last 7 or 30 days, since surgery, or since the last refill.

    The last refill is the next refill date minus the refill interval, when both are known;
    otherwise ``ValueError`` says what is missing.
    """
    if name == "last_7_days":
        return seven_days_ending(today)
    if name == "last_30_days":
        return today - timedelta(days=29), today
    if name == "since_surgery":
        return min(date.fromisoformat(profile["surgery_date"]), today), today
    if name == "since_last_refill":
        if not profile.get("next_refill_date") or not profile.get("refill_interval_days"):
            raise ValueError(_("The last refill is not known: add the next refill date and the refill interval."))
        last = date.fromisoformat(profile["next_refill_date"]) - timedelta(days=profile["refill_interval_days"])
        return min(last, today), today
    raise ValueError(_("unknown range {name}; known: {known}").format(name=repr(name), known=", ".join(NAMED_RANGES)))


def seven_days_ending(day: date) -> tuple[date, date]:
    """The week a caregiver reviews: the 7 days up to and including ``day``."""
    return day - timedelta(days=6), day
