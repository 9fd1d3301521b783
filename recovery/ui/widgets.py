"""The app's own small widget set on plain Kivy: labels that wrap, cards, buttons and chips
that work with the keyboard, a 0-10 pain scale, icons, and a triage banner.

KivyMD would pull in a compiled dependency and slow start-up; these few widgets keep the
two-command install and give full control over size, contrast and focus.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from kivy.clock import Clock
from kivy.metrics import dp
from kivy.properties import (
    BooleanProperty,
    ListProperty,
    NumericProperty,
    ObjectProperty,
    OptionProperty,
    StringProperty,
)
from kivy.uix.behaviors import ButtonBehavior, FocusBehavior, ToggleButtonBehavior
from kivy.uix.boxlayout import BoxLayout
from kivy.uix.image import Image
from kivy.uix.label import Label
from kivy.uix.stacklayout import StackLayout

from recovery.paths import ASSETS_DIR
from recovery.ui.kvload import load_kv_beside

ICON_DIR = ASSETS_DIR / "icons"


@lru_cache(maxsize=1)
def icon_names() -> frozenset[str]:
    """The icons in ``assets/icons/icons.atlas`` (written by ``assets/make_icons.py``)."""
    atlas = json.loads((ICON_DIR / "icons.atlas").read_text(encoding="utf-8"))
    return frozenset(name for images in atlas.values() for name in images)


def error_for(errors: dict[str, str], field: str) -> str:
    """The message for ``field`` in a form's ``errors`` ("" when it is fine), for kv rules.

    Write ``error_for(root.errors, "x")`` in kv, never ``root.errors.get("x", "")``: kv
    does not re-evaluate a rule whose attribute chain ends in a method call, so the
    second form showed no message at all, ever (the "marked in red" that was not).
    """
    return errors.get(field, "")


class WrapLabel(Label):
    """Text that wraps to the width it is given and is exactly as tall as its lines."""


class IconImage(Image):
    """A white line icon from ``assets/icons`` tinted with ``tint``."""

    icon = StringProperty("")
    tint = ListProperty([0, 0, 0, 1])

    def on_icon(self, _instance: Any, name: str) -> None:
        # One atlas texture for every icon: one image load and one mipmap chain at start-up.
        self.source = f"atlas://{ICON_DIR / 'icons'}/{name}" if name in icon_names() else ""


class KeyActivated(FocusBehavior):
    """Keyboard use for buttons and chips: Tab moves focus, Enter or Space presses."""

    def keyboard_on_key_down(self, window: Any, keycode: tuple[int, str], text: str, modifiers: list[str]) -> bool:
        if keycode[1] in ("enter", "numpadenter", "spacebar"):
            self.trigger_action(duration=0)  # type: ignore[attr-defined]
            return True
        return super().keyboard_on_key_down(window, keycode, text, modifiers)


class AppButton(KeyActivated, ButtonBehavior, BoxLayout):
    """A large button with an optional icon. ``kind`` picks its colours."""

    text = StringProperty("")
    icon = StringProperty("")
    kind = OptionProperty("primary", options=["primary", "secondary", "danger", "quiet"])
    compact = BooleanProperty(False)
    """A compact button is as wide as its one-line text (top bar); others fill their row and wrap."""
    max_scale = NumericProperty(10.0)
    """Caps the text-size setting for this button (the top bar stays at 100 % so it never crowds out)."""
    at_least = NumericProperty(0)
    """A height the button is never shorter than (to match a neighbour); it grows beyond it for its text."""
    fill_colour = ListProperty([0, 0, 0, 0])
    ink_colour = ListProperty([0, 0, 0, 1])

    def on_minimum_width(self, _instance: Any, minimum: float) -> None:
        if self.compact:
            self.width = max(minimum, dp(48))


class Chip(KeyActivated, ToggleButtonBehavior, Label):
    """A toggle for one answer; selected chips are filled.

    A chip is as wide as its text on one line, unless that is wider than the space it
    sits in (long answers, large text): then its text wraps, so nothing is ever clipped.
    """

    value = ObjectProperty(None, allownone=True)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._fit_trigger = Clock.create_trigger(self._fit, -1)
        self.bind(text=self._fit_trigger, font_size=self._fit_trigger, parent=self._watch_parent)

    def _watch_parent(self, _instance: Any, parent: Any) -> None:
        if parent is not None:
            parent.bind(width=self._fit_trigger)
        self._fit_trigger()

    def _fit(self, *_args: Any) -> None:
        if self.parent is None or self.size_hint_x is not None:
            return
        available = self.parent.width - dp(8)
        self.text_size = (None, None)
        self.texture_update()
        if self.texture_size[0] + dp(28) > available > dp(48):
            self.text_size = (available - dp(28), None)
            self.texture_update()


class ChoiceChips(StackLayout):
    """A row of chips for one question.

    With ``multiple`` False it holds one ``value`` (or ``None`` when nothing is picked);
    with ``multiple`` True it holds the picked ``values``.
    """

    choices = ListProperty([])
    """``[(value, label), ...]`` in display order."""
    value = ObjectProperty(None, allownone=True)
    values = ListProperty([])
    multiple = BooleanProperty(False)

    def __init__(self, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self._syncing = False
        self.bind(choices=self._build)
        self._build()

    def _build(self, *_args: Any) -> None:
        self.clear_widgets()
        group = None if self.multiple else f"choice-{id(self)}"
        for value, label in self.choices:
            chip = Chip(text=label, value=value, group=group, allow_no_selection=True)
            chip.bind(state=self._chip_changed)
            self.add_widget(chip)
        self._show(self.value, self.values)

    def chips(self) -> list[Chip]:
        return list(reversed(self.children))

    def _chip_changed(self, chip: Chip, state: str) -> None:
        if self._syncing:
            return
        if self.multiple:
            self.values = [c.value for c in self.chips() if c.state == "down"]
        else:
            picked = [c.value for c in self.chips() if c.state == "down"]
            self.value = picked[0] if picked else None

    def on_value(self, _instance: Any, value: Any) -> None:
        self._show(value, self.values)

    def on_values(self, _instance: Any, values: Sequence[Any]) -> None:
        self._show(self.value, values)

    def _show(self, value: Any, values: Sequence[Any]) -> None:
        self._syncing = True
        try:
            for chip in self.chips():
                picked = chip.value in values if self.multiple else chip.value == value
                chip.state = "down" if picked else "normal"
        finally:
            self._syncing = False


class PainScale(BoxLayout):
    """0 to 10 as large chips, with words at the anchors; ``value`` is -1 until one is picked.

    On a narrow window the eleven chips wrap into two rows so each stays at least 48 dp wide.
    """

    value = NumericProperty(-1)
    columns = NumericProperty(11)
    grid = ObjectProperty(None)

    def on_grid(self, _instance: Any, grid: Any) -> None:
        group = f"pain-{id(self)}"
        for number in range(11):
            chip = Chip(text=str(number), value=number, group=group, allow_no_selection=True)
            chip.size_hint_x = 1  # the grid shares the row evenly
            chip.bind(state=self._chip_changed)
            grid.add_widget(chip)

    def _chip_changed(self, chip: Chip, state: str) -> None:
        if state == "down":
            self.value = chip.value
        elif self.value == chip.value:
            self.value = -1

    def on_value(self, _instance: Any, value: float) -> None:
        if self.grid is None:
            return
        for chip in self.grid.children:
            wanted = "down" if chip.value == value else "normal"
            if chip.state != wanted:
                chip.state = wanted

    def on_width(self, _instance: Any, width: float) -> None:
        self.columns = 11 if width >= dp(52) * 11 else 6


class Hideable:
    """Something that can be hidden: no height, no opacity, no focus and no touches while not ``shown``.

    A hidden box is zero pixels high but its children keep their sizes, so Kivy lays them
    out *outside* it, over whatever is drawn next to it; and Kivy lets a disabled widget
    swallow every touch that lands on it. Without the checks below, an invisible answer
    panel ate the clicks meant for the controls it covered (the headache chips, the pump
    alarm buttons, Today's warning banner) while the keyboard still worked.
    """

    shown = BooleanProperty(True)

    def on_touch_down(self, touch: Any) -> bool:
        return bool(self.shown and super().on_touch_down(touch))  # type: ignore[misc]

    def on_touch_move(self, touch: Any) -> bool:
        return bool(self.shown and super().on_touch_move(touch))  # type: ignore[misc]

    def on_touch_up(self, touch: Any) -> bool:
        return bool(self.shown and super().on_touch_up(touch))  # type: ignore[misc]


class LevelBanner(Hideable, KeyActivated, ButtonBehavior, BoxLayout):
    """A triage level shown with its colour, icon and word together; pressable where it links on."""

    level = StringProperty("ok")
    text = StringProperty("")
    pressable = BooleanProperty(True)
    """False where the banner only shows a level: then it takes no clicks and no keyboard focus."""

    def on_pressable(self, _instance: Any, pressable: bool) -> None:
        self.is_focusable = pressable and self.is_focusable

    def on_touch_down(self, touch: Any) -> bool:
        return bool(self.pressable and super().on_touch_down(touch))

    def on_touch_up(self, touch: Any) -> bool:
        return bool(self.pressable and super().on_touch_up(touch))


class Reveal(Hideable, BoxLayout):
    """A group (vertical unless set) that takes no space, focus or touches while ``shown`` is False."""


class Card(Reveal):
    """A white panel that groups one topic (hidden like :class:`Reveal` when not ``shown``).

    A card whose ``error`` is set is outlined in red: the answer in it needs another look
    (the words saying why sit beside the field itself).
    """

    error = StringProperty("")


load_kv_beside(__file__)
