"""A pseudo-locale: every translated string comes back marked, so untranslated text stands out.

``mark("Call {number} now")`` gives ``‹Çáļļ {number} ñöŵ ·····›``: letters accented (a
font without them would show boxes), about a third longer (Spanish runs ~25 % longer than
English, so a screen that fits this fits Spanish) and wrapped in single guillemets, which
the app's Roboto font has and neither English nor Spanish patient text uses. Placeholders
(``{name}``, ``%(name)s``, ``%s``) are left as they are, so ``.format`` still works.

:func:`untranslated_parts` is the other half: given any text a screen shows, it returns
the runs of plain English letters that are outside every ``‹ ›`` pair, which are exactly
the words that never went through ``_()``.
"""

from __future__ import annotations

import math
import re

OPEN, CLOSE = "‹", "›"
PADDING = "·"
#: How much longer a pseudo-translated string is than its English source.
EXPANSION = 0.35

_ACCENTED = str.maketrans(
    "AaCcEeIiLlNnOoSsUuWwYyZz",
    "ÅåÇçÉéÎîĻļÑñÖöŠšÛûŴŵÝýŽž",
)
_PLACEHOLDER = re.compile(r"\{[^{}]*\}|%\([^)]*\)[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]|%[#0 +-]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa%]")
_MARKED = re.compile(re.escape(OPEN) + r"[^" + re.escape(OPEN + CLOSE) + r"]*" + re.escape(CLOSE))
_ENGLISH_WORD = re.compile(r"[A-Za-z]{2,}")


def mark(text: str) -> str:
    """``text`` accented, padded and wrapped in ``‹ ›``; placeholders kept (empty text stays empty)."""
    if not text:
        return text
    pieces, last = [], 0
    for match in _PLACEHOLDER.finditer(text):
        pieces.append(text[last : match.start()].translate(_ACCENTED))
        pieces.append(match.group(0))
        last = match.end()
    pieces.append(text[last:].translate(_ACCENTED))
    padding = PADDING * math.ceil(len(text) * EXPANSION)
    return f"{OPEN}{''.join(pieces)} {padding}{CLOSE}"


def untranslated_parts(text: str) -> list[str]:
    """The English words in ``text`` that are outside every pseudo-translated ``‹…›`` span.

    Marked spans may nest (a translated sentence with a translated word formatted into it);
    they are removed from the inside out. Numbers, punctuation and single letters (the C of
    ``°C``) are not reported; anything of two letters or more is, units such as ``lb`` too.
    """
    previous = None
    while previous != text:
        previous, text = text, _MARKED.sub(" ", text)
    return _ENGLISH_WORD.findall(text)


def is_marked(text: str) -> bool:
    """True if all the words in ``text`` came through the pseudo-locale."""
    return not untranslated_parts(text)
