"""Read aloud against the real espeak-ng: real audio of the right length, a real stop, clear failures."""

from __future__ import annotations

import os
import signal
import time
from collections.abc import Callable
from pathlib import Path

import pytest

from helpers import run_python
from i18n_helpers import in_language
from recovery import i18n, read_aloud, speech
from recovery.speech import EspeakSpeaker, PlyerSpeaker, SpeechUnavailable
from speech_helpers import broken_sound, piped_sound, read_audio, require_espeak, wav_measure
from test_read_aloud import PROFILE

pytestmark = pytest.mark.usefixtures("espeak")


@pytest.fixture
def espeak() -> None:
    require_espeak()


def wait_until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "the reading did not finish in time"
        time.sleep(0.02)


@pytest.mark.parametrize("lang", ["en", "es"])
def test_the_emergency_result_becomes_real_speech_as_long_as_its_words(lang: str, tmp_path: Path) -> None:
    text = read_aloud.result_script("emergency", PROFILE, i18n.language(lang))
    speaker = EspeakSpeaker()
    wav = speaker.write_wav(text, lang, tmp_path / f"emergency-{lang}.wav")
    duration, rms, sounding = wav_measure(wav)
    expected = len(text.split()) * 60 / speech.RATE_WPM  # seconds at the chosen speaking rate
    assert 0.6 * expected <= duration <= 1.7 * expected, (duration, expected)
    assert rms > 1000, "the file is (nearly) silent"
    assert sounding > 0.5, "most of the file should be speech, not pauses"
    assert speaker.command(lang)[2] == speech.VOICES[lang]


def test_a_longer_text_gives_proportionally_longer_speech(tmp_path: Path) -> None:
    speaker = EspeakSpeaker()
    short = wav_measure(speaker.write_wav("Call 9 1 1 now.", "en", tmp_path / "short.wav"))[0]
    text = read_aloud.help_script(PROFILE, i18n.language("en"))
    long = wav_measure(speaker.write_wav(text, "en", tmp_path / "long.wav"))[0]
    assert long > 4 * short


def test_a_text_starting_with_a_dash_is_read_not_taken_as_an_option(tmp_path: Path) -> None:
    wav = EspeakSpeaker().write_wav("-w nowhere.wav is only words here", "en", tmp_path / "dash.wav")
    assert wav_measure(wav)[0] > 1.0
    assert not (tmp_path / "nowhere.wav").exists() and not Path("nowhere.wav").exists()


def test_a_second_press_stops_a_real_reading(tmp_path: Path) -> None:
    environ, pipe = piped_sound(tmp_path / "sound")
    speaker = EspeakSpeaker(environ)
    finished: list[str] = []
    long_text = " ".join([read_aloud.help_script(PROFILE, i18n.language("en"))] * 3)
    assert speaker.toggle(long_text, "en", finished.append) is True, "the first press starts reading"
    descriptor, audio = read_audio(pipe, 16384)
    try:
        assert audio.strip(b"\x00"), "real samples, not silence, are flowing to the sound device"
        process = speaker.process
        assert process is not None and process.poll() is None and speaker.speaking
        assert speaker.toggle(long_text, "en", finished.append) is False, "the second press stops"
        assert process.wait(timeout=5) == -signal.SIGTERM
    finally:
        os.close(descriptor)
    wait_until(lambda: finished == [""])
    assert not speaker.speaking
    assert speaker.stop() is False, "nothing left to stop"


def test_speaking_again_replaces_the_reading_before(tmp_path: Path) -> None:
    environ, pipe = piped_sound(tmp_path / "sound")
    speaker = EspeakSpeaker(environ)
    speaker.speak("The first text, which is long enough to still be playing. " * 5, "en")
    descriptor, _audio = read_audio(pipe, 4096)
    try:
        first = speaker.process
        speaker.speak("The second text.", "en")
        assert first is not None and first.wait(timeout=5) == -signal.SIGTERM
        assert speaker.process is not first
    finally:
        speaker.stop()
        os.close(descriptor)


def test_without_a_sound_device_the_patient_is_told_instead_of_silence(tmp_path: Path) -> None:
    speaker = EspeakSpeaker(broken_sound(tmp_path / "sound"))
    finished: list[str] = []
    speaker.toggle("Hello.", "en", finished.append)
    wait_until(lambda: bool(finished))
    assert finished == [speech.no_sound_message()]
    assert "speakers or headphones" in finished[0]


def test_without_a_speech_engine_the_message_says_what_to_install() -> None:
    speaker = EspeakSpeaker({"PATH": ""})
    with pytest.raises(SpeechUnavailable, match=r"Install espeak-ng \(on Debian or Ubuntu: sudo apt install espeak-ng\)"):
        speaker.toggle("Hello.", "en")
    with in_language("es"), pytest.raises(SpeechUnavailable, match="Instale espeak-ng"):
        speaker.speak("Hola.", "es")


def test_with_an_empty_path_a_fresh_process_explains_itself() -> None:
    code = (
        "from recovery.speech import default_speaker, SpeechUnavailable\n"
        "try:\n    default_speaker().toggle('Hello.', 'en')\n"
        "except SpeechUnavailable as exc:\n    print(exc)\n"
    )
    result = run_python(code, env={**os.environ, "PATH": ""})
    assert result.returncode == 0, result.stderr
    assert "sudo apt install espeak-ng" in result.stdout


def test_the_system_voice_through_plyer_reports_a_missing_voice(monkeypatch: pytest.MonkeyPatch) -> None:
    """Where plyer is used, its failure (here: Linux without the ``espeak`` program it looks for) is a message."""
    monkeypatch.setenv("PATH", "")
    finished: list[str] = []
    speaker = PlyerSpeaker()
    assert speaker.toggle("Hello.", "en", finished.append) is True
    wait_until(lambda: bool(finished))
    assert finished == [speech.no_engine_message()]
    assert speaker.stop() is False, "plyer cannot stop; the control says so instead of pretending"


def test_linux_uses_espeak_and_other_systems_without_it_use_plyer() -> None:
    assert isinstance(speech.default_speaker({"PATH": ""}, "linux"), EspeakSpeaker)
    assert isinstance(speech.default_speaker({"PATH": ""}, "darwin"), PlyerSpeaker)
    assert isinstance(speech.default_speaker(os.environ, "win32"), EspeakSpeaker), "espeak-ng installed on Windows"


def test_a_reading_ends_when_the_app_ends(tmp_path: Path) -> None:
    environ, _pipe = piped_sound(tmp_path / "sound")
    code = (
        "import os, sys, time\n"
        "from recovery.speech import EspeakSpeaker\n"
        f"speaker = EspeakSpeaker({{**os.environ, 'HOME': {str(tmp_path / 'sound')!r}}})\n"
        "speaker.speak('A long reading that nobody listens to. ' * 20, 'en')\n"
        "print(speaker.process.pid, flush=True)\n"
    )
    result = run_python(code, env=environ)
    assert result.returncode == 0, result.stderr
    pid = int(result.stdout.split()[0])
    deadline = time.monotonic() + 5
    try:
        while running(pid):
            assert time.monotonic() < deadline, "espeak-ng kept speaking after the app had ended"
            time.sleep(0.05)
    finally:
        if running(pid):
            os.kill(pid, signal.SIGKILL)  # the reading this test started, left behind only if the test failed


def running(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().split()[2] != "Z"
    except (OSError, IndexError):
        return False
