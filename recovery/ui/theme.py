"""The app's look: the shared colours plus sizes for text and touch targets (kv files import this)."""

from __future__ import annotations

from recovery.palette import *  # noqa: F403  (colours are shared with the PDF report)

BODY_SP = 18
SMALL_SP = 16
TITLE_SP = 24
HEADLINE_SP = 32
TOUCH_DP = 48
