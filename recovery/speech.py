"""Read aloud: speak a text in the patient's language, off the UI thread, and stop on request.

The cross-platform facade is ``plyer.tts``, and it is used where it is all there is
(macOS, Windows, Android; imported only when first needed). On Linux this adapter drives
espeak-ng (or the older espeak) itself, because plyer's Linux backend cannot do what a
drowsy patient needs:

* it has no language parameter, so Spanish advice would be read with English sounds;
* it runs ``subprocess.call``, which blocks until the speech ends, and has no stop, so a
  second press could not silence it;
* it only looks for the ``espeak`` program, which Debian and Ubuntu's ``espeak-ng``
  package does not install, so it would fail on a machine that can speak;
* it passes the text as an argument, so a text starting with ``-`` is read as an option.

Here the text goes to espeak-ng's standard input, in the chosen voice, slightly slower
than its default. The process plays the sound by itself and a daemon thread waits for
it, so the caller never waits; a second :meth:`~Speaker.toggle` (or :meth:`~Speaker.stop`)
ends it. Where no engine exists, :class:`SpeechUnavailable` says what to
install; where the engine runs but the sound device cannot be opened (espeak-ng still
exits 0 then), the finished callback gets a message instead of a silent success.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import subprocess
import sys
import threading
from collections.abc import Callable, Mapping
from pathlib import Path
from typing import Protocol

from recovery.i18n import DEFAULT_LANGUAGE, PSEUDO, language

log = logging.getLogger(__name__)

#: espeak-ng voices: American English, and Latin American Spanish (most Spanish-speaking patients in the US).
VOICES = {"en": "en-us", "es": "es-419"}
#: Words per minute: espeak-ng's default is 175; slower is easier to follow when tired or drowsy.
RATE_WPM = 150
#: How long a stopped process may take to end before it is killed.
STOP_GRACE_S = 2.0

Finished = Callable[[str], None]
"""Called once when speech ends, from a worker thread: ``""`` if it ended normally or was stopped, else why not."""


class SpeechUnavailable(RuntimeError):
    """Nothing can be read aloud here; ``str(error)`` tells the patient what to do about it."""


def no_engine_message() -> str:
    _ = language()._
    if sys.platform.startswith("linux"):
        return _(
            "Reading aloud needs a speech engine, and this computer has none. "
            "Install espeak-ng (on Debian or Ubuntu: sudo apt install espeak-ng), then press Read aloud again."
        )
    return _("Reading aloud needs the system's voice, and it is not available on this computer.")


def no_sound_message() -> str:
    return language()._(
        "The sound could not be played: no speakers or headphones were found, or the sound is off. "
        "Check them, then press Read aloud again."
    )


class Speaker(Protocol):
    """What the Read aloud control needs from a speech engine."""

    @property
    def speaking(self) -> bool: ...

    def speak(self, text: str, lang: str, on_finished: Finished | None = None) -> None:
        """Start reading ``text``; raises :class:`SpeechUnavailable`. Stops anything already being read."""

    def stop(self) -> bool:
        """Stop reading; True if something was being read."""

    def toggle(self, text: str, lang: str, on_finished: Finished | None = None) -> bool:
        """Stop if reading, else start reading ``text``; True if it started. Raises :class:`SpeechUnavailable`."""


def find_engine(environ: Mapping[str, str] = os.environ) -> str | None:
    """The espeak-ng (or espeak) program on ``PATH``, or None."""
    path = environ.get("PATH", "")
    return shutil.which("espeak-ng", path=path) or shutil.which("espeak", path=path)


class EspeakSpeaker:
    """Speech through an espeak-ng process (Linux): any language it has a voice for, stoppable."""

    def __init__(self, environ: Mapping[str, str] = os.environ, rate_wpm: int = RATE_WPM) -> None:
        self.environ = dict(environ)
        self.rate_wpm = rate_wpm
        self._lock = threading.Lock()
        self._process: subprocess.Popen[bytes] | None = None
        self._stopped: set[subprocess.Popen[bytes]] = set()
        atexit.register(self.stop)  # the voice ends with the app, not after it

    @property
    def engine(self) -> str | None:
        return find_engine(self.environ)

    def command(self, lang: str, wav: Path | None = None) -> list[str]:
        """The espeak-ng command line that reads standard input in ``lang`` (into ``wav`` if given)."""
        engine = self.engine
        if engine is None:
            raise SpeechUnavailable(no_engine_message())
        voice = VOICES.get(DEFAULT_LANGUAGE if lang == PSEUDO else lang, lang)
        command = [engine, "-v", voice, "-s", str(self.rate_wpm), "--stdin"]
        if wav is not None:
            command += ["-w", str(wav)]
        return command

    @property
    def speaking(self) -> bool:
        with self._lock:
            return self._process is not None and self._process.poll() is None

    @property
    def process(self) -> subprocess.Popen[bytes] | None:
        """The espeak-ng process reading now, if any (for tests and diagnostics)."""
        return self._process

    def speak(self, text: str, lang: str, on_finished: Finished | None = None) -> None:
        command = self.command(lang)
        self.stop()
        try:
            process = subprocess.Popen(
                command, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=self.environ
            )
        except OSError as exc:
            log.warning("speech engine did not start: %s", exc.__class__.__name__)
            raise SpeechUnavailable(no_engine_message()) from None
        with self._lock:
            self._process = process
        threading.Thread(target=self._watch, args=(process, text, on_finished), name="read-aloud", daemon=True).start()

    def _watch(self, process: subprocess.Popen[bytes], text: str, on_finished: Finished | None) -> None:
        try:
            _, errors = process.communicate(text.encode("utf-8"))
        except (BrokenPipeError, OSError):
            errors = b""
            process.wait()
        with self._lock:
            stopped = process in self._stopped
            self._stopped.discard(process)
            if self._process is process:
                self._process = None
        message = ""
        if not stopped and (process.returncode != 0 or _reports_error(errors)):
            log.warning("speech engine failed (exit status %s)", process.returncode)
            message = no_sound_message()
        if on_finished is not None:
            on_finished(message)

    def stop(self) -> bool:
        with self._lock:
            process = self._process
            if process is None or process.poll() is not None:
                return False
            self._stopped.add(process)
        process.terminate()
        timer = threading.Timer(STOP_GRACE_S, _kill_if_running, args=(process,))
        timer.daemon = True
        timer.start()
        return True

    def toggle(self, text: str, lang: str, on_finished: Finished | None = None) -> bool:
        if self.stop():
            return False
        self.speak(text, lang, on_finished)
        return True

    def write_wav(self, text: str, lang: str, wav: Path) -> Path:
        """Write what :meth:`speak` would say into a WAV file, waiting for it (tests, and saving audio)."""
        result = subprocess.run(self.command(lang, wav), input=text.encode("utf-8"), capture_output=True, env=self.environ)
        if result.returncode != 0 or not wav.exists():
            raise SpeechUnavailable(no_engine_message())
        return wav


def _reports_error(stderr: bytes) -> bool:
    """espeak-ng exits 0 even when the sound device cannot be opened; it prints ``error:`` then."""
    return any(line.strip().lower().startswith(b"error") for line in stderr.splitlines())


def _kill_if_running(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.kill()


class PlyerSpeaker:
    """Speech through ``plyer.tts`` (macOS, Windows, Android): the system's own voice.

    plyer speaks in the system's language and cannot stop; a second press is refused
    with a message rather than pretending to stop.
    """

    def __init__(self) -> None:
        self._thread: threading.Thread | None = None

    @property
    def speaking(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    def speak(self, text: str, lang: str, on_finished: Finished | None = None) -> None:
        if self.speaking:
            raise SpeechUnavailable(language()._("The system's voice cannot be stopped early; it stops at the end."))
        try:
            from plyer import tts
        except ImportError:
            raise SpeechUnavailable(no_engine_message()) from None

        def run() -> None:
            message = ""
            try:
                tts.speak(message=text)
            except Exception as exc:  # noqa: BLE001 - plyer raises NotImplementedError, OSError, COM errors…
                log.warning("system voice failed: %s", exc.__class__.__name__)
                message = no_engine_message()
            if on_finished is not None:
                on_finished(message)

        self._thread = threading.Thread(target=run, name="read-aloud", daemon=True)
        self._thread.start()

    def stop(self) -> bool:
        return False

    def toggle(self, text: str, lang: str, on_finished: Finished | None = None) -> bool:
        self.speak(text, lang, on_finished)
        return True


def default_speaker(environ: Mapping[str, str] = os.environ, platform: str = sys.platform) -> Speaker:
    """espeak-ng on Linux (and wherever it is installed), else the system voice through plyer."""
    if platform.startswith("linux") or find_engine(environ):
        return EspeakSpeaker(environ)
    return PlyerSpeaker()
