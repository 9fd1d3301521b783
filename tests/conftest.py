"""Shared test setup.

Kivy reads its environment on first import, so it is prepared here, at the top of the
root conftest, before any test imports ``recovery.ui``. A real window opens on SDL2's
offscreen driver when there is no display (Mesa renders it), so UI tests need no X.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("KIVY_HOME", tempfile.mkdtemp(prefix="recovery-kivy-home-"))
os.environ.setdefault("SDL_VIDEODRIVER", "offscreen")
os.environ.pop("RECOVERY_HOME", None)  # tests pass their own data directory explicitly
# The app starts in the desktop's language when it has it: tests see English unless they choose
# another language (a profile's "language", or i18n.set_language), whatever this machine's locale is.
os.environ["LANGUAGE"] = "en"

from recovery.ui.kivyenv import prepare_kivy_environment  # noqa: E402  (imports no Kivy)

prepare_kivy_environment()

from collections.abc import Iterator  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402
from hypothesis import HealthCheck, settings  # noqa: E402

from recovery.store import Store, open_store  # noqa: E402

# On a fresh machine Hypothesis builds its Unicode tables during the first text draw,
# which can take over a second; that is set-up cost, not a slow strategy.
settings.register_profile("recovery", deadline=None, suppress_health_check=[HealthCheck.too_slow])
settings.load_profile("recovery")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--slow", action="store_true", help="run the long durability loops at full length")


@pytest.fixture
def home(tmp_path: Path) -> Path:
    """An empty data directory inside the test's own temp dir."""
    return tmp_path / "home"


@pytest.fixture
def store(home: Path) -> Iterator[Store]:
    with open_store(home) as opened:
        yield opened

