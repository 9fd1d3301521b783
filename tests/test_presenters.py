"""The words the Today screen shows."""

from __future__ import annotations

from datetime import date

import pytest

from recovery.plan import load_plan
from recovery.presenters import in_days, short_date, today_view

SURGERY = date(2026, 11, 12)


@pytest.mark.parametrize(
    ("on", "headline", "phase_line"),
    [
        (date(2026, 11, 7), "Surgery in 5 days", "Getting ready · implant on Thu 12 Nov"),
        (date(2026, 11, 11), "Surgery tomorrow", "Getting ready · implant on Thu 12 Nov"),
        (date(2026, 11, 12), "Day 0 of about 56", "First days home · week 1"),
        (date(2026, 11, 24), "Day 12 of about 56", "Healing · week 2"),
        (date(2027, 1, 7), "Day 56: recovery complete", "Living with your pump"),
    ],
)
def test_headline_and_phase_line(on: date, headline: str, phase_line: str) -> None:
    view = today_view(load_plan().status(SURGERY, on))
    assert (view.headline, view.phase_line) == (headline, phase_line)


def test_restrictions_and_what_comes_next_read_as_sentences() -> None:
    view = today_view(load_plan().status(SURGERY, date(2026, 11, 24)))
    assert view.restrictions[0].title == "Don't bend or twist at the waist"
    assert view.restrictions[0].until == "until Wed 6 Jan 2027"
    assert view.next_milestone == "Next: First follow-up visit · Thu 26 Nov (in 2 days)"
    assert view.next_change == "From Thu 3 Dec you may go back to work, if your team agrees."


def test_dates_show_the_year_only_when_it_differs() -> None:
    today = date(2026, 12, 30)
    assert short_date(date(2026, 12, 31), today) == "Thu 31 Dec"
    assert short_date(date(2027, 1, 1), today) == "Fri 1 Jan 2027"
    assert [in_days(date(2026, 12, d), today) for d in (30, 31, 29, 25)] == [
        "today",
        "tomorrow",
        "yesterday",
        "5 days ago",
    ]
