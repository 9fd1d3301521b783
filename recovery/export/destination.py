"""Where an export may be written: never into the data folder, never into the app's own checkout.

``export -o $RECOVERY_HOME/recovery.json`` once replaced the live data with a report;
a report saved in the project folder (a git checkout) can be committed and shared.
Every export path is resolved (links and ``..`` followed) and checked here first.
"""

from __future__ import annotations

import os
from pathlib import Path

from recovery.i18n import _
from recovery.paths import PROJECT_ROOT


def _real(path: Path) -> Path:
    return Path(os.path.realpath(path))


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _git_checkout_holding(path: Path) -> Path | None:
    for folder in path.parents:
        if (folder / ".git").exists():
            return folder
    return None


def check_destination(path: Path, data_folder: Path) -> tuple[Path, str | None]:
    """The full path to write, and a warning to show (or ``None``); ``ValueError`` if refused."""
    target = Path(path).expanduser().absolute()
    real = _real(target)
    if _inside(real, _real(data_folder)):
        raise ValueError(
            _(
                "Choose a file outside the data folder ({folder}): the app's own files live there, "
                "and a report there could replace your saved data. Nothing was written."
            ).format(folder=data_folder)
        )
    if (PROJECT_ROOT / ".git").exists() and _inside(real, _real(PROJECT_ROOT)):
        raise ValueError(
            _(
                "{file} is inside the app's program folder (a git checkout), where health data could be "
                "committed and shared. Save it somewhere private, such as your Documents folder. Nothing was written."
            ).format(file=target)
        )
    checkout = _git_checkout_holding(real)
    if checkout is not None:
        return target, _(
            "Note: {folder} is a git checkout. This file holds health data: keep it out of commits "
            "(or save it somewhere else)."
        ).format(folder=checkout)
    return target, None
