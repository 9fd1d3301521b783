"""Files that leave the app: the clinician PDF, the check-in CSV and the full JSON backup.

Every export is written atomically with mode 0600 (it holds health information), and
every import is validated in full before anything is stored.
"""

from __future__ import annotations

from pathlib import Path

from recovery.store.atomic import remove_abandoned_temps, write_atomically

HEALTH_WARNING = (
    "This file contains your health information. Keep it private and share it only with people you choose, "
    "such as your care team."
)


def write_private_file(path: Path, payload: bytes) -> Path:
    """Write an export so it is complete or absent, readable by its owner only."""
    path = Path(path).expanduser().absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_temps(path)  # a killed earlier export must not leave hidden copies of health data
    write_atomically(path, payload)
    return path
