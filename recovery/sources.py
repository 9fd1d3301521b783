"""The published sources behind every plan value and triage rule (``data/sources.json``).

The About screen lists them and the Result screen names the ones behind its advice, so
a patient or clinician can always see where a rule comes from.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from recovery.jsonfile import load_strict_json
from recovery.paths import DATA_DIR

SOURCES_FILE = DATA_DIR / "sources.json"


@dataclass(frozen=True)
class Source:
    id: str
    title: str
    url: str


@lru_cache(maxsize=1)
def load_sources() -> dict[str, Source]:
    """Every source by ID, in the order of the clinical reference."""
    raw = load_strict_json(SOURCES_FILE)["sources"]
    return {source_id: Source(source_id, entry["title"], entry["url"]) for source_id, entry in raw.items()}
