"""The gettext catalogs: extraction from .py and .kv, complete Spanish, compiled .mo in every clone."""

from __future__ import annotations

import io
import os
import shutil
import subprocess
import sys
from fnmatch import fnmatch
from pathlib import Path

import pytest
from babel.messages.extract import DEFAULT_KEYWORDS
from babel.messages.pofile import read_po, write_po

from helpers import PROJECT_ROOT
from recovery.i18n import catalogs, data_texts
from recovery.i18n.kv_extract import extract_kv

KV = b"""#:import tr recovery.ui.translate.tr
#:import theme recovery.ui.theme

<Example>:
    orientation: "vertical"
    Label:
        # Translators: a button label
        text: tr._("Read aloud")
    Label:
        text:
            tr.ngettext("{n} check-in", "{n} check-ins", root.count).format(n=root.count)
    Label:
        text: "not marked" if root.count else _("Marked without tr")
        canvas.before:
            Color:
                rgba: theme.CARD
"""


def test_the_kv_extractor_finds_marked_strings_with_lines_and_translator_comments() -> None:
    found = list(extract_kv(io.BytesIO(KV), DEFAULT_KEYWORDS, ["Translators:"], {}))
    assert found == [
        (8, "_", "Read aloud", ["Translators: a button label"]),
        (11, "ngettext", ("{n} check-in", "{n} check-ins", None), []),
        (13, "_", "Marked without tr", []),
    ]


def test_extraction_reads_the_python_and_the_kv_sources() -> None:
    ids = catalogs.template_ids()
    assert {"Read aloud", "Stop reading"} <= set(ids), "from recovery/ui/read_aloud.kv"
    assert "The emergency number is {number}." in ids, "from recovery/read_aloud.py"
    assert len(ids) == len(set(ids))


@pytest.mark.parametrize("lang", catalogs.translated_languages())
def test_every_marked_string_is_translated_and_compiled(lang: str) -> None:
    """Fails when a string is marked in the source but missing, empty or fuzzy in a language."""
    result = catalogs.check_catalog(lang)
    assert result.ok, result.report()


def copy_locale(tmp_path: Path) -> Path:
    target = tmp_path / "locale"
    shutil.copytree(catalogs.po_file("es").parent.parent.parent, target)
    return target


def edit_po(path: Path, change) -> None:  # noqa: ANN001 - a function of one Message
    with path.open("rb") as source:
        catalog = read_po(source)
    for message in catalog:
        if message.id:
            change(message)
    with path.open("wb") as target:
        write_po(target, catalog, width=0)


def test_the_check_reports_an_untranslated_a_fuzzy_and_a_wrong_placeholder_string(tmp_path: Path) -> None:
    locale = copy_locale(tmp_path)
    po = catalogs.po_file("es", locale)

    def spoil(message) -> None:  # noqa: ANN001
        if message.id == "Read aloud":
            message.string = ""
        elif message.id == "Stop reading":
            message.flags.add("fuzzy")
        elif message.id == "The emergency number is {number}.":
            message.string = "El número de emergencias es el {numero}."

    edit_po(po, spoil)
    ids = [*catalogs.template_ids(), "A string marked after the last update"]
    result = catalogs.check_catalog("es", ids, locale)
    assert result.untranslated == ("Read aloud",)
    assert result.fuzzy == ("Stop reading",)
    assert result.placeholders_differ == ("The emergency number is {number}.",)
    assert result.not_in_catalog == ("A string marked after the last update",)
    assert result.mo_outdated, "the .mo was compiled from the unspoiled .po"
    assert "strings without a translation" in result.report()


def test_the_compiled_catalogs_are_part_of_every_clone() -> None:
    """The .mo files are committed (no build step): a fresh clone can show Spanish at once."""
    for lang in catalogs.translated_languages():
        mo = catalogs.mo_file(lang).relative_to(PROJECT_ROOT).as_posix()
        assert (PROJECT_ROOT / mo).stat().st_size > 0
        if (PROJECT_ROOT / ".git").exists():
            listed = subprocess.run(["git", "ls-files", "--error-unmatch", mo], cwd=PROJECT_ROOT, capture_output=True)
            assert listed.returncode == 0, f"{mo} is not committed: git add it (it is what the app reads)"
        patterns = (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8").split()
        assert not [p for p in patterns if fnmatch(mo, p) or fnmatch(Path(mo).name, p)], f".gitignore hides {mo}"


def test_the_check_command_reports_strings_and_data_texts() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "recovery.i18n", "check"], cwd=PROJECT_ROOT, capture_output=True, text=True, timeout=120
    )
    assert "es: every marked string is translated and compiled." in result.stdout, result.stdout + result.stderr
    data_ok = data_texts.check("es").ok
    assert result.returncode == (0 if data_ok else 1)
    if not data_ok:
        assert "not translated yet" in result.stdout


def test_a_translator_adds_a_third_language_by_the_documented_steps(tmp_path: Path) -> None:
    """docs/translating.md, run in a copy of the project: init, translate, compile, use."""
    project = tmp_path / "project"
    shutil.copytree(PROJECT_ROOT / "recovery", project / "recovery", ignore=shutil.ignore_patterns("__pycache__"))
    shutil.copytree(PROJECT_ROOT / "data", project / "data")
    shutil.copy(PROJECT_ROOT / "pyproject.toml", project)
    env = {**os.environ, "PYTHONPATH": str(project)}

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [sys.executable, *args], cwd=project, env=env, capture_output=True, text=True, timeout=120
        )

    started = run("-m", "recovery.i18n", "init", "fr")
    assert started.returncode == 0, started.stderr
    po = project / "recovery/locale/fr/LC_MESSAGES/recovery.po"
    assert po.exists() and (project / "data/i18n/fr.json").exists()

    def translate(message) -> None:  # noqa: ANN001
        message.string = "Lire à voix haute" if message.id == "Read aloud" else f"FR {message.id}"

    edit_po(po, translate)
    assert run("-m", "recovery.i18n", "compile").returncode == 0
    used = run("-c", "from recovery import i18n; i18n.set_language('fr'); print(i18n._('Read aloud'), i18n.available_languages())")
    assert used.stdout.strip() == "Lire à voix haute ('en', 'es', 'fr')", used.stderr
    checked = run("-m", "recovery.i18n", "check", "fr")
    assert "fr: every marked string is translated and compiled." in checked.stdout
    assert "fr: " in checked.stdout and "not translated yet" in checked.stdout, "the data texts are still to do"
