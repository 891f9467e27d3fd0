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

# What the interchange format refuses in any text (events.md, "Limits on every value"), as the
# body of a character class: C0 controls, DEL, C1 controls, bidirectional embeddings, overrides
# and isolates. `domain.values` refuses these on input; output escapes them and a little more.
REFUSED_IN_TEXT = ("\x00-\x1f\x7f-\x9f"  # C0 controls, DEL, C1 controls
                   "\u202a-\u202e"  # bidirectional embeddings and overrides
                   "\u2066-\u2069")  # bidirectional isolates
UNSAFE = re.compile("[" + REFUSED_IN_TEXT
                    + "\u061c\u200e\u200f"  # Arabic letter mark, left-to-right and right-to-left marks
                    + "\u2028\u2029]")  # line and paragraph separators


# The UTF-8 bytes that can begin an unsafe character (C0 and DEL themselves; C1 is C2 80-9F;
# U+061C is D8 9C; the rest are E2 80/81 xx). Text holding none of them is safe, and finding
# that out (encode, then delete every other byte) runs at C speed, ~5 times the regex's.
_LEADS = bytes([*range(0x20), 0x7F, 0xC2, 0xD8, 0xE2])
_OTHER_BYTES = bytes(b for b in range(256) if b not in _LEADS)
_OTHER_BYTES_JSON = bytes(b for b in range(256) if b not in _LEADS or b < 0x20)


def _clean(text: str, others: bytes = _OTHER_BYTES) -> bool:
    return not text.encode("utf-8", "surrogatepass").translate(None, others)


def _code(match: re.Match) -> str:
    return f"\\u{ord(match[0]):04x}"


def _code_json(match: re.Match) -> str:
    # JSON's encoder escapes U+0000-U+001F inside strings itself, so any left in JSON text are
    # the layout's own (the newlines of indented output)
    char = match[0]
    return char if char < " " else f"\\u{ord(char):04x}"


def escape(text: str) -> str:
    """`text` with every unsafe character written as `\\uXXXX`."""
    return text if _clean(text) else UNSAFE.sub(_code, text)


def escape_json(text: str) -> str:
    """JSON text (as `json.dumps` writes it) with the unsafe characters it leaves raw (DEL, C1,
    direction marks, separators) as `\\uXXXX` escapes: the same JSON value, safe to print."""
    return text if _clean(text, _OTHER_BYTES_JSON) else UNSAFE.sub(_code_json, text)


def escaped(value):
    """JSON-like data (dicts, lists, strings, numbers) with every string escaped, keys too."""
    # repr writes each unsafe character (none is printable) as a backslash escape, at C speed:
    # with no backslash in it there is nothing to escape (the common case, ~3 times faster)
    if "\\" not in repr(value):
        return value
    return _escaped(value)


def _escaped(value):
    kind = type(value)
    if kind is str:
        return value if _clean(value) else UNSAFE.sub(_code, value)
    if kind is dict:
        return {_escaped(k): _escaped(v) for k, v in value.items()}
    if kind is list or kind is tuple:
        return [_escaped(v) for v in value]
    if isinstance(value, str):  # a subclass
        return escape(str(value))
    if isinstance(value, (dict, list, tuple)):
        return _escaped(dict(value) if isinstance(value, dict) else list(value))
    return value
