"""Load each screen's ``.kv`` file once, by absolute path.

Kivy warns about, and then doubles, rules from a file loaded twice; and a relative
path would depend on the directory the app was started from.
"""

from __future__ import annotations

from pathlib import Path

from kivy.lang import Builder

_loaded: set[Path] = set()


def load_kv_beside(module_file: str) -> None:
    """Load the ``.kv`` file that sits next to ``module_file`` (``today.py`` → ``today.kv``)."""
    kv = Path(module_file).with_suffix(".kv").resolve()
    if kv not in _loaded:
        Builder.load_file(str(kv))
        _loaded.add(kv)
