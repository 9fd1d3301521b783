"""A Babel extractor for Kivy ``.kv`` files, so ``pybabel extract`` finds their strings too.

The convention (``docs/translating.md``): a kv file imports the live translator and wraps
each text in it, exactly as Python code wraps it in ``_``::

    #:import tr recovery.ui.translate.tr
    Label:
        text: tr._("Read aloud")
        # Translators: shown while the app is speaking
        hint: tr._("Press again to stop")
        other: tr.ngettext("{n} check-in", "{n} check-ins", root.count).format(n=root.count)

``tr._`` makes Kivy re-evaluate the rule when the language changes. A kv file is not
Python as a whole, but every value in it is a Python expression, and Python's tokenizer
only stumbles over kv's indentation. So this extractor removes the indentation (keeping
the line numbers) and hands the text to Babel's own Python extractor, which then finds
``tr._(...)``, ``_(...)``, ``ngettext`` and ``pgettext`` calls and ``# Translators:``
comments as it does in ``.py`` files.
"""

from __future__ import annotations

import io
from collections.abc import Collection, Iterator, Mapping
from typing import IO, Any


def extract_kv(
    fileobj: IO[bytes],
    keywords: Mapping[str, Any] | Collection[str],
    comment_tags: Collection[str],
    options: Mapping[str, Any],
) -> Iterator[tuple[int, str, Any, list[str]]]:
    """Babel extraction method for ``.kv`` files (registered in ``recovery/locale/babel.cfg``)."""
    from babel.messages.extract import extract_python

    encoding = str(options.get("encoding", "utf-8"))
    text = fileobj.read().decode(encoding)
    flattened = "\n".join(line.lstrip() for line in text.splitlines())
    yield from extract_python(io.BytesIO(flattened.encode("utf-8")), keywords, comment_tags, {**options, "encoding": "utf-8"})
