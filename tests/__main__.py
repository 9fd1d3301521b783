"""``python3 -m tests``: the one command that runs the whole test suite on a fresh machine.

It creates ``.venv`` with the test extras on first use, makes sure the system libraries
a real Kivy window needs are present (installing them when run as root, as in CI), and
then runs pytest there. Extra arguments go to pytest: ``python3 -m tests -k plan``.
"""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    os.chdir(ROOT)
    sys.path.insert(0, str(ROOT))
    from recovery import devenv

    devenv.ensure_system_libraries()
    devenv.ensure_test_system_parts()
    python = str(devenv.ensure_venv(extras=["test"]))
    os.execv(python, [python, "-m", "pytest", *sys.argv[1:]])


if __name__ == "__main__":
    main()
