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


def N_plural(singular: str, plural: str) -> tuple[str, str]:
    """Marks a message id with its plural for the catalog (an ngettext call made elsewhere)."""
    return singular, plural


def _same(msgid: str) -> str:
    return msgid


class Text(str):
    """A message id and its parameters (a parameter may be a Text or a Said); as a str it is
    the English sentence, so it goes wherever a plain sentence went."""

    def __new__(cls, msgid: str, /, **params) -> "Text":
        self = super().__new__(cls, _worded(msgid, params, _same))
        self.msgid, self.params = msgid, params
        return self

    def say(self, gettext=_same) -> str:
        return _worded(self.msgid, self.params, gettext)


def _worded(msgid: str, params: dict, gettext) -> str:
    if not params:
        return gettext(msgid)
    values = {key: value.say(gettext) if isinstance(value, (Text, Said)) else value
              for key, value in params.items()}
    return gettext(msgid).format(**values)


class Said(Exception):
    """An error whose sentence is a Text: English in str(), any language through say()."""

    def __init__(self, msgid: "str | Text", /, **params) -> None:
        self.text = msgid if isinstance(msgid, Text) else Text(msgid, **params)
        super().__init__(self.text.msgid)

    def say(self, gettext=_same) -> str:
        return self.text.say(gettext)

    def __str__(self) -> str:
        return self.text.say()
