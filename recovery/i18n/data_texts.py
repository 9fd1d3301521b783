"""Translations of the shipped data texts (plan, triage rules, pump guide), keyed by their ids.

gettext suits strings in code; the plan and the rules are data that clinicians edit, so
their translations live beside them in ``data/i18n/<lang>.json``::

    {"texts": {"triage_rules:levels/emergency/title":
                  {"text": "Pida ayuda de emergencia ahora", "source_hash": "5f0c…"}}}

An id is the data file's name and the path to the text, with list items named by their
``id`` (``triage_rules:rules/slow_breathing/reason``), so a rule and its translation stay
joined when rules are added or moved. ``source_hash`` is a hash of the English text the
translation was made from: when a clinician changes the English, the translation is
*stale*. Stale and missing translations are never shown (the English is, so no patient
reads advice that no longer matches the rule), and :func:`check` reports both, plus
translations whose ``{placeholders}`` differ from the English and ids that no longer exist.
A text that is only placeholders (``"{crisis_action}"``: the words are filled in by the
program, translated there) has nothing to translate and is never listed.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from recovery.i18n import pseudo
from recovery.jsonfile import JSONFileError, load_strict_json
from recovery.paths import DATA_DIR

TRANSLATIONS_DIR = DATA_DIR / "i18n"

#: The fields of each data file that are words for the patient; everything else (ids, levels,
#: conditions, sources, icons, clinicians' ``note``s and ``about``s) stays as it is.
TEXT_FIELDS: Mapping[str, frozenset[str]] = {
    "recovery_plan.json": frozenset({"title", "detail", "short", "resume"}),
    "triage_rules.json": frozenset({"title", "action", "also", "sign", "reason"}),
    "pump.json": frozenset(
        {"title", "detail", "explanation", "items", "extra_question", "sound", "meaning", "action", "text"}
    ),
}

_PLACEHOLDER = re.compile(r"\{([^{}]*)\}")


class DataTranslationError(ValueError):
    """A translations file that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class Translation:
    text: str
    source_hash: str


def source_hash(english: str) -> str:
    """A short fingerprint of the English a translation was made from."""
    return hashlib.sha256(english.encode("utf-8")).hexdigest()[:16]


def text_id(file_name: str, path: tuple[str, ...]) -> str:
    """``triage_rules:rules/slow_breathing/reason`` for a text in ``triage_rules.json``."""
    return f"{Path(file_name).stem}:{'/'.join(path)}"


def _walk(value: Any, path: tuple[str, ...], fields: frozenset[str], in_text: bool) -> Iterator[tuple[tuple[str, ...], str]]:
    if isinstance(value, Mapping):
        for key, inner in value.items():
            yield from _walk(inner, (*path, str(key)), fields, key in fields)
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            name = inner.get("id") if isinstance(inner, Mapping) and isinstance(inner.get("id"), str) else str(index)
            yield from _walk(inner, (*path, name), fields, in_text)
    elif isinstance(value, str) and in_text:
        yield path, value


def texts_of(file_name: str, raw: Any, fields: Mapping[str, frozenset[str]] = TEXT_FIELDS) -> dict[str, str]:
    """Every patient-facing text in one parsed data file, by id, in file order."""
    return {text_id(file_name, path): text for path, text in _walk(raw, (), fields.get(file_name, frozenset()), False)}


def needs_words(english: str) -> bool:
    """False for a text that is only ``{placeholders}`` and spaces: there is nothing in it to translate."""
    return bool(_PLACEHOLDER.sub("", english).strip())


def english_texts(data_dir: Path = DATA_DIR, fields: Mapping[str, frozenset[str]] = TEXT_FIELDS) -> dict[str, str]:
    """The English of every data text that has words to translate, by id."""
    found: dict[str, str] = {}
    for file_name in fields:
        texts = texts_of(file_name, load_strict_json(data_dir / file_name), fields)
        found.update({key: text for key, text in texts.items() if needs_words(text)})
    return found


def translations_file(lang: str, directory: Path = TRANSLATIONS_DIR) -> Path:
    return directory / f"{lang}.json"


def load_translations(lang: str, directory: Path = TRANSLATIONS_DIR) -> dict[str, Translation]:
    """The translations for ``lang`` (none if the file does not exist yet)."""
    path = translations_file(lang, directory)
    if not path.exists():
        return {}
    try:
        raw = load_strict_json(path)
    except JSONFileError as exc:
        raise DataTranslationError(exc.message) from None
    texts = raw.get("texts") if isinstance(raw, Mapping) else None
    if not isinstance(texts, Mapping):
        raise DataTranslationError(f"{path.name}: needs a \"texts\" object mapping ids to translations")
    found = {}
    for key, entry in texts.items():
        if not (isinstance(entry, Mapping) and isinstance(entry.get("text"), str) and isinstance(entry.get("source_hash"), str)):
            raise DataTranslationError(f"{path.name}: {key} needs a \"text\" and a \"source_hash\"")
        found[key] = Translation(entry["text"], entry["source_hash"])
    return found


@dataclass(frozen=True)
class DataCheck:
    """What :func:`check` found for one language; each field lists ids."""

    lang: str
    missing: tuple[str, ...]
    stale: tuple[str, ...]
    placeholders_differ: tuple[str, ...]
    unknown: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (self.missing or self.stale or self.placeholders_differ or self.unknown)

    def report(self, english: Mapping[str, str]) -> str:
        """A plain report a translator can work through, with the current English of each id."""
        if self.ok:
            return f"{self.lang}: every data text is translated and up to date."
        sections = (
            ("not translated yet", self.missing),
            ("English changed since it was translated (translate again, then stamp)", self.stale),
            ("placeholders in {braces} differ from the English", self.placeholders_differ),
            ("no longer in the data (delete these)", self.unknown),
        )
        lines = []
        for title, ids in sections:
            if ids:
                lines.append(f"{self.lang}: {len(ids)} {title}:")
                lines.extend(f"  {key}\n      en: {english.get(key, '')}" for key in ids)
        return "\n".join(lines)


def check(
    lang: str,
    data_dir: Path = DATA_DIR,
    directory: Path = TRANSLATIONS_DIR,
    fields: Mapping[str, frozenset[str]] = TEXT_FIELDS,
) -> DataCheck:
    """Compare ``data/i18n/<lang>.json`` with the English data texts."""
    english = english_texts(data_dir, fields)
    translated = load_translations(lang, directory)
    missing, stale, placeholders = [], [], []
    for key, text in english.items():
        entry = translated.get(key)
        if entry is None or not entry.text.strip():
            missing.append(key)
        elif entry.source_hash != source_hash(text):
            stale.append(key)
        elif set(_PLACEHOLDER.findall(entry.text)) != set(_PLACEHOLDER.findall(text)):
            placeholders.append(key)
    unknown = [key for key in translated if key not in english]
    return DataCheck(lang, tuple(missing), tuple(stale), tuple(placeholders), tuple(unknown))


def stamp(
    lang: str,
    ids: list[str] | None = None,
    data_dir: Path = DATA_DIR,
    directory: Path = TRANSLATIONS_DIR,
    fields: Mapping[str, frozenset[str]] = TEXT_FIELDS,
) -> list[str]:
    """Record that the translations of ``ids`` (default: all stale ones) match the current English.

    Also adds every missing id with an empty text, so a translator sees what to write.
    Returns the ids stamped. Entries are written in data-file order.
    """
    english = english_texts(data_dir, fields)
    path = translations_file(lang, directory)
    raw: dict[str, Any] = load_strict_json(path) if path.exists() else {}
    texts: dict[str, Any] = dict(raw.get("texts", {}))
    result = check(lang, data_dir, directory, fields)
    chosen = list(result.stale) if ids is None else ids
    for key in chosen:
        if key not in english:
            raise DataTranslationError(f"{key} is not an id of any data text")
        texts.setdefault(key, {"text": ""})["source_hash"] = source_hash(english[key])
    for key in result.missing:
        texts.setdefault(key, {"text": "", "source_hash": source_hash(english[key])})
    ordered = {key: texts[key] for key in english if key in texts}
    ordered.update({key: value for key, value in texts.items() if key not in english})
    raw = {"_about": raw.get("_about", _ABOUT), "language": lang, "texts": ordered}
    directory.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(raw, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
    translations.cache_clear()
    return chosen


_ABOUT = (
    "Translations of the data texts (plan, triage rules, pump guide) by id. source_hash is the hash of "
    "the English each text was translated from; python3 -m recovery.i18n check lists missing and "
    "outdated ones. See docs/translating.md."
)


# --------------------------------------------------------------------------- use at run time


@lru_cache(maxsize=8)
def translations(lang: str, directory: Path = TRANSLATIONS_DIR) -> Mapping[str, Translation]:
    return load_translations(lang, directory)


def translated(key: str, english: str, lang: str) -> str:
    """The text for ``key`` in ``lang``, or the English when there is no up-to-date translation."""
    from recovery.i18n import DEFAULT_LANGUAGE, PSEUDO

    if lang == DEFAULT_LANGUAGE:
        return english
    if lang == PSEUDO:
        return pseudo.mark(english)
    entry = translations(lang).get(key)
    if entry is None or not entry.text.strip() or entry.source_hash != source_hash(english):
        return english
    return entry.text


def localised(file_name: str, raw: Any, lang: str, fields: Mapping[str, frozenset[str]] = TEXT_FIELDS) -> Any:
    """A copy of a parsed data file with every text in ``lang`` (English where not translated).

    A loader calls this once after parsing: ``raw = localised("triage_rules.json", raw, lang)``.
    """
    text_fields = fields.get(file_name, frozenset())

    def replace(value: Any, path: tuple[str, ...], in_text: bool) -> Any:
        if isinstance(value, dict):
            return {key: replace(inner, (*path, str(key)), key in text_fields) for key, inner in value.items()}
        if isinstance(value, list):
            out = []
            for index, inner in enumerate(value):
                name = inner.get("id") if isinstance(inner, dict) and isinstance(inner.get("id"), str) else str(index)
                out.append(replace(inner, (*path, name), in_text))
            return out
        if isinstance(value, str) and in_text:
            return translated(text_id(file_name, path), value, lang)
        return value

    return replace(raw, (), False)
