"""The one language layer of every human output: bokmål by default, English on request.

Messages are gettext catalogs (i18n/locale/<lang>/LC_MESSAGES/nysjanse.po, managed with
Babel: `python -m i18n.catalog extract|update|compile|check`); the English text is the
message id, so English needs no catalog. The compiled .mo is committed beside its .po (a test
checks they agree), so `pip install` is all it takes and start-up reads one small file with
the standard library's gettext, only when a bokmål text is first asked for.

Country names and number formats come from Babel's CLDR data, taken once into i18n/cldr.json
(`python -m i18n.catalog cldr`; a test checks it still equals Babel's): loading Babel's own
locale data costs about 80 ms, which every table would feel.

The language of a run is set once, at the start of a command (`use`): the command line is one
thread. The domain never asks for it: it hands out message ids with values (domain.messages)
and `say` words them here.
"""
from __future__ import annotations

import gettext as _gettext
import json
import os
from functools import lru_cache

LANGS = ("nb", "en")
DEFAULT = "nb"
DOMAIN = "nysjanse"
ENVIRONMENT = "NYSJANSE_LANG"
HERE = os.path.dirname(os.path.abspath(__file__))
LOCALES = os.path.join(HERE, "locale")
DASH = "–"  # a figure with no value (null in the statistics)

_state = {"lang": DEFAULT}


class UnknownLanguage(ValueError):
    pass


def use(lang: str | None) -> str:
    """Speak `lang` from now on (None: NYSJANSE_LANG, else bokmål); returns the language."""
    if lang is None:
        lang = os.environ.get(ENVIRONMENT) or DEFAULT
    if lang not in LANGS:
        raise UnknownLanguage(lang)
    _state["lang"] = lang
    return lang


def current() -> str:
    return _state["lang"]


@lru_cache(maxsize=None)
def translations(lang: str) -> _gettext.NullTranslations:
    """The compiled catalog of `lang`; English is the message ids themselves."""
    if lang == "en":
        return _gettext.NullTranslations()
    path = os.path.join(LOCALES, lang, "LC_MESSAGES", f"{DOMAIN}.mo")
    with open(path, "rb") as compiled:
        return _gettext.GNUTranslations(compiled)


def gettext(msgid: str) -> str:
    """`msgid` in the current language (import it as `_`)."""
    return translations(_state["lang"]).gettext(msgid)


def ngettext(singular: str, plural: str, n: int) -> str:
    return translations(_state["lang"]).ngettext(singular, plural, n)


def say(message) -> str:
    """A domain sentence (domain.messages.Text or Said) in the current language; any other
    error as its own text."""
    wording = getattr(message, "say", None)
    return wording(gettext) if callable(wording) else str(message)


def norway():
    """Europe/Oslo from the time-zone database (the system's or the tzdata package)."""
    from zoneinfo import ZoneInfo
    return ZoneInfo("Europe/Oslo")


# -- CLDR: country names and numbers -----------------------------------------------------------

@lru_cache(maxsize=1)
def cldr_data() -> dict:
    with open(os.path.join(HERE, "cldr.json"), encoding="utf-8") as source:
        return json.load(source)


def country(code: str | None, lang: str | None = None) -> str:
    """A country's name in the language (CLDR: `Irak`, `Iraq`); an unknown code as itself."""
    if code is None:
        return DASH
    return cldr_data()[lang or _state["lang"]]["territories"].get(code, code)


def number(n: int | float | None, places: int = 0, lang: str | None = None) -> str:
    """`1 234` / `16,7` in bokmål, `1,234` / `16.7` in English (CLDR symbols, grouping by
    three as both locales do); a dash for no value."""
    if n is None:
        return DASH
    symbols = cldr_data()[lang or _state["lang"]]
    text = f"{n:,.{places}f}"
    return text.translate({ord(","): symbols["group"], ord("."): symbols["decimal"]})


def percent(rate: float | None, places: int = 1, lang: str | None = None) -> str:
    """A rate 0-1 in the locale's percent pattern: `42,7 %` in bokmål, `42.7%` in English."""
    if rate is None:
        return DASH
    data = cldr_data()[lang or _state["lang"]]
    return data["percent"].replace("#", number(rate * 100, places, lang))
