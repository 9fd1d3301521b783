"""Vignettes written by a reviewer who never saw the rules, from the published sources alone.

The reviewer wrote them from the team's clinical reference and the seed leaflets, each with
the levels the sources allow; they are kept in ``tests/outside_vignettes.json``, so this test
needs nothing outside the project and runs in a user's plain clone too. Every one must land inside its allowed levels, except
the few listed in :data:`DELIBERATE`, where the app's behaviour was chosen on purpose and
the reason is written down. A new under-triage here is the worst bug this app can have.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from recovery.triage import Level, assess

VIGNETTES = json.loads((Path(__file__).parent / "outside_vignettes.json").read_text(encoding="utf-8"))
RANK = {level.value: level.rank for level in Level}

#: Where the app differs from the reviewer on purpose, and why.
DELIBERATE = {
    # 100.0 °F typed against a 37.8 °C limit: the screen shows the limit as 100.0 °F, so the
    # patient sees "at the limit" and the app calls (issue 11: compare at the precision shown).
    "V41": "call_doctor",
    # Notes are free text and triage never reads them; instead a calm result after written
    # notes says so and gives the clinic's and the emergency number (test_presenters_forms).
    "V83": "ok",
}


@pytest.mark.parametrize("vignette", VIGNETTES, ids=[v["id"] for v in VIGNETTES])
def test_outside_vignette_lands_in_the_levels_the_sources_allow(vignette: dict) -> None:
    result = assess(vignette["checkin"], profile=vignette.get("profile") or {}, history=vignette.get("history") or [])
    allowed = vignette["acceptable_levels"]
    if vignette["id"] in DELIBERATE:
        assert result.level == DELIBERATE[vignette["id"]], "a deliberate difference changed: review it"
        return
    assert result.level in allowed, (
        f"{vignette['id']} ({vignette['story']}): got {result.level.value}, the sources allow {allowed}; "
        f"{[f.rule_id for f in result.findings]}"
    )


def test_no_outside_vignette_is_under_triaged() -> None:
    under = [
        v["id"]
        for v in VIGNETTES
        if v["id"] not in DELIBERATE
        and RANK[assess(v["checkin"], profile=v.get("profile") or {}, history=v.get("history") or []).level.value]
        < min(RANK[level] for level in v["acceptable_levels"])
    ]
    assert under == []
    assert len(VIGNETTES) >= 100
