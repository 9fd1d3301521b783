"""First-run setup for the two README commands: a private virtual environment, installed on demand.

``python3 main.py`` and ``python3 -m tests`` call into this module with whatever Python
the user typed, so it uses the standard library only. It creates ``.venv`` beside the
project, installs the project (and its test extras when testing) and re-runs the
command inside it. A stamp records what was installed for which ``pyproject.toml``, so
later runs start at once and a changed dependency list reinstalls by itself.

Where the test suite needs system parts (the OpenGL libraries a real Kivy window
needs, a D-Bus notification daemon, the espeak-ng speech engine), it installs them
with apt-get when it runs as root, as CI does, and otherwise names the packages to
install (and stops, for the window libraries without which nothing runs).
"""

from __future__ import annotations

import ctypes.util
import hashlib
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent
VENV_DIR = PROJECT_ROOT / ".venv"
STAMP_FILE = VENV_DIR / "recovery-installed.json"
MIN_PYTHON = (3, 11)

#: Shared libraries the Kivy wheel loads for a real window, and the Debian packages providing them.
SYSTEM_LIBRARIES = {
    "GL": ("libgl1", "libgl1-mesa-dri", "libglx-mesa0"),
    "EGL": ("libegl1", "libegl-mesa0"),
    "X11": ("libx11-6",),
    "Xrender": ("libxrender1",),
}


class SetupError(SystemExit):
    """Setup cannot continue; the message says what to do. Exits with status 3."""

    def __init__(self, message: str) -> None:
        print(f"\nRecovery Companion setup: {message}", file=sys.stderr)
        super().__init__(3)


def venv_python() -> Path:
    if os.name == "nt":  # pragma: no cover
        return VENV_DIR / "Scripts" / "python.exe"
    return VENV_DIR / "bin" / "python"


def running_in_project_venv() -> bool:
    return Path(sys.prefix).resolve() == VENV_DIR.resolve()


def _say(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


def _is_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


def _apt_install(packages: Sequence[str]) -> bool:
    """Install Debian packages when running as root with apt-get; report success."""
    if not (_is_root() and shutil.which("apt-get")):
        return False
    _say(f"Installing system packages: {' '.join(packages)}")
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    update = subprocess.run(["apt-get", "update", "-qq"], env=env, capture_output=True, text=True)
    install = subprocess.run(
        ["apt-get", "install", "-y", "-qq", "--no-install-recommends", *packages], env=env, capture_output=True, text=True
    )
    if install.returncode != 0:
        _say(install.stdout[-2000:] + install.stderr[-2000:])
    return update.returncode == 0 and install.returncode == 0


def _stamp_wanted(extras: Sequence[str]) -> dict[str, object]:
    digest = hashlib.sha256((PROJECT_ROOT / "pyproject.toml").read_bytes()).hexdigest()
    return {"pyproject_sha256": digest, "extras": sorted(set(extras))}


def _installed_stamp() -> dict[str, object] | None:
    try:
        return json.loads(STAMP_FILE.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def _create_venv() -> None:
    _say(f"Creating a private Python environment in {VENV_DIR} (first run only)…")
    result = subprocess.run([sys.executable, "-m", "venv", str(VENV_DIR)])
    if result.returncode == 0 and venv_python().exists():
        return
    shutil.rmtree(VENV_DIR, ignore_errors=True)
    package = f"python3.{sys.version_info.minor}-venv"
    if _apt_install([package]) and subprocess.run([sys.executable, "-m", "venv", str(VENV_DIR)]).returncode == 0:
        return
    raise SetupError(
        f"Python could not create a virtual environment. On Debian or Ubuntu install it with:\n"
        f"    sudo apt-get install {package}\nthen run the command again."
    )


def ensure_venv(extras: Sequence[str] = ()) -> Path:
    """Create ``.venv`` and install the project (with ``extras``) if not done yet; return its python."""
    if sys.version_info < MIN_PYTHON:
        raise SetupError(
            f"Recovery Companion needs Python {'.'.join(map(str, MIN_PYTHON))} or newer; "
            f"this is {sys.version.split()[0]}. Run the command with python3.11 or newer."
        )
    if not venv_python().exists():
        _create_venv()
    wanted = _stamp_wanted(extras)
    installed = _installed_stamp()
    if (
        installed
        and installed.get("pyproject_sha256") == wanted["pyproject_sha256"]
        and set(wanted["extras"]) <= set(installed.get("extras", []))  # type: ignore[arg-type]
    ):
        return venv_python()
    target = "." + (f"[{','.join(wanted['extras'])}]" if wanted["extras"] else "")  # type: ignore[arg-type]
    _say(f"Installing Recovery Companion and its libraries into {VENV_DIR.name} (first run: about a minute)…")
    # "compat" editable mode puts the project on sys.path with a .pth file instead of an import
    # hook, which costs nothing at start-up.
    command = [
        str(venv_python()), "-m", "pip", "install", "--disable-pip-version-check", "-q",
        "--config-settings", "editable_mode=compat", "-e", target,
    ]  # fmt: skip
    if subprocess.run(command, cwd=PROJECT_ROOT).returncode != 0:
        raise SetupError(
            "installing the Python libraries failed (see pip's message above). Check the internet "
            "connection and run the command again."
        )
    STAMP_FILE.write_text(json.dumps(wanted), encoding="utf-8")
    return venv_python()


def missing_system_libraries() -> list[str]:
    """Debian packages for the window libraries Kivy needs that this machine lacks."""
    if not sys.platform.startswith("linux"):
        return []
    missing: list[str] = []
    for library, packages in SYSTEM_LIBRARIES.items():
        if ctypes.util.find_library(library) is None:
            missing.extend(packages)
    return missing


def ensure_system_libraries() -> None:
    """Install the OpenGL/X libraries a real Kivy window needs, or say exactly which are missing."""
    missing = missing_system_libraries()
    if not missing or (_apt_install(missing) and not missing_system_libraries()):
        return
    raise SetupError(
        "Kivy needs the system OpenGL libraries to open a window, and they are missing. Install them with:\n"
        f"    sudo apt-get install {' '.join(missing)}\nthen run the command again."
    )


#: What the tests need on a Linux machine: (what to check, how, Debian package). The notification
#: tests use a private D-Bus and notification daemon; the real-input tests a virtual X display
#: (Xvfb) and xdotool, which moves its pointer and presses its keys.
TEST_SYSTEM_PARTS = (
    ("dbus-daemon", "program", "dbus-daemon"),
    ("dbus-monitor", "program", "dbus-bin"),
    ("notify-send", "program", "libnotify-bin"),
    ("dbusmock", "system-python-module", "python3-dbusmock"),
    ("Xvfb", "program", "xvfb"),
    ("xdotool", "program", "xdotool"),
)
SYSTEM_PYTHON = "/usr/bin/python3"


def _has_part(name: str, kind: str) -> bool:
    if kind == "program":
        return shutil.which(name) is not None
    if not Path(SYSTEM_PYTHON).exists():
        return False
    return subprocess.run([SYSTEM_PYTHON, "-c", f"import {name}"], capture_output=True).returncode == 0


#: What the read-aloud tests need: a real speech engine that can also write WAV files.
SPEECH_TEST_PARTS = (("espeak-ng", "program", "espeak-ng"),)


def missing_test_parts(parts: Sequence[tuple[str, str, str]] = TEST_SYSTEM_PARTS) -> list[str]:
    """Debian packages for ``parts`` (by default the notification and real-input tests') that this machine lacks."""
    if not sys.platform.startswith("linux"):
        return []
    return [package for name, kind, package in parts if not _has_part(name, kind)]


def missing_speech_test_parts() -> list[str]:
    """Debian packages for the read-aloud tests (espeak-ng) that this machine lacks."""
    return missing_test_parts(SPEECH_TEST_PARTS)


def _all_missing_test_parts() -> list[str]:
    return missing_test_parts() + missing_speech_test_parts()


def ensure_test_system_parts() -> None:
    """Install the private D-Bus, notification daemon, X display and speech engine the tests use, or name them.

    Without them the tests that need them fail with the same list, rather than being skipped.
    """
    missing = _all_missing_test_parts()
    if not missing or (_apt_install(missing) and not _all_missing_test_parts()):
        return
    _say(
        "The reminder, real-input and read-aloud tests need a private D-Bus, a notification daemon, a virtual "
        "X display, xdotool and a speech engine. Install them with:\n"
        f"    sudo apt-get install {' '.join(missing)}\n(the tests that need them will fail until then)"
    )


def run_in_venv(argv: Sequence[str], extras: Sequence[str] = ()) -> None:
    """Re-run ``argv`` (a script and its arguments) with the project's python, installing first.

    Returns only when already running inside the project's environment.
    """
    python = ensure_venv(extras)
    if running_in_project_venv():
        return
    command = [str(python), *argv]
    if os.name == "nt":  # pragma: no cover - execv on Windows does not replace the process
        raise SystemExit(subprocess.run(command).returncode)
    os.execv(str(python), command)
