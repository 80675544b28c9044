"""Shared input handling for the readers: checked paths, strict decoding, line streaming, clean strings."""

from __future__ import annotations

import codecs
import hashlib
import json
import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

from bri_kg.errors import EncodingError, FormatError, InputError
from bri_kg.models import Source

__all__ = [
    "HEAD_BYTES",
    "check_file",
    "clean",
    "clean_csl",
    "decode_head",
    "detect_encoding",
    "file_sha256",
    "iter_json_documents",
    "iter_json_items",
    "iter_lines",
    "load_json",
    "make_source",
    "normalize_page",
    "read_head",
    "read_text",
]

HEAD_BYTES = 65536  # enough of a file to sniff its format and encoding

_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")


def check_file(path: str | Path) -> Path:
    """The path as a Path; InputError when it is missing, a directory or unreadable."""
    p = Path(path)
    if not p.exists():
        raise InputError("no such file", path=str(p))
    if p.is_dir():
        raise InputError("is a directory, not a file", path=str(p))
    try:
        with p.open("rb"):
            pass
    except OSError as exc:
        raise InputError(f"cannot open: {exc.strerror or exc}", path=str(p)) from exc
    return p


def file_sha256(path: Path) -> str:
    """SHA-256 of the file bytes, read in chunks so large exports stay out of memory."""
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for chunk in iter(lambda: fh.read(1 << 16), b""):
            digest.update(chunk)
    return digest.hexdigest()


def make_source(path: Path, format: str) -> Source:
    """The Source record of a file read in ``format``."""
    return Source(path=str(path), format=format, sha256=file_sha256(path))


def read_head(path: Path, size: int = HEAD_BYTES) -> bytes:
    """The first ``size`` bytes of a file."""
    with path.open("rb") as fh:
        return fh.read(size)


def _utf16_without_bom(head: bytes) -> str | None:
    # UTF-16 text without a BOM has a NUL in every other byte (for Latin text); ordinary binary does not.
    if len(head) < 4:
        return None
    even, odd = head[0::2], head[1::2]
    if odd.count(0) > 0.4 * len(odd) and even.count(0) == 0:
        return "utf-16-le"
    if even.count(0) > 0.4 * len(even) and odd.count(0) == 0:
        return "utf-16-be"
    return None


def _looks_binary(head: bytes) -> bool:
    # A stray NUL or control character in a title is data to clean; many of them mean a binary file.
    controls = sum(b < 9 or 13 < b < 32 for b in head)
    return head.count(0) > max(2, len(head) // 100) or controls > max(2, len(head) // 20)


def detect_encoding(head: bytes, path: Path) -> str:
    """The codec to read a file with: UTF-8 (BOM optional) or UTF-16; EncodingError for binary data."""
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    utf16 = _utf16_without_bom(head[:4096])
    if utf16:
        return utf16
    if _looks_binary(head):
        raise EncodingError("binary data, not a text export", path=str(path))
    return "utf-8-sig"


def _looks_cp1251(data: bytes) -> bool:
    # Read as cp1251, Russian or Kazakh text gives whole Cyrillic words; Latin-1 accents give mixed words.
    words = [
        w for w in re.findall(r"[^\W\d_]{2,}", data.decode("cp1251", errors="replace")) if not w.isascii()
    ]
    cyrillic = [w for w in words if all("\u0400" <= ch <= "\u04ff" for ch in w)]
    return bool(cyrillic) and len(cyrillic) * 2 >= len(words)


def _encoding_error(path: Path, raw_line: bytes, line: int, offset: int, sample: bytes) -> EncodingError:
    byte = raw_line[offset] if offset < len(raw_line) else 0
    hint = " (looks like cp1251 Cyrillic)" if _looks_cp1251(sample) else ""
    return EncodingError(
        f"not UTF-8 text (byte 0x{byte:02x} at line {line}){hint}; re-save as UTF-8",
        path=str(path),
        line=line,
    )


def decode_head(path: Path, size: int = HEAD_BYTES) -> str:
    """The beginning of a file as text, decoded strictly; a multi-byte character cut at the end is dropped."""
    head = read_head(path, size)
    encoding = detect_encoding(head, path)
    decoder = codecs.getincrementaldecoder(encoding)()
    try:
        return decoder.decode(head, final=len(head) < size).lstrip("\ufeff")
    except UnicodeDecodeError as exc:
        line = head[: exc.start].count(b"\n") + 1
        start = head.rfind(b"\n", 0, exc.start) + 1
        raise _encoding_error(path, head[start:], line, exc.start - start, head) from None


def _strip_eol(text: str) -> str:
    # Some exports mix in old Mac line ends: a lone CR at the start of a line is no content.
    return text.rstrip("\r\n").lstrip("\r")


def iter_lines(path: Path) -> Iterator[tuple[int, str]]:
    """(1-based line number, line without its line end), decoded strictly; streams the file."""
    head = read_head(path)
    encoding = detect_encoding(head, path)
    if encoding.startswith("utf-16"):
        yield from _iter_utf16(path, encoding)
        return
    with path.open("rb") as fh:
        for number, raw in enumerate(fh, 1):
            if number == 1 and raw.startswith(codecs.BOM_UTF8):
                raw = raw[len(codecs.BOM_UTF8) :]
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError as exc:
                raise _encoding_error(path, raw, number, exc.start, head) from None
            yield number, _strip_eol(text)


def _iter_utf16(path: Path, encoding: str) -> Iterator[tuple[int, str]]:
    number = 0
    try:
        with path.open(encoding=encoding, newline="") as fh:
            for number, text in enumerate(fh, 1):
                yield number, _strip_eol(text).lstrip("\ufeff")
    except UnicodeDecodeError:
        raise EncodingError(
            f"not valid UTF-16 text (after line {number}); re-save as UTF-8", path=str(path), line=number + 1
        ) from None


def read_text(path: Path) -> str:
    """The whole file as text (strictly decoded, line ends normalised to newline)."""
    return "\n".join(text for _, text in iter_lines(path))


def load_json(path: Path) -> Any:
    """Parsed JSON; FormatError with line and column for malformed or truncated JSON."""
    text = read_text(path)
    if not text.strip():
        raise FormatError("empty file", path=str(path))
    try:
        return json.loads(text, strict=False)  # raw control characters in strings are data to clean
    except json.JSONDecodeError as exc:
        problem = re.sub(r"\s+(?:starting )?at$", "", exc.msg)
        raise FormatError(
            f"invalid or truncated JSON at line {exc.lineno}, column {exc.colno}: {problem}",
            path=str(path),
            line=exc.lineno,
        ) from None


def _parse_json_line(path: Path, number: int, text: str) -> Any:
    try:
        return json.loads(text, strict=False)
    except json.JSONDecodeError as exc:
        raise FormatError(
            f"invalid JSON Lines record at line {number}, column {exc.colno}: {exc.msg}",
            path=str(path),
            line=number,
        ) from None


def iter_json_documents(path: Path) -> Iterator[tuple[int, Any]]:
    """(line, parsed value) for each record of a JSON Lines file, streamed; (1, value) for a JSON file.

    A file whose first non-empty line is a complete JSON object or array is read as JSON Lines (the shape of
    Crossref and OpenAlex snapshots), one record at a time; anything else is parsed as one JSON document.
    """
    lines = iter_lines(path)
    first = next(((n, t) for n, t in lines if t.strip()), None)
    if first is None:
        raise FormatError("empty file", path=str(path))
    number, text = first
    try:
        value = json.loads(text, strict=False)
    except json.JSONDecodeError:
        value = None
    if not isinstance(value, dict | list):
        yield 1, load_json(path)
        return
    yield number, value
    for number, text in lines:
        if text.strip():
            yield number, _parse_json_line(path, number, text)


def iter_json_items(
    path: Path, extract: Callable[[Any], list[dict[str, Any]]], what: str
) -> Iterator[tuple[int, dict[str, Any]]]:
    """(1-based index, item) for the items that ``extract`` finds in each JSON or JSON Lines record."""
    index = 0
    for _, document in iter_json_documents(path):
        for item in extract(document):
            index += 1
            yield index, item
    if not index:
        raise FormatError(f"no {what} found", path=str(path))


def clean(text: str) -> str:
    """The string with control characters other than tab and newline removed; markup stays as data."""
    return _CONTROL.sub("", text)


def clean_csl(value: Any) -> Any:
    """A copy of a JSON-like value with every string cleaned; empty strings, lists and dicts dropped."""
    if isinstance(value, str):
        return clean(value)
    if isinstance(value, dict):
        out = {}
        for key, item in value.items():
            cleaned = clean_csl(item)
            if cleaned not in ("", None, [], {}):
                out[key] = cleaned
        return out
    if isinstance(value, list):
        return [c for c in (clean_csl(v) for v in value) if c not in ("", None, [], {})]
    return value


def normalize_page(page: str | None) -> str | None:
    """A page range with en or em dashes replaced by a hyphen."""
    if page is None:
        return None
    return re.sub(r"\s*[\u2012-\u2015\u2212-]+\s*", "-", str(page).strip()) or None
