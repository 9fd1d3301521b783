"""The optional app PIN: a salted slow hash, a limit on guesses, and a lock file kept apart from the data.

The PIN only keeps the screens closed to someone else at the same computer; the data
file is not encrypted by it. That is what makes the recovery path safe: whoever
forgets the PIN closes the app and deletes ``pin.json`` from the data folder, and
every check-in is still there, because the PIN never touched them.

Only an scrypt hash of the PIN is stored, with its own random salt. After five wrong
guesses the next one must wait 30 seconds, doubling with each further wrong guess up
to 15 minutes; the count is kept in the file, so restarting the app does not reset it.
"""

from __future__ import annotations

import hashlib
import hmac
import json
import os
import secrets
from dataclasses import dataclass, replace
from datetime import datetime, timedelta
from pathlib import Path

from recovery.i18n import _
from recovery.jsonfile import JSONFileError, load_strict_json

PIN_FILE_NAME = "pin.json"
PIN_LENGTHS = (4, 8)
FREE_GUESSES = 5
FIRST_WAIT = timedelta(seconds=30)
LONGEST_WAIT = timedelta(minutes=15)
#: scrypt cost: about 50 ms on a laptop, so guessing every 6-digit PIN offline takes hours, not seconds.
SCRYPT = {"n": 2**14, "r": 8, "p": 1}
RELOCK_AFTER = timedelta(minutes=5)


class PinError(ValueError):
    """A PIN that cannot be used; the message says what is allowed."""


@dataclass(frozen=True)
class PinLock:
    salt: str
    digest: str
    failures: int = 0
    wait_until: str | None = None

    def to_json(self) -> bytes:
        return json.dumps(vars(self), sort_keys=True).encode("utf-8")


@dataclass(frozen=True)
class Attempt:
    ok: bool
    lock: PinLock
    message: str


def _hash(pin: str, salt: bytes) -> str:
    return hashlib.scrypt(pin.encode("utf-8"), salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **SCRYPT).hex()


def check_new_pin(pin: str, again: str) -> str:
    """Validate a PIN being set; returns it or raises :class:`PinError` with the reason."""
    low, high = PIN_LENGTHS
    if not pin.isascii() or not pin.isdigit() or not low <= len(pin) <= high:
        raise PinError(_("Use {low} to {high} digits.").format(low=low, high=high))
    if pin != again:
        raise PinError(_("The two PINs are not the same. Type them again."))
    return pin


def new_lock(pin: str) -> PinLock:
    salt = secrets.token_bytes(16)
    return PinLock(salt=salt.hex(), digest=_hash(pin, salt))


def try_pin(lock: PinLock, pin: str, now: datetime) -> Attempt:
    """Check a guess, counting wrong ones and making the patient wait after too many."""
    if lock.wait_until is not None:
        until = datetime.fromisoformat(lock.wait_until)
        if now < until:
            seconds = max(1, round((until - now).total_seconds()))
            return Attempt(False, lock, _("Too many wrong PINs. Try again in {seconds} seconds.").format(seconds=seconds))
    if hmac.compare_digest(_hash(pin, bytes.fromhex(lock.salt)), lock.digest):
        return Attempt(True, replace(lock, failures=0, wait_until=None), "")
    return _wrong(lock, now)


def _wrong(lock: PinLock, now: datetime) -> Attempt:
    """The state and message after one more wrong guess."""
    failures = lock.failures + 1
    wait_until = None
    message = _("That PIN is not right.")
    if failures >= FREE_GUESSES:
        wait = min(FIRST_WAIT * 2 ** (failures - FREE_GUESSES), LONGEST_WAIT)
        wait_until = (now + wait).isoformat()
        message = _("That PIN is not right. Wait {seconds} seconds before the next try.").format(
            seconds=round(wait.total_seconds())
        )
    return Attempt(False, replace(lock, failures=failures, wait_until=wait_until), message)


def check_pin(home: Path, lock: PinLock, pin: str, now: datetime) -> Attempt:
    """Check a guess so that the guess limit fails closed.

    The try is counted on disk *before* the PIN is checked: if the count cannot be saved
    (a full disk, a read-only folder), the PIN is not checked at all, so no number of
    tries can go uncounted, not even across restarts. Help now never needs the PIN.
    """
    if lock.wait_until is not None and now < datetime.fromisoformat(lock.wait_until):
        return try_pin(lock, pin, now)  # still waiting: nothing is checked or counted
    try:
        save_lock(home, _wrong(lock, now).lock)
    except OSError as exc:
        why = _("the disk is full") if exc.errno in (28, 122) else (exc.strerror or _("the folder cannot be written")).lower()
        return Attempt(
            False,
            lock,
            _(
                "The app cannot check the PIN now: it must save the number of tries first and cannot ({why}). "
                "Free some disk space, then try again. Help now still works."
            ).format(why=why),
        )
    attempt = try_pin(lock, pin, now)
    if attempt.ok:
        try:
            save_lock(home, attempt.lock)
        except OSError:
            pass  # the extra counted try stays on disk: stricter, never looser
    return attempt


def load_lock(home: Path) -> PinLock | None:
    """The PIN lock of a data folder, or ``None`` if no PIN is set (or its file is unreadable)."""
    path = Path(home) / PIN_FILE_NAME
    if not path.exists():
        return None
    try:
        raw = load_strict_json(path)
        return PinLock(**raw)
    except (JSONFileError, TypeError, ValueError):
        return None


def save_lock(home: Path, lock: PinLock | None) -> None:
    """Write (or, with ``None``, remove) the PIN file atomically, readable by its owner only."""
    from recovery.store.atomic import write_atomically

    path = Path(home) / PIN_FILE_NAME
    if lock is None:
        path.unlink(missing_ok=True)
        return
    write_atomically(path, lock.to_json())
    os.chmod(path, 0o600)
