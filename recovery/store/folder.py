"""The data folder itself: making it private, and one plain sentence when it cannot be used.

A data folder can be wrong in ways no save can fix: ``RECOVERY_HOME`` names a file, a
link to a disconnected drive, a read-only mount, a full disk. Each becomes a
:class:`DataFolderError` whose message says what is wrong and what to do, so neither a
command nor the window ever shows a traceback. Links inside the folder are never
followed: the app does not chmod, truncate or replace a file it reaches through one.
"""

from __future__ import annotations

import errno
import os
from collections.abc import Callable
from pathlib import Path

from recovery.i18n import _

#: "The app is not allowed to <use/create/read> its data folder": one whole sentence for each.
_NOT_ALLOWED: dict[str, Callable[[], str]] = {
    "use": lambda: _("The app is not allowed to use its data folder {folder}. Check the folder's permissions, then start again."),
    "create": lambda: _(
        "The app is not allowed to create its data folder {folder}. Check the folder's permissions, then start again."
    ),
    "read": lambda: _("The app is not allowed to read its data folder {folder}. Check the folder's permissions, then start again."),
}


class DataFolderError(RuntimeError):
    """The data folder cannot be used; ``str()`` is one sentence saying what to do."""

    def __init__(self, home: Path, message: str, reason: str) -> None:
        self.home = home
        self.reason = reason
        super().__init__(message)


def folder_error(home: Path, exc: OSError, *, doing: str = "use") -> DataFolderError:
    """The plain sentence for an operating-system error met while opening ``home``."""
    if exc.errno in (errno.ENOSPC, errno.EDQUOT, errno.EFBIG):
        return DataFolderError(
            home, _("The disk holding the data folder {folder} is full. Free some space, then start the app again.").format(folder=home), "full"
        )
    if exc.errno == errno.EROFS:
        return DataFolderError(
            home,
            _(
                "The data folder {folder} is on a read-only disk, so nothing can be saved. Use a writable folder "
                "(set RECOVERY_HOME), then start again. Exporting still works."
            ).format(folder=home),
            "read_only",
        )
    if isinstance(exc, PermissionError):
        return DataFolderError(
            home,
            _NOT_ALLOWED.get(doing, _NOT_ALLOWED["use"])().format(folder=home),
            "permission",
        )
    if isinstance(exc, (NotADirectoryError, FileExistsError)):
        return not_a_folder(home)
    detail = exc.strerror or exc.__class__.__name__
    return DataFolderError(
        home,
        _("The data folder {folder} cannot be used ({detail}). Check the disk, then start the app again.").format(
            folder=home, detail=detail
        ),
        "io_error",
    )


def not_a_folder(home: Path) -> DataFolderError:
    return DataFolderError(
        home,
        _(
            "The data folder {folder} is a file, not a folder. Move that file away or set RECOVERY_HOME to a folder, "
            "then start again."
        ).format(folder=home),
        "not_a_folder",
    )


def dangling(home: Path) -> DataFolderError:
    target = os.readlink(home)
    return DataFolderError(
        home,
        _(
            "The data folder {folder} is a link to {target}, which does not exist (a disconnected drive?). "
            "Reconnect it or fix the link, then start again."
        ).format(folder=home, target=target),
        "missing",
    )


def check_folder(home: Path) -> None:
    """Raise :class:`DataFolderError` if ``home`` exists but is not a usable folder."""
    if home.is_symlink() and not home.exists():
        raise dangling(home)
    if home.exists() and not home.is_dir():
        raise not_a_folder(home)


_LINKED: dict[str, Callable[[], str]] = {
    "data file": lambda: _(
        "The data file {path} is a link to {target}. The app does not follow links for your health "
        "data: put the real file in its place (or remove the link), then start again."
    ),
    "lock file": lambda: _(
        "The lock file {path} is a link to {target}. The app does not follow links for your health "
        "data: put the real file in its place (or remove the link), then start again."
    ),
}


def refuse_link(path: Path, what: str) -> None:
    """A file the app writes or truncates must never be a link to somewhere else."""
    if path.is_symlink():
        raise DataFolderError(
            path.parent,
            _LINKED.get(what, _LINKED["data file"])().format(path=path, target=os.readlink(path)),
            "link",
        )


def private_directory(home: Path) -> None:
    """Create ``home`` if needed and make it readable by its owner only."""
    check_folder(home)
    try:
        home.mkdir(parents=True, exist_ok=True)
        if os.name == "posix" and os.stat(home).st_mode & 0o077:
            os.chmod(home, 0o700)
    except OSError as exc:
        raise folder_error(home, exc, doing="create") from None


def private_files(home: Path) -> None:
    """Repair the mode of files another program (or an older version) left readable.

    Links are skipped: chmod would change the file they point to, which may be anything.
    """
    if os.name != "posix":
        return
    for entry in home.iterdir():
        if entry.is_symlink():
            continue
        mode = entry.lstat().st_mode
        if entry.is_file() and mode & 0o077:
            os.chmod(entry, 0o600)
