"""Colours in one place, for the app and the PDF report, so contrast is checked once.

Colour is reserved for triage levels; everything else is neutral. Each level colour is
paired with an icon and a word, so colour is never the only signal. A test checks every
text/background pair here against WCAG contrast (7:1 for body text, 4.5:1 elsewhere).
"""

from __future__ import annotations

RGBA = tuple[float, float, float, float]


def hex_colour(code: str, alpha: float = 1.0) -> RGBA:
    code = code.lstrip("#")
    red, green, blue = (int(code[i : i + 2], 16) / 255 for i in (0, 2, 4))
    return (red, green, blue, alpha)


BACKGROUND = hex_colour("#F7F4EE")  # warm off-white
CARD = hex_colour("#FFFFFF")
TEXT = hex_colour("#1B1B1F")
MUTED_TEXT = hex_colour("#4A4A52")
DIVIDER = hex_colour("#D9D4CA")
ACCENT = hex_colour("#1F4E79")  # buttons and selected chips: white text on it
ON_ACCENT = hex_colour("#FFFFFF")
CHIP = hex_colour("#ECE7DD")
FOCUS = hex_colour("#0B61C4")
ERROR_TEXT = hex_colour("#9A1B12")
BAR = hex_colour("#FFFFFF")

#: Triage level: (background, text on it). Used for nothing else.
LEVEL_COLOURS: dict[str, tuple[RGBA, RGBA]] = {
    "ok": (hex_colour("#1E6B34"), hex_colour("#FFFFFF")),
    "watch": (hex_colour("#F2B705"), hex_colour("#1B1B1F")),
    "call_doctor": (hex_colour("#E8710A"), hex_colour("#1B1B1F")),
    "emergency": (hex_colour("#B3141B"), hex_colour("#FFFFFF")),
}
#: A pale tint of each level, for highlighted rows that keep dark text.
LEVEL_TINTS: dict[str, RGBA] = {
    "ok": hex_colour("#E3F1E6"),
    "watch": hex_colour("#FDF1C7"),
    "call_doctor": hex_colour("#FCE2CC"),
    "emergency": hex_colour("#F8D5D6"),
}
LEVEL_ICONS = {"ok": "ok", "watch": "watch", "call_doctor": "call_doctor", "emergency": "emergency"}

PAIN_LINE = hex_colour("#1F4E79")
TEMPERATURE_LINE = hex_colour("#B3141B")

def relative_luminance(colour: RGBA) -> float:
    def channel(value: float) -> float:
        return value / 12.92 if value <= 0.03928 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(foreground: RGBA, background: RGBA) -> float:
    """WCAG 2 contrast ratio, from 1 (none) to 21 (black on white)."""
    lighter, darker = sorted((relative_luminance(foreground), relative_luminance(background)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)
