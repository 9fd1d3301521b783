"""Desktop notifications through plyer: the only module that imports it, and it never raises.

plyer fails in several quiet ways (``reliability.md`` §3): no D-Bus session, no backend
(``NotImplementedError``), a bus without a daemon, a float timeout (``TypeError``), a
title starting with ``-`` read as an option by ``notify-send``. This adapter checks what
it can before calling, passes only safe arguments, and turns every failure into
``False`` so the app can show the reminder itself instead. It never logs the text of a
notification.
"""

from __future__ import annotations

import logging
import os
import shutil
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Protocol

log = logging.getLogger(__name__)
APP_NAME = "Recovery Companion"
TIMEOUT_S = 10


class Notifier(Protocol):
    def notify(self, title: str, body: str) -> bool:
        """Show a notification; True if it was handed to the desktop."""


def session_bus_available(environ: Mapping[str, str] = os.environ) -> bool:
    """True if a D-Bus session bus is reachable (where Linux desktops receive notifications)."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        path = next((part[len("unix:path=") :] for part in address.split(";") if part.startswith("unix:path=")), None)
        return path is None or Path(path.split(",")[0]).exists()
    runtime = environ.get("XDG_RUNTIME_DIR") or (f"/run/user/{os.getuid()}" if hasattr(os, "getuid") else "")
    return bool(runtime) and Path(runtime, "bus").exists()


class DesktopNotifier:
    """Notifications on the desktop via plyer; ``unavailable_reason`` says why not, if not."""

    def __init__(self, environ: Mapping[str, str] = os.environ) -> None:
        self.environ = environ
        self.unavailable_reason = ""

    def _linux_ready(self) -> bool:
        if not session_bus_available(self.environ):
            self.unavailable_reason = "there is no desktop session (D-Bus) to show notifications"
            return False
        try:
            import dbus  # noqa: F401  (plyer's preferred backend)
        except ImportError:
            if shutil.which("notify-send", path=self.environ.get("PATH")) is None:
                self.unavailable_reason = "neither python-dbus nor notify-send is installed"
                return False
        return True

    def notify(self, title: str, body: str) -> bool:
        if sys.platform.startswith("linux") and not self._linux_ready():
            return False
        try:
            from plyer import notification

            notification.notify(
                title=title.lstrip("-") or APP_NAME,
                message=body.lstrip("-"),
                app_name=APP_NAME,
                timeout=TIMEOUT_S,
            )
        except Exception as exc:  # noqa: BLE001 - plyer raises anything from NotImplementedError to DBusException
            self.unavailable_reason = f"the notification system reported {exc.__class__.__name__}"
            log.warning("desktop notification failed: %s", exc.__class__.__name__)
            return False
        self.unavailable_reason = ""
        return True
