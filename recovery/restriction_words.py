"""What a patient may do again when a restriction ends, in the patient's language.

One sentence fragment for the reminders, the calendar and the screens, so "if your
doctor agrees" is said once: a restriction whose own words already name whose
agreement it needs is flagged in the plan file (``resume_has_condition``), never
found by searching its English.
"""

from __future__ import annotations

from recovery.i18n import language
from recovery.plan_model import Restriction


def resume_words(restriction: Restriction, lang: str | None = None) -> str:
    """What the patient may do again, with the doctor's say once: ``drive, if your doctor agrees``.

    ``lang`` defaults to the current language; the restriction's own words should be in it too.
    """
    if restriction.resume_has_condition:
        return restriction.resume
    # Translators: {activity} is what the patient may do again ("lift more than 5 lb")
    return language(lang)._("{activity}, if your doctor agrees").format(activity=restriction.resume)
