"""The values and levels that are the app's own choice (APP-NOTE), listed for the implanting team's sign-off.

They are found in the data files themselves, so the list in About (and the README's)
can never fall behind: any object in ``data/`` that cites APP-NOTE is listed, by its
sign, title or name, with its note when it has one. The list is for the implanting team
and quotes the data files as written, so it stays in English (as the clinicians'
``note`` fields do) whatever language the patient chose.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from recovery.jsonfile import load_strict_json
from recovery.paths import DATA_DIR

APP_NOTE = "APP-NOTE"
DATA_FILES = ("triage_rules.json", "recovery_plan.json", "pump.json")
LEVEL_NAMES = {"emergency": "emergency", "call_doctor": "call today", "watch": "keep watching"}


@dataclass(frozen=True)
class SignOffItem:
    """One app choice: where it is, what it is, and why it was chosen."""

    file: str
    place: str
    what: str
    note: str

    def __str__(self) -> str:
        return f"{self.what}: {self.note}" if self.note else self.what


def needs_sign_off() -> list[SignOffItem]:
    """Every APP-NOTE value and rule in the shipped data, in file order."""
    from recovery.triage_facts import limit_words

    words = {key: value.replace("\u00a0", " ") for key, value in limit_words({}, "en").items()}
    items: list[SignOffItem] = []
    for name in DATA_FILES:
        items.extend(_walk(load_strict_json(DATA_DIR / name), name, "", words))
    return items


def _walk(node: Any, file: str, place: str, words: dict[str, str]) -> Iterator[SignOffItem]:
    if isinstance(node, dict):
        if APP_NOTE in (node.get("sources") or ()):
            what = str(node.get("sign") or node.get("title") or node.get("text") or place.rsplit(".", 1)[-1])
            what = what.format(**words) if "sign" in node else what
            if "value" in node:
                what = f"{what} = {node['value']}"
            if node.get("level") in LEVEL_NAMES:
                what = f"{what} ({LEVEL_NAMES[node['level']]})"
            yield SignOffItem(file, place, what, node.get("note", ""))
        for key, value in node.items():
            yield from _walk(value, file, f"{place}.{key}" if place else key, words)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _walk(value, file, f"{place}[{index}]", words)
