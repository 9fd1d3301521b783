"""Exports and imports on real files: the PDF read back, CSV and JSON round trips, the CLI."""

from __future__ import annotations

import io
import json
import os
import re
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from pypdf import PdfReader

from helpers import PROJECT_ROOT, checkin_at
from recovery import cli
from recovery.export.backup import BackupError, backup_to_json, load_backup
from recovery.export.csv_io import COLUMNS, checkins_to_csv, parse_checkins_csv
from recovery.plan import load_plan
from recovery.review import named_range
from recovery.services import Companion
from recovery.store import open_store

TZ = timezone(timedelta(hours=1))
NOW = datetime(2026, 11, 24, 10, 0, tzinfo=TZ)
PROFILE = {
    "surgery_date": "2026-11-12",
    "patient_name": "Zoë Ñúñez-Ødegård",
    "drug": "baclofen",
    "clinic_name": "Clínica São José",
    "clinic_phone": "+1 555 0142",
    "pump_model": "SynchroMed II 8637-20",
}
CHECKINS = [
    checkin_at("2026-11-18T09:00:00+01:00", pain=5, temperature_c=37.1, headache="mild"),
    checkin_at("2026-11-19T09:00:00+01:00", pain=4, notes="=SUM(A1) is not a formula; walked 10 min"),
    checkin_at("2026-11-19T21:00:00+01:00", pain=6, wound=["redness", "warmth"], temperature_c=38.4),
    checkin_at("2026-11-21T09:00:00+01:00", pain=3, itching_tingling=True, confused_or_hard_to_wake=True),
    checkin_at("2026-11-23T09:00:00+01:00", pain=3, notes="Line one\nLine two, with \"quotes\" and ≥ ° é 😊"),
    checkin_at("2026-11-24T08:00:00+01:00", pain=2, temperature_c=36.9),
]


def fill(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile(PROFILE)
        for checkin in CHECKINS:
            store.add_checkin(checkin)
        store.add_question("Can I sleep on my side yet? Is ≥ 4 weeks right?", "2026-11-22T18:00:00+01:00")
        store.add_pump_event("refill", "2026-11-20", "first refill, 20 mL")


def squash(text: str) -> str:
    return "".join(text.split())


def companion_for(store) -> Companion:
    return Companion(store, load_plan(), lambda: NOW)


# ------------------------------------------------------------------ PDF


def test_the_pdf_report_reads_back_with_page_one_and_the_full_log(home: Path, tmp_path: Path) -> None:
    fill(home)
    shares: list[float] = []
    with open_store(home) as store:
        path = companion_for(store).export_pdf(tmp_path / "out" / "report.pdf", date(2026, 11, 18), date(2026, 11, 24), shares.append)
    assert shares and shares[-1] == 1.0
    assert path.stat().st_mode & 0o777 == 0o600
    reader = PdfReader(str(path))
    assert len(reader.pages) == 2
    first = reader.pages[0].extract_text()
    for expected in (
        "Recovery report: intrathecal pump",
        "Zoë Ñúñez-Ødegård",
        "Thu 12 Nov 2026 (day 12 today)",
        "Baclofen",
        "SynchroMed II 8637-20",
        "Clínica São José · +1 555 0142",
        "Wed 18 Nov 2026 to Tue 24 Nov 2026 (7 days)",
        "Check-ins that reached 'call today' or 'emergency'",
        "Thu 19 Nov 21:00",
        "temperature 38.4 °C",
        "wound redness",
        "Sat 21 Nov 09:00",
        "Emergency",
        "confused or hard to wake",
        "Don't drive: applies until Wed 9 Dec",
        "Stitches or clips out: Sun 22 Nov (passed)",
        "Can I sleep on my side yet? Is ≥ 4 weeks right?",
        "Refills and dose changes",
        "Fri 20 Nov: Refill (first refill, 20 mL)",
        "Page 1 of 2",
        "exported 24 Nov 2026 10:00",
    ):
        assert expected in first, expected
    log = squash(reader.pages[1].extract_text())  # wrapped cells come back with irregular spaces
    for expected in ("Day-by-day log", "Page 2 of 2", "walked 10 min", "Line two", "no check-in", "≥ ° é 😊"):
        assert squash(expected) in log, expected
    fonts = {str(font) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts, "fonts are embedded"


def test_questions_stay_on_page_one_and_an_overflowing_summary_leaves_no_near_empty_page(home: Path, tmp_path: Path) -> None:
    """Five questions and the whole plan: the questions are read in the visit (page 1); if the
    summary spills over, the log follows it on page 2 instead of leaving that page almost blank."""
    fill(home)
    with open_store(home) as store:
        for n in range(4):
            store.add_question(f"Question {n + 2}: may I walk the dog further this week?", "2026-11-23T18:00:00+01:00")
        store.save_discharge_sheet({"other_instructions": "Keep the belly binder on day and night. " * 12})
        path = companion_for(store).export_pdf(tmp_path / "report.pdf", date(2026, 11, 18), date(2026, 11, 24))
    pages = [squash(page.extract_text()) for page in PdfReader(str(path)).pages]
    assert squash("Question 5: may I walk the dog further") in pages[0]
    assert squash("Refills and dose changes") not in pages[0], "this data must make the summary spill over"
    assert squash("Day-by-day log") in pages[1], "the log follows the spilled summary on the same page"


def test_a_long_log_flows_over_pages_with_numbers(home: Path, tmp_path: Path) -> None:
    with open_store(home) as store:
        store.save_profile(PROFILE)
        start = datetime(2026, 9, 1, 9, tzinfo=TZ)
        store.add_checkins(
            [
                {"recorded_at": (start + timedelta(hours=12 * n)).isoformat(), "pain": n % 11, "notes": "x" * 120}
                for n in range(160)
            ]
        )
        path = companion_for(store).export_pdf(tmp_path / "long.pdf", date(2026, 9, 1), date(2026, 11, 24))
    reader = PdfReader(str(path))
    pages = len(reader.pages)
    assert pages >= 4
    assert f"Page {pages} of {pages}" in reader.pages[-1].extract_text()


# ------------------------------------------------------------------ CSV


def test_csv_uses_the_vocabulary_as_columns_and_round_trips_to_the_same_store(home: Path, tmp_path: Path) -> None:
    fill(home)
    with open_store(home) as store:
        companion_for(store).export_csv(tmp_path / "checkins.csv")
        original = store.checkins()
    data = (tmp_path / "checkins.csv").read_bytes()
    assert data.startswith(b"\xef\xbb\xbf"), "a BOM lets spreadsheets see UTF-8"
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == ",".join(COLUMNS)
    assert "redness;warmth" in text and ",true," in text
    assert "'=SUM(A1)" in text, "a cell that starts like a formula is defused"
    parsed = parse_checkins_csv(data)
    assert parsed.bad_rows == [] and parsed.checkins == original
    with open_store(tmp_path / "other") as fresh:
        assert fresh.add_new_checkins(parsed.checkins) == len(original)
        assert fresh.checkins() == original
        assert fresh.add_new_checkins(parsed.checkins) == 0, "importing twice changes nothing"


def test_bad_csv_rows_are_named_by_line_and_field(tmp_path: Path) -> None:
    good = checkins_to_csv([CHECKINS[0]]).decode("utf-8-sig").splitlines()
    def row(**cells: str) -> str:
        return ",".join(cells.get(name, "") for name in COLUMNS)

    lines = good + [
        row(recorded_at="2026-11-20T09:00:00+01:00", pain="11"),
        row(recorded_at="yesterday", pain="3"),
        row(recorded_at="2026-11-20T10:00:00+01:00", headache_upright="maybe"),
        "2026-11-20T11:00:00+01:00,2",
    ]
    parsed = parse_checkins_csv(("\r\n".join(lines) + "\r\n").encode("utf-8"))
    assert len(parsed.checkins) == 1
    assert [(bad.line, sorted(bad.errors)) for bad in parsed.bad_rows] == [
        (3, ["pain"]),
        (4, ["recorded_at"]),
        (5, ["headache_upright"]),
        (6, ["row"]),
    ]
    assert "0 to 10" in str(parsed.bad_rows[0]) and str(parsed.bad_rows[0]).startswith("line 3: pain:")


@pytest.mark.parametrize(
    ("content", "says"),
    [(b"", "empty"), (b"when,pain\r\n", "unknown column 'when'"), (b"pain\r\n3\r\n", "recorded_at column is missing"), (b"\xff\xfe", "UTF-8")],
)
def test_a_csv_that_is_not_ours_is_refused_at_line_one(content: bytes, says: str) -> None:
    parsed = parse_checkins_csv(content)
    assert parsed.checkins == [] and parsed.bad_rows[0].line == 1 and says in str(parsed.bad_rows[0])


# ------------------------------------------------------------------ JSON backup


def test_a_backup_restores_into_an_empty_folder_identically(home: Path, tmp_path: Path) -> None:
    fill(home)
    with open_store(home) as store:
        companion_for(store).export_backup(tmp_path / "backup.json")
        before = store.snapshot()
    assert (tmp_path / "backup.json").stat().st_mode & 0o777 == 0o600
    snapshot = load_backup((tmp_path / "backup.json").read_bytes())
    with open_store(tmp_path / "new-computer") as fresh:
        assert fresh.merge(snapshot) == {"checkins": len(CHECKINS), "questions": 1, "pump_events": 1, "profile": 1, "discharge_sheet": 0}
        assert fresh.snapshot() == before
        assert fresh.merge(snapshot) == {"checkins": 0, "questions": 0, "pump_events": 0, "profile": 0, "discharge_sheet": 0}
    with open_store(tmp_path / "new-computer") as reopened:
        assert reopened.snapshot() == before
        reopened.add_checkin(checkin_at("2026-11-25T09:00:00+01:00", pain=1))  # ids keep working after a merge


def test_merging_adds_only_what_is_missing_and_keeps_the_existing_profile(home: Path, tmp_path: Path) -> None:
    fill(home)
    with open_store(home) as store:
        snapshot = store.snapshot()
    with open_store(tmp_path / "other") as other:
        other.save_profile({"surgery_date": "2026-11-12", "drug": "morphine"})
        other.add_checkin(CHECKINS[0])  # same content under a different id
        added = other.merge(snapshot)
        assert added == {"checkins": len(CHECKINS) - 1, "questions": 1, "pump_events": 1, "profile": 0, "discharge_sheet": 0}
        assert other.profile()["drug"] == "morphine"
        assert other.checkins() == sorted(CHECKINS, key=lambda c: c["recorded_at"])


@pytest.mark.parametrize(
    ("document", "says"),
    [
        (b"not json", "not valid JSON"),
        (b'{"format": "something-else"}', "not a Recovery Companion backup"),
        (b'{"format": "recovery-companion-backup", "format_version": 1, "schema_version": 99}', "newer version"),
        (
            b'{"format": "recovery-companion-backup", "format_version": 1, "schema_version": 2, "profile": null,'
            b' "checkins": [{"id": "' + b"a" * 32 + b'", "checkin": {"recorded_at": "x"}}]}',
            "Check-in 1 in the backup is not valid",
        ),
    ],
)
def test_a_bad_backup_is_refused_before_anything_is_stored(document: bytes, says: str) -> None:
    with pytest.raises(BackupError, match=says):
        load_backup(document)


def test_backup_format_carries_versions() -> None:
    document = json.loads(backup_to_json({"schema_version": 2, "profile": None, "checkins": [], "questions": []}, NOW))
    assert document["format"] == "recovery-companion-backup" and document["format_version"] == 1
    assert document["exported_at"] == "2026-11-24T10:00:00+01:00"


# ------------------------------------------------------------------ the command line


def run_cli(home: Path, *args: str, answer: str = "") -> tuple[int, str]:
    out = io.StringIO()
    old = os.environ.get("RECOVERY_HOME")
    os.environ["RECOVERY_HOME"] = str(home)
    try:
        code = cli.main(list(args), out=out, ask=lambda _prompt: answer)
    finally:
        if old is None:
            os.environ.pop("RECOVERY_HOME", None)
        else:
            os.environ["RECOVERY_HOME"] = old
    return code, out.getvalue()


def test_moving_to_a_new_computer_takes_two_commands(home: Path, tmp_path: Path) -> None:
    fill(home)
    code, said = run_cli(home, "export", "--format", "json", "-o", str(tmp_path / "move.json"))
    assert code == 0 and "health information" in said
    code, said = run_cli(tmp_path / "new", "import", str(tmp_path / "move.json"))
    assert code == 0 and f"Restored {len(CHECKINS)} check-ins" in said
    with open_store(home) as old, open_store(tmp_path / "new") as new:
        assert new.snapshot() == old.snapshot()


def test_import_into_existing_data_asks_first(home: Path, tmp_path: Path) -> None:
    fill(home)
    run_cli(home, "export", "--format", "json", "-o", str(tmp_path / "b.json"))
    with open_store(tmp_path / "busy") as store:
        store.add_checkin(checkin_at("2026-11-01T09:00:00+01:00", pain=1))
    code, said = run_cli(tmp_path / "busy", "import", str(tmp_path / "b.json"), answer="n")
    assert code == 1 and "Nothing was imported" in said
    code, said = run_cli(tmp_path / "busy", "import", str(tmp_path / "b.json"), answer="y")
    assert code == 0
    code, said = run_cli(tmp_path / "busy", "import", str(tmp_path / "b.json"))
    assert code == 0 and "Nothing new to import" in said


def test_csv_import_refuses_a_file_with_bad_rows_unless_told_to_skip_them(home: Path, tmp_path: Path) -> None:
    csv_file = tmp_path / "in.csv"
    bad_row = ",".join(["2026-11-20T09:00:00+01:00", "99"] + [""] * (len(COLUMNS) - 2))
    body = checkins_to_csv(CHECKINS[:2]).decode("utf-8-sig") + bad_row + "\r\n"
    csv_file.write_text(body, encoding="utf-8")
    code, said = run_cli(home, "import", str(csv_file))
    assert code == 1 and "in.csv, line 4: pain:" in said and "Nothing was imported" in said
    with open_store(home) as store:
        assert store.checkins() == []
    code, said = run_cli(home, "import", str(csv_file), "--skip-bad")
    assert code == 0 and "Imported 2 check-ins; 0 were already there; 1 bad row skipped." in said
    code, said = run_cli(home, "import", str(csv_file), "--skip-bad")
    assert "Imported 0 check-ins; 2 were already there" in said


def test_pdf_export_by_command_with_a_range(home: Path, tmp_path: Path) -> None:
    fill(home)
    code, said = run_cli(home, "export", "--format", "pdf", "--from", "2026-11-20", "--to", "2026-11-24", "-o", str(tmp_path / "r.pdf"))
    assert code == 0 and "Writing the report" in said and "100 %" in said
    assert "Fri 20 Nov 2026 to Tue 24 Nov 2026 (5 days)" in PdfReader(str(tmp_path / "r.pdf")).pages[0].extract_text()
    code, said = run_cli(home, "export", "--format", "pdf", "--from", "2026-11-24", "--to", "2026-11-20", "-o", str(tmp_path / "x.pdf"))
    assert code == 1 and "before" in said


def test_reading_commands_work_while_the_app_has_the_data_open_and_writing_ones_say_why_not(home: Path, tmp_path: Path) -> None:
    """Issue 12, item 10: export, calendar and card only read, so the open app does not stop them."""
    fill(home)
    with open_store(home):
        code, said = run_cli(home, "export", "--format", "csv", "-o", str(tmp_path / "x.csv"))
        assert code == 0 and (tmp_path / "x.csv").exists(), said
        code, said = run_cli(home, "calendar", "-o", str(tmp_path / "dates.ics"))
        assert code == 0 and (tmp_path / "dates.ics").exists(), said
        code, said = run_cli(home, "card", "-o", str(tmp_path / "card.pdf"))
        assert code == 0 and (tmp_path / "card.pdf").exists(), said
        code, said = run_cli(home, "import", str(tmp_path / "x.csv"))
        assert code == 2 and "already open" in said


def test_the_module_command_runs_from_a_shell(home: Path, tmp_path: Path) -> None:
    fill(home)
    result = subprocess.run(
        [sys.executable, "-m", "recovery", "export", "--format", "csv", "-o", str(tmp_path / "c.csv")],
        cwd=PROJECT_ROOT,
        env={**os.environ, "RECOVERY_HOME": str(home)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "c.csv").read_bytes().count(b"\r\n") == len(CHECKINS) + 1


# ------------------------------------------------------------------ named ranges


@pytest.mark.parametrize(
    ("name", "profile", "expected"),
    [
        ("last_7_days", PROFILE, (date(2026, 11, 18), date(2026, 11, 24))),
        ("last_30_days", PROFILE, (date(2026, 10, 26), date(2026, 11, 24))),
        ("since_surgery", PROFILE, (date(2026, 11, 12), date(2026, 11, 24))),
        (
            "since_last_refill",
            {**PROFILE, "next_refill_date": "2026-12-20", "refill_interval_days": 42},
            (date(2026, 11, 8), date(2026, 11, 24)),
        ),
    ],
)
def test_named_ranges(name: str, profile: dict, expected: tuple[date, date]) -> None:
    assert named_range(name, date(2026, 11, 24), profile) == expected


def test_since_last_refill_needs_the_refill_dates() -> None:
    with pytest.raises(ValueError, match="refill"):
        named_range("since_last_refill", date(2026, 11, 24), PROFILE)


# ------------------------------------------------------------------ the carer's truth in the report


def test_the_report_names_emergencies_and_does_not_count_days_before_first_use_as_missed(home: Path, tmp_path: Path) -> None:
    with open_store(home) as store:
        store.save_profile({**PROFILE, "temperature_unit": "F"})
        store.add_checkin(checkin_at("2026-11-20T09:00:00+01:00", pain=3))
        store.add_checkin(checkin_at("2026-11-22T09:00:00+01:00", slow_breathing=True))
        store.add_checkin(checkin_at("2026-11-23T09:00:00+01:00", temperature_c=38.9))
        report = companion_for(store).build_report(date(2026, 10, 27), date(2026, 11, 24))
        path = companion_for(store).export_pdf(tmp_path / "report.pdf", date(2026, 10, 27), date(2026, 11, 24))
    assert "1 day reached 'emergency' and 1 day reached 'call today' (2 check-ins in all)." in report.summary
    assert any("first used on Friday, November 20" in line and "not counted as missed" in line for line in report.summary)
    assert report.log[0].signs == "before the app was used" and report.log[0].day.endswith("Thu 19 Nov")
    assert report.review.missed_days == 2, "21 and 24 November; the days since the implant before first use are not missed"
    first = PdfReader(str(path)).pages[0]
    text = first.extract_text()
    assert all(tick in text for tick in ("96°F", "100°F", "104°F")) and "97°F" not in text, "evenly valued °F ticks"
    labels: list[tuple[float, str]] = []

    def collect(found: str, _cm: object, tm: list[float], _font: object, _size: object) -> None:
        if re.fullmatch(r"\d{1,2} [A-Z][a-z]{2}", found.strip()):  # "19 Nov": never "19/11", a month to a US reader
            labels.append((tm[4], found.strip()))

    first.extract_text(visitor_text=collect)
    from fpdf import FPDF

    measure = FPDF()
    measure.set_font("helvetica", size=7)
    labels.sort()
    assert len(labels) >= 8, labels
    for (x1, a), (x2, _b) in zip(labels, labels[1:]):
        assert x2 - x1 > measure.get_string_width(a) * 72 / 25.4, f"date labels {a} and {_b} overlap"


@pytest.mark.parametrize(("widest", "column", "step"), [(6.0, 5.9, 2), (6.0, 8.6, 1), (6.2, 2.9, 3)])
def test_date_labels_are_spaced_by_their_width(widest: float, column: float, step: int) -> None:
    from recovery.export.pdf import date_label_step

    assert date_label_step(widest, column) == step


def test_fahrenheit_ticks_are_round_values_placed_on_the_celsius_scale() -> None:
    from recovery.chart_scale import temperature_ticks

    assert [label for _c, label in temperature_ticks("F")] == ["96°F", "100°F", "104°F"]
    assert [round(c, 2) for c, _label in temperature_ticks("F")] == [35.56, 37.78, 40.0]
    assert temperature_ticks("C") == [(36.0, "36°C"), (38.0, "38°C"), (40.0, "40°C")]
