"""The untranslated-text finder, demonstrated on a real screen in the pseudo-locale.

Phase 2 of issue 14 runs :func:`untranslated_texts` on every screen and expects ``[]``.
Until the screens are marked, this shows the finder working on Help now: it reports the
screen's English, leaves the patient's own entries alone, and reports the one text that
is left when all the others are translated.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from i18n_helpers import in_language, untranslated_texts, visible_texts
from recovery import i18n
from recovery.i18n import pseudo
from recovery.store import open_store
from ui_helpers import PROFILE, frames, running_app

pytestmark = pytest.mark.ui
USER_DATA = (PROFILE["clinic_name"], PROFILE["clinic_phone"], PROFILE["emergency_number"])


@pytest.fixture
def home_with_profile(home: Path) -> Path:
    with open_store(home) as store:
        store.save_profile(PROFILE)
    return home


def test_untranslated_text_on_a_screen_is_found_and_the_patients_entries_are_not(home_with_profile: Path) -> None:
    with running_app(home_with_profile) as app, in_language(i18n.PSEUDO):
        screen = app.go("help")
        frames(3)
        shown = visible_texts(screen)
        found = untranslated_texts(screen, USER_DATA)
        assert found, "Help now is not marked for translation yet, so its English must be reported"
        assert all(text in shown for text, _words in found)
        # The line that shows only the patient's own entry (the clinic's name), not a sentence around it.
        clinic_line = min((text for text in shown if PROFILE["clinic_name"] in text), key=len)
        assert clinic_line not in [text for text, _ in found], "the clinic's name and number are the patient's own"

        # What the screen shows once its strings go through _(): every label marked but one.
        from kivy.uix.label import Label

        labels = [w for w in screen.walk(restrict=True) if isinstance(w, Label) and w.text in shown and w.text != clinic_line]
        left_over = labels[-1]
        for label in labels[:-1]:
            label.text = pseudo.mark(label.text)
        frames()
        assert [text for text, _ in untranslated_texts(screen, USER_DATA)] == [left_over.text]
        left_over.text = pseudo.mark(left_over.text)
        frames()
        assert untranslated_texts(screen, USER_DATA) == []
