"""Reading an input file's text and JSON, turning each way it can fail into a stable problem code."""

from __future__ import annotations

import codecs
import json
from pathlib import Path
from typing import Any, Iterator

from screener.records.adapters import problems as P


class FileProblem(Exception):
    """A whole file (or, for line formats, one line) that cannot be read."""

    def __init__(self, code: str, message: str, line: int | None = None) -> None:
        super().__init__(message)
        self.code, self.message, self.line = code, message, line


def read_text(path: Path) -> str:
    """The file's text: UTF-8 (a BOM is allowed) or UTF-16 with a BOM; anything else is reported, not guessed."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise FileProblem(P.FILE_NOT_FOUND, "no such file") from None
    except OSError as err:
        raise FileProblem(P.FILE_UNREADABLE, f"cannot be read: {err.strerror or err}") from None
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    else:
        encoding = "utf-8-sig"
    try:
        text = data.decode(encoding)
    except UnicodeDecodeError as err:
        line = data.count(b"\n", 0, err.start) + 1
        raise FileProblem(P.FILE_BAD_ENCODING, f"is not {encoding.upper().replace('-SIG', '')} text: byte "
                          f"{data[err.start:err.start + 1]!r} at offset {err.start} (line {line}) cannot be "
                          "decoded; save the file as UTF-8", line) from None
    if not text.strip():
        raise FileProblem(P.FILE_EMPTY, "the file is empty")
    return text


def _malformed(err: json.JSONDecodeError, line: int | None = None) -> FileProblem:
    where = f"line {line}, column {err.colno}" if line is not None else f"line {err.lineno}, column {err.colno}"
    return FileProblem(P.FILE_MALFORMED_JSON, f"is not valid JSON at {where}: {err.msg}",
                       line if line is not None else err.lineno)


def parse_json(text: str) -> Any:
    try:
        return json.loads(text)
    except json.JSONDecodeError as err:
        raise _malformed(err) from None


def json_lines(text: str) -> Iterator[tuple[int, Any | FileProblem, str]]:
    """(1-based line, parsed value or the FileProblem of that line, raw line) for each non-blank line."""
    for n, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        try:
            yield n, json.loads(raw), raw
        except json.JSONDecodeError as err:
            yield n, _malformed(err, n), raw
