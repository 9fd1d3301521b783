"""When a reminder was shown but could not be recorded (a full disk): show it at most once an hour.

The delivery log lives in the data file, so on a full disk it cannot grow, and every
15-minute run would show the same reminder again. This remembers the moment of the
last unrecorded showing in the *modification time* of an empty marker file: setting a
file's time needs no free space, and creating an empty file rarely does. If even that
fails, a marker in the per-user runtime folder (a RAM disk on Linux) is used instead.
"""

from __future__ import annotations

import hashlib
import os
import tempfile
from datetime import datetime, timedelta
from pathlib import Path

MARKER_NAME = "reminders-unrecorded.stamp"
PAUSE = timedelta(hours=1)


def _markers(home: Path) -> list[Path]:
    runtime = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    tag = hashlib.sha256(str(Path(home).absolute()).encode("utf-8", "surrogatepass")).hexdigest()[:16]
    return [Path(home) / MARKER_NAME, Path(runtime) / f"recovery-companion-{tag}.stamp"]


def mark(home: Path, when: datetime) -> bool:
    """Remember that a reminder was shown at ``when`` without being recorded; True if remembered."""
    stamp = when.timestamp()
    for marker in _markers(home):
        try:
            if marker.is_symlink():
                continue
            fd = os.open(marker, os.O_WRONLY | os.O_CREAT, 0o600)
            os.close(fd)
            os.utime(marker, (stamp, stamp))
            return True
        except OSError:
            continue
    return False


def paused_until(home: Path, now: datetime) -> datetime | None:
    """Until when reminders wait because the last one could not be recorded, or ``None``."""
    latest = None
    for marker in _markers(home):
        try:
            shown = marker.stat().st_mtime
        except OSError:
            continue
        latest = shown if latest is None else max(latest, shown)
    if latest is None:
        return None
    until = datetime.fromtimestamp(latest, now.tzinfo) + PAUSE
    return until if now < until else None


def clear(home: Path) -> None:
    """Deliveries are being recorded again."""
    for marker in _markers(home):
        try:
            marker.unlink()
        except OSError:
            pass
