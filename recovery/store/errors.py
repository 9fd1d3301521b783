"""What the store raises: the data is busy, or a save did not reach the disk (one plain sentence each)."""

from __future__ import annotations

import errno
from pathlib import Path

from recovery.i18n import _


class StoreLockedError(RuntimeError):
    """Another window or command already has this data directory open."""

    def __init__(self, home: Path) -> None:
        self.home = home
        super().__init__(
            _("Recovery Companion is already open in another window. Close the other window and try again. (Data folder: {folder})").format(
                folder=home
            )
        )


class NotSavedError(RuntimeError):
    """A save failed; nothing of it reached the disk. ``reason`` is a short machine word."""

    def __init__(self, reason: str, message: str) -> None:
        self.reason = reason
        super().__init__(message)


def not_saved(exc: BaseException) -> NotSavedError:
    if isinstance(exc, OSError) and exc.errno in (errno.ENOSPC, errno.EDQUOT):
        return NotSavedError("disk_full", _("Not saved: the disk is full. Free some space, then save again."))
    if isinstance(exc, OSError) and exc.errno == errno.EFBIG:
        return NotSavedError("disk_full", _("Not saved: the file has reached the size this system allows."))
    if isinstance(exc, PermissionError):
        return NotSavedError(
            "permission", _("Not saved: the app is not allowed to write to its data folder. Check its permissions.")
        )
    detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc.__class__.__name__
    return NotSavedError("io_error", _("Not saved: the disk reported an error ({detail}). Try saving again.").format(detail=detail))
