"""Each screen built by the real app on a real window, over a real store in a temp folder."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from recovery.store import atomic, open_store
from ui_helpers import PROFILE, assert_shown_means_visible, buttons_with_text, chip, frames, press, running_app, wait_for

pytestmark = pytest.mark.ui


@pytest.fixture
def home_with_profile(home: Path) -> Path:
    with open_store(home) as store:
        store.save_profile(PROFILE)
    return home


def plain(text: str) -> str:
    """What a text says, without the no-break spaces that keep dates and counts whole on screen."""
    return text.replace("\u00a0", " ")


def current(app) -> str:
    return app.root_widget.screen_manager.current


def save_checkin(app, **answers) -> None:
    """Fill the check-in screen and press Save, then wait for the result screen."""
    screen = app.go("checkin")
    ids = screen.ids
    if "pain" in answers:
        press(chip_in_pain(ids.pain, answers["pain"]))
    if "temperature" in answers:
        ids.temperature.text = answers["temperature"]
    for sign in answers.get("signs", ()):
        press(chip(ids.signs, sign))
    for field in ("headache", "pump_swelling", "leg_weakness", "pump_alarm"):
        if field in answers:
            press(chip(ids[field], answers[field]))
    for sign in answers.get("wound", ()):
        press(chip(ids.wound, sign))
    if "notes" in answers:
        ids.notes.text = answers["notes"]
    press(buttons_with_text(screen, "Save check-in")[0])


def chip_in_pain(scale, value: int):
    return next(c for c in scale.grid.children if c.value == value)


# ------------------------------------------------------------------ first run


def test_first_run_checks_every_field_and_saves_nothing_half_way(home: Path) -> None:
    with running_app(home) as app:
        assert current(app) == "first_run" and not app.show_navigation
        screen = app.screen("first_run")
        form = screen.ids.form
        assert form.ids.emergency_number.text == "911"
        form.ids.surgery_date.text = "12/11/2026"
        form.ids.clinic_phone.text = "call me maybe"
        form.ids.reminder_time.text = "9am"
        press(buttons_with_text(screen, "Save and start")[0])
        assert "drug" in form.errors
        press(chip(form.ids.drug, "baclofen"))
        press(buttons_with_text(screen, "Save and start")[0])
        assert set(form.errors) == {"surgery_date", "clinic_phone", "reminder_time"}
        assert form.errors["surgery_date"] == (
            "“12/11/2026” is not a date the app can read. Type the date like 2026-12-21, or pick it with the − and + buttons."
        )
        assert "YYYY" not in " ".join(form.errors.values()) and "got" not in " ".join(form.errors.values())
        shown = [w.text for w in form.walk() if w.__class__.__name__ == "FormError" and w.text]
        assert sorted(shown) == sorted(form.errors.values()), "each message is shown beside its field"
        assert app.companion.profile() is None, "nothing is saved while any field is wrong"

        form.ids.surgery_date.text = "2026-11-12"
        form.ids.clinic_name.text = "  Riverside Pain Clinic "
        form.ids.clinic_phone.text = "555-0142"
        form.ids.reminder_time.text = "08:30"
        press(chip(form.ids.temperature_unit, "F"))
        press(buttons_with_text(screen, "Save and start")[0])
        assert screen.offering_sheet, "saved: the discharge sheet is offered next"
        press(buttons_with_text(screen, "Later")[0])
        assert current(app) == "today" and app.show_navigation
        assert app.companion.profile() == {
            "surgery_date": "2026-11-12",
            "drug": "baclofen",
            "clinic_name": "Riverside Pain Clinic",
            "clinic_phone": "555-0142",
            "emergency_number": "911",
            "temperature_unit": "F",
            "reminder_time": "08:30",
            "language": "en",  # the language first run was shown in
        }
        assert app.screen("today").headline == "Day 12 of about 56"


def test_an_unlikely_implant_date_is_questioned_once(home: Path) -> None:
    with running_app(home) as app:
        screen = app.screen("first_run")
        form = screen.ids.form
        form.ids.surgery_date.text = "2062-11-12"
        press(chip(form.ids.drug, "morphine"))
        press(buttons_with_text(screen, "Save and start")[0])
        assert "Check the year" in form.errors["surgery_date"]
        assert app.companion.profile() is None
        press(buttons_with_text(screen, "Save and start")[0])
        assert app.companion.profile()["surgery_date"] == "2062-11-12"


def test_the_date_buttons_step_a_day_and_name_the_weekday(home: Path) -> None:
    with running_app(home) as app:
        form = app.screen("first_run").ids.form
        form.ids.surgery_date.text = ""
        form.shift_date(1)
        assert form.ids.surgery_date.text == "2026-11-24", "an empty field starts from today"
        form.shift_date(-12)
        assert form.ids.surgery_date.text == "2026-11-12"
        frames()
        assert form.date_words == "Thursday 12 November 2026"


# ------------------------------------------------------------------ today, check-in and result


def test_today_shows_the_day_the_status_and_restrictions(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        today = app.screen("today")
        assert current(app) == "today"
        assert today.headline == "Day 12 of about 56" and today.phase_line == "Healing · week 2"
        assert today.checkin_status == "You have not checked in today."
        titles = [row.title for row in today.restrictions_box.children]
        assert "Don't drive" in titles and "No strenuous exercise" in titles and len(titles) == 9
        assert "Keep the dressings on and dry: no shower yet" not in titles, "the shower restriction ended on day 2"
        assert "Abdominal binder, if your team gave you one" in today.care_text and "Ice" not in today.care_text
        assert all(row.icon for row in today.restrictions_box.children)
        assert today.warning_text == ""


@pytest.mark.parametrize(
    ("answers", "level", "says"),
    [
        ({"pain": 3}, "ok", "Nothing in this check-in needs a call"),
        ({"pain": 4, "signs": ["nausea"]}, "watch", "Check in again in about 4 hours"),
        ({"temperature": "38.6"}, "call_doctor", "Call Riverside Pain Clinic today: 555-0142"),
        ({"signs": ["slow_breathing"]}, "emergency", "Call 911 now"),
    ],
)
def test_a_checkin_is_saved_and_the_result_says_what_to_do(
    home_with_profile: Path, answers: dict, level: str, says: str
) -> None:
    with running_app(home_with_profile) as app:
        save_checkin(app, **answers)
        wait_for(lambda: current(app) == "result")
        result = app.screen("result")
        assert result.level == level
        assert says in (result.call_line + " " + result.advice)
        assert app.companion.store.checkins()[-1]["recorded_at"].startswith("2026-11-24T")
        if level != "ok":
            cards = result.finding_cards()
            assert result.reasons and len(cards) == len(result.reasons)
            assert all(card.action and card.sources for card in cards)
            assert not any(card.sources_open for card in cards), "sources stay folded until asked for"
        frames(2)
        assert_shown_means_visible(result)
        panel = result.ids.emergency_panel
        assert panel.shown == (level == "emergency")
        if level == "emergency":
            press(buttons_with_text(result, "I have called, hide this")[0])
            assert not panel.shown
        press(buttons_with_text(result, "Back to today")[0])
        assert current(app) == "today"
        today = app.screen("today")
        assert today.checkin_status.startswith("Checked in once today")
        assert (today.warning_level or "ok") == ("ok" if level == "ok" else level)


def test_a_fever_in_fahrenheit_is_stored_in_celsius_and_quoted_in_fahrenheit(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile({**PROFILE, "temperature_unit": "F"})
    with running_app(home) as app:
        save_checkin(app, temperature="101.3")
        wait_for(lambda: current(app) == "result")
        assert app.companion.store.checkins()[-1]["temperature_c"] == pytest.approx(38.5, abs=0.01)
        assert any("101.3 °F" in reason for reason in app.screen("result").reasons)


def test_a_bad_temperature_is_explained_beside_the_field_and_nothing_is_saved(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        save_checkin(app, pain=5, temperature="1o1.3")
        screen = app.screen("checkin")
        assert screen.ids.temperature.text == "1o1.3", "what was typed stays as typed"
        assert screen.errors["temperature_c"] == "“1o1.3” has the letter “o” in it. Type the temperature as a number, like 37.2."
        assert screen.ids.temperature_card.error, "the temperature card is outlined"
        assert "the temperature, marked in red" in screen.message
        assert current(app) == "checkin"
        assert app.companion.store.checkins() == []
        assert screen.ids.pain.value == 5, "the answers stay on screen"
        frames(3)
        card = screen.ids.temperature_card
        scroller = screen.ids.scroller
        top = card.to_window(card.x, card.top)[1]
        bottom = card.to_window(card.x, card.y)[1]
        view_bottom, view_top = scroller.to_window(0, scroller.y)[1], scroller.to_window(0, scroller.top)[1]
        assert view_bottom <= bottom and top <= view_top, "the marked card is scrolled into view"


def test_headache_follow_up_appears_only_when_there_is_a_headache(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        screen = app.go("checkin")
        follow_up = screen.ids.headache_follow_up
        assert not follow_up.shown
        frames(2)
        assert_shown_means_visible(screen)
        press(chip(screen.ids.headache, "moderate"))
        assert follow_up.shown
        frames(2)
        assert_shown_means_visible(screen)
        press(chip(screen.ids.headache_upright, True))
        press(buttons_with_text(screen, "Save check-in")[0])
        wait_for(lambda: current(app) == "result")
        assert app.screen("result").level == "call_doctor"
        saved = app.companion.store.checkins()[-1]
        assert saved["headache"] == "moderate" and saved["headache_upright"] is True


def test_a_full_disk_keeps_every_answer_on_screen_with_a_clear_message(
    home_with_profile: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with running_app(home_with_profile) as app:

        def disk_full(*_args: object) -> None:
            raise OSError(errno.ENOSPC, "No space left on device")

        monkeypatch.setattr(atomic.fs, "write", disk_full)
        save_checkin(app, pain=6, notes="Could not sleep")
        screen = app.screen("checkin")
        wait_for(lambda: not screen.saving)
        assert "disk is full" in screen.message and "still here" in screen.message
        assert screen.ids.notes.text == "Could not sleep" and screen.ids.pain.value == 6
        assert current(app) == "checkin"
        monkeypatch.undo()
        press(buttons_with_text(screen, "Save check-in")[0])
        wait_for(lambda: current(app) == "result")
        assert app.companion.store.checkins()[-1]["notes"] == "Could not sleep"


def test_the_latest_warning_on_today_opens_its_result(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        save_checkin(app, wound=["drainage"])
        wait_for(lambda: current(app) == "result")
        app.go("today")
        today = app.screen("today")
        assert today.warning_level == "call_doctor" and "Tap to see why" in today.warning_text
        today.open_warning()
        assert current(app) == "result" and app.screen("result").level == "call_doctor"


# ------------------------------------------------------------------ plan, week, settings, help


def test_the_plan_records_a_doctors_clearance_and_today_honours_it(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        plan = app.go("plan")
        weeks = list(reversed(plan.ids.weeks_box.children))
        assert len(weeks) == 9 and weeks[1].current and "Stitches or clips out" in weeks[1].events
        rows = {row.restriction_id: row for row in plan.ids.restrictions_box.children}
        assert set(rows) == {
            "bending_twisting", "stretching_overhead", "stairs", "lifting", "driving", "soaking", "stomach_sleeping",
            "strenuous_exercise", "work", "shower",
        }  # fmt: skip
        care = [row.title for row in reversed(plan.ids.care_box.children)]
        assert "Don't rub, press or turn the pump" in care and "Pain medicine by mouth, as prescribed" in care
        assert "Keep your back-up baclofen tablets" not in care, "the profile's pump holds morphine"
        driving_chip = next(w for w in rows["driving"].walk() if w.__class__.__name__ == "Chip")
        press(driving_chip)
        assert app.companion.profile()["cleared"] == ["driving"]
        app.go("today")
        assert "Don't drive" not in [row.title for row in app.screen("today").restrictions_box.children]


def test_the_week_review_marks_warning_days_and_pages_between_weeks(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        save_checkin(app, temperature="38.9", notes="Hot and shivery")
        wait_for(lambda: current(app) == "result")
        week = app.go("week")
        assert plain(week.period) == "Wed 18 Nov to Tue 24 Nov" and not week.can_go_forward
        rows = list(reversed(week.ids.rows_box.children))
        assert len(rows) == 7
        assert rows[-1].highlight and rows[-1].level == "call_doctor" and "38.9\u00a0°C" in rows[-1].temperature
        assert all(row.signs == "before the app was used" for row in rows[:-1]), "not missed: the app was not in use"
        assert plain(week.summary) == "1 day needed a call to the clinic. 6 days before the app was used."
        assert not rows[0].pressable and rows[-1].pressable and not rows[-1].opened
        press(rows[-1])
        assert rows[-1].opened and "38.9\u00a0°C" in rows[-1].details and rows[-1].details.endswith("Call today")
        assert week.chart_days[-1]["level"] == "call_doctor"
        notes = [label.text for label in week.ids.notes_box.children]
        assert any("Hot and shivery" in text for text in notes)
        press(buttons_with_text(week, "Week before")[0])
        assert plain(week.period) == "Wed 11 Nov to Tue 17 Nov" and week.can_go_forward


def test_an_emergency_day_is_counted_as_one_and_later_gaps_are_missed(home_with_profile: Path) -> None:
    with open_store(home_with_profile) as store:
        store.add_checkin({"recorded_at": "2026-11-19T09:00:00+01:00", "pain": 3})
        store.add_checkin({"recorded_at": "2026-11-22T09:00:00+01:00", "slow_breathing": True})
        store.add_checkin({"recorded_at": "2026-11-23T09:00:00+01:00", "temperature_c": 38.9})
    with running_app(home_with_profile) as app:
        week = app.go("week")
        assert plain(week.summary) == (
            "1 day reached an emergency. 1 day needed a call to the clinic. 3 days without a check-in. "
            "1 day before the app was used."
        )
        rows = {row.day: row for row in week.ids.rows_box.children}
        assert rows["Sun 22 Nov"].level_word == "Emergency" and rows["Sun 22 Nov"].highlight
        assert rows["Wed 18 Nov"].signs == "before the app was used" and rows["Fri 20 Nov"].signs == "no check-in"
        press(buttons_with_text(week, "Week after")[0])
        assert plain(week.period) == "Wed 18 Nov to Tue 24 Nov"


def test_settings_change_text_size_at_once_and_refuse_a_bad_phone(home_with_profile: Path) -> None:
    from recovery.ui.scale import SCALE

    with running_app(home_with_profile) as app:
        before = app.companion.profile()
        settings = app.go("settings")
        frames(2)
        assert app.companion.profile() == before, "opening Settings writes nothing"
        press(chip(settings.ids.text_scale, 1.5))
        assert SCALE.factor == 1.5 and app.companion.profile()["text_scale"] == 1.5
        form = settings.ids.form
        form.ids.clinic_phone.text = "phone"
        press(buttons_with_text(settings, "Save changes")[0])
        assert "clinic_phone" in form.errors
        assert app.companion.profile()["clinic_phone"] == "555-0142"
        form.ids.clinic_phone.text = "555-0199"
        press(buttons_with_text(settings, "Save changes")[0])
        assert settings.saved_message == "Saved."
        assert app.companion.profile()["clinic_phone"] == "555-0199"
        assert app.companion.profile()["text_scale"] == 1.5, "fields the form does not show are kept"
        assert settings.data_folder == str(home_with_profile)


def test_help_is_one_tap_from_every_screen_and_names_both_numbers(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile({**PROFILE, "emergency_number": "999"})
    with running_app(home) as app:
        for name in ("today", "checkin", "plan", "week", "settings", "about"):
            app.go(name)
            press(app.root_widget.ids.help_button)
            assert current(app) == "help"
        help_screen = app.screen("help")
        assert help_screen.emergency_number == "999"
        assert help_screen.clinic_line == "Riverside Pain Clinic: 555-0142"
        assert any("Slow or shallow breathing" in sign for sign in help_screen.emergency_signs)


def test_about_lists_the_sources_and_the_emergency_line(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        about = app.go("about")
        assert "KRAMES" in about.sources_text and "MDT-UK-OD" in about.sources_text
        assert about.emergency_number == "911"


def test_back_and_escape_retrace_the_way_and_never_close_the_app(home_with_profile: Path) -> None:
    from kivy.core.window import Window

    with running_app(home_with_profile) as app:
        app.go("plan")
        app.go("week")
        Window.dispatch("on_keyboard", 27, 0, "", [])
        assert current(app) == "plan"
        press(app.root_widget.ids.back_button)
        assert current(app) == "today"
        assert Window.dispatch("on_keyboard", 27, 0, "", []) is True
        assert current(app) == "today"


def test_a_second_window_explains_the_lock_and_offers_help(home_with_profile: Path) -> None:
    with open_store(home_with_profile):
        with running_app(home_with_profile) as app:
            assert current(app) == "help"
            wait_for(lambda: any("already open in another window" in notice for notice in app.notices), timeout=20)
            app.go("checkin")
            assert current(app) == "help", "without the data, only help is offered"


def test_a_restored_backup_is_announced(home_with_profile: Path) -> None:
    with open_store(home_with_profile) as store:
        store.add_checkin({"recorded_at": "2026-11-20T08:00:00+01:00", "pain": 2})
    (home_with_profile / "recovery.json").write_bytes(b"{ not json")
    with running_app(home_with_profile) as app:
        assert any("restored from the backup" in notice for notice in app.notices)
        app.dismiss_notice()
        assert app.notices == []


def test_the_keyboard_moves_between_answers_and_presses_them(home_with_profile: Path) -> None:
    from kivy.core.window import Window

    with running_app(home_with_profile) as app:
        screen = app.go("checkin")
        frames(3)
        chip(screen.ids.headache, "none").focus = True
        frames()
        Window.dispatch("on_key_down", 9, 43, None, [])  # Tab
        frames()
        assert chip(screen.ids.headache, "mild").focus
        Window.dispatch("on_key_down", 13, 40, None, [])  # Enter
        frames()
        assert screen.ids.headache.value == "mild"
        Window.dispatch("on_keyboard", 282, 58, None, [])  # F1 (SDL sends on_keyboard for every key)
        assert current(app) == "help"


def test_the_week_keeps_questions_for_the_visit_and_saves_the_report(
    home_with_profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from pypdf import PdfReader

    monkeypatch.setenv("RECOVERY_EXPORTS", str(tmp_path / "exports"))
    with running_app(home_with_profile) as app:
        week = app.go("week")
        press(buttons_with_text(week, "Add question")[0])
        assert "Type your question" in week.question_error
        week.ids.question_input.text = "Can I drive to the follow-up?"
        press(buttons_with_text(week, "Add question")[0])
        assert [q.text for q in app.companion.questions()] == ["Can I drive to the follow-up?"]
        assert week.ids.question_input.text == "" and week.question_error == ""
        press(buttons_with_text(week, "Save the report (PDF)")[0])
        wait_for(lambda: not week.exporting)
        report = tmp_path / "exports" / "recovery-report-2026-11-24.pdf"
        assert str(report) in week.export_message and "health information" in week.export_message
        assert "Can I drive to the follow-up?" in PdfReader(str(report)).pages[0].extract_text()
        asked = buttons_with_text(week, "Asked")[0]
        press(asked)
        assert app.companion.questions() == []


def test_settings_back_up_everything_and_export_a_spreadsheet(
    home_with_profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("RECOVERY_EXPORTS", str(tmp_path / "exports"))
    with running_app(home_with_profile) as app:
        settings = app.go("settings")
        press(buttons_with_text(settings, "Back up all my data")[0])
        wait_for(lambda: settings.export_message.startswith("Saved"))
        backup = tmp_path / "exports" / "recovery-backup-2026-11-24.json"
        assert backup.stat().st_mode & 0o777 == 0o600
        press(buttons_with_text(settings, "Export check-ins for a spreadsheet (CSV)")[0])
        wait_for(lambda: "recovery-checkins-2026-11-24.csv" in settings.export_message)
        assert (tmp_path / "exports" / "recovery-checkins-2026-11-24.csv").exists()


def test_settings_switch_background_reminders_and_save_the_calendar(
    home_with_profile: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from recovery import background

    table = tmp_path / "crontab.txt"
    program = tmp_path / "crontab"
    program.write_text(
        f'#!/bin/sh\nif [ "$1" = "-l" ]; then cat "{table}" 2>/dev/null || exit 1; exit 0; fi\ncat > "{table}"\n'
    )
    program.chmod(0o755)
    monkeypatch.setattr(background, "choose_backend", lambda *a, **k: background.Crontab(crontab=str(program)))
    monkeypatch.setenv("RECOVERY_EXPORTS", str(tmp_path / "exports"))
    with running_app(home_with_profile) as app:
        settings = app.go("settings")
        wait_for(lambda: settings.background_message == "Off.")
        press(buttons_with_text(settings, "Turn background reminders on")[0])
        wait_for(lambda: settings.background_on)
        assert background.CRON_MARKER in table.read_text()
        press(buttons_with_text(settings, "Turn background reminders off")[0])
        wait_for(lambda: not settings.background_on and settings.background_message == "Off.")
        assert background.CRON_MARKER not in table.read_text()
        press(buttons_with_text(settings, "Add my dates to a calendar (.ics)")[0])
        wait_for(lambda: settings.export_message.startswith("Saved"))
        assert (tmp_path / "exports" / "recovery-plan-2026-11-24.ics").read_bytes().startswith(b"BEGIN:VCALENDAR")


def test_closing_twice_raises_nothing_and_the_data_was_already_safe(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app:
        save_checkin(app, pain=4)
        wait_for(lambda: current(app) == "result")
        on_disk = (home_with_profile / "recovery.json").read_bytes()
        app.on_stop()
        app.on_stop()  # Kivy fires on_stop twice on App.stop()
    assert (home_with_profile / "recovery.json").read_bytes() == on_disk, "nothing was waiting for shutdown"
