"""Life with the pump: content and sources, alarms, refills, the drowsiness question, battery, the card."""

from __future__ import annotations

import io
import json
from datetime import date, datetime, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import checkin_at
from recovery import cli
from recovery.plan import PlanConfigError, load_plan
from recovery.profile import DRUGS, with_defaults
from recovery.pump import (
    PUMP_FILE,
    alarm_advice,
    battery_window,
    in_extra_question_window,
    load_pump_content,
    refill_date,
)
from recovery.reminders import due_reminders
from recovery.services import Companion
from recovery.store import open_store
from recovery.triage import assess

NOW = datetime(2026, 11, 24, 10, 0, tzinfo=timezone.utc)


def test_every_fact_cites_known_sources() -> None:
    known = set(json.loads((PUMP_FILE.parent / "sources.json").read_text(encoding="utf-8"))["sources"])

    def cited(node: object) -> list[str]:
        if isinstance(node, dict):
            return list(node.get("sources", [])) + [s for value in node.values() for s in cited(value)]
        if isinstance(node, list):
            return [s for value in node for s in cited(value)]
        return []

    raw = json.loads(PUMP_FILE.read_text(encoding="utf-8"))
    sources = cited(raw)
    assert len(sources) > 40 and set(sources) <= known, sorted(set(sources) - known)
    for section in ("trial", "refill", "alarm_notes", "battery", "hot_tub_limit_c"):
        assert raw[section]["sources"], section
    assert all(item["sources"] for item in raw["what_to_bring"]["items"])
    assert all(item["sources"] for group in ("preop_checklist", "alarms", "cautions") for item in raw[group])


@pytest.mark.parametrize("drug", DRUGS)
def test_alarm_advice_agrees_with_triage_for_every_drug(drug: str) -> None:
    advice = {a.tone: a for a in alarm_advice(load_pump_content(), drug)}
    assert set(advice) == {"single_tone", "two_tone"}
    for tone, item in advice.items():
        level = assess(checkin_at("2026-11-24T09:00:00+01:00", pump_alarm=tone), profile={"drug": drug}).level
        assert level == item.level, (drug, tone)
    assert advice["two_tone"].level == ("emergency" if drug in ("baclofen", "other") else "call_doctor")


def test_the_clinic_can_set_battery_life_and_hot_tub_limit(tmp_path: Path) -> None:
    (tmp_path / "clinic.json").write_text('{"battery_years": [6, 8], "hot_tub_limit_c": 37.8}', encoding="utf-8")
    plan = load_plan(tmp_path / "clinic.json")
    content = load_pump_content(plan.pump_overrides, unit="F")
    assert content.battery_years == (6.0, 8.0)
    heat = next(c for c in content.cautions if c.id == "heat")
    assert "100.0 °F" in heat.detail
    default = next(c for c in load_pump_content().cautions if c.id == "heat")
    assert "38.9 °C" in default.detail


@pytest.mark.parametrize(
    ("overrides", "field"),
    [({"battery_years": [8, 6]}, "battery_years"), ({"battery_years": 7}, "battery_years"), ({"hot_tub_limit_c": 60}, "hot_tub_limit_c")],
)
def test_bad_pump_settings_in_the_clinic_file_are_refused(tmp_path: Path, overrides: dict, field: str) -> None:
    (tmp_path / "clinic.json").write_text(json.dumps(overrides), encoding="utf-8")
    with pytest.raises(PlanConfigError) as refused:
        load_plan(tmp_path / "clinic.json")
    assert refused.value.field == field and str(refused.value).startswith(f"clinic.json: {field}")


def test_battery_window_and_when_to_book() -> None:
    window = battery_window(load_pump_content(), date(2026, 11, 12))
    assert (window.earliest, window.latest) == (date(2031, 11, 12), date(2033, 11, 12))
    assert window.book_by == date(2031, 5, 13)
    profile = with_defaults({"surgery_date": "2026-11-12"})
    due = due_reminders(
        profile=profile, plan=load_plan(), checkins=[], delivered=set(), now=datetime(2031, 5, 13, 9, 0, tzinfo=timezone.utc), battery_book_by=window.book_by
    )
    assert [r.id for r in due] == ["battery:2031-05-13"] and "book your pump replacement" in due[0].body


def test_refill_date_and_the_72_hour_drowsiness_window_for_every_drug() -> None:
    assert refill_date({"next_refill_date": "2026-12-20"}) == date(2026, 12, 20)
    assert refill_date({"last_refill_date": "2026-11-20", "refill_interval_days": 30}) == date(2026, 12, 20)
    opioid = {"drug": "morphine", "last_refill_date": "2026-11-22"}
    window = [in_extra_question_window(opioid, date(2026, 11, d)) for d in (21, 22, 23, 24, 25, 26)]
    assert window == [False, True, True, True, True, False], "the refill day and the 3 days after: 72 h from any time that day"
    assert in_extra_question_window({"drug": "baclofen", "last_refill_date": "2026-11-22"}, date(2026, 11, 22))
    assert in_extra_question_window({"last_refill_date": "2026-11-22"}, date(2026, 11, 25))
    assert in_extra_question_window({"drug": "fentanyl", "last_dose_change_date": "2026-11-24"}, date(2026, 11, 24))


def test_logged_refills_drive_the_question_and_the_reminders(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-10-01", "drug": "morphine", "refill_interval_days": 28, "last_refill_date": "2026-10-20"})
        companion = Companion(store, load_plan(), lambda: NOW)
        companion.log_pump_event("refill", date(2026, 11, 23), "20 mL")
        companion.log_pump_event("dose_change", date(2026, 11, 1))
        settings = companion.settings()
        assert settings["last_refill_date"] == "2026-11-23" and settings["last_dose_change_date"] == "2026-11-01"
        assert refill_date(settings) == date(2026, 12, 21)
        with pytest.raises(ValueError):
            companion.log_pump_event("top_up", date(2026, 11, 23))
        recorded = companion.record_checkin(companion.new_checkin({"drowsy": True}))
        assert recorded.assessment.level == "call_doctor"
        assert [e["kind"] for e in store.pump_events()] == ["dose_change", "refill"]


def test_the_pump_card_prints_on_one_page(home: Path, tmp_path: Path) -> None:
    with open_store(home) as store:
        store.save_profile(
            {"surgery_date": "2026-11-12", "drug": "baclofen", "patient_name": "Zoë", "drug_concentration": "2000 mcg/mL",
             "pump_model": "SynchroMed II", "clinic_name": "Riverside", "clinic_phone": "555-0142", "after_hours_phone": "555-0199",
             "emergency_number": "112"}
        )  # fmt: skip
    out = io.StringIO()
    import os

    os.environ["RECOVERY_HOME"] = str(home)
    try:
        assert cli.main(["card", "-o", str(tmp_path / "card.pdf")], out=out) == 0
    finally:
        os.environ.pop("RECOVERY_HOME")
    reader = PdfReader(str(tmp_path / "card.pdf"))
    assert len(reader.pages) == 1
    text = reader.pages[0].extract_text()
    for expected in ("I have an implanted drug pump", "call 112", "Zoë", "Baclofen, 2000 mcg/mL", "SynchroMed II", "555-0199", "MRI scans", "10 metres"):
        assert expected in text, expected
    assert (tmp_path / "card.pdf").stat().st_mode & 0o777 == 0o600
