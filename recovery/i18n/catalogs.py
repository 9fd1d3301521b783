"""The translator's tools: extract, update, compile and check the gettext catalogs with Babel.

These are the standard ``pybabel`` commands with this project's options filled in
(source folder, template path, domain, ``# Translators:`` comments, the ``.kv``
extractor from ``pyproject.toml``), so a translator types one short command and a test
can run exactly what a translator runs. Only developers and tests use this module.
"""

from __future__ import annotations

import io
import re
import tempfile
from collections.abc import Sequence
from contextlib import chdir
from dataclasses import dataclass
from pathlib import Path

from recovery.i18n import DEFAULT_LANGUAGE, DOMAIN, LOCALE_DIR
from recovery.paths import PROJECT_ROOT

TEMPLATE = LOCALE_DIR / f"{DOMAIN}.pot"
SOURCE_DIR = "recovery"
_BRACES = re.compile(r"\{([^{}]*)\}")


def po_file(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / lang / "LC_MESSAGES" / f"{DOMAIN}.po"


def mo_file(lang: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return po_file(lang, locale_dir).with_suffix(".mo")


def catalog_languages(locale_dir: Path = LOCALE_DIR) -> list[str]:
    """Every language with a ``.po`` source (English has none: it is the source language)."""
    return sorted(p.parent.parent.name for p in locale_dir.glob(f"*/LC_MESSAGES/{DOMAIN}.po"))


def pybabel(*arguments: str) -> None:
    """Run a ``pybabel`` command from the project folder (where ``pyproject.toml`` holds the mapping)."""
    from babel.messages.frontend import CommandLineInterface

    with chdir(PROJECT_ROOT):
        CommandLineInterface().run(["pybabel", "-q", *arguments])


def extract(output: Path = TEMPLATE, source_dir: str = SOURCE_DIR) -> Path:
    """Write the template (``recovery.pot``) with every marked string in ``.py`` and ``.kv`` files."""
    output.parent.mkdir(parents=True, exist_ok=True)
    pybabel(
        "extract", "-F", "pyproject.toml", "-o", str(output), "--add-comments=Translators:",
        "--project=Recovery Companion", "--copyright-holder=the Recovery Companion authors",
        "--sort-by-file", "--no-wrap", source_dir,
    )  # fmt: skip
    return output


def update(lang: str | None = None) -> None:
    """Merge the template into the ``.po`` of one language, or of all; new strings arrive empty."""
    chosen = ["-l", lang] if lang else []
    pybabel("update", "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-D", DOMAIN, "--previous", "--no-wrap", *chosen)


def init(lang: str) -> Path:
    """Start a new language's ``.po`` from the template."""
    pybabel("init", "-i", str(TEMPLATE), "-d", str(LOCALE_DIR), "-D", DOMAIN, "-l", lang, "--no-wrap")
    return po_file(lang)


def compile_all() -> None:
    """Compile every ``.po`` to the ``.mo`` the app reads (fuzzy entries are left out, as gettext does)."""
    for lang in catalog_languages():
        mo_file(lang).write_bytes(compiled(po_file(lang)))


def compiled(po_path: Path) -> bytes:
    """The ``.mo`` bytes for a ``.po`` file, exactly as :func:`compile_all` writes them."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_path.open("rb") as source:
        catalog = read_po(source)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    return buffer.getvalue()


@dataclass(frozen=True)
class CatalogCheck:
    """What :func:`check_catalog` found for one language; each field lists English message ids."""

    lang: str
    not_in_catalog: tuple[str, ...]
    untranslated: tuple[str, ...]
    fuzzy: tuple[str, ...]
    placeholders_differ: tuple[str, ...]
    mo_outdated: bool

    @property
    def ok(self) -> bool:
        return not (self.not_in_catalog or self.untranslated or self.fuzzy or self.placeholders_differ or self.mo_outdated)

    def report(self) -> str:
        if self.ok:
            return f"{self.lang}: every marked string is translated and compiled."
        sections = (
            ("new strings not in the .po yet (run: update)", self.not_in_catalog),
            ("strings without a translation", self.untranslated),
            ("fuzzy translations to review (remove the fuzzy flag when right)", self.fuzzy),
            ("translations whose {placeholders} differ from the English", self.placeholders_differ),
        )
        lines = [f"{self.lang}: {len(ids)} {title}:\n" + "\n".join(f"  {i!r}" for i in ids) for title, ids in sections if ids]
        if self.mo_outdated:
            lines.append(f"{self.lang}: the compiled .mo is older than the .po (run: compile)")
        return "\n".join(lines)


def template_ids(source_dir: str = SOURCE_DIR) -> list[str]:
    """The message ids a fresh extraction finds (singular ids for plural messages)."""
    from babel.messages.pofile import read_po

    with tempfile.TemporaryDirectory() as folder:
        pot = extract(Path(folder) / "check.pot", source_dir)
        with pot.open("rb") as source:
            catalog = read_po(source)
    return [_singular(message.id) for message in catalog if message.id]


def check_catalog(lang: str, ids: Sequence[str] | None = None, locale_dir: Path = LOCALE_DIR) -> CatalogCheck:
    """Compare a language's ``.po`` with the strings marked in the source, and its ``.mo`` with the ``.po``."""
    from babel.messages.pofile import read_po

    ids = template_ids() if ids is None else ids
    path = po_file(lang, locale_dir)
    with path.open("rb") as source:
        catalog = read_po(source)
    untranslated, fuzzy, placeholders = [], [], []
    for message in catalog:
        if not message.id:
            continue
        english = message.id if isinstance(message.id, tuple) else (message.id,)
        translated = message.string if isinstance(message.string, tuple) else (message.string,)
        if not all(translated):
            untranslated.append(english[0])
        elif message.fuzzy:
            fuzzy.append(english[0])
        elif not _same_placeholders(english, translated):
            placeholders.append(english[0])
    known = {_singular(message.id) for message in catalog if message.id}
    missing = tuple(i for i in ids if i not in known)
    mo = mo_file(lang, locale_dir)
    outdated = not mo.exists() or mo.read_bytes() != compiled(path)
    return CatalogCheck(lang, missing, tuple(untranslated), tuple(fuzzy), tuple(placeholders), outdated)


def _same_placeholders(english: tuple[str, ...], translated: tuple[str, ...]) -> bool:
    """A singular translation uses exactly the English placeholders; plural forms use some of them
    (Spanish "un registro" may drop the count that "{n} registros" shows)."""
    wanted = set().union(*(_BRACES.findall(text) for text in english))
    if len(english) == 1:
        return set(_BRACES.findall(translated[0])) == wanted
    return all(set(_BRACES.findall(text)) <= wanted for text in translated)


def _singular(message_id: str | tuple[str, ...]) -> str:
    return message_id[0] if isinstance(message_id, tuple) else message_id


def translated_languages() -> list[str]:
    """Languages other than English that have a catalog."""
    return [lang for lang in catalog_languages() if lang != DEFAULT_LANGUAGE]
