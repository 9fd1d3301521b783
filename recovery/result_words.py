"""The words of the Result and Help now screens, without Kivy.

Who to call, what to tell them ("I have an implanted morphine pump"), every finding
with its own action, and the readable names of the sources behind each rule, so a
patient never has to decode "MDT-UK-OD" and a clinician can still check the rule.
The sources' titles are the publications' own and stay as published; everything else
is in the patient's language, and the numbers are the ones the patient saved.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from recovery.i18n import N_, _
from recovery.number_words import decimal
from recovery.presenters import level_word, phone_text
from recovery.sources import load_sources
from recovery.triage import Assessment, Finding, Level, load_rules, signs_at

#: How a source with no publication is named on screen.
APP_NOTE_NAME = N_("This app's own judgement, where no source gives a number or a level: your implanting team should sign it off")
#: Drug names as a patient says them in a sentence ("I have an implanted morphine pump").
SPOKEN_DRUGS = {
    # Translators: a medicine's name inside a sentence ("I have an implanted morphine pump"), in lower case
    "morphine": N_("morphine"),
    "hydromorphone": N_("hydromorphone"),
    "fentanyl": N_("fentanyl"),
    "sufentanil": N_("sufentanil"),
    "ziconotide": N_("ziconotide (Prialt)"),
    "baclofen": N_("baclofen"),
    "bupivacaine": N_("bupivacaine"),
    "clonidine": N_("clonidine"),
}


def source_names(source_ids: tuple[str, ...]) -> tuple[str, ...]:
    """Readable titles for source IDs (from ``data/sources.json``); an unknown ID is shown as it is."""
    known = load_sources()
    names = []
    for source_id in source_ids:
        if source_id == "APP-NOTE":
            names.append(_(APP_NOTE_NAME))
        elif source_id in known:
            names.append(known[source_id].title)
        else:
            names.append(source_id)
    return tuple(names)


def tell_them(settings: Mapping[str, Any]) -> str:
    """What to say to the emergency call-taker and the paramedics: the pump and its medicine."""
    drug = SPOKEN_DRUGS.get(settings.get("drug") or "")
    if drug:
        # Translators: what to say to the emergency call-taker; {drug} is a medicine's name in lower case
        return _("Tell them: \u201cI have an implanted {drug} pump.\u201d").format(drug=_(drug))
    return _("Tell them: \u201cI have an implanted drug pump that puts medicine into my spine.\u201d Say which medicine, if you know.")


def paramedics_line(settings: Mapping[str, Any]) -> str:
    """The clinic's number for the paramedics or the emergency department to call."""
    clinic = (settings.get("clinic_name") or "").strip()
    phone = phone_text(settings.get("clinic_phone") or "")
    after_hours = phone_text(settings.get("after_hours_phone") or "")
    if not phone and not after_hours:
        if clinic:
            return _("Show them your pump card. Add {clinic}'s number in Settings so it shows here.").format(clinic=clinic)
        return _("Show them your pump card. Add your pump clinic's number in Settings so it shows here.")
    if phone and after_hours:
        numbers = _("{phone} or {after_hours} (after hours)").format(phone=phone, after_hours=after_hours)
    elif after_hours:
        numbers = _("{after_hours} (after hours)").format(after_hours=after_hours)
    else:
        numbers = phone
    if clinic:
        return _("Give them {clinic}'s number for the paramedics: {numbers}.").format(clinic=clinic, numbers=numbers)
    return _("Give them your pump clinic's number for the paramedics: {numbers}.").format(numbers=numbers)


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
    clinic = settings.get("clinic_name") or ""
    phone = phone_text(settings.get("clinic_phone") or "")
    level = str(assessment.level)
    if level == Level.EMERGENCY:
        call_line = call_now_line(emergency_number)
        advice = _("If you can, have someone stay with you. Show them this screen.")
    elif level == Level.CALL_DOCTOR:
        call_line = call_clinic_line(clinic, phone)
        advice = _("Tell them what you noted here. Out of hours, or if you cannot reach them, go to urgent care.")
    elif level == Level.WATCH:
        call_line = ""
        hours = load_rules().check_again_after_hours
        advice = _("Keep an eye on it. Check in again in about {hours} hours, or sooner if it gets worse.").format(
            hours=decimal(hours)
        )
    else:
        call_line = ""
        advice = _("Nothing in this check-in needs a call. Keep to your plan and check in again later.")
    if wrote_notes and level in (Level.WATCH, Level.OK):
        words = {"clinic": clinic, "phone": phone, "number": emergency_number}
        if clinic and phone:
            notes = _("The app does not read your notes: if something you wrote worries you, call {clinic} on {phone}, or {number} in an emergency.")
        elif clinic:
            notes = _("The app does not read your notes: if something you wrote worries you, call {clinic}, or {number} in an emergency.")
        elif phone:
            notes = _("The app does not read your notes: if something you wrote worries you, call your pump clinic on {phone}, or {number} in an emergency.")
        else:
            notes = _("The app does not read your notes: if something you wrote worries you, call your pump clinic, or {number} in an emergency.")
        advice += " " + notes.format(**words)
    return ResultView(
        level=level,
        word=level_word(level),
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


def call_now_line(emergency_number: str) -> str:
    """``Call 911 now``."""
    return _("Call {number} now").format(number=emergency_number)


def call_clinic_line(clinic: str, phone: str) -> str:
    """``Call Riverside Pain Clinic today: 555-0142`` (the clinic and number as the patient saved them)."""
    if clinic and phone:
        return _("Call {clinic} today: {phone}").format(clinic=clinic, phone=phone)
    if clinic:
        return _("Call {clinic} today").format(clinic=clinic)
    if phone:
        return _("Call your pump clinic today: {phone}").format(phone=phone)
    return _("Call your pump clinic today")


def clinic_line(settings: Mapping[str, Any]) -> str:
    """``Riverside Pain Clinic: 555-0142``, or how to add the number (Help now, the pump alarm)."""
    clinic = settings.get("clinic_name") or ""
    phone = phone_text(settings.get("clinic_phone") or "")
    if phone:
        return f"{clinic}: {phone}" if clinic else _("Your pump clinic: {phone}").format(phone=phone)
    if clinic:
        return _("Call {clinic} (add its number in Settings).").format(clinic=clinic)
    return _("Call your pump clinic (add its number in Settings).")


def help_view(settings: Mapping[str, Any]) -> HelpView:
    """Help now's words; the fever sign states the figure ("38.0 °C / 100.4 °F or higher")."""
    emergency_number = settings.get("emergency_number") or "911"
    return HelpView(
        call_now=call_now_line(emergency_number),
        tell_them=tell_them(settings),
        paramedics=paramedics_line(settings),
        clinic_line=clinic_line(settings),
        emergency_signs=tuple(signs_at(Level.EMERGENCY, settings)),
        call_signs=tuple(signs_at(Level.CALL_DOCTOR, settings)),
    )
