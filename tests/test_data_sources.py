"""Every number in ``data/`` is traceable: it sits under a ``sources`` list of known IDs.

The walk looks at every JSON number and every text holding a digit ("for 6 to 8
weeks") in the plan, the pump content and the triage rules. The nearest enclosing
object with ``sources`` must cite at least one known source, or APP-NOTE where the
value is the app's own choice (which the implanting team must sign off; the README
lists them). A number with no source above it fails the test, naming its place.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from recovery.paths import DATA_DIR

SOURCES = json.loads((DATA_DIR / "sources.json").read_text(encoding="utf-8"))["sources"]
#: Keys whose values are explanations for a reader or identifiers, not claims shown to a patient.
NOT_CLAIMS = {"about", "_about", "id", "icon", "url", "sources"}
DATA_FILES = sorted(p for p in DATA_DIR.glob("*.json") if p.name != "sources.json")


def uncited_numbers(node: Any, known: set[str], path: str = "", cited: tuple[str, ...] | None = None) -> Iterator[str]:
    """The place of every number (or text with a digit) with no known source above it, and of every bad ``sources``."""
    if isinstance(node, dict):
        if "sources" in node:
            sources = node["sources"]
            if not isinstance(sources, list) or not sources or not set(sources) <= known:
                yield f"{path}.sources: {sources!r} must list known source IDs"
                return
            cited = tuple(sources)
        for key, value in node.items():
            if key not in NOT_CLAIMS:
                yield from uncited_numbers(value, known, f"{path}.{key}", cited)
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from uncited_numbers(value, known, f"{path}[{index}]", cited)
    elif isinstance(node, bool) or node is None:
        return
    elif isinstance(node, (int, float)) or (isinstance(node, str) and any(ch.isdigit() for ch in node)):
        if not cited:
            yield f"{path} = {node!r} cites no source"


@pytest.mark.parametrize("path", DATA_FILES, ids=lambda p: p.name)
def test_every_number_in_the_data_cites_a_source_or_app_note(path: Path) -> None:
    raw = json.loads(path.read_text(encoding="utf-8"))
    assert list(uncited_numbers(raw, set(SOURCES))) == []


def test_the_walk_finds_an_uncited_number_and_an_unknown_source() -> None:
    sample = {
        "settings": {"days": {"value": 3, "sources": ["KETT"]}},
        "recovery_days": 56,
        "rules": [{"sources": ["NOT-A-SOURCE"], "reason": "for 2 weeks"}],
        "phases": [{"detail": "for 6 weeks", "sources": ["KETT"]}, {"detail": "after 8 weeks"}],
    }
    assert list(uncited_numbers(sample, set(SOURCES))) == [
        ".recovery_days = 56 cites no source",
        ".rules[0].sources: ['NOT-A-SOURCE'] must list known source IDs",
        ".phases[1].detail = 'after 8 weeks' cites no source",
    ]


def test_the_data_files_walked_are_the_plan_the_pump_and_the_rules() -> None:
    assert {p.name for p in DATA_FILES} == {"recovery_plan.json", "pump.json", "triage_rules.json"}


def test_app_note_values_are_marked_and_the_analogue_source_says_so() -> None:
    assert "sign-off" in SOURCES["APP-NOTE"]["title"]
    assert SOURCES["LEEDS-SCS"].get("analogue") is True and "analogue" in SOURCES["LEEDS-SCS"]["title"]
    plan = json.loads((DATA_DIR / "recovery_plan.json").read_text(encoding="utf-8"))
    driving = next(r for r in plan["restrictions"] if r["id"] == "driving")
    assert "LEEDS-SCS" in driving["sources"] and "LEEDS" not in driving["sources"]
    assert plan["settings"]["fever_threshold_c"]["sources"] == ["APP-NOTE"], "38.0 °C is the app's choice, not the 38.3 °C source's"


def test_the_sign_off_list_is_found_in_the_data_and_the_readme_names_each_number() -> None:
    from helpers import PROJECT_ROOT
    from recovery.sign_off import needs_sign_off

    items = needs_sign_off()
    places = {item.place for item in items}
    assert {"settings.fever_threshold_c", "parameters.very_high_temperature_c", "parameters.check_again_after_hours", "refill"} <= places
    assert all(item.what and "{" not in item.what for item in items)
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8").split("### What the implanting team must sign off")[1]
    for figure in ("38.0 °C", "37.5 to 38.5 °C", "37.5 °C", "40.0 °C", "35.5 °C", "8 or more", "7 days", "4 hours", "3 weeks", "8 hours"):
        assert figure in readme, figure
