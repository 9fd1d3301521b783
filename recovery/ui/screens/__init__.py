"""Every screen, registered in one place: name → class, plus which ones the bottom bar shows.

Screens are created on first visit, not at start-up, so the first frame comes sooner.
"""

from __future__ import annotations

from importlib import import_module

from recovery.i18n import N_

#: name → "module:Class", imported on first use.
SCREENS: dict[str, str] = {
    "first_run": "recovery.ui.screens.first_run:FirstRunScreen",
    "today": "recovery.ui.screens.today:TodayScreen",
    "checkin": "recovery.ui.screens.checkin:CheckinScreen",
    "result": "recovery.ui.screens.result:ResultScreen",
    "plan": "recovery.ui.screens.plan:PlanScreen",
    "week": "recovery.ui.screens.week:WeekScreen",
    "settings": "recovery.ui.screens.settings:SettingsScreen",
    "about": "recovery.ui.screens.about:AboutScreen",
    "help": "recovery.ui.screens.help:HelpScreen",
    "lock": "recovery.ui.screens.lock:LockScreen",
    "alarm": "recovery.ui.screens.alarm:AlarmScreen",
    "pump": "recovery.ui.screens.pump:PumpScreen",
    "preop": "recovery.ui.screens.preop:PreopScreen",
    "discharge": "recovery.ui.screens.discharge:DischargeScreen",
    "clinic_file": "recovery.ui.screens.clinic_file:ClinicFileScreen",
}

#: The bottom bar: (screen, label in English, icon); the label is shown translated.
NAVIGATION: tuple[tuple[str, str, str], ...] = (
    # Translators: the bottom bar's four buttons; keep them short (one word if you can)
    ("today", N_("Today"), "today"),
    ("checkin", N_("Check in"), "checkin"),
    ("plan", N_("Plan"), "plan"),
    ("week", N_("Week"), "week"),
)


def screen_class(name: str) -> type:
    module_name, class_name = SCREENS[name].split(":")
    return getattr(import_module(module_name), class_name)
