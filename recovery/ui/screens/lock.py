"""The lock screen of the optional PIN: nothing of the patient's data shows until it is right.

Help now stays one tap away in the top bar, so a locked app never hides the emergency number.
"""

from __future__ import annotations


from kivy.properties import StringProperty

from recovery.i18n import N_
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen


class LockScreen(BaseScreen):
    message = StringProperty("")
    title_id = N_("Locked")

    def refresh(self) -> None:
        self.ids.pin.text = ""

    def unlock(self) -> None:
        ok, message = self.shell.try_unlock(self.ids.pin.text)
        self.ids.pin.text = ""
        self.message = message
        if not ok:
            self.ids.pin.focus = True


load_kv_beside(__file__)
