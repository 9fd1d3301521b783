"""Files that leave the app: the clinician PDF, the check-in CSV and the full JSON backup.

Every export is written atomically with mode 0600 (it holds health information), and
every import is validated in full before anything is stored.
"""

from __future__ import annotations

from pathlib import Path

from recovery.i18n import N_, _
from recovery.store.atomic import remove_abandoned_temps, write_atomically

#: English; show it with :func:`health_warning` (or ``_(HEALTH_WARNING)``) so it is in the patient's language.
HEALTH_WARNING = N_(
    "This file contains your health information. Keep it private and share it only with people you choose, "
    "such as your care team."
)


def health_warning() -> str:
    """:data:`HEALTH_WARNING` in the current language."""
    return _(HEALTH_WARNING)


def write_private_file(path: Path, payload: bytes) -> Path:
    """Write an export so it is complete or absent, readable by its owner only."""
    path = Path(path).expanduser().absolute()
    path.parent.mkdir(parents=True, exist_ok=True)
    remove_abandoned_temps(path)  # a killed earlier export must not leave hidden copies of health data
    write_atomically(path, payload)
    return path
