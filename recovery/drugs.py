"""The medicines a pump may hold, as the profile names them, and how an unknown one is read.

A leaf module (it imports nothing from the app), so the profile, the plan's care advice
and the triage rules can all name drugs without importing each other.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

DRUGS = (
    "morphine",
    "hydromorphone",
    "fentanyl",
    "sufentanil",
    "ziconotide",
    "baclofen",
    "bupivacaine",
    "clonidine",
    "other",
)
#: Drugs that are opioids: overdose signs (slow breathing, drowsiness) matter most after refills.
OPIOIDS = ("morphine", "hydromorphone", "fentanyl", "sufentanil")
#: What a rule or care item sees when the profile names no medicine (the baclofen rules apply then too).
DRUG_NOT_SET = "not_set"


def drug_of(profile: Mapping[str, Any]) -> str:
    """The profile's drug, or ``"not_set"`` when it names none (or none the app knows)."""
    drug = profile.get("drug")
    return drug if drug in DRUGS else DRUG_NOT_SET
