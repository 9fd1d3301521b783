"""The words of the Result and Help now screens, without Kivy.

Who to call, what to tell them ("I have an implanted morphine pump"), every finding
with its own action, and the readable names of the sources behind each rule, so a
patient never has to decode "MDT-UK-OD" and a clinician can still check the rule.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from recovery.presenters import LEVEL_WORDS, phone_text
from recovery.sources import load_sources
from recovery.triage import Assessment, Finding, Level, load_rules, signs_at

#: How a source with no publication is named on screen.
APP_NOTE_NAME = "This app's own judgement, where no source gives a number or a level: your implanting team should sign it off"
#: Drug names as a patient says them ("I have an implanted morphine pump").
SPOKEN_DRUGS = {
    "morphine": "morphine",
    "hydromorphone": "hydromorphone",
    "fentanyl": "fentanyl",
    "sufentanil": "sufentanil",
    "ziconotide": "ziconotide (Prialt)",
    "baclofen": "baclofen",
    "bupivacaine": "bupivacaine",
    "clonidine": "clonidine",
}


def source_names(source_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Readable titles for source IDs (from ``data/sources.json``); an unknown ID is shown as it is."""
    known = load_sources()
    names = []
    for source_id in source_ids:
        if source_id == "APP-NOTE":
            names.append(APP_NOTE_NAME)
        elif source_id in known:
            names.append(known[source_id].title)
        else:
            names.append(source_id)
    return tuple(names)


def tell_them(settings: Mapping[str, Any]) -> str:
    """What to say to the emergency call-taker and the paramedics: the pump and its medicine."""
    drug = SPOKEN_DRUGS.get(settings.get("drug") or "")
    if drug:
        return f"Tell them: \u201cI have an implanted {drug} pump.\u201d"
    return "Tell them: \u201cI have an implanted drug pump that puts medicine into my spine.\u201d Say which medicine, if you know."


def paramedics_line(settings: Mapping[str, Any]) -> str:
    """The clinic's number for the paramedics or the emergency department to call."""
    clinic = (settings.get("clinic_name") or "").strip() or "your pump clinic"
    phone = phone_text(settings.get("clinic_phone") or "")
    after_hours = phone_text(settings.get("after_hours_phone") or "")
    if not phone and not after_hours:
        return f"Show them your pump card. Add {clinic}'s number in Settings so it shows here."
    numbers = " or ".join(n for n in (phone, f"{after_hours} (after hours)" if after_hours else "") if n)
    return f"Give them {clinic}'s number for the paramedics: {numbers}."


@dataclass(frozen=True)
class ResultCard:
    """One finding as the Result screen shows it: what was reported, what to do, and where the rule comes from."""

    level: str
    reason: str
    action: str
    sources: tuple[str, ...]


@dataclass(frozen=True)
class ResultView:
    """What the Result screen shows for one assessment."""

    level: str
    word: str
    title: str
    call_line: str
    advice: str
    cards: tuple[ResultCard, ...]
    tell_them: str
    paramedics: str

    @property
    def reasons(self) -> tuple[str, ...]:
        return tuple(card.reason for card in self.cards)


def _card(finding: Finding) -> ResultCard:
    return ResultCard(str(finding.level), finding.reason, finding.action, source_names(finding.sources))


def result_view(assessment: Assessment, settings: Mapping[str, Any], *, wrote_notes: bool = False) -> ResultView:
    """The Result screen's words: who to call, what to do, and every finding with its action and sources.

    Triage reads only the answers, never the notes; when a calm result follows written notes,
    the advice says so, so "legs went numb" typed in a note is never silently told "fine".
    """
    emergency_number = settings.get("emergency_number") or "911"
    clinic = settings.get("clinic_name") or "your pump clinic"
    phone = phone_text(settings.get("clinic_phone") or "")
    level = str(assessment.level)
    if level == Level.EMERGENCY:
        call_line = f"Call {emergency_number} now"
        advice = "If you can, have someone stay with you. Show them this screen."
    elif level == Level.CALL_DOCTOR:
        call_line = f"Call {clinic} today" + (f": {phone}" if phone else "")
        advice = "Tell them what you noted here. Out of hours, or if you cannot reach them, go to urgent care."
    elif level == Level.WATCH:
        call_line = ""
        hours = f"{load_rules().check_again_after_hours:g}"
        advice = f"Keep an eye on it. Check in again in about {hours} hours, or sooner if it gets worse."
    else:
        call_line = ""
        advice = "Nothing in this check-in needs a call. Keep to your plan and check in again later."
    if wrote_notes and level in (Level.WATCH, Level.OK):
        advice += (
            f" The app does not read your notes: if something you wrote worries you, call {clinic}"
            + (f" on {phone}" if phone else "")
            + f", or {emergency_number} in an emergency."
        )
    return ResultView(
        level=level,
        word=LEVEL_WORDS[level],
        title=assessment.title,
        call_line=call_line,
        advice=advice,
        cards=tuple(_card(f) for f in assessment.findings),
        tell_them=tell_them(settings),
        paramedics=paramedics_line(settings),
    )


@dataclass(frozen=True)
class HelpView:
    """Help now: the numbers, what to say, and the signs for each."""

    call_now: str
    tell_them: str
    paramedics: str
    clinic_line: str
    emergency_signs: tuple[str, ...]
    call_signs: tuple[str, ...]


def help_view(settings: Mapping[str, Any]) -> HelpView:
    """Help now's words; the fever sign states the figure ("38.0 °C / 100.4 °F or higher")."""
    emergency_number = settings.get("emergency_number") or "911"
    clinic = settings.get("clinic_name") or "your pump clinic"
    phone = phone_text(settings.get("clinic_phone") or "")
    return HelpView(
        call_now=f"Call {emergency_number} now",
        tell_them=tell_them(settings),
        paramedics=paramedics_line(settings),
        clinic_line=f"{clinic}: {phone}" if phone else f"Call {clinic} (add its number in Settings).",
        emergency_signs=tuple(signs_at(Level.EMERGENCY, settings)),
        call_signs=tuple(signs_at(Level.CALL_DOCTOR, settings)),
    )
