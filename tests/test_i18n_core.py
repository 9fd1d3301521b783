"""The core speaks the patient's language: triage, the plan, reminders, the CLI and the PDF report.

Real parts: the real rules and plan files with their Spanish translations, a real data
folder, the real ``python -m recovery`` command, a real PDF read back with pypdf and a
real notification daemon on a private D-Bus.
"""

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

from dbus_session import notification_bus
from helpers import PROJECT_ROOT, checkin_at
from i18n_helpers import in_language
from recovery import i18n
from recovery.export.backup import backup_to_json, load_backup
from recovery.i18n.pseudo import untranslated_parts
from recovery.plan import load_plan
from recovery.profile import saved_language, validate_profile
from recovery.rulebook import load_rules
from recovery.services import Companion
from recovery.store import DB_FILE_NAME, TooNewError, open_store, schema
from recovery.triage import Level, assess, signs_at
from recovery.validation import ValidationError
from test_triage_vignettes import VIGNETTES, WHEN

TZ = timezone(timedelta(hours=1))
THURSDAY = datetime(2026, 11, 26, 10, 0, tzinfo=TZ)
SPANISH_PATIENT = {
    "surgery_date": "2026-11-12",
    "drug": "baclofen",
    "clinic_name": "Clínica Norte",
    "clinic_phone": "555-0142",
    "language": "es",
}
#: Words of English that no Spanish sentence of this app contains (a word-list check besides the pseudo-locale).
ENGLISH_WORDS = re.compile(
    r"\b(the|your|you|and|call|now|with|reported|also|noted|on|today|tell|about|this|if|or|pump|help|check|again|"
    r"may|have|not|clinic|temperature|limit|signs?|hours?)\b",
    re.IGNORECASE,
)


# ------------------------------------------------------------------ the language as data


def test_the_language_is_an_optional_profile_field_of_data_version_8() -> None:
    assert schema.SCHEMA_VERSION == 8
    assert validate_profile({"surgery_date": "2026-11-12", "language": "es"})["language"] == "es"
    with pytest.raises(ValidationError, match="language"):
        validate_profile({"surgery_date": "2026-11-12", "language": "xx"})
    assert saved_language({"surgery_date": "2026-11-12"}) == "en", "a profile from before the choice stays English"
    assert saved_language({"surgery_date": "2026-11-12", "language": "es"}) == "es"
    assert saved_language(None, {"LANG": "es_MX.UTF-8"}) == "es", "before the first run: the computer's language"
    assert saved_language(None, {"LANG": "de_DE.UTF-8"}) == "en"


def test_a_version_8_file_with_a_language_is_too_new_for_a_version_7_app_and_left_untouched(
    home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with open_store(home) as store:
        store.save_profile(SPANISH_PATIENT)
    written = (home / DB_FILE_NAME).read_bytes()
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 7)
    with pytest.raises(TooNewError, match="newer version"):
        open_store(home)
    assert (home / DB_FILE_NAME).read_bytes() == written
    assert not [p for p in home.iterdir() if "damaged" in p.name], "nothing was set aside as damaged"


def test_a_version_7_file_opens_and_gains_the_language_when_chosen(home: Path) -> None:
    home.mkdir()
    version_7 = {"meta": {"1": {"schema_version": 7}}, "profile": {"1": {"profile": {"surgery_date": "2026-11-12"}}}}
    (home / DB_FILE_NAME).write_text(json.dumps(version_7), encoding="utf-8")
    with open_store(home) as store, in_language("en"):
        companion = Companion(store, load_plan(), lambda: THURSDAY)
        assert companion.apply_language() == "en"
        companion.choose_language("es")
        assert i18n.current_language() == "es"
        assert store.profile() == {"surgery_date": "2026-11-12", "language": "es"}
    assert json.loads((home / DB_FILE_NAME).read_bytes())["meta"] == {"1": {"schema_version": 8}}


def test_the_language_travels_with_a_backup(tmp_path: Path) -> None:
    with open_store(tmp_path / "old") as store:
        store.save_profile(SPANISH_PATIENT)
        document = backup_to_json(store.snapshot(), THURSDAY)
    with open_store(tmp_path / "new") as fresh:
        fresh.merge(load_backup(document))
        assert fresh.profile()["language"] == "es"
    newer = json.loads(document)
    newer["schema_version"] = schema.SCHEMA_VERSION + 1
    with pytest.raises(ValueError, match="newer version"):
        load_backup(json.dumps(newer).encode())


def test_choosing_an_unknown_language_changes_nothing(store) -> None:  # noqa: ANN001 - the store fixture
    store.save_profile({"surgery_date": "2026-11-12"})
    companion = Companion(store, load_plan(), lambda: THURSDAY)
    with pytest.raises(i18n.UnknownLanguageError):
        companion.choose_language("xx")
    assert store.profile() == {"surgery_date": "2026-11-12"} and i18n.current_language() == "en"


# ------------------------------------------------------------------ triage in Spanish


PATIENT_WORDS = ("Clínica Norte", "555-0142", "555-0199")


def _with_patient(profile: dict) -> dict:
    return {"clinic_name": "Clínica Norte", "clinic_phone": "555-0142", **profile}


def _texts_of(result) -> list[str]:  # noqa: ANN001 - an Assessment
    texts = [result.title, result.action]
    for finding in result.findings:
        texts += [finding.reason, finding.action, finding.sign, finding.full_reason]
    return [t for t in texts if t]


def _without_patient_words(text: str) -> str:
    for value in PATIENT_WORDS:
        text = text.replace(value, " ")
    return text


@pytest.mark.parametrize("crisis", [None, "555-0199"])
def test_every_rule_renders_fully_translated_in_the_pseudo_locale(crisis: str | None) -> None:
    """Every vignette (together they match every rule) worded in the pseudo-locale: no English left anywhere."""
    seen = set()
    with in_language(i18n.PSEUDO):
        for name, case in VIGNETTES.items():
            profile = _with_patient({**case.profile, **({"crisis_line": crisis} if crisis else {})})
            result = assess(checkin_at(WHEN, **case.fields), profile=profile, history=case.history)
            seen |= {finding.rule_id for finding in result.findings}
            for text in _texts_of(result):
                assert untranslated_parts(_without_patient_words(text)) == [], f"{name}: {text}"
        for level in (Level.WATCH, Level.CALL_DOCTOR, Level.EMERGENCY):
            for sign in signs_at(level, {"drug": "baclofen"}):
                assert untranslated_parts(sign) == [], sign
    assert seen == {rule.id for rule in load_rules("en").rules}


def test_every_rule_reads_in_spanish_with_no_english_words() -> None:
    seen = set()
    with in_language("es"):
        for name, case in VIGNETTES.items():
            for profile in (_with_patient(case.profile), {**case.profile, "crisis_line": "555-0199", "temperature_unit": "F"}):
                result = assess(checkin_at(WHEN, **case.fields), profile=profile, history=case.history)
                seen |= {finding.rule_id for finding in result.findings}
                for text in _texts_of(result):
                    english = ENGLISH_WORDS.findall(_without_patient_words(text))
                    assert not english, f"{name}: {english} in {text!r}"
    assert seen == {rule.id for rule in load_rules("en").rules}


def test_spanish_results_quote_spanish_words_numbers_and_lists() -> None:
    checkin = checkin_at(WHEN, temperature_c=38.5, wound=["redness", "swelling"], nausea=True)
    profile = _with_patient({"drug": "baclofen", "surgery_date": "2026-11-01"})
    with in_language("es"):
        result = assess(checkin, profile=profile)
    assert result.title == "Llame hoy a su equipo médico"
    assert result.action.startswith("Llame hoy a Clínica Norte al 555-0142.")
    texts = [finding.text for finding in result.findings]
    assert any("38,5 °C" in text and "38,0 °C" in text for text in texts), texts
    assert any("enrojecimiento e hinchazón" in text for text in texts), "a Spanish 'y' before 'hi-' is 'e'"
    assert any(text.startswith("También anotado:") and "cuénteselo también a Clínica Norte" in text for text in texts)
    english = assess(checkin, profile=profile, lang="en")
    assert any("38.5 °C" in finding.text for finding in english.findings), "English keeps its point and its space"
    assert any("Also noted:" in finding.text for finding in english.findings)


def test_switching_the_language_changes_the_next_assessment_without_a_restart(store) -> None:  # noqa: ANN001
    checkin = checkin_at(WHEN, slow_breathing=True)
    store.save_profile({"surgery_date": "2026-11-12"})
    companion = Companion(store, load_plan(), lambda: THURSDAY)
    assert assess(checkin).title == "Get emergency help now"
    assert companion.plan.restriction("driving").title == "Don't drive"
    try:
        companion.choose_language("es")
        assert assess(checkin).title == "Pida ayuda de emergencia ahora"
        assert assess(checkin).action == "Llame al 911 ahora, o pida a alguien que llame por usted."
        assert companion.plan.restriction("driving").title == "No maneje"
        assert companion.plan.language == "es"
        companion.choose_language("en")
        assert assess(checkin).title == "Get emergency help now"
        assert companion.plan.restriction("driving").title == "Don't drive"
    finally:
        i18n.set_language("en")


def test_the_plan_keeps_the_clinics_numbers_in_every_language() -> None:
    clinic = load_plan({"lifting_limit_lb": 7.5, "driving_weeks": 6}, lang="en")
    with in_language("es"):
        from recovery.plan import in_language as plan_in_language

        spanish = plan_in_language(clinic)
        assert spanish.language == "es" and spanish.driving_weeks == 6 and spanish.lifting_limit_lb == 7.5
        assert spanish.restriction("lifting").title == "No levante más de 7,5 lb (3,4 kg)"
        assert spanish.restriction("driving").origin == "clinic"
    assert clinic.restriction("lifting").title == "Don't lift more than 7.5 lb (3.4 kg)"


# ------------------------------------------------------------------ reminders


def test_reminders_are_worded_in_the_patients_language(store) -> None:  # noqa: ANN001
    from recovery.reminders import candidates

    profile = {**SPANISH_PATIENT, "next_refill_date": "2026-12-03"}
    with in_language("es"):
        found = {r.id: r.body for r in candidates(profile=profile, plan=load_plan(), checkins=[], now=THURSDAY)}
    assert found["checkin:2026-11-26"] == "Es hora de registrar cómo se siente hoy."
    assert found["refill:2026-12-03:7d"] == "Rellenado de la bomba en 7 días (jue, 3 dic). Revise su cita."
    assert found["restriction:work:2026-12-03"] == "Desde hoy puede volver al trabajo, si su equipo médico está de acuerdo."
    with in_language("es"):
        lifting = {
            r.id: r.body for r in candidates(profile=profile, plan=load_plan(), checkins=[], now=datetime(2027, 1, 7, 9, tzinfo=TZ))
        }
    assert lifting["restriction:lifting:2027-01-07"] == "Desde hoy puede levantar más de 5 lb, si su médico está de acuerdo."


def test_a_reminder_says_if_your_doctor_agrees_once_by_the_plans_flag() -> None:
    from recovery.restriction_words import resume_words

    plan = load_plan(lang="en")
    assert resume_words(plan.restriction("driving")) == "drive, if your doctor agrees"
    assert resume_words(plan.restriction("strenuous_exercise")) == "exercise harder again, step by step, as your doctor allows"
    assert resume_words(plan.restriction("stairs")) == "climb stairs as usual, if your doctor agrees"


# ------------------------------------------------------------------ the report


def spanish_patient(home: Path) -> None:
    with open_store(home) as store:
        store.save_profile(SPANISH_PATIENT)
        store.add_checkin(checkin_at("2026-11-24T09:00:00+01:00", pain=3, temperature_c=37.0))
        store.add_checkin(checkin_at("2026-11-26T08:00:00+01:00", pain=7, temperature_c=38.5, wound=["redness"]))
        store.add_pump_event("refill", "2026-11-20", "")


def export(home: Path, output: Path, *extra: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "recovery", "export", "--format", "pdf", "--from", "2026-11-20", "--to", "2026-11-26", "-o", str(output), *extra],
        cwd=PROJECT_ROOT,
        env={**os.environ, "RECOVERY_HOME": str(home), "TZ": "Europe/Berlin", "LANG": "en_US.UTF-8"},
        capture_output=True,
        text=True,
        timeout=120,
    )


def pdf_text(path: Path) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(str(path)).pages)


def test_a_spanish_patients_report_is_in_spanish_and_lang_en_gives_the_care_teams(home: Path, tmp_path: Path) -> None:
    spanish_patient(home)
    said = export(home, tmp_path / "informe.pdf")
    assert said.returncode == 0, said.stdout + said.stderr
    assert "Se guardó" in said.stdout and "información sobre su salud" in said.stdout, "the command speaks Spanish"
    text = pdf_text(tmp_path / "informe.pdf")
    for expected in (
        "Informe de recuperación: bomba intratecal",
        "Registros que llegaron a 'Llame hoy' o 'Emergencia'",
        "Restricciones y etapas",
        "Registro día por día",
        "Peor dolor 7 el jueves, 26 de noviembre.",
        "Temperatura más alta 38,5 °C el jueves, 26 de noviembre.",
        "Baclofeno",
        "No maneje",
        "herida enrojecida",
        "Página 1 de",
    ):
        assert expected in text, expected
    for english in ("Recovery report", "Day-by-day log", "Worst pain", "Don't drive", "38.5", "Page 1"):
        assert english not in text, english

    said = export(home, tmp_path / "report.pdf", "--lang", "en")
    assert said.returncode == 0 and "Se guardó" in said.stdout, "messages stay in the patient's language"
    text = pdf_text(tmp_path / "report.pdf")
    for expected in (
        "Recovery report: intrathecal pump",
        "Worst pain 7 on Thursday, November 26.",
        "Highest temperature 38.5 °C on Thursday, November 26.",
        "Don't drive",
        "wound redness",
        "Day-by-day log",
    ):
        assert expected in text, expected
    for spanish in ("Informe", "jueves", "38,5", "No maneje", "Registro día por día"):
        assert spanish not in text, spanish


def test_the_services_export_takes_a_language_for_the_care_team(home: Path, tmp_path: Path) -> None:
    spanish_patient(home)
    with open_store(home) as store:
        companion = Companion(store, load_plan(), lambda: THURSDAY)
        with in_language("es"):
            companion.export_pdf(tmp_path / "en.pdf", date(2026, 11, 20), date(2026, 11, 26), lang="en")
            report = companion.build_report(date(2026, 11, 20), date(2026, 11, 26))
            assert i18n.current_language() == "es", "the care team's language does not change the app's"
    assert report.language == "es" and report.title == "Informe de recuperación: bomba intratecal"
    assert "Recovery report: intrathecal pump" in pdf_text(tmp_path / "en.pdf")


# ------------------------------------------------------------------ notifications and the CLI


def test_a_spanish_patients_notification_reaches_the_desktop_in_spanish(home: Path, tmp_path: Path) -> None:
    with open_store(home) as store:
        store.save_profile({**SPANISH_PATIENT, "reminder_time": "09:00"})
    with notification_bus(tmp_path / "bus") as bus:
        result = subprocess.run(
            [sys.executable, "-m", "recovery", "notify", "--now", "2026-11-24T09:00:00+01:00"],
            cwd=PROJECT_ROOT,
            env={**bus.env(), "RECOVERY_HOME": str(home), "TZ": "Europe/Berlin", "LANG": "en_US.UTF-8"},
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert result.returncode == 0 and "Se entregó 1 recordatorio." in result.stdout, result.stdout + result.stderr
        bus.wait_for("Es hora de registrar cómo se siente hoy.")
        assert not [call for call in bus.notify_calls() if "daily check-in" in call]


def test_before_the_first_run_the_cli_speaks_the_computers_language(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recovery", "export", "--format", "pdf", "-o", str(tmp_path / "r.pdf")],
        cwd=PROJECT_ROOT,
        env={**os.environ, "RECOVERY_HOME": str(tmp_path / "empty"), "LANGUAGE": "", "LC_ALL": "", "LANG": "es_US.UTF-8"},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "primero abra la aplicación" in result.stdout, result.stdout + result.stderr


def test_every_word_of_the_report_goes_through_translation() -> None:
    """The report built in the pseudo-locale: nothing but the patient's own entries is left unmarked."""
    from recovery.report import build_report

    checkins = [
        checkin_at("2026-11-19T21:00:00+01:00", pain=6, wound=["redness", "swelling"], temperature_c=38.5, headache="severe"),
        checkin_at("2026-11-24T08:00:00+01:00", pain=3, temperature_c=36.9, drowsy=True, pump_alarm="two_tone", notes="Ana"),
    ]
    profile = {"surgery_date": "2026-11-12", "drug": "baclofen", "caregiver_name": "Ana", "next_refill_date": "2026-12-20"}
    with in_language(i18n.PSEUDO):
        report = build_report(
            profile=profile,
            plan=load_plan(),
            checkins=checkins,
            questions=[],
            start=date(2026, 11, 18),
            end=date(2026, 11, 26),
            now=THURSDAY,
            pump_events=[{"kind": "refill", "date": "2026-11-20", "note": ""}],
            first_use=date(2026, 11, 19),
        )
    texts = [report.title, report.range_text, report.exported_at, *report.summary, *report.pump_events]
    texts += [text for pair in report.patient for text in pair]
    texts += [f"{event.when} {event.level_word} {event.what}" for event in report.events]
    texts += [f"{line.title} {line.status}" for line in (*report.restrictions, *report.milestones)]
    texts += [" ".join((row.day, row.level, row.signs)) for row in report.log]
    assert len(texts) > 40
    assert [(text, untranslated_parts(text.replace("Ana", " "))) for text in texts if untranslated_parts(text.replace("Ana", " "))] == []


def test_every_message_of_the_commands_goes_through_translation(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The commands run in the pseudo-locale (as a patient's saved language): every sentence they print is marked."""
    from recovery import cli

    home, files = tmp_path / "home", tmp_path / "out"
    monkeypatch.setenv("RECOVERY_HOME", str(home))
    with open_store(home) as store:
        store.save_profile({"surgery_date": "2026-11-12"})
        store.add_checkin(checkin_at("2026-11-24T09:00:00+01:00", pain=4))
    monkeypatch.setattr(cli, "apply_language", lambda: i18n.set_language(i18n.PSEUDO))
    commands = (
        ["export", "--format", "csv", "--lang", "en", "-o", f"{files}/c.csv"],
        ["export", "--format", "json", "--from", "2026-11-01", "-o", f"{files}/b.json"],
        ["export", "--format", "pdf", "--from", "2026-11-24", "--to", "2026-11-01", "-o", f"{files}/r.pdf"],
        ["calendar", "-o", f"{files}/p.ics"],
        ["card", "-o", f"{files}/card.pdf"],
        ["import", f"{files}/c.csv"],
        ["import", f"{files}/b.json"],
        ["clinic", "show"],
    )
    try:
        for argv in commands:
            out = io.StringIO()
            cli.main(argv, out=out, ask=lambda prompt: "n")
            said = out.getvalue().replace(str(files), " ").replace(str(home), " ")
            assert said.strip() and untranslated_parts(said) == [], (argv, said)
    finally:
        i18n.set_language("en")
