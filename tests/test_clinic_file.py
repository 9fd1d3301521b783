"""A clinic's settings file: the published JSON Schema agrees with the app, and ``clinic import`` changes nothing until agreed."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from helpers import PROJECT_ROOT
from recovery.cli import main
from recovery.plan import MILESTONE_IDS, RESTRICTION_IDS, PlanConfigError, load_clinic_plan, load_plan
from recovery.plan_clinic import _OVERRIDE_KEYS, PUMP_OVERRIDE_KEYS
from recovery.store import open_store

SCHEMA = json.loads((PROJECT_ROOT / "docs" / "clinic-settings.schema.json").read_text(encoding="utf-8"))
GOOD_FILE = {
    "_comment": "Riverside Pain Clinic, reviewed 2026-11",
    "clinic_name": "Riverside Pain Clinic",
    "driving_weeks": 6,
    "lifting_limit_lb": 10,
    "fever_threshold_c": 38.3,
    "crisis_line": "988",
    "restrictions": {"soaking": {"until_day": 34}, "shower": {"until_day": 9}},
    "milestones": {"follow_up": {"day": 28}},
}

#: (file, accepted?) — the schema and the app's own checks must give the same answer for each.
TABLE: list[tuple[Any, bool]] = [
    ({}, True),
    (GOOD_FILE, True),
    ({"_note": {"anything": [1, 2]}}, True),
    ({"driving_weeks": 1}, True),
    ({"driving_weeks": 12}, True),
    ({"driving_weeks": 6.0}, True),
    ({"driving_weeks": 0}, False),
    ({"driving_weeks": 13}, False),
    ({"driving_weeks": 6.5}, False),
    ({"driving_weeks": "6"}, False),
    ({"driving_weeks": True}, False),
    ({"driving_weeks": None}, False),
    ({"lifting_limit_lb": 1}, True),
    ({"lifting_limit_lb": 22.5}, True),
    ({"lifting_limit_lb": 0.5}, False),
    ({"lifting_limit_lb": 51}, False),
    ({"fever_threshold_c": 37.5}, True),
    ({"fever_threshold_c": 38.5}, True),
    ({"fever_threshold_c": 37.4}, False),
    ({"fever_threshold_c": 38.6}, False),
    ({"fever_threshold_c": False}, False),
    ({"crisis_line": "988"}, True),
    ({"crisis_line": "+1 (555) 010-0142 ext. 12"}, True),
    ({"crisis_line": " 0800 111 222 "}, True),
    ({"crisis_line": "12"}, False),
    ({"crisis_line": "call me"}, False),
    ({"crisis_line": ""}, False),
    ({"crisis_line": 988}, False),
    ({"clinic_name": "Riverside Pain Clinic"}, True),
    ({"clinic_name": "   "}, False),
    ({"clinic_name": "Line one\nline two"}, False),
    ({"clinic_name": "x" * 81}, False),
    ({"restrictions": {}}, True),
    ({"restrictions": {"stairs": {"until_day": 0}}}, True),
    ({"restrictions": {"stairs": {"until_day": 365}}}, True),
    ({"restrictions": {"stairs": {"until_day": 366}}}, False),
    ({"restrictions": {"stairs": {"until_day": -1}}}, False),
    ({"restrictions": {"stairs": {"until": 3}}}, False),
    ({"restrictions": {"stairs": {"until_day": 3, "note": "x"}}}, False),
    ({"restrictions": {"stairs": 3}}, False),
    ({"restrictions": {"soak": {"until_day": 3}}}, False),
    ({"restrictions": ["soaking"]}, False),
    ({"milestones": {"follow_up": {"day": 28}}}, True),
    ({"milestones": {"follow_up": {"day": 9999}}}, False),
    ({"milestones": {"party": {"day": 3}}}, False),
    ({"milestones": {"follow_up": {"date": "2026-12-03"}}}, False),
    ({"battery_years": [5, 7]}, True),
    ({"battery_years": [5]}, False),
    ({"battery_years": [0, 7]}, False),
    ({"battery_years": "5-7"}, False),
    ({"hot_tub_limit_c": 40}, True),
    ({"hot_tub_limit_c": 45}, False),
    ({"flying_weeks": 2}, False),
    ([6], False),
    ("driving_weeks", False),
]
#: What only the app can check (the schema's description names both).
APP_ONLY = [
    {"driving_weeks": 6, "restrictions": {"driving": {"until_day": 20}}},
    {"battery_years": [7, 5]},
]


def app_accepts(document: Any) -> bool:
    try:
        load_plan(document) if isinstance(document, dict) else _load_bytes(document)
    except PlanConfigError:
        return False
    return True


def _load_bytes(document: Any) -> None:
    from recovery.plan_clinic import apply_clinic_overrides
    from recovery.plan_parse import base_plan

    apply_clinic_overrides(base_plan(), document, "clinic.json")


@pytest.mark.parametrize(("document", "accepted"), TABLE, ids=[json.dumps(d)[:50] for d, _ in TABLE])
def test_the_published_schema_and_the_app_agree(document: Any, accepted: bool) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    schema_says = jsonschema.Draft202012Validator(SCHEMA).is_valid(document)
    assert (schema_says, app_accepts(document)) == (accepted, accepted)


@pytest.mark.parametrize("document", APP_ONLY)
def test_the_two_rules_the_schema_cannot_say_are_refused_by_the_app_and_named_in_the_schema(document: Any) -> None:
    assert jsonschema.Draft202012Validator(SCHEMA).is_valid(document)
    assert not app_accepts(document)
    assert "set only one" in SCHEMA["description"] and "battery_years" in SCHEMA["description"]


def test_the_schema_names_every_key_restriction_and_milestone_the_app_knows() -> None:
    assert set(SCHEMA["properties"]) == set(_OVERRIDE_KEYS + PUMP_OVERRIDE_KEYS)
    assert SCHEMA["properties"]["restrictions"]["propertyNames"]["enum"] == list(RESTRICTION_IDS)
    assert SCHEMA["properties"]["milestones"]["propertyNames"]["enum"] == list(MILESTONE_IDS)


# ------------------------------------------------------------------ python -m recovery clinic


def run(home: Path, monkeypatch: pytest.MonkeyPatch, *argv: str, answer: str = "") -> tuple[int, str]:
    monkeypatch.setenv("RECOVERY_HOME", str(home))
    out = io.StringIO()
    code = main(list(argv), out=out, ask=lambda prompt: (out.write(prompt), answer)[1])
    return code, out.getvalue()


@pytest.fixture
def clinic_files(tmp_path: Path) -> tuple[Path, Path]:
    good = tmp_path / "riverside.json"
    good.write_text(json.dumps({"clinic_name": "Riverside Pain Clinic", "driving_weeks": 6, "milestones": {"follow_up": {"day": 28}}}))
    bad = tmp_path / "broken.json"
    bad.write_text(json.dumps({"driving_weeks": 6, "milestones": {"follow_up": {"day": "28"}}}))
    return good, bad


def test_clinic_import_shows_the_changes_and_applies_only_on_yes(
    home: Path, clinic_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    good, _bad = clinic_files
    code, said = run(home, monkeypatch, "clinic", "import", str(good), answer="n")
    assert code == 1 and "Nothing was changed." in said
    assert "Driving: 4 → 6 weeks" in said and "Follow-up: day 14 → day 28" in said
    assert not (home / "clinic.json").exists()

    code, said = run(home, monkeypatch, "clinic", "import", str(good), answer="yes")
    assert code == 0 and "Done: your plan now uses these settings" in said
    assert (home / "clinic.json").read_bytes() == good.read_bytes()
    assert (home / "clinic.json").stat().st_mode & 0o777 == 0o600
    plan = load_clinic_plan(home)
    assert plan.driving_weeks == 6 and plan.clinic_name == "Riverside Pain Clinic"

    code, said = run(home, monkeypatch, "clinic", "show")
    assert code == 0 and "Riverside Pain Clinic" in said and "Driving: 4 → 6 weeks" in said


def test_a_bad_clinic_file_changes_nothing_and_names_the_field(
    home: Path, clinic_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    good, bad = clinic_files
    run(home, monkeypatch, "clinic", "import", str(good), "--yes")
    before = (home / "clinic.json").read_bytes()
    code, said = run(home, monkeypatch, "clinic", "import", str(bad), answer="yes")
    assert code == 1
    assert said.startswith("broken.json: milestones.follow_up.day must be a whole number of days from 0 to 365")
    assert "Nothing was changed." in said and "[y/N]" not in said, "it never asks about a file it refused"
    assert (home / "clinic.json").read_bytes() == before
    code, said = run(home, monkeypatch, "clinic", "import", str(home / "missing.json"), "--yes")
    assert code == 1 and "missing.json: (file) cannot be read" in said


def test_clinic_remove_goes_back_to_the_usual_advice_after_asking(
    home: Path, clinic_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    good, _bad = clinic_files
    run(home, monkeypatch, "clinic", "import", str(good), "--yes")
    code, said = run(home, monkeypatch, "clinic", "remove", answer="")
    assert code == 1 and (home / "clinic.json").exists() and "Driving: 6 → 4 weeks" in said
    code, said = run(home, monkeypatch, "clinic", "remove", answer="y")
    assert code == 0 and not (home / "clinic.json").exists()
    assert run(home, monkeypatch, "clinic", "remove")[1].startswith("There is no clinic settings file")


def test_clinic_import_waits_while_the_app_has_the_data_open(
    home: Path, clinic_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    good, _bad = clinic_files
    with open_store(home):
        code, said = run(home, monkeypatch, "clinic", "import", str(good), "--yes")
    assert code == 2 and "already open" in said and "Nothing was changed." in said
    assert not (home / "clinic.json").exists()


def test_the_summary_says_when_the_patients_sheet_still_comes_first(home: Path, clinic_files: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    good, _bad = clinic_files
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12"})
        store.save_discharge_sheet({"restrictions": {"driving": {"weeks": 8}}})
    _code, said = run(home, monkeypatch, "clinic", "import", str(good), answer="n")
    assert "Driving: 4 → 6 weeks (your discharge sheet still comes first)" in said
    assert "Follow-up: day 14 → day 28\n" in said
