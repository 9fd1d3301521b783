"""Background reminders: a per-user job that runs ``python -m recovery notify`` every 15 minutes.

plyer cannot schedule anything, so while the app is closed the operating system's own
scheduler starts the notify command. On Linux that is a systemd user timer where a
user manager runs (``Persistent=true`` catches up after the machine was off), and
otherwise a crontab entry. Windows (Task Scheduler) and macOS (launchd) are described
in ``docs/reminders.md``; there ``install`` explains the steps instead of doing them.

Every outside program is run through a small runner, so tests can point the crontab
backend at a stand-in program and check exactly what was installed.
"""

from __future__ import annotations

import os
import shlex
import shutil
import subprocess
import sys
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from recovery.i18n import N_, _
from recovery.paths import HOME_ENV

UNIT_NAME = "recovery-companion-notify"
CRON_MARKER = "# recovery-companion-reminders"
EVERY_MINUTES = 15

Runner = Callable[[Sequence[str], str | None], subprocess.CompletedProcess[str]]


def run(command: Sequence[str], stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    """Run an outside program, capturing its output; a missing program is exit code 127."""
    try:
        return subprocess.run(list(command), input=stdin, capture_output=True, text=True, timeout=30)
    except FileNotFoundError:
        return subprocess.CompletedProcess(list(command), 127, "", f"{command[0]}: not found")


@dataclass(frozen=True)
class Status:
    installed: bool
    how: str
    detail: str

    def __str__(self) -> str:
        return self.detail


def notify_command(python: str = sys.executable) -> list[str]:
    """The command the job runs: this environment's python, so the job finds every library."""
    return [python, "-m", "recovery", "notify"]


class SystemdUserTimer:
    """A ``systemd --user`` service and timer in the user's config folder."""

    how = "systemd user timer"

    def __init__(self, config_home: Path, runner: Runner = run) -> None:
        self.unit_dir = config_home / "systemd" / "user"
        self.runner = runner

    def usable(self) -> bool:
        result = self.runner(["systemctl", "--user", "show-environment"], None)
        return result.returncode == 0

    def unit_texts(self, command: Sequence[str], environment: Mapping[str, str]) -> dict[str, str]:
        env_lines = "".join(f"Environment={shlex.quote(f'{k}={v}')}\n" for k, v in sorted(environment.items()))
        service = (
            "[Unit]\nDescription=Recovery Companion reminders\n\n"
            f"[Service]\nType=oneshot\n{env_lines}ExecStart={shlex.join(command)}\n"
        )
        timer = (
            "[Unit]\nDescription=Recovery Companion reminders every 15 minutes\n\n"
            f"[Timer]\nOnCalendar=*:0/{EVERY_MINUTES}\nPersistent=true\n\n"
            "[Install]\nWantedBy=timers.target\n"
        )
        return {f"{UNIT_NAME}.service": service, f"{UNIT_NAME}.timer": timer}

    def install(self, command: Sequence[str], environment: Mapping[str, str]) -> Status:
        self.unit_dir.mkdir(parents=True, exist_ok=True)
        for name, text in self.unit_texts(command, environment).items():
            (self.unit_dir / name).write_text(text, encoding="utf-8")
        for step in (["daemon-reload"], ["enable", "--now", f"{UNIT_NAME}.timer"]):
            result = self.runner(["systemctl", "--user", *step], None)
            if result.returncode != 0:
                self.remove()
                return Status(False, self.how, _("systemd refused the timer: {problem}").format(problem=result.stderr.strip()))
        return Status(True, self.how, _systemd_on())

    def remove(self) -> Status:
        self.runner(["systemctl", "--user", "disable", "--now", f"{UNIT_NAME}.timer"], None)
        for suffix in (".service", ".timer"):
            (self.unit_dir / f"{UNIT_NAME}{suffix}").unlink(missing_ok=True)
        self.runner(["systemctl", "--user", "daemon-reload"], None)
        return Status(False, self.how, _("Off."))

    def status(self) -> Status:
        if not (self.unit_dir / f"{UNIT_NAME}.timer").exists():
            return Status(False, self.how, _("Off."))
        enabled = self.runner(["systemctl", "--user", "is-enabled", f"{UNIT_NAME}.timer"], None)
        on = enabled.returncode == 0
        return Status(on, self.how, _systemd_on() if on else _("Off."))


class Crontab:
    """One line in the user's crontab, marked so it can be found and removed again."""

    how = "crontab"

    def __init__(self, runner: Runner = run, crontab: str = "crontab") -> None:
        self.runner = runner
        self.crontab = crontab

    def usable(self) -> bool:
        return self.runner([self.crontab, "-l"], None).returncode in (0, 1)

    def _lines(self) -> list[str]:
        result = self.runner([self.crontab, "-l"], None)
        return result.stdout.splitlines() if result.returncode == 0 else []

    def _write(self, lines: list[str]) -> subprocess.CompletedProcess[str]:
        return self.runner([self.crontab, "-"], "".join(f"{line}\n" for line in lines))

    def line(self, command: Sequence[str], environment: Mapping[str, str]) -> str:
        env = " ".join(f"{key}={shlex.quote(value)}" for key, value in sorted(environment.items()))
        return f"*/{EVERY_MINUTES} * * * * {env} {shlex.join(command)} >/dev/null 2>&1 {CRON_MARKER}"

    def install(self, command: Sequence[str], environment: Mapping[str, str]) -> Status:
        lines = [line for line in self._lines() if CRON_MARKER not in line]
        result = self._write([*lines, self.line(command, environment)])
        if result.returncode != 0:
            return Status(False, self.how, _("crontab refused the entry: {problem}").format(problem=result.stderr.strip()))
        return Status(True, self.how, _crontab_on())

    def remove(self) -> Status:
        lines = self._lines()
        kept = [line for line in lines if CRON_MARKER not in line]
        if kept != lines:
            self._write(kept)
        return Status(False, self.how, _("Off."))

    def status(self) -> Status:
        on = any(CRON_MARKER in line for line in self._lines())
        return Status(on, self.how, _crontab_on() if on else _("Off."))


def _systemd_on() -> str:
    return _("On: a systemd user timer checks every {minutes} minutes.").format(minutes=EVERY_MINUTES)


def _crontab_on() -> str:
    return _("On: a crontab entry checks every {minutes} minutes.").format(minutes=EVERY_MINUTES)


def job_environment(environ: Mapping[str, str] = os.environ) -> dict[str, str]:
    """What the job needs to reach the same data and the same desktop session as the user."""
    env = {}
    if environ.get(HOME_ENV):
        env[HOME_ENV] = str(Path(environ[HOME_ENV]).expanduser().resolve())
    if hasattr(os, "getuid"):
        env["DBUS_SESSION_BUS_ADDRESS"] = environ.get(
            "DBUS_SESSION_BUS_ADDRESS", f"unix:path=/run/user/{os.getuid()}/bus"
        )
    if environ.get("TZ"):
        env["TZ"] = environ["TZ"]
    return env


def choose_backend(environ: Mapping[str, str] = os.environ, runner: Runner = run) -> SystemdUserTimer | Crontab | None:
    """systemd where a user manager answers, else cron where crontab exists, else ``None``."""
    if not sys.platform.startswith("linux"):
        return None
    config_home = Path(environ.get("XDG_CONFIG_HOME") or Path.home() / ".config")
    systemd = SystemdUserTimer(config_home, runner)
    if shutil.which("systemctl") and systemd.usable():
        return systemd
    crontab = Crontab(runner)
    if crontab.usable():
        return crontab
    return None


MANUAL_STEPS = N_(
    "Background reminders need the system scheduler. On Windows, create a Task Scheduler task that runs "
    "'{command}' every 15 minutes; on macOS, a launchd agent with StartInterval 900. docs/reminders.md has "
    "step-by-step instructions. On Linux, install cron or run a desktop session with systemd."
)


NO_SCHEDULER = N_(
    "not available on this computer (no system scheduler the app can use). "
    "The app still reminds you while it is open."
)
COULD_NOT = N_(
    "could not be turned on: not available on this computer (no system scheduler the app can use). "
    "The app still reminds you while it is open."
)


def manual_steps(command: Sequence[str]) -> str:
    return _(MANUAL_STEPS).format(command=shlex.join(command))


def switch(action: str) -> tuple[bool, str]:
    """Turn the job on ("install"), off ("remove"), or ask ("status"): whether it is on, and in words."""
    command = notify_command()
    backend = choose_backend()
    if backend is None:  # asked to turn them on, say it was tried: the same words again would look like nothing happened
        return False, _(COULD_NOT) if action == "install" else _(NO_SCHEDULER)
    if action == "install":
        status = backend.install(command, job_environment())
    elif action == "remove":
        status = backend.remove()
    elif action == "status":
        status = backend.status()
    else:
        raise ValueError(f"unknown action {action!r}; use install, remove or status")
    return status.installed, str(status)
