"""No English left on a translated screen: every screen rendered in the pseudo-locale.

In the pseudo-locale every translated text comes back marked ``‹Ŵöŕðš ····›`` (and a third
longer), so any English word outside the marks never went through translation. Each screen
is rendered with realistic data (the demo patient's week: a fever day, notes, a refill),
the emergency, call, watch and fine results, the pump alarm after a choice, the discharge
sheet with appointments, Week with a day opened, first run with its refusals, the PIN lock,
and the screens before surgery; every visible text must be marked.

What stays as it is in every language is taken out first: what the patient typed (names,
numbers, notes), the sources' titles and codes (publications keep their titles), the app's
name, the language names (each in its own language) and the clinicians' sign-off list in
About (addressed to the implanting team in the data's own words).
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from i18n_helpers import in_language, untranslated_texts, visible_texts
from recovery import i18n
from recovery.i18n import pseudo
from recovery.store import open_store
from ui_helpers import PROFILE, chip, frames, press, running_app, wait_for

pytestmark = pytest.mark.ui

TODAY = date(2026, 11, 24)


# --------------------------------------------------------------------------- what may stay English


#: What a visible text may keep in English, in every language, by design.
APP_NAME = "Recovery Companion"
#: The name the patient typed for an appointment.
VISIT_NAME = "Physiotherapy"


def never_translated(home: Path) -> list[str]:
    """The patient's own entries, the sources' titles and codes, the app's name and the language names."""
    from recovery.sources import load_sources

    with open_store(home) as store:
        profile = store.profile() or {}
        entries = [str(v) for v in profile.values() if isinstance(v, str)]
        entries += [str(c.get("notes", "")) for c in store.checkins()]
        entries += [str(event.get("note", "")) for event in store.pump_events()]
        entries += [q.text for q in store.questions()]
    sources = load_sources()
    entries += [source.title for source in sources.values()] + list(sources)
    entries += [APP_NAME, str(home), "English", "Español", VISIT_NAME]
    return [e for e in entries if e.strip()]


def sign_off_lines() -> list[str]:
    """About's list for the implanting team: data titles with the clinicians' notes (never translated)."""
    from recovery.sign_off import needs_sign_off

    return [str(item) for item in needs_sign_off()]


def english_left(root: Any, keep: Iterable[str]) -> list[tuple[str, list[str]]]:
    """Texts on ``root`` with English outside the pseudo-locale's marks, after the allowed parts are taken out."""
    found = []
    for text, _words in untranslated_texts(root, keep):
        checked = text
        for value in sorted((v for v in keep if v), key=len, reverse=True):
            checked = checked.replace(value, " ")
        words = pseudo.untranslated_parts(checked)
        if words:
            found.append((text, words))
    return found


# --------------------------------------------------------------------------- the data


def demo_home(home: Path, **profile: Any) -> Path:
    from recovery.ui.screenshots import DEMO_PROFILE, fill_demo

    fill_demo(home)
    with open_store(home) as store:
        store.save_profile({**DEMO_PROFILE, **profile})
        store.add_question("Can I sleep on my side yet?", "2026-11-23T10:00:00+01:00")
    return home


def add_visits(app: Any) -> None:
    """Two appointments on the sheet, as the sheet screen saves them."""
    app.companion.save_visit(kind="follow_up", name="", date_text="2026-12-01", time_text="10:30", replacing=None)
    app.companion.save_visit(kind="other", name=VISIT_NAME, date_text="2026-12-04", time_text="", replacing=None)


def show(app: Any, name: str, **state: Any) -> Any:
    screen = app.go(name, **state)
    frames(4)
    return screen


def save_checkin(app: Any, answers: dict[str, Any]) -> Any:
    """Answer on the check-in screen and press Save; returns the result screen."""
    screen = app.go("checkin")
    frames(2)
    screen.show(answers)
    frames(1)
    screen.save()
    wait_for(lambda: app.root_widget.screen_manager.current == "result")
    frames(4)
    return app.root_widget.screen_manager.current_screen


RESULTS = {
    "ok": {"pain": 2},
    "watch": {"pain": 3, "signs": ["nausea"], "notes": "Slept badly."},
    "call_doctor": {"temperature_text": "38.6", "wound": ["drainage"]},
    "emergency": {"signs": ["slow_breathing", "confused_or_hard_to_wake"]},
}


# --------------------------------------------------------------------------- the tests


def test_every_screen_shows_only_translated_words(tmp_path: Path) -> None:
    home = demo_home(tmp_path / "home")
    keep = never_translated(home)
    left: dict[str, list[tuple[str, list[str]]]] = {}
    with running_app(home, today=TODAY) as app, in_language(i18n.PSEUDO):
        frames(2)
        add_visits(app)
        left["top and bottom bars"] = english_left(app.root_widget.ids.top_bar, keep) + english_left(
            app.root_widget.bottom_bar, keep
        )
        for name in ("today", "plan", "settings", "help", "pump", "clinic_file"):
            left[name] = english_left(show(app, name), keep)
        about = show(app, "about")
        left["about"] = english_left(about, [*keep, *sign_off_lines()])

        checkin = show(app, "checkin")
        checkin.more_open = True
        frames(3)
        left["checkin"] = english_left(checkin, keep)
        checkin.ids.temperature.text = "1o1.3"
        checkin.save()
        frames(3)
        assert checkin.errors, "the refused temperature is explained"
        left["checkin with a refusal"] = english_left(checkin, [*keep, "1o1.3"])
        checkin.clear()

        week = show(app, "week")
        rows = list(reversed(week.ids.rows_box.children))
        for row in rows:
            if row.details:
                row.opened = True
        frames(3)
        left["week with its days opened"] = english_left(week, keep)

        alarm = show(app, "alarm", tone="")
        left["pump alarm"] = english_left(alarm, keep)
        alarm.choose("two_tone")
        frames(3)
        left["pump alarm, two-tone chosen"] = english_left(alarm, keep)

        sheet = show(app, "discharge")
        sheet.rows["driving"].ids.amount.text = "6"
        sheet.ids.weight.text = "999"
        sheet.save()
        frames(3)
        left["discharge sheet with appointments and a refusal"] = english_left(sheet, [*keep, "999"])
    failing = {screen: found for screen, found in left.items() if found}
    assert not failing, "English left on:\n" + "\n".join(
        f"  {screen}: {text!r} ({' '.join(words)})" for screen, found in failing.items() for text, words in found
    )


@pytest.mark.parametrize("level", list(RESULTS))
def test_each_result_shows_only_translated_words(tmp_path: Path, level: str) -> None:
    home = demo_home(tmp_path / "home")
    keep = never_translated(home)
    with running_app(home, today=TODAY) as app, in_language(i18n.PSEUDO):
        result = save_checkin(app, RESULTS[level])
        assert result.level == level
        for card in result.finding_cards():
            card.sources_open = True
        frames(3)
        assert english_left(result, [*keep, *RESULTS[level].get("notes", "").split("\0")]) == []


def test_first_run_and_its_refusals_show_only_translated_words(home: Path) -> None:
    with running_app(home, today=TODAY) as app, in_language(i18n.PSEUDO):
        screen = show(app, "first_run")
        keep = [APP_NAME, "English", "Español", "911"]
        assert english_left(screen, keep) == []
        form = screen.ids.form
        form.ids.surgery_date.text = "next month"
        form.ids.clinic_phone.text = "call me maybe"
        press(chip(form.ids.drug, "baclofen"))
        screen.save()
        frames(3)
        assert form.errors
        assert english_left(screen, [*keep, "next month", "call me maybe"]) == []


def test_the_screens_before_surgery_show_only_translated_words(tmp_path: Path) -> None:
    future = (TODAY + timedelta(days=5)).isoformat()
    home = demo_home(tmp_path / "home", surgery_date=future, trial_date="2026-11-03", trial_relief_percent=60)
    keep = never_translated(home)
    with running_app(home, today=TODAY) as app, in_language(i18n.PSEUDO):
        assert english_left(show(app, "today"), keep) == []
        assert english_left(show(app, "preop"), keep) == []


def test_the_lock_screen_shows_only_translated_words(tmp_path: Path) -> None:
    from recovery.pin import new_lock, save_lock

    home = demo_home(tmp_path / "home")
    save_lock(home, new_lock("2468"))
    with running_app(home, today=TODAY) as app, in_language(i18n.PSEUDO):
        lock = show(app, "lock")
        assert app.root_widget.screen_manager.current == "lock"
        lock.ids.pin.text = "1111"
        lock.unlock()
        frames(2)
        assert lock.message and english_left(lock, [APP_NAME]) == []


def test_the_finder_reports_a_text_that_skipped_translation(tmp_path: Path) -> None:
    """The check can fail: one label set in plain English is reported, the patient's entries never are."""
    home = demo_home(tmp_path / "home")
    keep = never_translated(home)
    with running_app(home, today=TODAY) as app, in_language(i18n.PSEUDO):
        screen = show(app, "help")
        assert english_left(screen, keep) == []
        clinic_line = min((text for text in visible_texts(screen) if PROFILE["clinic_name"] in text), key=len)
        assert pseudo.untranslated_parts(clinic_line), "the clinic's name is English words…"
        assert clinic_line not in [text for text, _ in english_left(screen, keep)], "…and the patient's own"

        from kivy.uix.label import Label

        label = next(w for w in screen.walk(restrict=True) if isinstance(w, Label) and w.text.startswith("‹"))
        label.text = "Call them today for any of these"
        frames()
        assert english_left(screen, keep) == [(label.text, ["Call", "them", "today", "for", "any", "of", "these"])]
