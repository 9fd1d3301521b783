"""Life with the pump: the trial and the pre-operative checklist, refills, alarms, battery, the pump card.

All words and numbers come from ``data/pump.json`` with their sources; the clinic can
set the battery life and the hot-tub limit, where sources disagree, in ``clinic.json``.
The words are read in the patient's language (``data/i18n/<lang>.json``), once per language.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from recovery.checkin import format_temperature
from recovery.drugs import drug_of
from recovery.i18n import _, cached_per_language, language
from recovery.i18n.data_texts import localised
from recovery.jsonfile import JSONFileError, load_strict_json
from recovery.paths import DATA_DIR
from recovery.validation import describe, is_real_number

PUMP_FILE = DATA_DIR / "pump.json"
EVENT_KINDS = ("refill", "dose_change")
#: Numbers read from the file are the same in every language; read them from the English.
DATA_LANGUAGE = "en"


@dataclass(frozen=True)
class Item:
    id: str
    title: str
    detail: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class AlarmAdvice:
    id: str
    tone: str
    title: str
    sound: str
    meaning: str
    level: str
    action: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class PumpContent:
    trial_bar_percent: int
    trial_explanation: str
    trial_sources: tuple[str, ...]
    checklist: tuple[Item, ...]
    bring: tuple[str, ...]
    bring_sources: tuple[str, ...]
    extra_question_days: int
    extra_question: str
    extra_question_explanation: str
    alarms: tuple[dict[str, Any], ...]
    alarm_notes: tuple[str, ...]
    alarm_note_sources: tuple[str, ...]
    battery_years: tuple[float, float]
    book_months_before: int
    battery_explanation: str
    battery_sources: tuple[str, ...]
    cautions: tuple[Item, ...]
    hot_tub_limit_c: float


@cached_per_language
def _raw(lang: str) -> Mapping[str, Any]:
    """``data/pump.json`` with its texts in ``lang``; treat it as read-only."""
    try:
        return localised(PUMP_FILE.name, load_strict_json(PUMP_FILE), lang)
    except JSONFileError as exc:
        raise ValueError(str(exc)) from None


def check_pump_overrides(overrides: Mapping[str, Any], source: str) -> dict[str, Any]:
    """The clinic's pump settings, checked; raises ``PlanConfigError`` naming the file and field."""
    from recovery.plan_parse import PlanConfigError

    checked: dict[str, Any] = {}
    if "battery_years" in overrides:
        years = overrides["battery_years"]
        if (
            not isinstance(years, list)
            or len(years) != 2
            or not all(is_real_number(y) for y in years)
            or not 1 <= years[0] <= years[1] <= 15
        ):
            raise PlanConfigError(
                source, "battery_years", _("must be [shortest, longest] in years, 1 to 15 (got {value})").format(value=describe(years))
            )
        checked["battery_years"] = (float(years[0]), float(years[1]))
    if "hot_tub_limit_c" in overrides:
        limit = overrides["hot_tub_limit_c"]
        if not is_real_number(limit) or not 35.0 <= limit <= 42.0:
            raise PlanConfigError(
                source, "hot_tub_limit_c", _("must be a temperature in °C from 35 to 42 (got {value})").format(value=describe(limit))
            )
        checked["hot_tub_limit_c"] = float(limit)
    return checked


def load_pump_content(
    overrides: Mapping[str, Any] | None = None,
    unit: str = "C",
    lifting_limit_lb: float | None = None,
    lang: str | None = None,
) -> PumpContent:
    """The pump content with the clinic's values (``plan.pump_overrides`` and its lifting limit), temperatures in ``unit``.

    Worded in ``lang`` (default: the current language).
    """
    lang = language(lang).code
    raw = _raw(lang)
    overrides = overrides or {}
    hot_tub = float(overrides.get("hot_tub_limit_c", raw["hot_tub_limit_c"]["value"]))
    if lifting_limit_lb is None:
        from recovery.plan import load_plan

        lifting_limit_lb = load_plan(lang=lang).lifting_limit_lb
    words = {
        "hot_tub_limit": format_temperature(hot_tub, unit, lang),
        "lifting_limit": lifting_words(lifting_limit_lb, lang),
    }
    bring = raw["what_to_bring"]["items"]
    low, high = overrides.get("battery_years", raw["battery"]["years"])
    return PumpContent(
        trial_bar_percent=int(raw["trial"]["usual_bar_percent"]),
        trial_explanation=raw["trial"]["explanation"],
        trial_sources=tuple(raw["trial"]["sources"]),
        checklist=tuple(
            Item(i["id"], i["title"], i["detail"].format(**words), tuple(i["sources"])) for i in raw["preop_checklist"]
        ),
        bring=tuple(item["text"] for item in bring),
        bring_sources=tuple(dict.fromkeys(s for item in bring for s in item["sources"])),
        extra_question_days=int(raw["refill"]["extra_question_days"]),
        extra_question=raw["refill"]["extra_question"],
        extra_question_explanation=raw["refill"]["explanation"],
        alarms=tuple(raw["alarms"]),
        alarm_notes=tuple(raw["alarm_notes"]["items"]),
        alarm_note_sources=tuple(raw["alarm_notes"]["sources"]),
        battery_years=(float(low), float(high)),
        book_months_before=int(raw["battery"]["book_months_before"]),
        battery_explanation=raw["battery"]["explanation"],
        battery_sources=tuple(raw["battery"]["sources"]),
        cautions=tuple(Item(c["id"], c["title"], c["text"].format(**words), tuple(c["sources"])) for c in raw["cautions"]),
        hot_tub_limit_c=hot_tub,
    )


def lifting_words(pounds: float, lang: str | None = None) -> str:
    """``5 lb (2.3 kg)`` / ``5 lb (2,3 kg)``: the clinic's lifting limit as the plan states it."""
    from recovery.plan_model import KG_PER_LB

    words = language(lang)
    return f"{words.format_number(pounds)} lb ({words.format_number(pounds * KG_PER_LB, 1)} kg)"


# --------------------------------------------------------------------------- alarms


def alarm_advice(content: PumpContent, drug: str | None) -> list[AlarmAdvice]:
    """What single beeps and a two-tone alarm mean for this drug, and what to do."""
    drug = drug_of({"drug": drug})  # no medicine recorded: the baclofen advice applies, as in triage
    chosen: dict[str, AlarmAdvice] = {}
    for spec in content.alarms:
        tone = "two_tone" if spec["id"].startswith("two_tone") else "single_tone"
        drugs = spec.get("drugs")
        if drugs and drug not in drugs:
            continue
        if tone in chosen and not drugs:
            continue
        chosen[tone] = AlarmAdvice(
            spec["id"], tone, spec["title"], spec["sound"], spec["meaning"], spec["level"], spec["action"], tuple(spec["sources"])
        )
    return [chosen["single_tone"], chosen["two_tone"]]


# --------------------------------------------------------------------------- refills and dose changes


def last_event(events: Iterable[Mapping[str, Any]], kind: str) -> date | None:
    days = [date.fromisoformat(e["date"]) for e in events if e["kind"] == kind]
    return max(days) if days else None


def refill_date(profile: Mapping[str, Any]) -> date | None:
    """The next refill: the clinic's date, or the last refill plus the interval."""
    if profile.get("next_refill_date"):
        return date.fromisoformat(profile["next_refill_date"])
    if profile.get("last_refill_date") and profile.get("refill_interval_days"):
        return date.fromisoformat(profile["last_refill_date"]) + timedelta(days=profile["refill_interval_days"])
    return None


def in_extra_question_window(profile: Mapping[str, Any], day: date, days: int | None = None) -> bool:
    """True, for every drug, from the day of a refill or dose change through the ``days`` after it.

    The default (3 days, from ``data/pump.json``) covers 72 hours from any time on the
    refill day, whose time is not recorded. Raises ``ValueError`` for an unreadable date.
    """
    if days is None:
        days = int(_raw(DATA_LANGUAGE)["refill"]["extra_question_days"])
    for key in ("last_refill_date", "last_dose_change_date"):
        if profile.get(key) and 0 <= (day - date.fromisoformat(profile[key])).days <= days:
            return True
    return False


def check_event(kind: str, on: str, note: str = "") -> dict[str, Any]:
    """A refill or dose-change record as stored; raises ``ValueError`` naming the problem."""
    from recovery.validation import parse_iso_date

    if kind not in EVENT_KINDS:
        raise ValueError(_("kind must be one of {kinds}").format(kinds=", ".join(EVENT_KINDS)))
    parse_iso_date(on)
    if not isinstance(note, str) or len(note) > 200:
        raise ValueError(_("the note must be text of at most 200 characters"))
    return {"kind": kind, "date": on, "note": note.strip()}


# --------------------------------------------------------------------------- battery


@dataclass(frozen=True)
class BatteryWindow:
    earliest: date
    latest: date
    book_by: date


def _add_years(day: date, years: float) -> date:
    return day + timedelta(days=round(years * 365.25))


def battery_window(content: PumpContent, implanted: date, replaced: date | None = None) -> BatteryWindow:
    """When the battery is expected to run out, and when to book the replacement (6 months before)."""
    start = replaced or implanted
    low, high = content.battery_years
    earliest = _add_years(start, low)
    return BatteryWindow(earliest, _add_years(start, high), earliest - timedelta(days=round(content.book_months_before * 30.44)))
