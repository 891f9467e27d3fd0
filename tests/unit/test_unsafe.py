"""`domain.unsafe`: which characters are never written raw, and how they are written."""
import json

import pytest

from domain.unsafe import UNSAFE, escape, escape_json, escaped

NAMED = [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0), 0x061C, 0x200E, 0x200F, 0x2028, 0x2029,
         *range(0x202A, 0x202F), *range(0x2066, 0x206A)]
# Text people write: Norwegian, Somali, Arabic and Persian (with its zero-width non-joiner),
# Tigrinya, Chinese, emoji, no-break spaces, a backslash.
ORDINARY = "Ærlig Øst-Åsen · Cabdullaahi · عبدالله · می‌خواهم · ትግርኛ · 北京 · 😀 · 1\u00a0234\u202f% · C:\\temp"


def test_every_named_character_and_nothing_else_is_unsafe():
    assert [c for c in range(0x3000) if UNSAFE.fullmatch(chr(c))] == NAMED
    assert UNSAFE.search(ORDINARY) is None


@pytest.mark.parametrize("code", NAMED)
def test_escape_writes_each_as_u_and_four_hex_digits(code):
    assert escape(f"a{chr(code)}b") == f"a\\u{code:04x}b"


def test_ordinary_text_is_untouched():
    assert escape(ORDINARY) is ORDINARY
    assert escape_json(json.dumps(ORDINARY, ensure_ascii=False)) == json.dumps(
        ORDINARY, ensure_ascii=False)


def test_escape_json_keeps_the_value_and_the_layout():
    value = {"all": "".join(map(chr, NAMED)) + ORDINARY, "list": ["\x1b[2J", "\u202e"]}
    text = escape_json(json.dumps(value, ensure_ascii=False, indent=1))
    assert json.loads(text) == value
    assert [c for c in UNSAFE.findall(text)] == ["\n"] * text.count("\n")  # indent's own
    assert '"\\u001b[2J",\n  "\\u202e"\n' in text


def test_escaped_walks_keys_and_values_and_leaves_other_values():
    data = {"Oslo\u202e": [{"note": "x\x07"}, 1, 2.5, None, True], "n": ("\x85",)}
    assert escaped(data) == {"Oslo\\u202e": [{"note": "x\\u0007"}, 1, 2.5, None, True],
                             "n": ["\\u0085"]}


@pytest.mark.parametrize("code", NAMED)
def test_escaped_finds_each_character_deep_in_data(code):
    data = {"rows": [{"project": "Bergen", "n": 1.5}, {"project": f"Oslo{chr(code)}"}]}
    assert escaped(data)["rows"][1]["project"] == f"Oslo\\u{code:04x}"
    assert escaped({f"k{chr(code)}": 1}) == {f"k\\u{code:04x}": 1}


def test_data_with_nothing_to_escape_is_returned_as_is():
    printable = "Ærlig Øst-Åsen · Cabdullaahi · عبدالله · ትግርኛ · 北京 · 😀"
    data = {"rows": [{"project": printable, "n": 1.5, "ok": True, "none": None}]}
    assert escaped(data) is data
    assert escaped({"path": "C:\\temp"}) == {"path": "C:\\temp"}  # a backslash: looked at, kept
