"""The recovery plan: restriction spans, milestones, phases and clinic overrides."""

from __future__ import annotations

import json
import re
from datetime import date, timedelta
from pathlib import Path

import pytest

from helpers import REFERENCE_DIR, needs_reference
from recovery.plan import (
    MILESTONE_IDS,
    PLAN_FILE,
    RESTRICTION_IDS,
    PlanConfigError,
    load_clinic_plan,
    load_plan,
)

SURGERY = date(2026, 11, 12)


def day(n: int) -> date:
    return SURGERY + timedelta(days=n)


@pytest.fixture(scope="module")
def plan():
    return load_plan()


@pytest.mark.parametrize(
    ("restriction_id", "last_day"),
    [
        ("bending_twisting", 55),
        ("stretching_overhead", 55),
        ("stairs", 55),
        ("lifting", 55),
        ("driving", 27),
        ("soaking", 41),
        ("stomach_sleeping", 55),
        ("strenuous_exercise", 55),
        ("work", 20),
        ("shower", 2),
    ],
)
def test_each_restriction_runs_from_the_implant_through_its_last_day(plan, restriction_id: str, last_day: int) -> None:
    def active(n: int) -> set[str]:
        return {r.id for r in plan.active_restrictions(SURGERY, day(n))}

    assert restriction_id in active(0)
    assert restriction_id in active(last_day)
    assert restriction_id not in active(last_day + 1)
    dated = next(r for r in plan.active_restrictions(SURGERY, day(0)) if r.id == restriction_id)
    assert dated.last_day == day(last_day)
    assert dated.free_from == day(last_day + 1)
    assert dated.title and dated.detail


def test_the_restriction_ids_are_the_published_ones(plan) -> None:
    assert {r.id for r in plan.active_restrictions(SURGERY, SURGERY)} == set(RESTRICTION_IDS)


@pytest.mark.parametrize("before", [1, 7, 60])
def test_no_post_operative_restriction_is_active_before_the_implant(plan, before: int) -> None:
    assert plan.active_restrictions(SURGERY, day(-before)) == []


def test_a_restriction_the_doctor_cleared_is_no_longer_active(plan) -> None:
    ids = {r.id for r in plan.active_restrictions(SURGERY, day(15), cleared=["driving"])}
    assert "driving" not in ids and "lifting" in ids
    listed = {r.id: r for r in plan.dated_restrictions(SURGERY, cleared=["driving"])}
    assert listed["driving"].cleared and not listed["lifting"].cleared


def test_an_unknown_cleared_id_is_refused(plan) -> None:
    with pytest.raises(ValueError, match="unknown restriction 'flying'"):
        plan.active_restrictions(SURGERY, day(3), cleared=["flying"])


def test_dates_may_be_given_as_iso_text(plan) -> None:
    assert plan.active_restrictions("2026-11-12", "2026-11-20") == plan.active_restrictions(SURGERY, day(8))
    with pytest.raises(ValueError, match="surgery_date"):
        plan.active_restrictions("12/11/2026", "2026-11-20")


@pytest.mark.parametrize(
    ("milestone_id", "offset"),
    [("stitches_out", 10), ("follow_up", 14), ("driving_check", 21), ("ease_restrictions", 42), ("recovery_complete", 56)],
)
def test_milestones_fall_on_their_default_days(plan, milestone_id: str, offset: int) -> None:
    milestone = next(m for m in plan.milestones(SURGERY) if m.id == milestone_id)
    assert milestone.date == day(offset)
    assert milestone.title


def test_milestones_come_in_date_order_and_cover_the_published_ids(plan) -> None:
    milestones = plan.milestones(SURGERY)
    assert [m.date for m in milestones] == sorted(m.date for m in milestones)
    assert set(MILESTONE_IDS) <= {m.id for m in milestones}


@pytest.mark.parametrize(
    ("offset", "phase_id", "week"),
    [
        (-3, "before_surgery", None),
        (0, "first_days", 1),
        (2, "first_days", 1),
        (3, "healing", 1),
        (12, "healing", 2),
        (14, "building_up", 3),
        (35, "gradual_return", 6),
        (55, "gradual_return", 8),
        (56, "living_with_pump", 9),
        (400, "living_with_pump", 58),
    ],
)
def test_status_gives_day_phase_and_week(plan, offset: int, phase_id: str, week: int | None) -> None:
    status = plan.status(SURGERY, day(offset))
    assert status.day == offset
    assert status.phase.id == phase_id
    assert status.week == week
    assert status.total_days == 56


def test_status_on_day_12_matches_the_today_sketch(plan) -> None:
    status = plan.status(SURGERY, day(12))
    assert (status.day, status.days_left, round(status.progress * 100)) == (12, 44, 21)
    assert status.next_milestone is not None and status.next_milestone.id == "follow_up"
    assert status.next_change is not None
    assert status.next_change.date == day(21)
    assert [r.id for r in status.next_change.restrictions] == ["work"]


def test_status_before_surgery_counts_down_and_changes_nothing(plan) -> None:
    status = plan.status(SURGERY, day(-5))
    assert status.before_surgery and status.days_until_surgery == 5
    assert status.restrictions == () and status.next_change is None
    assert status.progress == 0.0 and status.days_left == 56


def test_after_recovery_nothing_is_left_to_change(plan) -> None:
    status = plan.status(SURGERY, day(70))
    assert status.restrictions == () and status.next_change is None and status.next_milestone is None
    assert status.progress == 1.0 and status.days_left == 0


def test_lifting_text_quotes_the_limit_in_pounds_and_kilograms(plan) -> None:
    lifting = plan.restriction("lifting")
    assert lifting.title == "Don't lift more than 5 lb (2.3 kg)"
    assert plan.lifting_limit_lb == 5 and plan.fever_threshold_c == 38.0 and plan.driving_weeks == 4


# ------------------------------------------------------------------ clinic overrides


def test_a_clinic_can_change_driving_lifting_fever_spans_and_milestones() -> None:
    plan = load_plan(
        {
            "driving_weeks": 6,
            "lifting_limit_lb": 10,
            "fever_threshold_c": 38.3,
            "restrictions": {"soaking": {"until_day": 13}},
            "milestones": {"follow_up": {"day": 28}},
            "_comment": "Riverside Pain Clinic, 2026",
        }
    )
    assert plan.restriction("driving").until_day == 41
    assert plan.restriction("soaking").until_day == 13
    assert plan.restriction("lifting").title == "Don't lift more than 10 lb (4.5 kg)"
    assert plan.fever_threshold_c == 38.3 and plan.settings["fever_threshold_c"].set_by_clinic
    assert next(m for m in plan.milestones(SURGERY) if m.id == "follow_up").date == day(28)
    assert "6 weeks" in plan.restriction("driving").detail
    assert load_plan().restriction("driving").until_day == 27, "the shipped plan is not changed"


@pytest.mark.parametrize(
    ("overrides", "field", "says"),
    [
        ({"driving_weeks": "6"}, "driving_weeks", "whole number from 1 to 12"),
        ({"driving_weeks": 0}, "driving_weeks", "from 1 to 12"),
        ({"lifting_limit_lb": -5}, "lifting_limit_lb", "from 1 to 50"),
        ({"fever_threshold_c": 42}, "fever_threshold_c", "from 37.5 to 38.5"),
        ({"fever_threshold_c": 38.6}, "fever_threshold_c", "from 37.5 to 38.5"),
        ({"fever_threshold_c": 37.4}, "fever_threshold_c", "from 37.5 to 38.5"),
        ({"crisis_line": "call me"}, "crisis_line", "phone number"),
        ({"fever_threshold_c": True}, "fever_threshold_c", "number"),
        ({"flying_weeks": 2}, "flying_weeks", "not a setting a clinic can change"),
        ({"restrictions": {"soak": {"until_day": 3}}}, "restrictions.soak", "not a restriction"),
        ({"restrictions": {"soaking": {"until_day": -1}}}, "restrictions.soaking.until_day", "0 to 365"),
        ({"restrictions": {"soaking": {"until": 3}}}, "restrictions.soaking", "until_day"),
        ({"restrictions": ["soaking"]}, "restrictions", "map restriction ids"),
        ({"milestones": {"follow_up": {"day": 9999}}}, "milestones.follow_up.day", "0 to 365"),
        ({"milestones": {"party": {"day": 3}}}, "milestones.party", "not a milestone"),
        (
            {"driving_weeks": 6, "restrictions": {"driving": {"until_day": 20}}},
            "restrictions.driving.until_day",
            "set only one",
        ),
    ],
)
def test_invalid_clinic_files_are_refused_naming_file_and_field(
    tmp_path: Path, overrides: dict[str, object], field: str, says: str
) -> None:
    clinic_file = tmp_path / "clinic.json"
    clinic_file.write_text(json.dumps(overrides), encoding="utf-8")
    with pytest.raises(PlanConfigError) as refused:
        load_plan(clinic_file)
    assert refused.value.source == "clinic.json"
    assert refused.value.field == field
    assert says in str(refused.value)
    assert str(refused.value).startswith(f"clinic.json: {field} ")


@pytest.mark.parametrize(
    ("content", "says"),
    [
        (b'{"driving_weeks": 6,}', "not valid JSON"),
        (b"\xef\xbb\xbf{}", "byte-order mark"),
        (b'{"driving_weeks": 6, "driving_weeks": 8}', "twice"),
        (b'{"lifting_limit_lb": NaN}', "not valid JSON"),
        (b"[6]", "JSON object"),
        (b"\xff\xfe", "not UTF-8"),
    ],
)
def test_unreadable_clinic_files_are_refused_with_the_file_named(tmp_path: Path, content: bytes, says: str) -> None:
    clinic_file = tmp_path / "clinic.json"
    clinic_file.write_bytes(content)
    with pytest.raises(PlanConfigError, match=says) as refused:
        load_plan(clinic_file)
    assert str(refused.value).startswith("clinic.json:")


def test_the_data_directory_clinic_file_is_applied_when_present(tmp_path: Path) -> None:
    assert load_clinic_plan(tmp_path).driving_weeks == 4
    (tmp_path / "clinic.json").write_text('{"driving_weeks": 8}', encoding="utf-8")
    assert load_clinic_plan(tmp_path).restriction("driving").until_day == 55


# ------------------------------------------------------------------ the data file and its sources


def _source_ids() -> set[str]:
    return set(json.loads((PLAN_FILE.parent / "sources.json").read_text(encoding="utf-8"))["sources"])


def test_every_plan_value_cites_sources_that_exist(plan) -> None:
    known = _source_ids()
    cited = [
        *(s for p in plan.phases for s in p.sources),
        *(s for r in plan.restrictions for s in r.sources),
        *(s for m in plan.milestone_templates for s in m.sources),
        *(s for setting in plan.settings.values() for s in setting.sources),
    ]
    assert cited and set(cited) <= known, sorted(set(cited) - known)
    assert all(p.sources for p in plan.phases) and all(r.sources for r in plan.restrictions)


@needs_reference
def test_the_source_list_matches_the_clinical_reference() -> None:
    clinical = (REFERENCE_DIR / "clinical.md").read_text(encoding="utf-8")
    key = clinical.split("## 0. Source key")[1].split("\n---")[0]
    reference_ids = {
        source_id.strip()
        for row in re.findall(r"^\| ([A-Z0-9][^|]*?) \|", key, flags=re.MULTILINE)
        for source_id in row.split(" / ")
    } - {"ID"}
    # Sources clinical.md cites outside its key table: each must appear in its text by address.
    cited_in_text = {"NRS-11", "GEN-SURG-FEVER", "LEEDS-SCS"}
    ours = {s for s in _source_ids() if not s.startswith("SEED-")} - cited_in_text - {"APP-NOTE"}
    assert ours == reference_ids
    addresses = json.loads((PLAN_FILE.parent / "sources.json").read_text(encoding="utf-8"))["sources"]
    for source_id in cited_in_text:
        assert addresses[source_id]["url"].split("://")[1] in clinical, source_id
    seeds = sorted((REFERENCE_DIR / "seeds").glob("*.txt"))
    assert {s for s in _source_ids() if s.startswith("SEED-")} == {f"SEED-{p.name[:3]}" for p in seeds}


def test_the_default_driving_span_agrees_with_the_driving_weeks_setting(plan) -> None:
    assert plan.restriction("driving").until_day == plan.driving_weeks * 7 - 1


# ------------------------------------------------------------------ care advice and the clinic's crisis line


@pytest.mark.parametrize(
    ("offset", "drug", "screen", "expected"),
    [
        (0, "morphine", "today", ["ice", "binder"]),
        (1, "morphine", "today", ["ice", "binder"]),
        (2, "morphine", "today", ["binder"]),
        (56, "morphine", "today", []),
        (-3, "morphine", "today", []),
        (12, "morphine", "pump", ["leave_pump_alone", "pain_medicine", "no_sedatives", "drowsiness_watch"]),
        (12, "baclofen", "pump", ["leave_pump_alone", "pain_medicine", "oral_baclofen_backup", "drowsiness_watch"]),
        (12, "not_set", "pump", ["leave_pump_alone", "pain_medicine", "no_sedatives", "oral_baclofen_backup", "drowsiness_watch"]),
        (400, "ziconotide", "plan", ["ice", "binder", "leave_pump_alone", "pain_medicine", "drowsiness_watch"]),
    ],
)
def test_care_advice_follows_the_day_the_drug_and_the_screen(plan, offset: int, drug: str, screen: str, expected: list[str]) -> None:
    assert [item.id for item in plan.care_for(SURGERY, day(offset), drug, screen)] == expected


def test_every_care_item_cites_sources_and_names_known_drugs_and_screens(plan) -> None:
    known = _source_ids()
    assert plan.care and all(item.sources and set(item.sources) <= known for item in plan.care)


def test_a_clinic_sets_a_crisis_line_and_the_wound_and_work_spans(tmp_path: Path) -> None:
    clinic = tmp_path / "clinic.json"
    clinic.write_text(
        json.dumps({"crisis_line": " 988 ", "restrictions": {"shower": {"until_day": 9}, "work": {"until_day": 6}}}), encoding="utf-8"
    )
    plan = load_plan(clinic)
    assert plan.crisis_line == "988"
    assert plan.restriction("shower").until_day == 9 and plan.restriction("work").until_day == 6
    assert load_plan().crisis_line is None
