"""Data texts (plan, rules, pump guide) are translated by id, and a translation cannot silently drift."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recovery.i18n import data_texts
from recovery.i18n.data_texts import DataTranslationError, check, localised, source_hash, stamp, texts_of

FIELDS = {"rules.json": frozenset({"title", "action", "reason", "items"})}
RULES = {
    "about": "Not for patients.",
    "levels": {"emergency": {"title": "Get help now", "action": "Call {emergency_number} now."}},
    "rules": [
        {"id": "breathing", "level": "emergency", "reason": "You reported slow breathing.", "sources": ["X"]},
        {"id": "fever", "level": "emergency", "reason": "Your temperature is {temperature}.", "sources": ["Y"]},
    ],
    "bring": {"items": ["Your medicines", "Your ID"]},
}


def write_fixture(tmp_path: Path, texts: dict[str, dict[str, str]]) -> tuple[Path, Path]:
    data, translations = tmp_path / "data", tmp_path / "i18n"
    data.mkdir()
    translations.mkdir()
    (data / "rules.json").write_text(json.dumps(RULES), encoding="utf-8")
    (translations / "es.json").write_text(json.dumps({"texts": texts}), encoding="utf-8")
    return data, translations


def entry(text: str, english: str) -> dict[str, str]:
    return {"text": text, "source_hash": source_hash(english)}


def test_ids_name_the_file_and_the_path_with_list_items_by_their_id() -> None:
    assert texts_of("rules.json", RULES, FIELDS) == {
        "rules:levels/emergency/title": "Get help now",
        "rules:levels/emergency/action": "Call {emergency_number} now.",
        "rules:rules/breathing/reason": "You reported slow breathing.",
        "rules:rules/fever/reason": "Your temperature is {temperature}.",
        "rules:bring/items/0": "Your medicines",
        "rules:bring/items/1": "Your ID",
    }


def test_the_checker_reports_missing_stale_mismatched_and_unknown_texts(tmp_path: Path) -> None:
    data, translations = write_fixture(
        tmp_path,
        {
            "rules:levels/emergency/title": entry("Pida ayuda ahora", "Get help now"),
            "rules:levels/emergency/action": entry("Llame al {numero} ahora.", "Call {emergency_number} now."),
            "rules:rules/breathing/reason": entry("Dijo que respira lento.", "You reported slow or shallow breathing."),
            "rules:rules/fever/reason": entry("", "Your temperature is {temperature}."),
            "rules:bring/items/0": entry("Sus medicamentos", "Your medicines"),
            "rules:rules/removed/reason": entry("Ya no existe.", "Gone."),
        },
    )
    result = check("es", data, translations, FIELDS)
    assert result.missing == ("rules:rules/fever/reason", "rules:bring/items/1")  # empty text counts as missing
    assert result.stale == ("rules:rules/breathing/reason",)  # translated from an older English text
    assert result.placeholders_differ == ("rules:levels/emergency/action",)
    assert result.unknown == ("rules:rules/removed/reason",)
    assert not result.ok
    report = result.report(data_texts.english_texts(data, FIELDS))
    assert "2 not translated yet" in report and "en: Your ID" in report
    assert "English changed since it was translated" in report and "en: You reported slow breathing." in report


def test_a_complete_and_current_translation_passes(tmp_path: Path) -> None:
    english = texts_of("rules.json", RULES, FIELDS)
    data, translations = write_fixture(tmp_path, {key: entry(f"ES {text}", text) for key, text in english.items()})
    result = check("es", data, translations, FIELDS)
    assert result.ok, result.report(english)
    assert "every data text is translated and up to date" in result.report(english)


def test_stamping_records_the_current_english_and_lists_new_texts(tmp_path: Path) -> None:
    data, translations = write_fixture(
        tmp_path, {"rules:rules/breathing/reason": entry("Dijo que respira lento.", "an older English text")}
    )
    assert stamp("es", None, data, translations, FIELDS) == ["rules:rules/breathing/reason"]
    result = check("es", data, translations, FIELDS)
    assert result.stale == ()
    assert len(result.missing) == 5, "every missing id is now in the file, with an empty text to fill in"
    written = json.loads((translations / "es.json").read_text(encoding="utf-8"))
    assert list(written["texts"])[0] == "rules:levels/emergency/title", "entries follow the data file's order"
    with pytest.raises(DataTranslationError, match="not an id"):
        stamp("es", ["rules:nothing"], data, translations, FIELDS)


def test_only_current_translations_are_shown_the_rest_falls_back_to_english(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    data, translations = write_fixture(
        tmp_path,
        {
            "rules:levels/emergency/title": entry("Pida ayuda ahora", "Get help now"),
            "rules:rules/breathing/reason": entry("Dijo que respira lento.", "an older English text"),
        },
    )
    monkeypatch.setattr(data_texts, "TRANSLATIONS_DIR", translations)
    monkeypatch.setattr(data_texts, "translations", lambda lang, directory=translations: data_texts.load_translations(lang, directory))
    spanish = localised("rules.json", RULES, "es", FIELDS)
    assert spanish["levels"]["emergency"]["title"] == "Pida ayuda ahora"
    assert spanish["rules"][0]["reason"] == "You reported slow breathing.", "a stale translation is never shown"
    assert spanish["rules"][0]["sources"] == ["X"] and spanish["about"] == "Not for patients."
    assert localised("rules.json", RULES, "en", FIELDS) == RULES
    assert RULES["levels"]["emergency"]["title"] == "Get help now", "the parsed data is not changed in place"


@pytest.mark.parametrize(
    ("content", "problem"),
    [
        ('{"texts": {"a": {"text": "x", "source_hash": "1"}, "a": {"text": "y", "source_hash": "2"}}}', "twice"),
        ('{"texts": {"a": {"text": "x"}}}', 'a needs a "text" and a "source_hash"'),
        ('{"entries": {}}', 'needs a "texts" object'),
        ("{not json", "es.json"),
    ],
)
def test_a_broken_translations_file_is_named_with_its_problem(tmp_path: Path, content: str, problem: str) -> None:
    (tmp_path / "es.json").write_text(content, encoding="utf-8")
    with pytest.raises(DataTranslationError, match=problem):
        data_texts.load_translations("es", tmp_path)


def test_the_shipped_spanish_data_texts_are_complete_current_and_consistent() -> None:
    """The drift test on the real data: every data id has Spanish for its current English."""
    english = data_texts.english_texts()
    result = check("es")
    assert result.ok, result.report(english)
    assert (result.missing, result.stale, result.placeholders_differ, result.unknown) == ((), (), (), ())
    assert len(english) >= 200
    same = [key for key, text in english.items() if data_texts.translated(key, text, "es") == text]
    assert same == [], f"shown in English although translated: {same}"


def copy_shipped_data(tmp_path: Path) -> tuple[Path, Path]:
    data, translations = tmp_path / "data", tmp_path / "i18n"
    data.mkdir()
    translations.mkdir()
    for name in data_texts.TEXT_FIELDS:
        (data / name).write_bytes((data_texts.DATA_DIR / name).read_bytes())
    (translations / "es.json").write_bytes(data_texts.translations_file("es").read_bytes())
    return data, translations


def test_the_drift_check_fails_on_the_shipped_data_when_a_text_loses_its_spanish_or_its_english_changes(tmp_path: Path) -> None:
    data, translations = copy_shipped_data(tmp_path)
    assert check("es", data, translations).ok
    spanish = json.loads((translations / "es.json").read_text(encoding="utf-8"))
    del spanish["texts"]["triage_rules:rules/slow_breathing/reason"]
    (translations / "es.json").write_text(json.dumps(spanish, ensure_ascii=False), encoding="utf-8")
    rules = json.loads((data / "triage_rules.json").read_text(encoding="utf-8"))
    rules["levels"]["emergency"]["title"] = "Call for emergency help now"
    (data / "triage_rules.json").write_text(json.dumps(rules), encoding="utf-8")
    result = check("es", data, translations)
    assert result.missing == ("triage_rules:rules/slow_breathing/reason",)
    assert result.stale == ("triage_rules:levels/emergency/title",)
    assert not result.ok


def test_a_text_that_is_only_placeholders_needs_no_translation() -> None:
    """``"action": "{crisis_action}"``: the words are filled in by the program, translated there."""
    assert not data_texts.needs_words("{crisis_action}") and not data_texts.needs_words(" {a} {b} ")
    assert data_texts.needs_words("Call {emergency_number}.")
    assert "triage_rules:rules/self_harm_thoughts/action" not in data_texts.english_texts()
    assert "triage_rules:rules/self_harm_thoughts/action" not in check("es").missing
