"""Cleaning of directive texts: plain text as copied from a web page, or White House Markdown.

``split_front_matter`` separates a YAML front matter block (``---`` … ``---``) from the body.
``clean_text`` then gives the body as blocks (logical paragraphs) separated by one blank line:

- characters: byte-order marks, zero-width characters, soft hyphens and control characters are
  dropped; non-breaking and other Unicode spaces, tabs and runs of spaces become one space;
  Unicode line separators become line breaks; a non-breaking hyphen becomes ``-``; a spaced
  ``--`` or en dash between words becomes a spaced em dash (``" — "``); other dashes are kept;
- Markdown: inline HTML tags (``<span …>``, ``<u>``, ``<em>`` …) are removed, backslash escapes
  (``\\(d\\)``) are undone and ``*``/``**`` emphasis markers are dropped;
- lines: the lines of a paragraph are joined with one space, except that a line opening with a
  marker (``(iv)``, ``Sec. 3.``) after a line ending in ``;``, ``:``, ``.``, ``; and`` or
  ``; or`` starts a new block. A block that does not end in ``.;:!?`` is continued by the next
  block across a blank line (an item wrapped over a blank line, as item 2(a)(v) of the plain
  text memorandum), unless it is the first block, is written in capitals (a heading or a
  signature), or the next block opens with a marker.

``clean_text`` is idempotent and raises nothing on any ``str``. ``read_directive_file`` reads a
file as UTF-8 and rejects empty, binary and wrongly encoded files with ``InvalidData``.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from ioreview.exc import InvalidData

_DROP = re.compile("[\ufeff\u200b\u200c\u200d\u2060\u00ad]")
_LINE_SEPARATORS = re.compile("\r\n|[\r\u2028\u2029\x0b\x0c\x1c\x1d\x1e\x85]")
_SPACES = re.compile("[\t\u00a0\u1680\u2000-\u200a\u202f\u205f\u3000 ]+")
_TAG = re.compile(r"</?(?:span|u|em|strong|b|i|a|sup|sub|br)\b[^<>]*>", re.IGNORECASE)
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>~])")
_EMPHASIS = re.compile(r"\*+")
_SPACED_DASH = re.compile(r"(?<=\S) (?:--|\u2013|\u2015) (?=\S)")
_MARKER_LINE = re.compile(r"(?:\((?:[ivxlcdm]+|[a-zA-Z]{1,2}|\d{1,3})\)|Sec(?:tion)?\.?\s*\d+\.)")
_TERMINATED = re.compile(r"(?:[.;:!?][\"'\u201d\u2019)\]]*|;\s+(?:and|or))$")
_BLOCK_END = re.compile(r"[.;:!?][\"'\u201d\u2019)\]]*$")
_MAX_PASSES = 16

#: Front matter opens the text with a ``---`` line and closes with the next ``---`` line.
_FRONT = re.compile(r"\A\ufeff?---[ \t]*\r?\n(.*?)\r?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


@dataclass(frozen=True)
class DirectiveFile:
    """A directive file as read: its text, the SHA-256 of its bytes and its path."""

    path: Path
    text: str
    sha256: str


def read_directive_file(path: Path) -> DirectiveFile:
    """Read ``path`` as UTF-8 (a leading byte-order mark is allowed).

    Raises ``InvalidData`` naming the file when it cannot be read, is empty, is binary (holds
    NUL bytes) or is not valid UTF-8 (the message gives the offending byte and its offset).
    """
    try:
        data = path.read_bytes()
    except OSError as error:
        raise InvalidData(f"{path}: cannot be read ({error.strerror or error})") from error
    if not data.strip():
        raise InvalidData(f"{path}: empty file; expected the text of a directive")
    if b"\x00" in data:
        raise InvalidData(f"{path}: binary file (holds NUL bytes); expected UTF-8 text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InvalidData(
            f"{path}: not UTF-8 text (byte {data[error.start]:#04x} at offset {error.start}); "
            "convert the file to UTF-8"
        ) from error
    return DirectiveFile(path=path, text=text, sha256=hashlib.sha256(data).hexdigest())


def split_front_matter(text: str, name: str = "text") -> tuple[dict[str, Any], str]:
    """The YAML front matter as a dict (empty if there is none) and the text after it."""
    found = _FRONT.match(text)
    if found is None:
        return {}, text
    try:
        loaded = yaml.safe_load(found.group(1))
    except (yaml.YAMLError, ValueError, TypeError, RecursionError) as error:
        raise InvalidData(
            f"{name}: front matter is not valid YAML ({_first_line(error)})"
        ) from error
    if loaded is None:
        loaded = {}
    if not isinstance(loaded, dict):
        raise InvalidData(f"{name}: front matter {loaded!r} is not a mapping of keys to values")
    return {str(key): _plain(value) for key, value in loaded.items()}, text[found.end() :]


def clean_text(text: str) -> str:
    """The blocks of ``text``, cleaned and joined (see the module docstring)."""
    current = text
    for _ in range(_MAX_PASSES):
        following = "\n\n".join(_blocks(_clean_chars(current)))
        if following == current:
            break
        current = following
    return current


def clean_blocks(text: str) -> list[str]:
    """``clean_text`` as a list of blocks (empty for a text without any)."""
    cleaned = clean_text(text)
    return cleaned.split("\n\n") if cleaned else []


def clean_inline(text: str) -> str:
    """One line of text, cleaned like a block: single spaces, no tags, escapes or NBSP."""
    return " ".join(_clean_chars(text).split())


def _clean_chars(text: str) -> str:
    text = _DROP.sub("", text)
    text = _LINE_SEPARATORS.sub("\n", text)
    text = "".join(
        char if char == "\n" or unicodedata.category(char) not in ("Cc", "Cs") else " "
        for char in text
    )
    text = text.replace("\u2011", "-")
    text = _TAG.sub("", text)
    text = _ESCAPE.sub(r"\1", text)
    text = _EMPHASIS.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _SPACED_DASH.sub(" \u2014 ", text)
    return "\n".join(line.strip() for line in text.split("\n"))


def _blocks(text: str) -> list[str]:
    blocks: list[str] = []
    for paragraph in re.split(r"\n\s*\n", text):
        lines = [line for line in paragraph.split("\n") if line]
        current: list[str] = []
        for line in lines:
            if current and _MARKER_LINE.match(line) and _TERMINATED.search(current[-1]):
                blocks.append(" ".join(current))
                current = []
            current.append(line)
        if current:
            blocks.append(" ".join(current))
    joined: list[str] = []
    for block in blocks:
        if joined and _continues(joined, block):
            joined[-1] = f"{joined[-1]} {block}"
        else:
            joined.append(block)
    return joined


def _continues(previous: list[str], block: str) -> bool:
    last = previous[-1]
    if len(previous) == 1 or _BLOCK_END.search(last) or _MARKER_LINE.match(block):
        return False
    return not (last.upper() == last and any(char.isalpha() for char in last))


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime):
        return value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def _first_line(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
