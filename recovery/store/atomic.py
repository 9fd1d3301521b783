"""Crash-safe file replacement, and a TinyDB storage built on it.

Stock TinyDB overwrites its file in place, so a crash, a full disk or an I/O error in
the middle of a save leaves a torn file (9 of 200 random kills in the measurements in
``reliability.md``). Here every save writes a temporary file in the same directory,
fsyncs it, atomically renames it over the old file and fsyncs the directory. At every
instant the file on disk is either the complete old state or the complete new one.

If anything fails after the rename (the directory fsync), the previous file, kept
as a hard link until the save is complete, is renamed back, so a caller who is told
"not saved" never finds the entry on disk later.
"""

from __future__ import annotations

import errno
import json
import locale
import os
import re
import sys
import tempfile
import time
import warnings
from collections.abc import Callable
from pathlib import Path
from typing import Any

from tinydb.storages import Storage

from recovery.jsonfile import parse_strict_json

TEMP_SUFFIX = ".tmp"
_WINDOWS_REPLACE_RETRIES = 5
#: errno values meaning "this filesystem has no hard links": save without a rollback copy.
_NO_HARD_LINKS = {errno.EPERM, errno.EXDEV, errno.EMLINK, errno.ENOSYS, errno.ENOTSUP, errno.EOPNOTSUPP}


class FileSystem:
    """Every file operation a save makes, in one place, so tests can fail the Nth one.

    This is the analogue of SQLite's fault-injecting VFS: the durability tests replace
    one of these functions with one that raises ``EIO`` or ``ENOSPC`` on its Nth call.
    """

    mkstemp = staticmethod(tempfile.mkstemp)
    write = staticmethod(os.write)
    fsync = staticmethod(os.fsync)
    close = staticmethod(os.close)
    open = staticmethod(os.open)
    link = staticmethod(os.link)
    replace = staticmethod(os.replace)
    unlink = staticmethod(os.unlink)


fs = FileSystem()


#: Every temporary file the app writes carries this tag, so a leftover is recognisably ours.
TEMP_TAG = "recovery-companion"
#: ``.<target>.recovery-companion-<pid>-<random>[.prev].tmp``: the writer's pid tells a live write from an orphan.
_TAGGED_TEMP = re.compile(r"^\.(?P<target>.+)\." + TEMP_TAG + r"-(?P<pid>\d+)-[a-z0-9_]{8}(?:\.prev)?\.tmp$")
#: What older versions wrote: ``.<target>.<random>[.prev].tmp``.
_UNTAGGED_TEMP = r"^\.{name}\.[a-z0-9_]{{8}}(?:\.prev)?\.tmp$"
#: Where the writer's pid cannot be checked (Windows), a tagged temp this old is an orphan.
_ORPHAN_AGE_S = 3600


def temp_prefix(path: Path) -> str:
    """Temporary files for ``path`` are hidden, tagged siblings: ``.<name>.recovery-companion-<pid>-<random>.tmp``."""
    return f".{path.name}.{TEMP_TAG}-{os.getpid()}-"


def orphan_temps(path: Path) -> list[Path]:
    """Temporary files a killed writer may have left next to ``path`` (tagged or from older versions)."""
    prefix = f".{path.name}."
    try:
        names = os.listdir(path.parent)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return [path.parent / n for n in names if n.startswith(prefix) and n.endswith(TEMP_SUFFIX)]


def remove_orphan_temps(path: Path) -> int:
    """Delete leftovers of interrupted saves; call only while owning the file."""
    removed = 0
    for orphan in orphan_temps(path):
        try:
            fs.unlink(orphan)
            removed += 1
        except FileNotFoundError:
            pass
    return removed


def _writer_is_gone(pid: int, orphan: Path) -> bool:
    if pid == os.getpid():
        return False  # another thread of this process may be writing it right now
    if os.name == "posix":
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        except OSError:
            return False
        return False
    try:  # pragma: no cover - Windows: os.kill(pid, 0) would send Ctrl+C there
        return time.time() - orphan.stat().st_mtime > _ORPHAN_AGE_S
    except OSError:
        return False


def remove_abandoned_temps(target: Path) -> int:
    """Remove the app's temporary files in ``target``'s folder whose writer has died.

    Used before writing an export into a folder nobody owns: a live write by another
    process (or thread) is never touched, only leftovers of killed ones, plus the
    untagged leftovers older versions left for this same target.
    """
    untagged = re.compile(_UNTAGGED_TEMP.format(name=re.escape(target.name)))
    removed = 0
    try:
        names = os.listdir(target.parent)
    except OSError:
        return 0
    for name in names:
        tagged = _TAGGED_TEMP.match(name)
        candidate = target.parent / name
        if tagged is not None:
            if not _writer_is_gone(int(tagged["pid"]), candidate):
                continue
        elif not untagged.match(name):
            continue
        try:
            if candidate.is_file() and not candidate.is_symlink():
                fs.unlink(candidate)
                removed += 1
        except OSError:
            pass
    return removed


def full_fsync(fd: int) -> None:
    """fsync, using F_FULLFSYNC where plain fsync does not reach the disk (macOS)."""
    if sys.platform == "darwin":  # pragma: no cover - not run on Linux CI
        import fcntl

        fcntl.fcntl(fd, fcntl.F_FULLFSYNC)
        return
    fs.fsync(fd)


def fsync_directory(directory: Path) -> None:
    """Make a rename in ``directory`` survive power loss (POSIX; a no-op on Windows)."""
    if os.name != "posix":  # pragma: no cover
        return
    fd = fs.open(directory, os.O_RDONLY)
    try:
        fs.fsync(fd)
    finally:
        fs.close(fd)


def _replace(source: str | Path, target: str | Path) -> None:
    """``os.replace``, retried briefly on Windows where scanners hold files open."""
    for attempt in range(_WINDOWS_REPLACE_RETRIES):
        try:
            fs.replace(source, target)
            return
        except PermissionError:
            if os.name != "nt" or attempt == _WINDOWS_REPLACE_RETRIES - 1:
                raise
            time.sleep(0.05 * (attempt + 1))  # pragma: no cover


def _write_all(fd: int, payload: bytes) -> None:
    view = memoryview(payload)
    while view:
        written = fs.write(fd, view)
        if written == 0:  # pragma: no cover - os.write raises instead on real files
            raise OSError(errno.EIO, "write made no progress")
        view = view[written:]


def write_atomically(
    path: Path,
    payload: bytes,
    *,
    keep_previous: Callable[[Path], None] | None = None,
) -> None:
    """Replace ``path`` with ``payload`` so that a crash leaves the old or the new content.

    ``keep_previous`` receives a hard link to the replaced file once the new content is
    durable (the store turns it into a backup generation); otherwise the link is removed.
    On any error the old file is left byte-identical and the error propagates.
    """
    path = Path(path)
    directory = path.parent
    fd, tmp_name = fs.mkstemp(dir=directory, prefix=temp_prefix(path), suffix=TEMP_SUFFIX)
    tmp = Path(tmp_name)
    previous: Path | None = None
    replaced = False
    try:
        try:
            _write_all(fd, payload)
            full_fsync(fd)
        finally:
            fs.close(fd)
        previous = _link_previous(path, tmp)
        _replace(tmp, path)
        replaced = True
        fsync_directory(directory)
    except BaseException:
        _undo(path, tmp, previous, replaced)
        raise
    if previous is not None:
        if keep_previous is not None:
            try:
                keep_previous(previous)
            finally:
                _unlink_quietly(previous)
        else:
            _unlink_quietly(previous)


def _link_previous(path: Path, tmp: Path) -> Path | None:
    """Keep the file about to be replaced under a temporary name, for rollback and backups."""
    if not path.exists():
        return None
    previous = tmp.with_name(tmp.name[: -len(TEMP_SUFFIX)] + ".prev" + TEMP_SUFFIX)
    try:
        fs.link(path, previous)
    except OSError as exc:
        if exc.errno in _NO_HARD_LINKS:
            return None  # e.g. FAT or some network shares: still atomic, just no rollback copy
        raise
    return previous


def _undo(path: Path, tmp: Path, previous: Path | None, replaced: bool) -> None:
    """Put the old file back after a failed save, as far as the disk still allows."""
    if replaced and previous is not None:
        try:
            _replace(previous, path)
            fsync_directory(path.parent)
        except OSError:
            pass  # the original error is what the caller must hear about
    _unlink_quietly(tmp)
    if previous is not None:
        _unlink_quietly(previous)


def _unlink_quietly(path: Path) -> None:
    try:
        fs.unlink(path)
    except FileNotFoundError:
        pass
    except OSError:
        pass  # a leftover temp is removed on the next open


def create_private_file(path: Path) -> None:
    """Create an empty file readable only by its owner, if it does not exist."""
    fd = fs.open(path, os.O_WRONLY | os.O_CREAT, 0o600)
    fs.close(fd)


class AtomicJSONStorage(Storage):
    """A drop-in replacement for TinyDB's ``JSONStorage`` that never leaves a torn file.

    Same constructor and behaviour as ``JSONStorage`` (access modes, ``create_dirs``,
    ``encoding``, JSON keyword arguments passed to ``json.dumps``), but it does not keep
    the file open between operations, writes through :func:`write_atomically`, creates
    files with mode 0600, and removes temporary files left by killed writers on open.

    Like ``JSONStorage`` it assumes one owner: take a lock before opening it from more
    than one process (:func:`recovery.store.open_store` does).
    """

    def __init__(
        self,
        path: str | os.PathLike[str],
        create_dirs: bool = False,
        encoding: str | None = None,
        access_mode: str = "r+",
        **kwargs: Any,
    ) -> None:
        super().__init__()
        self._path = Path(path)
        self._mode = access_mode
        self._encoding = encoding or locale.getpreferredencoding(False)
        self.kwargs = kwargs
        if access_mode not in ("r", "rb", "r+", "rb+"):
            warnings.warn(
                "Using an `access_mode` other than 'r', 'rb', 'r+' or 'rb+' can cause data loss or corruption"
            )
        self._writable = any(character in access_mode for character in ("+", "w", "a"))
        if self._writable:
            if create_dirs:
                self._path.parent.mkdir(parents=True, exist_ok=True)
            create_private_file(self._path)
            remove_orphan_temps(self._path)
        elif not self._path.exists():
            raise FileNotFoundError(errno.ENOENT, "No such file", str(self._path))

    @property
    def path(self) -> Path:
        return self._path

    def read(self) -> dict[str, dict[str, Any]] | None:
        data = self._path.read_bytes()
        if not data:
            return None
        return parse_strict_json(data.decode(self._encoding), self._path)

    def serialize(self, data: dict[str, dict[str, Any]]) -> bytes:
        """The bytes a write would put on disk; raises before any disk I/O if ``data`` is not JSON."""
        return json.dumps(data, **self.kwargs).encode(self._encoding)

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        if not self._writable:
            raise OSError(f'Cannot write to the database. Access mode is "{self._mode}"')
        write_atomically(self._path, self.serialize(data))

    def close(self) -> None:
        """Nothing is held open between operations, so there is nothing to release."""
