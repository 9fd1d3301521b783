"""Strict JSON reading for files a person might have edited by hand.

Python's ``json`` quietly accepts ``NaN``, keeps only the last of two duplicate keys,
and stumbles over a Notepad byte-order mark with a cryptic message. For health data and
clinic settings each of those is a silent change of meaning, so this reader refuses
them with a message that says where the problem is.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from pathlib import Path
from typing import Any

_BOM = b"\xef\xbb\xbf"
_BOM_PROBLEM = "starts with a byte-order mark (saved by Notepad?); save it as UTF-8 without BOM"


class JSONFileError(json.JSONDecodeError):
    """A JSON file that cannot be trusted; ``problem`` says why in plain words.

    It is a ``json.JSONDecodeError`` (so a ``ValueError``), which keeps the storage a
    drop-in for TinyDB's ``JSONStorage``, whose callers catch that.
    """

    def __init__(self, path: Path | None, problem: str) -> None:
        super().__init__(problem, "", 0)
        self.path = path
        self.problem = problem
        where = f"{path.name}: " if path is not None else ""
        self.message = f"{where}{problem}"
        self.args = (self.message,)

    def __str__(self) -> str:
        return self.message


class _DuplicateKey(ValueError):
    pass


def _no_duplicates(pairs: Iterable[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _no_constants(name: str) -> Any:
    raise ValueError(f"{name} is not a number JSON allows")


def parse_strict_json(data: bytes | str, path: Path | None = None) -> Any:
    """Parse JSON (UTF-8 bytes or text), refusing a BOM, duplicate keys, NaN and Infinity."""
    if isinstance(data, bytes):
        if data.startswith(_BOM):
            raise JSONFileError(path, _BOM_PROBLEM)
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise JSONFileError(path, f"is not UTF-8 text (bad byte at position {exc.start})") from None
    else:
        text = data
    if text.startswith("\ufeff"):
        raise JSONFileError(path, _BOM_PROBLEM)
    try:
        return json.loads(text, object_pairs_hook=_no_duplicates, parse_constant=_no_constants)
    except _DuplicateKey as exc:
        raise JSONFileError(path, f"names the key {exc.args[0]!r} twice") from None
    except json.JSONDecodeError as exc:
        raise JSONFileError(path, f"is not valid JSON: {exc.msg} at line {exc.lineno}, column {exc.colno}") from None
    except (ValueError, RecursionError) as exc:
        raise JSONFileError(path, f"is not valid JSON: {exc}") from None


def load_strict_json(path: Path) -> Any:
    """Read and parse a file with :func:`parse_strict_json`."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise JSONFileError(Path(path), f"cannot be read ({exc.strerror or exc})") from None
    return parse_strict_json(data, Path(path))
