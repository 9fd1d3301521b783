"""Colours and sizes in one place, so contrast is checked once and screens stay consistent."""

from __future__ import annotations

#: Warm off-white background, white cards, near-black text (contrast 15:1 on the background).
BACKGROUND = (0.98, 0.969, 0.949, 1)
CARD = (1, 1, 1, 1)
TEXT = (0.11, 0.11, 0.13, 1)
MUTED_TEXT = (0.30, 0.30, 0.33, 1)
ACCENT = (0.13, 0.33, 0.55, 1)
ON_ACCENT = (1, 1, 1, 1)
ERROR_TEXT = (0.62, 0.10, 0.06, 1)

BODY_SP = 18
TITLE_SP = 24
HEADLINE_SP = 32
TOUCH_DP = 48
