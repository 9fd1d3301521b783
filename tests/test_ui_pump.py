"""The pump screens in the real window: getting ready, the alarm, refills and the card, the extra question."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from pypdf import PdfReader

from recovery.store import open_store
from ui_helpers import PROFILE, assert_shown_means_visible, buttons_with_text, chip, frames, press, running_app, wait_for

pytestmark = pytest.mark.ui


def profile_home(home: Path, **fields: object) -> Path:
    with open_store(home) as store:
        store.save_profile({**PROFILE, **fields})
    return home


def current(app) -> str:
    return app.root_widget.screen_manager.current


def test_before_surgery_today_counts_down_and_the_checklist_is_kept(home: Path) -> None:
    profile_home(home, surgery_date="2026-11-29")
    with running_app(home) as app:
        today = app.screen("today")
        assert today.headline == "Surgery in 5 days" and today.before_surgery
        assert today.preop_progress == "0 of 5 things done" and today.refill == ""
        assert today.next_milestone == "Next: your implant · Sun 29 Nov (in 5 days)" and today.next_change == ""
        assert not buttons_with_text(today, "Check in now")[0].parent.shown, "no post-operative check-in is offered"
        assert today.preop_todo.count("•") == 5
        press(buttons_with_text(today, "Open the checklist")[0])
        preop = app.screen("preop")
        assert current(app) == "preop" and preop.countdown == "Surgery in 5 days: Sun 29 Nov"
        tobacco = next(row for row in preop.ids.checklist.children if row.item_id == "tobacco")
        press(next(w for w in tobacco.walk() if w.__class__.__name__ == "Chip"))
        assert app.companion.profile()["preop_done"] == ["tobacco"]
        preop.ids.trial_date.text, preop.ids.trial_relief.text = "2026-10-20", "60"
        press(buttons_with_text(preop, "Save the trial")[0])
        assert "60 % of your pain: at or above the usual 50 %" in preop.trial_summary
        preop.ids.trial_relief.text = "160"
        press(buttons_with_text(preop, "Save the trial")[0])
        assert "0 to 100" in preop.message and app.companion.profile()["trial_relief_percent"] == 60
        app.go("today")
        assert app.screen("today").preop_progress == "1 of 5 things done"
        assert "tobacco" not in app.screen("today").preop_todo.lower() and app.screen("today").preop_todo.count("•") == 4


def test_on_the_implant_date_the_app_moves_to_the_recovery_plan(home: Path) -> None:
    profile_home(home, surgery_date="2026-11-24")
    with running_app(home) as app:
        today = app.screen("today")
        assert today.headline == "Day 0 of about 56" and not today.before_surgery
        assert len(today.restrictions_box.children) == 10
        assert "Ice for a sore cut, in the first 24 hours" in today.care_text


def test_a_beeping_baclofen_pump_is_an_emergency_and_can_be_logged(home: Path) -> None:
    profile_home(home, drug="baclofen", emergency_number="999")
    with running_app(home) as app:
        press(buttons_with_text(app.screen("today"), "My pump is beeping")[0])
        alarm = app.screen("alarm")
        assert current(app) == "alarm" and alarm.tone == ""
        press(buttons_with_text(alarm, "A two-tone alarm, repeating")[0])
        frames(2)
        assert_shown_means_visible(alarm)
        assert alarm.level == "emergency" and alarm.action.startswith("Call 999 now")
        assert alarm.clinic_line == "Riverside Pain Clinic: 555-0142"
        press(buttons_with_text(alarm, "Single beeps, about once an hour")[0])
        assert alarm.level == "call_doctor" and "refill" in alarm.action
        press(buttons_with_text(alarm, "A two-tone alarm, repeating")[0])
        press(buttons_with_text(alarm, "Note this alarm in my log")[0])
        assert current(app) == "result" and app.screen("result").level == "emergency"
        assert app.companion.store.checkins()[-1]["pump_alarm"] == "two_tone"


def test_refills_are_logged_details_saved_and_the_card_printed(home: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("RECOVERY_EXPORTS", str(tmp_path / "exports"))
    profile_home(home)
    with running_app(home) as app:
        press(buttons_with_text(app.screen("today"), "My pump")[0])
        pump = app.screen("pump")
        assert "Add the next refill date" in pump.refill_text
        pump.ids.next_refill_date.text = "20/12/2026"
        press(buttons_with_text(pump, "Save pump details")[0])
        assert pump.errors["next_refill_date"] == "“20/12/2026” is not a date the app can read. Type the date like 2026-12-21."
        assert "marked in red" in pump.details_message and "next_refill_date" not in app.companion.profile()
        shown = [w.text for w in pump.walk() if w.__class__.__name__ == "FormError" and w.text]
        assert shown == [pump.errors["next_refill_date"]], "the message is shown beside the field"
        pump.ids.next_refill_date.text = "2026-12-17"
        pump.ids.drug_concentration.text = "morphine 10 mg/mL"
        press(buttons_with_text(pump, "Save pump details")[0])
        assert pump.details_message == "Saved." and pump.refill_text == "Next refill: Thu 17 Dec (in 23 days)."
        press(buttons_with_text(pump, "I had a refill today")[0])
        assert "more drowsy than usual" in pump.message and "Tue 24 Nov: Refill" in pump.events_text
        assert "morphine 10 mg/mL" in pump.card_text and "expected to run out between November 2031" in pump.battery_text
        press(buttons_with_text(pump, "Save the pump card to print (PDF)")[0])
        wait_for(lambda: pump.card_message.startswith("Saved"))
        card = PdfReader(str(tmp_path / "exports" / "pump-card.pdf"))
        assert len(card.pages) == 1 and "Morphine, morphine 10 mg/mL" in card.pages[0].extract_text()
        app.go("today")
        assert app.screen("today").refill == "Next refill: Thu 17 Dec (in 23 days)."


@pytest.mark.parametrize(("drug", "refill", "level"), [("morphine", "2026-11-23", "call_doctor"), ("baclofen", "2026-11-21", "call_doctor"), ("ziconotide", "2026-11-20", "watch")])
def test_every_checkin_asks_about_drowsiness_and_after_a_refill_it_means_a_call(
    home: Path, drug: str, refill: str, level: str
) -> None:
    profile_home(home, drug=drug)
    with open_store(home) as store:
        store.add_pump_event("refill", refill)
    with running_app(home) as app:
        checkin = app.go("checkin")
        frames(2)
        assert bool(checkin.extra_question) == (level == "call_doctor"), "the question is worded for the refill in its window"
        assert_shown_means_visible(checkin)
        press(chip(checkin.ids.drowsy, True))
        press(buttons_with_text(checkin, "Save check-in")[0])
        wait_for(lambda: current(app) == "result")
        assert app.screen("result").level == level
        assert app.companion.store.checkins()[-1]["drowsy"] is True


def test_the_pump_screen_at_the_largest_text_size_shows_no_hidden_panels(home: Path) -> None:
    profile_home(home, text_scale=1.5)
    with running_app(home) as app:
        pump = app.go("pump")
        frames(3)
        assert_shown_means_visible(pump)
        assert date.fromisoformat(app.companion.settings()["surgery_date"]) == date(2026, 11, 12)
