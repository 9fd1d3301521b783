"""``python3 -m recovery ...``: the command-line tools (see :mod:`recovery.cli`).

Like ``main.py`` it first makes sure the project's environment exists, so the command
works with nothing but Python installed.
"""

import sys

from recovery import devenv

if __name__ == "__main__":
    devenv.run_in_venv(["-m", "recovery", *sys.argv[1:]])
    from recovery.cli import main

    sys.exit(main(sys.argv[1:]))
