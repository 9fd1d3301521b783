"""``tr``: the translator that ``.kv`` files use, so their texts follow a change of language at once.

In a kv file::

    #:import tr recovery.ui.translate.tr
    text: tr._("Read aloud")

Kivy binds every rule to the attributes its expression reads; ``tr`` is a Kivy
``Observable`` that records the rules reading ``tr._`` (or ``tr.ngettext``, ``tr.labels``
for a table of choices, ``tr.language``) and
re-runs them when :func:`recovery.i18n.set_language` is called. This is the pattern of
Kivy's own internationalisation example, except that the rules hold their widgets weakly:
a rule of a widget that no longer exists fails with ``ReferenceError`` when re-run and is
forgotten then.
"""

from __future__ import annotations

import itertools
from typing import Any

from kivy.event import Observable

from recovery import i18n

_WATCHED = ("_", "ngettext", "pgettext", "labels", "language")


class Translator(Observable):
    """The current language's ``_``, ``ngettext`` and ``pgettext``, observable by kv rules."""

    def __init__(self) -> None:
        super().__init__()
        self._rules: dict[int, tuple[Any, tuple[Any, ...], dict[str, Any]]] = {}
        self._uids = itertools.count(1)
        i18n.add_listener(self._language_changed)

    def _(self, message: str) -> str:
        return i18n.gettext(message)

    def ngettext(self, singular: str, plural: str, count: int) -> str:
        return i18n.ngettext(singular, plural, count)

    def pgettext(self, context: str, message: str) -> str:
        return i18n.pgettext(context, message)

    def labels(self, choices: Any) -> list[tuple[Any, str]]:
        """``[(value, label), ...]`` with each label translated: ``choices: tr.labels(root.choices)``.

        The labels are English ids marked with ``N_`` where the table is defined.
        """
        return [(value, i18n.gettext(label)) for value, label in choices]

    def language(self) -> str:
        """The current language's code, for rules that depend on it (``tr.language() == "en"``)."""
        return i18n.current_language()

    def fbind(self, name: str, func: Any, *largs: Any, **kwargs: Any) -> Any:
        if name in _WATCHED:
            uid = next(self._uids)
            self._rules[uid] = (func, _weakly(largs), kwargs)
            return uid
        return super().fbind(name, func, *largs, **kwargs)

    def funbind(self, name: str, func: Any, *largs: Any, **kwargs: Any) -> None:
        if name in _WATCHED:
            for uid, rule in list(self._rules.items()):
                if rule == (func, largs, kwargs):
                    del self._rules[uid]
            return
        super().funbind(name, func, *largs, **kwargs)

    def unbind_uid(self, name: str, uid: int) -> None:
        if name in _WATCHED:
            self._rules.pop(uid, None)
            return
        super().unbind_uid(name, uid)

    @property
    def bound_rules(self) -> int:
        """How many kv rules follow the language (for tests)."""
        return len(self._rules)

    def _language_changed(self, _code: str) -> None:
        for uid, (func, largs, kwargs) in list(self._rules.items()):
            try:
                func(*largs, None, None, **kwargs)
            except ReferenceError:
                self._rules.pop(uid, None)


def _weakly(largs: tuple[Any, ...]) -> tuple[Any, ...]:
    """Hold the widget of a kv rule by a weak proxy, so a language listener never keeps it alive.

    Kivy passes ``(widget, property, expression, rule, ids)`` for a property rule.
    """
    if largs and isinstance(largs[0], tuple) and len(largs[0]) == 5 and hasattr(largs[0][0], "proxy_ref"):
        widget, *rest = largs[0]
        return ((widget.proxy_ref, *rest), *largs[1:])
    return largs


tr = Translator()
