"""Characters that are never written raw to a terminal or a page: one definition for all output.

Control characters (C0, DEL, C1) move the cursor, clear the screen, retitle the window or
ring the bell; bidirectional overrides and isolates, and the invisible direction marks, make
text read differently from what is stored (a name or a number shown backwards); the line and
paragraph separators break a line where none is seen. Input may refuse them, but stores
written earlier can hold them, so every output escapes them itself: each such character is
written `\\uXXXX` (four hex digits), visible, and in JSON the very same string.

A backslash already in the text is left as it is (a table is for reading; JSON and CSV keep
or quote it as their formats do).
"""
from __future__ import annotations

import re

UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f"  # C0 controls, DEL, C1 controls
                    "\u061c\u200e\u200f"  # Arabic letter mark, left-to-right and right-to-left marks
                    "\u2028\u2029"  # line and paragraph separators
                    "\u202a-\u202e"  # bidirectional embeddings and overrides
                    "\u2066-\u2069]")  # bidirectional isolates


def _code(match: re.Match) -> str:
    return f"\\u{ord(match[0]):04x}"


def _code_json(match: re.Match) -> str:
    # JSON's encoder escapes U+0000-U+001F inside strings itself, so any left in JSON text are
    # the layout's own (the newlines of indented output)
    char = match[0]
    return char if char < " " else f"\\u{ord(char):04x}"


def escape(text: str) -> str:
    """`text` with every unsafe character written as `\\uXXXX`."""
    return UNSAFE.sub(_code, text) if UNSAFE.search(text) else text


def escape_json(text: str) -> str:
    """JSON text (as `json.dumps` writes it) with the unsafe characters it leaves raw (DEL, C1,
    direction marks, separators) as `\\uXXXX` escapes: the same JSON value, safe to print."""
    return UNSAFE.sub(_code_json, text) if UNSAFE.search(text) else text


def escaped(value):
    """JSON-like data (dicts, lists, strings, numbers) with every string escaped, keys too."""
    if isinstance(value, str):
        return escape(value)
    if isinstance(value, dict):
        return {escaped(k): escaped(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [escaped(v) for v in value]
    return value
