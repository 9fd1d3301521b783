"""Launch Recovery Companion: ``python3 main.py``.

The first run creates a private environment in ``.venv`` and installs what the app
needs; later runs start at once. ``--screenshot FILE.png`` saves the first screen to a
PNG and exits (used for the screenshots in docs/).
"""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent


def main() -> int:
    sys.path.insert(0, str(ROOT))
    from recovery import devenv

    devenv.ensure_system_libraries()
    devenv.run_in_venv([str(ROOT / "main.py"), *sys.argv[1:]])
    from recovery.ui.kivyenv import prepare_kivy_environment

    prepare_kivy_environment()  # before Kivy's first import: it reads argv and writes logs
    from recovery.ui.app import main as run_app

    return run_app(sys.argv[1:])


if __name__ == "__main__":
    sys.exit(main())
