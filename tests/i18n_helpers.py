"""Helpers for language tests: switch the process language for a block, and find untranslated text.

``untranslated_texts`` is what the phase-2 test "no English left on a Spanish screen" runs
on every screen: render it in the pseudo-locale, then every visible text must be marked
(``‹…›``), apart from what the patient typed in (the clinic's name, phone numbers).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from typing import Any

from recovery import i18n
from recovery.i18n.pseudo import untranslated_parts


@contextmanager
def in_language(code: str) -> Iterator[None]:
    """Run a block in language ``code``; English again afterwards, whatever happens."""
    i18n.set_language(code)
    try:
        yield
    finally:
        i18n.set_language(i18n.DEFAULT_LANGUAGE)


def _visible(widget: Any, root: Any) -> bool:
    root = getattr(root, "__self__", root)  # kv ids hold weak proxies
    node = widget
    while node is not None:
        if getattr(node, "opacity", 1) == 0 or getattr(node, "shown", True) is False:
            return False
        if node is root or node.parent is node:  # the Window is its own parent
            return True
        node = node.parent
    return True


def visible_texts(root: Any) -> list[str]:
    """The text of every visible label (buttons and chips included) and every empty field's hint."""
    from kivy.uix.label import Label
    from kivy.uix.textinput import TextInput

    texts = []
    for widget in root.walk(restrict=True):
        if not _visible(widget, root):
            continue
        if isinstance(widget, Label) and widget.text.strip():
            texts.append(widget.text)
        elif isinstance(widget, TextInput) and not widget.text and widget.hint_text:
            texts.append(widget.hint_text)
    return texts


def untranslated_texts(root: Any, user_data: Iterable[str] = ()) -> list[tuple[str, list[str]]]:
    """Each visible text that shows English words outside the pseudo-locale's marks, with those words.

    ``user_data`` are values the patient entered (shown as typed in every language);
    they are taken out of a text before it is checked.
    """
    found = []
    for text in visible_texts(root):
        checked = text
        for value in sorted((v for v in user_data if v), key=len, reverse=True):
            checked = checked.replace(value, " ")
        words = untranslated_parts(checked)
        if words:
            found.append((text, words))
    return found
