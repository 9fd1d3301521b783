"""Small helpers shared by test modules (``from helpers import ...``)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parent.parent
#: The team's reference material (clinical.md, the seed leaflets), beside the project on a developer's machine.
#: A user's clone has no ../shared: every test that reads it is marked :data:`needs_reference` and skips, saying why.
REFERENCE_DIR = PROJECT_ROOT.parent / "shared" / "reference"
needs_reference = pytest.mark.skipif(
    not (REFERENCE_DIR / "clinical.md").is_file(),
    reason=f"the clinical reference is not beside this checkout ({REFERENCE_DIR}); a plain clone has no ../shared",
)


def json_values():  # noqa: ANN201 - a hypothesis strategy
    """Any JSON-like value: the hostile half of the check-in fuzzing."""
    from hypothesis import strategies as st

    return st.recursive(
        st.none() | st.booleans() | st.integers() | st.floats() | st.text(),
        lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=5), children, max_size=3),
        max_leaves=6,
    )


def checkin_at(when: str, **fields: object) -> dict[str, object]:
    """A check-in recorded at ``when`` (ISO 8601 with offset) with the given fields."""
    return {"recorded_at": when, **fields}


def run_python(code: str, *args: str, env: dict[str, str] | None = None, timeout: float = 60) -> subprocess.CompletedProcess[str]:
    """Run ``code`` in a fresh interpreter of this environment, from the project root."""
    return subprocess.run(
        [sys.executable, "-c", code, *args],
        cwd=PROJECT_ROOT,
        capture_output=True,
        text=True,
        env=env,
        timeout=timeout,
    )


def png_size_and_variety(path: Path) -> tuple[int, int, int]:
    """Width, height and the number of distinct byte values in a PNG's pixel data.

    A blank (single-colour) window has only a handful of distinct values; a screen with
    text and colours has dozens. Standard library only, so it works before anything else.
    """
    import struct
    import zlib

    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    width, height = struct.unpack(">II", data[16:24])
    chunks, offset = [], 8
    while offset < len(data):
        length = struct.unpack(">I", data[offset : offset + 4])[0]
        kind = data[offset + 4 : offset + 8]
        if kind == b"IDAT":
            chunks.append(data[offset + 8 : offset + 8 + length])
        offset += 12 + length
    pixels = zlib.decompress(b"".join(chunks))
    return width, height, len(set(pixels))


#: The demo patient of the tests: morphine, implanted 12 Nov 2026, Riverside Pain Clinic.
PROFILE = {
    "surgery_date": "2026-11-12",
    "drug": "morphine",
    "clinic_name": "Riverside Pain Clinic",
    "clinic_phone": "555-0142",
    "emergency_number": "911",
}

#: The check-in fields added in data version 5 (clinical safety, second pass).
NEW_SIGNS = (
    "cannot_pass_urine",
    "seizure",
    "self_harm_thoughts",
    "hallucinations_or_mood_change",
    "dizzy_or_fainting",
    "rash_or_hives",
    "pump_moved",
)
