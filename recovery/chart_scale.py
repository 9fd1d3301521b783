"""The temperature scale the charts share (the Week screen's and the report's), in the patient's unit.

Ticks are round values *in the unit shown*: 36, 38, 40 °C, or 96, 100, 104 °F, each
placed where it falls on the °C scale the readings are stored in. (Converting the °C
ticks instead gave 97, 100, 104 °F: unevenly valued steps a reader cannot trust.)
"""

from __future__ import annotations

from recovery.checkin import celsius_from_fahrenheit

TEMPERATURE_SCALE_C = (35.0, 40.0)
_TICKS = {"C": (36.0, 38.0, 40.0), "F": (96.0, 100.0, 104.0)}


def temperature_ticks(unit: str) -> list[tuple[float, str]]:
    """``[(celsius position, label), ...]`` for the right-hand axis, evenly valued in ``unit``."""
    low, high = TEMPERATURE_SCALE_C
    ticks = []
    for value in _TICKS[unit]:
        celsius = value if unit == "C" else celsius_from_fahrenheit(value)
        if low - 0.01 <= celsius <= high + 0.01:
            ticks.append((celsius, f"{value:.0f}°{unit}"))
    return ticks
