"""Sentences as message ids and parameters, so the domain stays free of any language.

A refusal made in domain/ (or store/, projections/) carries the English sentence as its
message id (`"counsellor {counsellor} already has {others} active participants on {day}"`)
and the values apart. `str()` gives the English sentence; `say(gettext)` gives it in the
language of the catalog the caller passes (i18n.say does). Why ids and not a gettext call
here: the domain then needs no language state at all (it is pure and shared by threads and
tests), the same refusal can be shown in either language, and a parameter that is itself a
sentence or a term (a nested rule, `follow-up`) is translated where it is shown.
"""
from __future__ import annotations


def N_(msgid: str) -> str:
    """Marks a message id for the catalog without translating it (gettext's convention)."""
    return msgid


def _same(msgid: str) -> str:
    return msgid


class Text:
    """A message id and its parameters; a parameter may itself be a Text or a Said."""

    __slots__ = ("msgid", "params")

    def __init__(self, msgid: str, /, **params) -> None:
        self.msgid = msgid
        self.params = params

    def say(self, gettext=_same) -> str:
        values = {key: value.say(gettext) if isinstance(value, (Text, Said)) else value
                  for key, value in self.params.items()}
        return gettext(self.msgid).format(**values) if values else gettext(self.msgid)

    def __str__(self) -> str:
        return self.say()

    def __repr__(self) -> str:
        return f"Text({self.msgid!r}, **{self.params!r})"

    def __eq__(self, other) -> bool:
        return isinstance(other, Text) and (self.msgid, self.params) == (other.msgid, other.params)

    def __hash__(self) -> int:
        return hash(self.msgid)


class Said(Exception):
    """An error whose sentence is a Text: English in str(), any language through say()."""

    def __init__(self, msgid: "str | Text", /, **params) -> None:
        self.text = msgid if isinstance(msgid, Text) else Text(msgid, **params)
        super().__init__(self.text.msgid)

    def say(self, gettext=_same) -> str:
        return self.text.say(gettext)

    def __str__(self) -> str:
        return self.text.say()
