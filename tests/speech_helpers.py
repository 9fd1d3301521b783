"""Real sound for the read-aloud tests: espeak-ng's audio into a pipe, and WAV measurements.

A test machine has no sound card, and ALSA's ``null`` device swallows audio faster than
real time, so a "speaking" process would end at once. Instead ALSA (through a private
``~/.asoundrc``) writes espeak-ng's audio into a named pipe: the test reads the first
samples to prove sound is flowing, then stops reading, and the process stays in the middle
of speaking until it is stopped, as it would while a patient listens.
"""

from __future__ import annotations

import array
import math
import os
import select
import time
import wave
from pathlib import Path

from recovery.devenv import missing_speech_test_parts


def require_espeak() -> None:
    missing = missing_speech_test_parts()
    assert not missing, f"The read-aloud tests need: {' '.join(missing)} (python3 -m tests installs it when run as root)."


def piped_sound(folder: Path) -> tuple[dict[str, str], Path]:
    """An environment whose default sound device is a named pipe (returned too)."""
    folder.mkdir(parents=True, exist_ok=True)
    pipe = folder / "speaker.pcm"
    os.mkfifo(pipe)
    (folder / ".asoundrc").write_text(
        f'pcm.!default {{\n  type file\n  slave.pcm "null"\n  file "{pipe}"\n  format "raw"\n}}\n', encoding="utf-8"
    )
    return {**os.environ, "HOME": str(folder)}, pipe


def discarding_sound(folder: Path) -> dict[str, str]:
    """An environment whose default sound device takes all the audio at once (a reading ends by itself)."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".asoundrc").write_text("pcm.!default {\n  type null\n}\n", encoding="utf-8")
    return {**os.environ, "HOME": str(folder)}


def broken_sound(folder: Path) -> dict[str, str]:
    """An environment whose default sound device is a card that does not exist."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / ".asoundrc").write_text("pcm.!default {\n  type hw\n  card 99\n}\n", encoding="utf-8")
    return {**os.environ, "HOME": str(folder)}


def read_audio(pipe: Path, at_least: int, timeout: float = 10.0) -> tuple[int, bytes]:
    """Open the pipe and read ``at_least`` bytes of audio; return the open descriptor and the bytes."""
    descriptor = os.open(pipe, os.O_RDONLY | os.O_NONBLOCK)
    received = b""
    deadline = time.monotonic() + timeout
    while len(received) < at_least:
        remaining = deadline - time.monotonic()
        assert remaining > 0, f"only {len(received)} bytes of audio arrived"
        ready, _, _ = select.select([descriptor], [], [], remaining)
        if ready:
            chunk = os.read(descriptor, 65536)
            received += chunk
    return descriptor, received


def wav_measure(path: Path) -> tuple[float, float, float]:
    """Duration (s), RMS level (of 32767), and the share of 20 ms windows that are not silent."""
    with wave.open(str(path)) as wav:
        assert (wav.getnchannels(), wav.getsampwidth()) == (1, 2), "espeak-ng writes 16-bit mono"
        rate, frames = wav.getframerate(), wav.getnframes()
        samples = array.array("h", wav.readframes(frames))
    duration = frames / rate
    rms = math.sqrt(sum(s * s for s in samples) / max(len(samples), 1))
    window = rate // 50
    windows = [samples[i : i + window] for i in range(0, len(samples), window)]
    sounding = sum(1 for w in windows if w and max(abs(s) for s in w) > 1000)
    return duration, rms, sounding / max(len(windows), 1)
