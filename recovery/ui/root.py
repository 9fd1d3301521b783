"""The frame around every screen: top bar, notice banner, screens, bottom bar."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kivy.metrics import sp
from kivy.properties import BooleanProperty, NumericProperty, ObjectProperty, StringProperty
from kivy.uix.behaviors import ButtonBehavior
from kivy.uix.boxlayout import BoxLayout

from recovery.ui import theme
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens import NAVIGATION
from recovery.ui.widgets import KeyActivated

if TYPE_CHECKING:
    from recovery.ui.app import RecoveryApp


class NavButton(KeyActivated, ButtonBehavior, BoxLayout):
    """One destination of the bottom bar: icon above label, filled when it is the current screen."""

    label_id = StringProperty("")
    """The label in English, marked in :data:`~recovery.ui.screens.NAVIGATION`; ``text`` is it translated."""
    text = StringProperty("")
    icon = StringProperty("")
    target = StringProperty("")
    selected = BooleanProperty(False)


class Root(BoxLayout):
    """Top bar, notices, the screen manager and the bottom bar."""

    shell = ObjectProperty(None)
    screen_manager = ObjectProperty(None)
    bottom_bar = ObjectProperty(None)
    title_width = NumericProperty(0)
    """How wide the screen's title is on one line in the top bar; a title that does not fit there
    gets a line of its own (a translation is often longer: "Resultado", "Configuración")."""

    def __init__(self, shell: RecoveryApp, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)
        for target, label, icon in NAVIGATION:
            button = NavButton(label_id=label, icon=icon, target=target)
            button.bind(on_release=lambda b: shell.go(b.target))
            self.bottom_bar.add_widget(button)
        shell.bind(current_screen=self._select, current_title=self._measure_title)

    def _measure_title(self, _shell: Any, title: str) -> None:
        from kivy.core.text import Label as CoreLabel

        label = CoreLabel(text=title, font_size=sp(theme.TITLE_SP), bold=True)
        label.refresh()
        self.title_width = label.content_width if title else 0

    def _select(self, _shell: Any, current: str) -> None:
        for button in self.bottom_bar.children:
            button.selected = button.target == current


load_kv_beside(__file__)
