"""What every screen shares: a title for the top bar, a refresh when it is shown, and a change of language."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from kivy.properties import ObjectProperty, StringProperty
from kivy.uix.screenmanager import Screen

from recovery.i18n import _
from recovery.ui.read_aloud import ReadAloudButton  # also registers the control for every screen's .kv

if TYPE_CHECKING:
    from recovery.services import Companion
    from recovery.ui.app import RecoveryApp


class BaseScreen(Screen):
    """A screen that reads from the app's :class:`~recovery.services.Companion`."""

    title = StringProperty("")
    shell = ObjectProperty(None)
    """The :class:`~recovery.ui.app.RecoveryApp` that navigates between screens."""
    title_id: ClassVar[str] = ""
    """The top bar's title in English, marked with ``N_``; shown translated."""

    def __init__(self, shell: RecoveryApp, **kwargs: Any) -> None:
        super().__init__(shell=shell, **kwargs)
        self.title = _(self.title_id) if self.title_id else ""

    @property
    def companion(self) -> Companion:
        assert self.shell.companion is not None
        return self.shell.companion

    @property
    def showing(self) -> bool:
        """True while this is the screen in the window."""
        return self.manager is not None and self.manager.current == self.name

    def on_pre_enter(self, *_args: Any) -> None:
        self.refresh()

    def on_leave(self, *_args: Any) -> None:
        self.stop_reading()

    def refresh(self) -> None:
        """Re-read what the screen shows; called each time it is entered."""

    def language_changed(self) -> None:
        """The patient picked another language: words set from Python are set again.

        Texts in ``.kv`` rules follow by themselves (through ``tr``); the title and what
        :meth:`relabel` sets are redone here. A screen not in the window only needs its
        title: it refreshes when it is entered.
        """
        self.title = _(self.title_id) if self.title_id else ""
        self.stop_reading()
        if self.showing and self.shell.companion is not None:
            self.relabel()

    def relabel(self) -> None:
        """Set the words that come from Python again, keeping whatever was typed (default: :meth:`refresh`)."""
        self.refresh()

    def stop_reading(self) -> None:
        """Stop any "Read aloud" on this screen (it is left, or the language changed)."""
        for widget in self.walk(restrict=True):
            if isinstance(widget, ReadAloudButton):
                widget.stop()
