"""A private D-Bus session with a real notification daemon (python-dbusmock) and dbus-monitor.

Nothing here touches the user's own desktop: the bus lives in a temp folder and dies
with the test.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from recovery.devenv import SYSTEM_PYTHON, missing_test_parts


@dataclass
class NotificationBus:
    address: str
    daemon_log: Path
    monitor_log: Path

    def env(self) -> dict[str, str]:
        return {**os.environ, "DBUS_SESSION_BUS_ADDRESS": self.address}

    def notify_calls(self) -> list[str]:
        """Every Notify call the daemon received, one log line each."""
        if not self.daemon_log.exists():
            return []
        return [line for line in self.daemon_log.read_text(errors="replace").splitlines() if " Notify " in line]

    def monitored_calls(self, expected: int, timeout: float = 20) -> int:
        """Notify calls seen by dbus-monitor, waiting until at least ``expected`` have been logged."""
        deadline = time.monotonic() + timeout
        while True:
            seen = self.monitor_log.read_text(errors="replace").count("member=Notify")
            if seen >= expected or time.monotonic() > deadline:
                return seen
            time.sleep(0.05)

    def send_marker(self, text: str) -> None:
        """A notification from outside the app, to know when the daemon has seen everything before it."""
        subprocess.run(["notify-send", "marker", text], env=self.env(), check=True, timeout=20)

    def wait_for(self, text: str, timeout: float = 20) -> None:
        deadline = time.monotonic() + timeout
        while not any(text in line for line in self.notify_calls()):
            if time.monotonic() > deadline:
                raise AssertionError(f"the notification daemon never received {text!r}")
            time.sleep(0.05)


def _has_owner(address: str, name: str) -> bool:
    result = subprocess.run(
        [
            "dbus-send", f"--bus={address}", "--print-reply", "--dest=org.freedesktop.DBus", "/org/freedesktop/DBus",
            "org.freedesktop.DBus.NameHasOwner", f"string:{name}",
        ],
        capture_output=True,
        text=True,
    )  # fmt: skip
    return "boolean true" in result.stdout


@contextmanager
def notification_bus(folder: Path) -> Iterator[NotificationBus]:
    missing = missing_test_parts()
    if missing:
        raise AssertionError(
            "The notification tests need: " + " ".join(missing) + " (python3 -m tests installs them when run as root)."
        )
    folder.mkdir(parents=True, exist_ok=True)
    socket = folder / "bus"
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={socket}", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    processes = [daemon]
    try:
        assert daemon.stdout is not None
        address = daemon.stdout.readline().strip()
        env = {**os.environ, "DBUS_SESSION_BUS_ADDRESS": address}
        daemon_log = folder / "notification-daemon.log"
        monitor_log = folder / "dbus-monitor.log"
        system_env = {k: v for k, v in env.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV"))}
        processes.append(
            subprocess.Popen(
                [SYSTEM_PYTHON, "-m", "dbusmock", "--template", "notification_daemon", "-l", str(daemon_log)],
                env=system_env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
        with open(monitor_log, "w") as monitor_out:
            processes.append(
                subprocess.Popen(
                    # line-buffered, or the log stays empty until the monitor exits
                    ["stdbuf", "-oL", "dbus-monitor", "--address", address, "interface='org.freedesktop.Notifications',member='Notify'"],
                    stdout=monitor_out,
                    stderr=subprocess.DEVNULL,
                )
            )
        deadline = time.monotonic() + 20
        while not _has_owner(address, "org.freedesktop.Notifications"):
            if time.monotonic() > deadline:
                raise AssertionError("the notification daemon did not start on the private bus")
            time.sleep(0.05)
        yield NotificationBus(address, daemon_log, monitor_log)
    finally:
        for process in reversed(processes):
            process.terminate()
        for process in processes:
            try:
                process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                process.kill()
        shutil.rmtree(folder, ignore_errors=True)


@contextmanager
def bus_without_notifications(folder: Path) -> Iterator[str]:
    """A private session bus on which nothing owns org.freedesktop.Notifications; yields its address."""
    folder.mkdir(parents=True, exist_ok=True)
    daemon = subprocess.Popen(
        ["dbus-daemon", "--session", "--nofork", "--nopidfile", f"--address=unix:path={folder / 'bus'}", "--print-address=1"],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert daemon.stdout is not None
        yield daemon.stdout.readline().strip()
    finally:
        daemon.terminate()
        daemon.wait(timeout=5)


SLOW_SERVER = """
import sys, time
from jeepney import MessageType, new_method_return
from jeepney.bus_messages import message_bus
from jeepney.io.blocking import open_dbus_connection

address, delay, log = sys.argv[1], float(sys.argv[2]), sys.argv[3]
connection = open_dbus_connection(address)
connection.send_and_get_reply(message_bus.RequestName("org.freedesktop.Notifications"))
print("ready", flush=True)
served = 0
while True:
    message = connection.receive()
    if message.header.message_type == MessageType.method_call and message.header.fields.get(3) == "Notify":
        with open(log, "a") as out:
            out.write("received\\n")
        time.sleep(delay)
        served += 1
        connection.send(new_method_return(message, "u", (served,)))
        with open(log, "a") as out:
            out.write("answered\\n")
"""


@contextmanager
def slow_notification_server(folder: Path, delay_s: float) -> Iterator[tuple[str, Path]]:
    """A notification server that takes ``delay_s`` to answer each Notify; yields the bus address and its log."""
    import sys

    with bus_without_notifications(folder) as address:
        log = folder / "slow-server.log"
        log.touch()
        server = subprocess.Popen([sys.executable, "-c", SLOW_SERVER, address, str(delay_s), str(log)], stdout=subprocess.PIPE, text=True)
        try:
            assert server.stdout is not None and server.stdout.readline().strip() == "ready"
            yield address, log
        finally:
            server.terminate()
            server.wait(timeout=5)
