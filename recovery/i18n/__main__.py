"""``python3 -m recovery.i18n``: the translator's commands (see ``docs/translating.md``).

    extract              collect every marked string from .py and .kv files into recovery.pot
    update [LANG]        merge recovery.pot into the .po files (new strings arrive empty)
    init LANG            start a new language: its .po and its data/i18n/LANG.json
    compile              compile every .po into the .mo the app reads
    check [LANG ...]     list what is missing, outdated or inconsistent; exit status 1 if anything is
    stamp LANG [ID ...]  after re-translating changed data texts, record them as up to date
                         (no ids: every outdated one); also lists new data texts with empty text
    listen LANG [-o WAV] read the emergency result and Help now aloud in LANG (or write a WAV file)

Run from the project folder with the project's Python (``.venv/bin/python -m recovery.i18n``).
"""

from __future__ import annotations

import argparse
import sys
import threading
from collections.abc import Sequence
from pathlib import Path

from recovery.i18n import catalogs, data_texts, language


def main(argv: Sequence[str]) -> int:
    parser = argparse.ArgumentParser(prog="python -m recovery.i18n", description="translation tools")
    commands = parser.add_subparsers(dest="command", required=True)
    commands.add_parser("extract", help="collect marked strings into recovery.pot")
    update = commands.add_parser("update", help="merge recovery.pot into the .po files")
    update.add_argument("lang", nargs="?")
    init = commands.add_parser("init", help="start a new language")
    init.add_argument("lang")
    commands.add_parser("compile", help="compile .po files to .mo")
    check = commands.add_parser("check", help="report untranslated or outdated strings and data texts")
    check.add_argument("langs", nargs="*")
    stamp = commands.add_parser("stamp", help="mark re-translated data texts as up to date")
    stamp.add_argument("lang")
    stamp.add_argument("ids", nargs="*")
    listen = commands.add_parser("listen", help="hear the read-aloud texts in a language")
    listen.add_argument("lang")
    listen.add_argument("-o", "--output", type=Path, help="write a WAV file instead of playing")
    args = parser.parse_args(argv)

    if args.command == "extract":
        print(f"Wrote {catalogs.extract()}")
    elif args.command == "update":
        catalogs.update(args.lang)
    elif args.command == "init":
        print(f"Wrote {catalogs.init(args.lang)}")
        data_texts.stamp(args.lang, [])
        print(f"Wrote {data_texts.translations_file(args.lang)}")
    elif args.command == "compile":
        catalogs.compile_all()
    elif args.command == "check":
        return _check(args.langs or catalogs.translated_languages())
    elif args.command == "stamp":
        done = data_texts.stamp(args.lang, args.ids or None)
        print(f"Stamped {len(done)} data texts in {data_texts.translations_file(args.lang)}")
    elif args.command == "listen":
        return _listen(args.lang, args.output)
    return 0


def _listen(lang: str, output: Path | None) -> int:
    from recovery import read_aloud, speech

    sample = {"emergency_number": "911", "clinic_name": "Riverside Pain Clinic", "clinic_phone": "555-0142"}
    words = language(lang)
    text = " ".join((read_aloud.result_script("emergency", sample, words), read_aloud.help_script(sample, words)))
    print(text)
    speaker = speech.EspeakSpeaker()
    try:
        if output is not None:
            print(f"Wrote {speaker.write_wav(text, lang, output)}")
            return 0
        done = threading.Event()
        problems: list[str] = []
        speaker.speak(text, lang, lambda problem: (problems.append(problem), done.set()))
        done.wait()
    except speech.SpeechUnavailable as exc:
        print(exc, file=sys.stderr)
        return 1
    if problems[0]:
        print(problems[0], file=sys.stderr)
    return 1 if problems[0] else 0


def _check(langs: Sequence[str]) -> int:
    ids = catalogs.template_ids()
    english = data_texts.english_texts()
    problems = False
    for lang in langs:
        strings = catalogs.check_catalog(lang, ids)
        data = data_texts.check(lang)
        print(strings.report())
        print(data.report(english))
        problems = problems or not (strings.ok and data.ok)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
