"""The pump's words without Kivy: the drug's name, the refill countdown, the pump card and the battery.

The pump card is also printed (the care team may ask for another language than the
screens'), so its lines take an optional :class:`~recovery.i18n.Language`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from recovery.date_words import day_month_year, in_days, month_year, short_date
from recovery.i18n import N_, Language, _, language

DRUG_CHOICES: list[tuple[str, str]] = [
    # Translators: medicine names as on a Spanish-language label (MedlinePlus en español)
    ("morphine", N_("Morphine")),
    ("hydromorphone", N_("Hydromorphone")),
    ("fentanyl", N_("Fentanyl")),
    ("sufentanil", N_("Sufentanil")),
    ("ziconotide", N_("Ziconotide (Prialt)")),
    ("baclofen", N_("Baclofen")),
    ("bupivacaine", N_("Bupivacaine")),
    ("clonidine", N_("Clonidine")),
    ("other", N_("Other or not sure")),
]
DRUG_WORDS = dict(DRUG_CHOICES)


def drug_word(drug: str | None, lang: Language | None = None) -> str:
    """``Morphine`` (``Morfina``); ``not recorded`` when unknown."""
    lang = lang or language()
    return lang._(DRUG_WORDS[drug]) if drug in DRUG_WORDS else lang._("not recorded")


def refill_line(settings: Mapping[str, Any], today: date) -> str:
    """"Next refill: Thu 17 Dec (in 23 days)", or a prompt when no date is known."""
    from recovery.pump import refill_date

    refill = refill_date(settings)
    if refill is None:
        return ""
    words = {"day": short_date(refill, today), "when": in_days(refill, today)}
    if refill < today:
        return _("Refill was due {day} ({when}). Log it, or call your clinic.").format(**words)
    return _("Next refill: {day} ({when}).").format(**words)


def pump_card_lines(settings: Mapping[str, Any], lang: Language | None = None) -> list[tuple[str, str]]:
    """The facts on the pump card, in the order a stranger in an emergency needs them."""
    lang = lang or language()
    missing = lang._("not recorded")
    drug_text = drug_word(settings.get("drug"), lang)
    if settings.get("drug_concentration"):
        drug_text += f", {settings['drug_concentration']}"
    surgery = date.fromisoformat(settings["surgery_date"])
    clinic = " · ".join(p for p in (settings.get("clinic_name"), settings.get("clinic_phone")) if p)
    return [
        (lang._("Name"), settings.get("patient_name") or missing),
        (lang._("Implanted pump"), lang._("intrathecal drug pump (medicine into the spine)")),
        (lang._("Medicine"), drug_text),
        (lang._("Pump model"), settings.get("pump_model") or missing),
        (lang._("Implanted"), day_month_year(surgery, lang)),
        (lang._("Pump clinic"), clinic or missing),
        (lang._("After hours"), settings.get("after_hours_phone") or missing),
    ]


def battery_line(earliest: date, latest: date, book_by: date, today: date) -> str:
    months = (book_by.year - today.year) * 12 + book_by.month - today.month
    words = {"earliest": month_year(earliest), "latest": month_year(latest), "book_by": month_year(book_by)}
    if months <= 0:
        return _(
            "The battery is expected to run out between {earliest} and {latest}. It is time to book the replacement."
        ).format(**words)
    return _(
        "The battery is expected to run out between {earliest} and {latest}. Book the replacement around {book_by}."
    ).format(**words)
