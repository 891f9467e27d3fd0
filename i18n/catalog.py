"""Managing the message catalogs and the CLDR snapshot with Babel (a tool for developers;
nothing at run time imports it).

    python -m i18n.catalog extract   # i18n/locale/nysjanse.pot from the code
    python -m i18n.catalog update    # merge the template into each .po (new ids, fuzzy ones)
    python -m i18n.catalog compile   # each .po -> .mo (committed: pip install needs no step)
    python -m i18n.catalog cldr      # i18n/cldr.json: country names and number symbols
    python -m i18n.catalog check     # every id translated, .mo and cldr.json current

The same as `pybabel extract -F babel.cfg -k ... -o i18n/locale/nysjanse.pot .` and so on;
babel.cfg names the extraction methods. Message ids are found in calls of `_`, `gettext`,
`ngettext`, `N_`, `N_plural` and of the exceptions and Texts that carry a sentence (KEYWORDS),
and, in cli.py, in every `help=` text and every command's docstring (without its example
block).
"""
from __future__ import annotations

import ast
import inspect
import io
import json
import os
import sys

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir, extract_python

from . import DOMAIN, HERE, LANGS, LOCALES

ROOT = os.path.dirname(HERE)
TEMPLATE = os.path.join(LOCALES, f"{DOMAIN}.pot")
SENTENCES = ("N_", "Text", "Said", "RuleBroken", "InvalidFact", "MalformedValue", "StoreError",
             "ViewsError", "UnknownParticipant", "UnknownEvent", "DemoRefused", "WriteFailed",
             "ImportRefused", "_NotJSON", "KeyringError", "KeyProblem", "WrongKey",
             "NotACount", "NotOurs")
KEYWORDS = {**DEFAULT_KEYWORDS, **{name: None for name in SENTENCES}, "N_plural": (1, 2)}
FOLDERS = ("domain", "store", "projections", "report", "demo", "i18n")
SKIP = ("tests", "features", "bench", ".git", "build")


def _help_texts(source: str):
    """(line, text): each `help=` string and each function or group docstring (cleaned as
    click cleans it, without the example block)."""
    from .commands import help_parts
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.keyword) and node.arg in ("help", "epilog"):
            value = node.value
            if isinstance(value, ast.Call) and value.args:  # N_("...") is found anyway
                continue
            if isinstance(value, ast.Constant) and isinstance(value.value, str):
                yield value.lineno, inspect.cleandoc(value.value)
            elif isinstance(value, ast.JoinedStr):
                raise ValueError(f"line {value.lineno}: a help text must be a plain string")
        elif isinstance(node, ast.FunctionDef) and node.decorator_list:
            doc = ast.get_docstring(node, clean=True)
            if doc:
                prose, _example = help_parts(doc)
                if prose:
                    yield node.lineno, prose


def extract_sentences(fileobj, keywords, comment_tags, options):
    """Babel's Python extraction, where a sentence-carrying call (`RuleBroken("...", day=d)`)
    counts by its first argument whatever values follow (Babel would skip it)."""
    for line, name, message, comments in extract_python(fileobj, keywords, comment_tags,
                                                         options):
        if name in SENTENCES and isinstance(message, tuple):
            message = message[0]
        yield line, name, message, comments


def extract_cli(fileobj, keywords, comment_tags, options):
    """Babel extraction method for the command line: its calls, its help and docstrings."""
    source = fileobj.read()
    yield from extract_sentences(io.BytesIO(source), keywords, comment_tags, options)
    for line, text in _help_texts(source.decode("utf-8")):
        yield line, "", text, []


METHODS = [("cli.py", extract_cli), ("**.py", extract_sentences)]


def messages() -> dict[str, list]:
    """{message id (or (singular, plural)): [where]} of the code, as `extract` finds them."""
    found: dict = {}
    for folder in ("", *FOLDERS):
        path = os.path.join(ROOT, folder)
        methods = METHODS if folder == "" else METHODS[1:]
        for filename, line, message, _comments, _context in extract_from_dir(
                path, methods, keywords=KEYWORDS, strip_comment_tags=True,
                directory_filter=lambda d: os.path.basename(d) not in SKIP):
            if folder == "" and os.sep in filename:
                continue  # the root's own modules only; the packages are walked on their own
            if isinstance(message, tuple):
                message = tuple(m for m in message if m is not None)
                message = message[0] if len(message) == 1 else message
            if message:
                found.setdefault(message, []).append((os.path.join(folder, filename), line))
    return found


def template():
    from babel.messages.catalog import Catalog
    catalog = Catalog(project="nysjanse", domain=DOMAIN, charset="utf-8")
    for message, where in sorted(messages().items(), key=lambda kv: str(kv[0])):
        catalog.add(message, locations=where, flags=("python-brace-format",)
                    if "{" in str(message) else ())
    return catalog


def _po(lang: str) -> str:
    return os.path.join(LOCALES, lang, "LC_MESSAGES", f"{DOMAIN}.po")


def read(lang: str):
    from babel.messages.pofile import read_po
    with open(_po(lang), "rb") as source:
        return read_po(source, locale=lang, domain=DOMAIN)


def compiled(lang: str) -> bytes:
    from babel.messages.mofile import write_mo
    out = io.BytesIO()
    write_mo(out, read(lang))
    return out.getvalue()


def cldr() -> dict:
    from babel import Locale
    from babel.numbers import format_decimal, format_percent
    data = {}
    for lang in LANGS:
        locale = Locale.parse(lang)
        symbols = locale.number_symbols["latn"]
        data[lang] = {"group": symbols["group"], "decimal": symbols["decimal"],
                      "percent": format_percent(0.5, locale=locale).replace("50", "#"),
                      "territories": {code: name for code, name in sorted(locale.territories.items())
                                      if len(code) == 2 and code.isalpha()}}
        assert format_decimal(1234, locale=locale) == f"1{symbols['group']}234"
    return data


def problems() -> list[str]:
    """What `check` finds wrong: ids of the code missing from a catalog or untranslated, a
    stale .mo, a stale cldr.json."""
    wrong = []
    ids = messages()
    for lang in LANGS:
        if lang == "en":
            continue
        catalog = read(lang)
        for message, where in ids.items():
            key = message[0] if isinstance(message, tuple) else message
            entry = catalog.get(key)
            if entry is None or not entry.string or (isinstance(entry.string, tuple)
                                                     and not all(entry.string)):
                wrong.append(f"{lang}: not translated: {key!r} ({where[0][0]}:{where[0][1]})")
            elif entry.fuzzy:
                wrong.append(f"{lang}: fuzzy: {key!r}")
        with open(_po(lang)[:-3] + ".mo", "rb") as mo:
            if mo.read() != compiled(lang):
                wrong.append(f"{lang}: the .mo is not compiled from the .po")
    with open(os.path.join(HERE, "cldr.json"), encoding="utf-8") as source:
        if json.load(source) != cldr():
            wrong.append("cldr.json differs from Babel's CLDR data")
    return wrong


def main(argv: list[str]) -> int:
    from babel.messages.pofile import write_po
    command = argv[0] if argv else "check"
    if command == "extract":
        with open(TEMPLATE, "wb") as out:
            write_po(out, template(), width=100, omit_header=False)
    elif command == "update":
        for lang in LANGS:
            if lang == "en":
                continue
            catalog = read(lang)
            catalog.update(template(), no_fuzzy_matching=True)
            with open(_po(lang), "wb") as out:
                write_po(out, catalog, width=100, ignore_obsolete=True)
    elif command == "compile":
        for lang in LANGS:
            if lang != "en":
                with open(_po(lang)[:-3] + ".mo", "wb") as out:
                    out.write(compiled(lang))
    elif command == "cldr":
        with open(os.path.join(HERE, "cldr.json"), "w", encoding="utf-8") as out:
            json.dump(cldr(), out, ensure_ascii=False, indent=0, sort_keys=True)
            out.write("\n")
    elif command == "check":
        wrong = problems()
        print("\n".join(wrong) or "catalogs complete")
        return 1 if wrong else 0
    else:
        print(__doc__)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
