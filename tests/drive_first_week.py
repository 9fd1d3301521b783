"""End-to-end: a new patient sets up, checks in with a fever, gets told to call, and the
caregiver's week shows it. Run by ``test_ui_flow.py`` in its own process:
``python tests/drive_first_week.py DATA_DIR`` exits 0 when every step held.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from recovery.ui.kivyenv import prepare_kivy_environment  # noqa: E402

prepare_kivy_environment()

from recovery.store import open_store  # noqa: E402
from recovery.ui.app import RecoveryApp  # noqa: E402
from recovery.ui.tour import find, run_tour, tap, type_text, with_text  # noqa: E402


def main(home: Path) -> None:
    app = RecoveryApp(home=home, today=date(2026, 11, 24))

    def screen(name: str):
        return app.root_widget.screen_manager.get_screen(name)

    def on(name: str):
        return lambda: app.root_widget.screen_manager.current == name

    def steps():
        yield on("first_run")
        form = screen("first_run").ids.form
        yield from tap(form.ids.surgery_date)
        yield lambda: form.ids.surgery_date.focus
        type_text("2026-11-12")
        yield lambda: form.date_words == "Thursday 12 November 2026"
        yield from tap(with_text(form, "Morphine"))
        yield lambda: form.ids.drug.value == "morphine"
        for field, text in (("clinic_name", "Riverside Pain Clinic"), ("clinic_phone", "555-0142")):
            yield from tap(form.ids[field])
            yield lambda field=field: form.ids[field].focus
            type_text(text)
            yield 2
        yield from tap(with_text(screen("first_run"), "Save and start"))
        yield lambda: screen("first_run").offering_sheet  # "Do you have the sheet the hospital gave you?"
        yield from tap(with_text(screen("first_run"), "Later"))
        yield on("today")
        assert screen("today").headline == "Day 12 of about 56", screen("today").headline

        yield from tap(with_text(screen("today"), "Check in now"))
        yield on("checkin")
        checkin = screen("checkin")
        yield from tap(checkin.ids.temperature)
        yield lambda: checkin.ids.temperature.focus
        type_text("38.6")
        checkin.ids.notes.text = "SENTINEL-PHI-123 felt hot"
        yield from tap(find(checkin.ids.pain.grid, lambda w: getattr(w, "value", None) == 4))
        yield lambda: checkin.ids.pain.value == 4
        yield from tap(with_text(checkin, "Save check-in"))
        yield on("result")

        result = screen("result")
        assert result.level == "call_doctor", result.level
        assert result.call_line == "Call Riverside Pain Clinic today: 555-0142", result.call_line
        assert any("38.6 °C" in reason for reason in result.reasons), result.reasons
        with_store = app.companion.store.checkins()
        assert with_store[-1]["temperature_c"] == 38.6 and with_store[-1]["pain"] == 4, with_store

        yield from tap(with_text(result, "Back to today"))
        yield on("today")
        yield from tap(with_text(app.root_widget.bottom_bar, "Week"))
        yield on("week")
        rows = list(reversed(screen("week").ids.rows_box.children))
        assert rows[-1].highlight and rows[-1].level == "call_doctor", (rows[-1].level, rows[-1].highlight)
        assert "38.6" in rows[-1].temperature

    run_tour(app, steps)
    with open_store(home) as store:  # the saved check-in survives the app closing
        assert store.checkins()[-1]["temperature_c"] == 38.6
    print("first week: every step held")


if __name__ == "__main__":
    os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
    main(Path(sys.argv[1]))
