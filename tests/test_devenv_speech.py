"""``python3 -m tests`` installs espeak-ng for the read-aloud tests as root, and names it otherwise."""

from __future__ import annotations

import sys

import pytest

from recovery import devenv


@pytest.fixture
def no_espeak(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.setattr(devenv, "_has_part", lambda name, kind: name != "espeak-ng")


def test_espeak_ng_is_a_test_system_part_of_its_own(no_espeak: None) -> None:
    assert devenv.missing_speech_test_parts() == ["espeak-ng"]
    assert devenv.missing_test_parts() == [], "the notification tests do not depend on it"


def test_as_root_it_is_installed_with_apt(no_espeak: None, monkeypatch: pytest.MonkeyPatch) -> None:
    installed: list[list[str]] = []

    def apt(packages: list[str]) -> bool:
        installed.append(list(packages))
        monkeypatch.setattr(devenv, "_has_part", lambda name, kind: True)
        return True

    monkeypatch.setattr(devenv, "_apt_install", apt)
    devenv.ensure_test_system_parts()
    assert installed == [["espeak-ng"]]


def test_without_root_the_package_is_named(no_espeak: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> None:
    monkeypatch.setattr(devenv, "_apt_install", lambda packages: False)
    devenv.ensure_test_system_parts()
    assert "sudo apt-get install espeak-ng" in capsys.readouterr().err
