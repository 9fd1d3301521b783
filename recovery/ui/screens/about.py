"""About and safety: what the app does and does not do, and where its medical content comes from."""

from __future__ import annotations


from kivy.properties import StringProperty

from recovery.i18n import N_
from recovery.sign_off import needs_sign_off
from recovery.sources import load_sources
from recovery.ui.kvload import load_kv_beside
from recovery.ui.screens.base import BaseScreen


class AboutScreen(BaseScreen):
    emergency_number = StringProperty("911")
    sources_text = StringProperty("")
    sign_off_text = StringProperty("")
    title_id = N_("About")

    def refresh(self) -> None:
        settings = self.companion.settings() if self.shell.companion else {}
        self.emergency_number = settings.get("emergency_number", "911")
        self.sources_text = "\n".join(
            f"{source.id}: {source.title}" for source in load_sources().values() if source.url
        )
        self.sign_off_text = "\n".join(f"•  {item}" for item in needs_sign_off())


load_kv_beside(__file__)
