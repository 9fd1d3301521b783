"""The clinical second pass on the real window: the "Anything else?" group, drowsiness in every
check-in, the result's cards with their actions and sources, and Help now naming the drug."""

from __future__ import annotations

from pathlib import Path

import pytest

from recovery.store import open_store
from ui_helpers import PROFILE, assert_shown_means_visible, buttons_with_text, chip, frames, press, running_app, wait_for


@pytest.fixture
def home_with_profile(home: Path) -> Path:
    with open_store(home) as store:
        store.save_profile(PROFILE)
    return home


def current(app) -> str:
    return app.root_widget.screen_manager.current


def test_a_normal_day_is_still_two_taps_with_the_new_questions_folded_away(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        screen = app.go("checkin")
        frames(3)
        assert not screen.more_open
        more = screen.ids.more_signs
        assert more.chips() == [] and more.height == 0, "folded, the group holds no chip to click or focus by mistake"
        assert screen.ids.drowsy.parent.shown, "drowsiness is asked every day"
        press(next(c for c in screen.ids.pain.grid.children if c.value == 2))  # tap 1
        press(buttons_with_text(screen, "Save check-in")[0])  # tap 2
        wait_for(lambda: current(app) == "result")
        assert app.screen("result").level == "ok"
        assert app.screen("result").heading == "Nothing here needs a call"
        saved = app.companion.store.checkins()[-1]
        assert set(saved) == {"recorded_at", "pain"}, "nothing unanswered is stored"


def test_the_anything_else_group_opens_and_is_answered_by_keyboard(home_with_profile: Path) -> None:
    from kivy.core.window import Window

    with running_app(home_with_profile) as app:
        screen = app.go("checkin")
        frames(3)
        toggle = screen.ids.more_toggle
        assert toggle.text == "Anything else? Show more signs"
        toggle.focus = True
        frames()
        Window.dispatch("on_key_down", 13, 40, None, [])  # Enter opens the group
        frames(3)
        assert screen.more_open and toggle.text == "Anything else? Hide these"
        assert_shown_means_visible(screen)
        labels = [c.text for c in screen.ids.more_signs.chips()]
        assert labels[:3] == ["No urine for 8 hours", "A seizure (fit)", "Thoughts of harming myself"]
        for _ in range(3):
            Window.dispatch("on_key_down", 9, 43, None, [])  # Tab to the third chip
            frames()
        assert chip(screen.ids.more_signs, "self_harm_thoughts").focus
        Window.dispatch("on_key_down", 32, 44, " ", [])  # Space picks it
        frames()
        assert screen.ids.more_signs.values == ["self_harm_thoughts"]
        toggle.focus = True
        Window.dispatch("on_key_down", 13, 40, None, [])  # folding keeps the answer and says so
        frames(2)
        assert not screen.more_open and toggle.text == "Anything else? Show more signs  (1 picked)"
        press(buttons_with_text(screen, "Save check-in")[0])
        wait_for(lambda: current(app) == "result")
        result = app.screen("result")
        assert result.level == "emergency" and app.companion.store.checkins()[-1]["self_harm_thoughts"] is True
        assert "Call 911 now" in result.finding_cards()[0].action
        assert not app.screen("checkin").more_open, "the next check-in starts folded again"


def test_an_emergency_result_says_what_to_tell_them_and_keeps_a_watch_sign_neutral(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        screen = app.go("checkin")
        press(chip(screen.ids.signs, "slow_breathing"))
        press(chip(screen.ids.signs, "nausea"))
        press(buttons_with_text(screen, "Save check-in")[0])
        wait_for(lambda: current(app) == "result")
        result = app.screen("result")
        frames(3)
        assert result.level == "emergency" and result.ids.emergency_panel.shown
        assert result.tell_them == "Tell them: \u201cI have an implanted morphine pump.\u201d"
        assert result.paramedics == "Give them Riverside Pain Clinic's number for the paramedics: 555-0142."
        first, second = result.finding_cards()
        assert (first.reason, first.action) == ("You reported slow or shallow breathing.", "Call 911 now, or have someone call for you.")
        assert (second.reason, second.action) == ("Also noted: feeling sick.", "Tell the emergency team about this too.")
        sources_button = next(w for w in first.walk() if getattr(w, "text", "") == "Where this comes from")
        press(sources_button)
        assert first.sources_open and "Medtronic UK, \"Signs of Overdose and Underdose\" (morphine)" in first.sources
        assert "MDT-UK-OD" not in first.sources, "readable names, not codes"
        assert_shown_means_visible(result)


def test_help_now_names_the_drug_the_clinic_number_and_the_fever_figure(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        help_screen = app.go("help")
        frames(2)
        assert help_screen.call_now == "Call 911 now"
        assert help_screen.tell_them == "Tell them: \u201cI have an implanted morphine pump.\u201d"
        assert "555-0142" in help_screen.paramedics
        call_signs = [sign.replace("\u00a0", " ") for sign in help_screen.call_signs]
        emergency_signs = [sign.replace("\u00a0", " ") for sign in help_screen.emergency_signs]
        assert "•  A temperature of 38.0 °C / 100.4 °F or higher" in call_signs
        assert "•  A temperature of 40.0 °C / 104.0 °F or higher" in emergency_signs
        assert not [sign for sign in emergency_signs if "Baclofen" in sign], "a morphine pump's list has no baclofen signs"
        assert not [s for s in help_screen.call_signs if "clinic's limit" in s]


def test_the_pump_screen_gives_the_medicine_advice_for_this_drug(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile({**PROFILE, "drug": "baclofen"})
    with running_app(home) as app:
        pump = app.go("pump")
        frames(2)
        assert "Keep your back-up baclofen tablets" in pump.care_text
        assert "Don't rub, press or turn the pump" in pump.care_text
        assert "No alcohol, sleeping pills" not in pump.care_text, "the sedative advice is for opioid pumps"
        assert "tell the MRI staff" in pump.cautions_text and "withdrawal" in pump.cautions_text


def click(widget) -> None:
    """A click through the window's input queue (scrolled into view first), not ``trigger_action``."""
    from recovery.ui.tour import tap

    for step in tap(widget):
        frames(step)


def test_the_anything_else_group_and_the_sources_open_with_a_click(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        screen = app.go("checkin")
        frames(3)
        click(screen.ids.more_toggle)
        assert screen.more_open and len(screen.ids.more_signs.chips()) == 7
        click(chip(screen.ids.more_signs, "pump_moved"))
        assert screen.ids.more_signs.values == ["pump_moved"]
        click(screen.ids.more_toggle)
        assert not screen.more_open and screen.ids.more_signs.values == ["pump_moved"]
        click(screen.ids.more_toggle)
        assert chip(screen.ids.more_signs, "pump_moved").state == "down", "reopened, the answer is still picked"
        click(buttons_with_text(screen, "Save check-in")[0])
        wait_for(lambda: current(app) == "result")
        result = app.screen("result")
        assert result.level == "call_doctor" and app.companion.store.checkins()[-1]["pump_moved"] is True
        frames(3)
        card = result.finding_cards()[0]
        click(next(w for w in card.walk() if getattr(w, "text", "") == "Where this comes from"))
        assert card.sources_open and "Krames" in card.sources
        click(next(w for w in card.walk() if getattr(w, "text", "") == "Hide the sources"))
        assert not card.sources_open


def test_about_lists_what_the_implanting_team_should_sign_off(home_with_profile: Path) -> None:
    from recovery.sign_off import needs_sign_off

    with running_app(home_with_profile) as app:
        about = app.go("about")
        frames(2)
        assert all(str(item) in about.sign_off_text for item in needs_sign_off())
        assert "fever_threshold_c = 38.0" in about.sign_off_text
        assert "LEEDS-SCS: Leeds Teaching Hospitals NHS Trust" in about.sources_text
