"""The text-size setting, as one object every ``.kv`` rule binds to.

Kivy rules re-evaluate when a property they read changes, so a rule that says
``font_size: sp(theme.BODY_SP) * SCALE.factor`` resizes at once when Settings changes
the factor, on every screen, without any screen knowing about it.
"""

from __future__ import annotations

from kivy.event import EventDispatcher
from kivy.properties import NumericProperty


class TextScale(EventDispatcher):
    factor = NumericProperty(1.0)
    """Multiplier for every font size: 0.9, 1.0, 1.25 or 1.5 (the Settings choices)."""


SCALE = TextScale()
