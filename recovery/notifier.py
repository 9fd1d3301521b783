"""Desktop notifications: the only module that imports plyer or jeepney, and it never raises.

On Linux a notification counts as delivered only when the desktop confirmed it: a
notification server owns ``org.freedesktop.Notifications`` on the session bus and its
``Notify`` method returned an id. plyer cannot tell (its ``notify-send`` path ignores
the exit code, so a bus without a notification service looked like a delivery), so on
Linux the call goes over D-Bus directly with jeepney, a small pure-Python D-Bus library,
under a hard time limit. Elsewhere plyer stays the facade (Windows, macOS, Android).

Every failure becomes ``False`` with a reason (in the patient's language: the app and
the notify command show it), so the reminder stays due and the app shows it itself.
The text of a notification is never logged.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Protocol

from recovery.i18n import _

log = logging.getLogger(__name__)
APP_NAME = "Recovery Companion"
TIMEOUT_S = 10
#: The longest the app or the notify job waits for the desktop to answer.
ANSWER_WITHIN_S = 5.0
NOTIFICATIONS = "org.freedesktop.Notifications"
NOTIFICATIONS_PATH = "/org/freedesktop/Notifications"


class Notifier(Protocol):
    def notify(self, title: str, body: str) -> bool:
        """Show a notification; True only if the desktop confirmed it."""


def session_bus_address(environ: Mapping[str, str] = os.environ) -> str | None:
    """The D-Bus session bus address, if one is reachable (where Linux desktops receive notifications)."""
    address = environ.get("DBUS_SESSION_BUS_ADDRESS", "")
    if address:
        path = next((part[len("unix:path=") :] for part in address.split(";") if part.startswith("unix:path=")), None)
        return address if path is None or Path(path.split(",")[0]).exists() else None
    runtime = environ.get("XDG_RUNTIME_DIR") or (f"/run/user/{os.getuid()}" if hasattr(os, "getuid") else "")
    if runtime and Path(runtime, "bus").exists():
        return f"unix:path={Path(runtime, 'bus')}"
    return None


def session_bus_available(environ: Mapping[str, str] = os.environ) -> bool:
    return session_bus_address(environ) is not None


class DesktopNotifier:
    """Notifications on the desktop; ``unavailable_reason`` says why not, if not."""

    def __init__(self, environ: Mapping[str, str] = os.environ, answer_within_s: float = ANSWER_WITHIN_S) -> None:
        self.environ = environ
        self.answer_within_s = answer_within_s
        self.unavailable_reason = ""

    def notify(self, title: str, body: str) -> bool:
        if sys.platform.startswith("linux"):
            shown = self._notify_dbus(title, body)
        else:  # pragma: no cover - CI runs on Linux
            shown = self._notify_plyer(title, body)
        if shown:
            self.unavailable_reason = ""
        return shown

    def _fail(self, reason: str) -> bool:
        self.unavailable_reason = reason
        log.info("desktop notification not shown: %s", reason)
        return False

    def _notify_dbus(self, title: str, body: str) -> bool:
        """Notify over D-Bus; True only when a server owns the name and Notify returned an id."""
        address = session_bus_address(self.environ)
        if address is None:
            return self._fail(_("there is no desktop session (D-Bus) to show notifications"))
        from jeepney import DBusAddress, DBusErrorResponse, MessageType, new_method_call
        from jeepney.bus_messages import message_bus
        from jeepney.io.blocking import open_dbus_connection

        def unwrap_msg(reply: Any) -> tuple[Any, ...]:
            if reply.header.message_type == MessageType.error:
                raise DBusErrorResponse(reply)
            return tuple(reply.body)

        try:
            connection = open_dbus_connection(address, auth_timeout=self.answer_within_s)
        except Exception as exc:  # noqa: BLE001 - a refused socket, a failed handshake, a bad address
            return self._fail(_("the desktop session could not be reached ({error})").format(error=exc.__class__.__name__))
        try:
            owned = unwrap_msg(
                connection.send_and_get_reply(message_bus.NameHasOwner(NOTIFICATIONS), timeout=self.answer_within_s)
            )[0]
            if not owned:
                return self._fail(_("no notification service is running on this desktop"))
            server = DBusAddress(NOTIFICATIONS_PATH, bus_name=NOTIFICATIONS, interface=NOTIFICATIONS)
            call = new_method_call(
                server, "Notify", "susssasa{sv}i", (APP_NAME, 0, "", title or APP_NAME, body, [], {}, TIMEOUT_S * 1000)
            )
            reply = unwrap_msg(connection.send_and_get_reply(call, timeout=self.answer_within_s))
        except TimeoutError:
            return self._fail(
                _("the notification service did not answer within {seconds} seconds").format(seconds=f"{self.answer_within_s:g}")
            )
        except DBusErrorResponse as exc:
            return self._fail(_("the notification service refused it ({error})").format(error=exc.name))
        except Exception as exc:  # noqa: BLE001 - a connection dropped half-way
            return self._fail(_("the desktop session reported {error}").format(error=exc.__class__.__name__))
        finally:
            connection.close()
        if not reply or not isinstance(reply[0], int):
            return self._fail(_("the notification service gave no notification id"))
        return True

    def _notify_plyer(self, title: str, body: str) -> bool:
        try:
            from plyer import notification

            notification.notify(
                title=title.lstrip("-") or APP_NAME,
                message=body.lstrip("-"),
                app_name=APP_NAME,
                timeout=TIMEOUT_S,
            )
        except Exception as exc:  # noqa: BLE001 - plyer raises anything from NotImplementedError to DBusException
            return self._fail(_("the notification system reported {error}").format(error=exc.__class__.__name__))
        return True
