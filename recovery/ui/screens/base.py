"""What every screen shares: a title for the top bar and a refresh when it is shown."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

if TYPE_CHECKING:
    from recovery.services import Companion
    from recovery.ui.app import RecoveryApp


class BaseScreen(Screen):
    """A screen that reads from the app's :class:`~recovery.services.Companion`."""

    title = StringProperty("")
    shell = ObjectProperty(None)
    """The :class:`~recovery.ui.app.RecoveryApp` that navigates between screens."""

    def __init__(self, shell: RecoveryApp, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)

    @property
    def companion(self) -> Companion:
        assert self.shell.companion is not None
        return self.shell.companion

    def on_pre_enter(self, *_args: Any) -> None:
        self.refresh()

    def refresh(self) -> None:
        """Re-read what the screen shows; called each time it is entered."""
