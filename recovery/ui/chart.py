"""A pain and temperature chart drawn with Kivy's canvas: one column per day.

Pain (0-10) is a blue line with round markers against the left scale; the highest
temperature is a thinner red line with square markers against the right scale. Days that reached
"call today" or "emergency" get a tinted column in that level's colour, so a caregiver
sees the bad days before reading a single number.
"""

from __future__ import annotations

from typing import Any

from kivy.graphics import Color, Ellipse, Line, Rectangle
from kivy.metrics import dp, sp
from kivy.properties import ListProperty, StringProperty
from kivy.uix.label import Label
from kivy.uix.widget import Widget

from recovery.chart_scale import TEMPERATURE_SCALE_C, temperature_ticks
from recovery.ui import theme
from recovery.ui.scale import SCALE


class DayChart(Widget):
    """``days`` is a list of dicts: ``label``, ``pain`` (or None), ``temperature_c`` (or None), ``level``."""

    days = ListProperty([])
    unit = StringProperty("C")

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.bind(pos=self._redraw, size=self._redraw, days=self._redraw, unit=self._redraw)
        SCALE.bind(factor=self._redraw)

    def _label(self, text: str, x: float, y: float, anchor: str = "center", colour: Any = theme.MUTED_TEXT) -> None:
        label = Label(text=text, color=colour, font_size=sp(theme.SMALL_SP) * SCALE.factor * 0.85)
        label.texture_update()
        width, height = label.texture_size
        label.size = (width, height)
        offset = {"center": width / 2, "left": 0, "right": width}[anchor]
        label.pos = (x - offset, y - height / 2)
        self.add_widget(label)

    def _redraw(self, *_args: Any) -> None:
        self.canvas.before.clear()
        self.clear_widgets()
        if not self.days or self.width < dp(100):
            return
        left, right = self.x + dp(28), self.right - dp(40)
        bottom, top = self.y + dp(28), self.top - dp(12)
        column = (right - left) / len(self.days)
        low_c, high_c = TEMPERATURE_SCALE_C

        def x_of(index: int) -> float:
            return left + column * (index + 0.5)

        def y_pain(pain: float) -> float:
            return bottom + (top - bottom) * pain / 10

        def y_temperature(celsius: float) -> float:
            clamped = min(max(celsius, low_c), high_c)
            return bottom + (top - bottom) * (clamped - low_c) / (high_c - low_c)

        with self.canvas.before:
            for index, day in enumerate(self.days):
                tint = theme.LEVEL_TINTS.get(day.get("level") or "")
                if tint and day.get("level") in ("call_doctor", "emergency"):
                    Color(*tint)
                    Rectangle(pos=(left + column * index + dp(1), bottom), size=(column - dp(2), top - bottom))
            Color(*theme.DIVIDER)
            for pain in (0, 5, 10):
                Line(points=[left, y_pain(pain), right, y_pain(pain)], width=1)
            Color(*theme.TEMPERATURE_LINE)
            temperatures = [(x_of(i), y_temperature(d["temperature_c"])) for i, d in enumerate(self.days) if d.get("temperature_c")]
            if len(temperatures) > 1:
                Line(points=[c for point in temperatures for c in point], width=dp(1.5))
            for x, y in temperatures:
                Rectangle(pos=(x - dp(4), y - dp(4)), size=(dp(8), dp(8)))
            Color(*theme.PAIN_LINE)
            pains = [(x_of(i), y_pain(d["pain"])) for i, d in enumerate(self.days) if d.get("pain") is not None]
            if len(pains) > 1:
                Line(points=[c for point in pains for c in point], width=dp(2))
            for x, y in pains:
                Ellipse(pos=(x - dp(5), y - dp(5)), size=(dp(10), dp(10)))

        for pain in (0, 5, 10):
            self._label(str(pain), left - dp(6), y_pain(pain), "right", theme.PAIN_LINE)
        for celsius, label in temperature_ticks(self.unit):
            self._label(label[:-1], right + dp(6), y_temperature(celsius), "left", theme.TEMPERATURE_LINE)
        for index, day in enumerate(self.days):
            self._label(day["label"], x_of(index), self.y + dp(12))
