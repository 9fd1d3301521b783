"""Settings Kivy must receive before its first import.

Kivy parses ``sys.argv``, writes logs under ``~/.kivy`` and chooses its window
provider at import time, so the launcher and the tests call
:func:`prepare_kivy_environment` first. It also hides two start-up complaints that
are harmless for this app and frightening in a terminal: no multitouch-device library
(``libmtdev``) and no X11 middle-click paste helper (``xclip``/``xsel``).
"""

from __future__ import annotations

import logging
import os

_HARMLESS_STARTUP_MESSAGES = (
    "Input: MTDev is not supported",
    "Cutbuffer: Unable to find any valuable Cutbuffer provider",
    "xclip - FileNotFoundError",
    "xsel - FileNotFoundError",
)


class _HarmlessStartupFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = str(record.msg)
        return not message.startswith(_HARMLESS_STARTUP_MESSAGES)


def prepare_kivy_environment() -> None:
    """Set Kivy's environment defaults (callers may override any of them beforehand)."""
    os.environ.setdefault("KIVY_NO_ARGS", "1")
    os.environ.setdefault("KIVY_LOG_MODE", "MIXED")
    os.environ.setdefault("KIVY_NO_FILELOG", "1")
    os.environ.setdefault("KCFG_KIVY_LOG_LEVEL", "warning")
    os.environ.setdefault("KIVY_WINDOW", "sdl2")
    logging.getLogger("kivy").addFilter(_HarmlessStartupFilter())
