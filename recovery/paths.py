"""Where things live: shipped content (``data/``, ``assets/``) and the user's own data.

Shipped content is resolved from this file, never from the working directory, so the
app behaves the same whatever directory it is started from. The user's data directory
is injected into the store, never looked up by it (Kivy's ``user_data_dir`` moves when
the App class is renamed; ours does not).
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path

APP_NAME = "recovery-companion"
PROJECT_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR = PROJECT_ROOT / "data"
ASSETS_DIR = PROJECT_ROOT / "assets"

#: Environment variable that selects the user's data directory (tests, CLI, several profiles).
HOME_ENV = "RECOVERY_HOME"
#: File in the user's data directory where a clinic adjusts plan values and thresholds.
CLINIC_FILE_NAME = "clinic.json"


#: Environment variable that chooses where the app saves exports (reports, backups).
EXPORTS_ENV = "RECOVERY_EXPORTS"


def exports_folder(environ: Mapping[str, str] = os.environ) -> Path:
    """Where the app's export buttons save files: ``$RECOVERY_EXPORTS`` or Documents/Recovery Companion."""
    chosen = environ.get(EXPORTS_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_documents_dir

    return Path(user_documents_dir()) / "Recovery Companion"


def data_home(environ: Mapping[str, str] = os.environ) -> Path:
    """The directory holding this user's check-ins: ``$RECOVERY_HOME`` or the platform default."""
    chosen = environ.get(HOME_ENV, "").strip()
    if chosen:
        return Path(chosen).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME, appauthor=False, roaming=False))
