"""The message catalogs: every sentence of the code is in the bokmål catalog and translated (a
new English message without a translation fails here), the committed .mo is the .po compiled,
and i18n/cldr.json is Babel's CLDR data. Placeholders are the same on both sides."""
from __future__ import annotations

import re

import pytest

from i18n import translations
from i18n.catalog import compiled, cldr, messages, problems, read

PLACEHOLDER = re.compile(r"(?<!\{)\{([a-zA-Z_][a-zA-Z_0-9]*)[^{}]*\}")


def test_every_message_of_the_code_is_translated_and_the_files_are_current():
    assert problems() == []


def test_the_catalog_holds_the_sentences_of_every_layer():
    found = messages()
    where = {path.split("/")[0] for places in found.values() for path, _line in places}
    assert {"domain", "store", "projections", "report", "cli.py", "i18n"} <= where
    assert "counsellor {counsellor} already has {others} active participants on {day}" in found
    assert "Output format." in found  # a help text of cli.py
    assert "The annual statistics for a calendar year, as in the programme's report." in found


def sentence_classes() -> dict[str, str]:
    """{class: module} of every class of the project that carries a sentence: Said and what
    derives from it, at any depth (read from the source, as the extractor reads it)."""
    import ast
    import pathlib

    from i18n.catalog import FOLDERS, ROOT
    bases: dict[str, tuple[set[str], str]] = {}
    paths = [pathlib.Path(ROOT, "cli.py"), *(p for folder in FOLDERS
                                             for p in pathlib.Path(ROOT, folder).rglob("*.py"))]
    for path in paths:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ClassDef):
                names = {b.id if isinstance(b, ast.Name) else getattr(b, "attr", "")
                         for b in node.bases}
                bases[node.name] = (names, str(path.relative_to(ROOT)))
    found = {"Said": "domain/messages.py"}
    while True:
        more = {name: where for name, (parents, where) in bases.items()
                if name not in found and parents & set(found)}
        if not more:
            return found
        found.update(more)


def test_every_class_that_carries_a_sentence_is_extracted():
    # A sentence class the extractor does not know is a message no test sees untranslated
    # (KeyProblem, KeyringError and WrongKey were, and spoke English under bokmål).
    from i18n.catalog import SENTENCES
    assert {name: where for name, where in sentence_classes().items()
            if name not in SENTENCES} == {}


def test_a_message_without_a_translation_is_found(tmp_path, monkeypatch):
    import i18n.catalog as tool
    real = tool.messages
    monkeypatch.setattr(tool, "messages", lambda: {**real(), "a new sentence": [("x.py", 1)]})
    assert tool.problems() == ["nb: not translated: 'a new sentence' (x.py:1)"]


@pytest.mark.parametrize("lang", ["nb"])
def test_translations_keep_the_placeholders(lang):
    for message in read(lang):
        if not message.id:
            continue
        ids = message.id if isinstance(message.id, (list, tuple)) else [message.id]
        strings = message.string if isinstance(message.string, (list, tuple)) else [message.string]
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for said in strings:
            assert set(PLACEHOLDER.findall(said)) == wanted, (message.id, said)


def test_the_compiled_catalog_is_the_po_compiled():
    with open(_mo_path(), "rb") as mo:
        assert mo.read() == compiled("nb")
    assert translations("nb").gettext("Options") == "Valg"


def _mo_path() -> str:
    import os
    from i18n import DOMAIN, LOCALES
    return os.path.join(LOCALES, "nb", "LC_MESSAGES", f"{DOMAIN}.mo")


def test_cldr_snapshot_is_babels():
    import json
    import os
    from i18n import HERE
    with open(os.path.join(HERE, "cldr.json"), encoding="utf-8") as source:
        assert json.load(source) == cldr()


def test_numbers_and_countries_as_each_language_writes_them():
    from i18n import country, number, percent
    assert (number(1234, lang="nb"), number(1234, lang="en")) == ("1\u00a0234", "1,234")
    assert (number(16.66, 1, "nb"), number(16.66, 1, "en")) == ("16,7", "16.7")
    assert (percent(0.427, 1, "nb"), percent(0.427, 1, "en")) == ("42,7\u00a0%", "42.7%")
    assert (country("IQ", "nb"), country("IQ", "en")) == ("Irak", "Iraq")
    assert country("XK", "nb") == "Kosovo" and country("QQ", "nb") == "QQ"
    assert number(None) == percent(None) == "–"


def test_start_up_reads_no_catalog_and_no_babel():
    import os
    import subprocess
    import sys
    root = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    probe = subprocess.run(
        [sys.executable, "-c", "import sys, cli, i18n; print(sorted(m for m in sys.modules "
         "if m.startswith('babel')), 'i18n.catalog' in sys.modules, "
         "i18n.translations.cache_info().currsize)"],
        capture_output=True, text=True, check=True, cwd=root,
        env={**os.environ, "PYTHONPATH": root})
    assert probe.stdout.split() == ["[]", "False", "0"]  # no catalog read either
