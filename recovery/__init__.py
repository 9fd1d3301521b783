"""Recovery Companion: an offline companion for the weeks after an intrathecal pump implant.

The package root stays import-free so that ``python3 main.py`` can use
:mod:`recovery.devenv` with nothing but the standard library installed.
"""

__version__ = "0.1.0"
