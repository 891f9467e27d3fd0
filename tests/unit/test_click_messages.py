"""The contract with click that i18n.click_messages relies on: click words its messages with
`_` and `ngettext` bound in its modules, so that rebinding them words every message in the
language of the run. These fail when a click upgrade breaks that: a message no longer
worded through those names, a message reworded (its translation would silently stop
applying), a new message (translate it, or say in NOT_SHOWN why not), a usage placeholder or
an error hint written another way. In memory: no store, no process."""
from __future__ import annotations

import gettext as stdlib_gettext
import os
import sys

import click
import pytest
from babel.messages.extract import extract_python
from click.testing import CliRunner

from i18n import click_messages as words
from i18n import use

CLICK = os.path.dirname(click.__file__)
MISSING = os.path.join(os.sep, "nonexistent", "x.jsonl")


def refusal(file_type) -> str:
    with pytest.raises(click.BadParameter) as refused:
        file_type.convert(MISSING, None, None)
    return refused.value.format_message()


def click_messages_by_module() -> dict[str, set]:
    """{click module: its message ids}, as Babel finds the `_` and `ngettext` calls in
    click's installed source (a plural as (singular, plural))."""
    found: dict[str, set] = {}
    for filename in sorted(os.listdir(CLICK)):
        if not filename.endswith(".py"):
            continue
        with open(os.path.join(CLICK, filename), "rb") as source:
            for _line, _name, message, _comments in extract_python(
                    source, {"_": None, "ngettext": (1, 2)}, [], {}):
                if isinstance(message, tuple):
                    message = tuple(m for m in message if m is not None)
                if message:  # `_(extra["required"])` has no literal id
                    found.setdefault(filename[:-3], set()).add(message)
    return found


@pytest.fixture
def bokmal():
    words.install()
    use("nb")
    yield
    use("en")


def test_every_message_of_click_is_translated_or_said_why_not():
    ids = set().union(*click_messages_by_module().values())
    ours = set(words.MESSAGES) | set(words.PLURALS) | set(words.NOT_SHOWN)
    assert sorted(map(str, ids - ours)) == []  # new in click (or reworded): translate or say
    # reworded or gone from click; "required" is worded as `_(extra["required"])`
    assert sorted(map(str, ours - ids)) == ["required"]


def test_every_click_module_that_words_a_message_is_rebound():
    lazy = {"shell_completion", "_termui_impl", "_winconsole"}  # loaded only when needed
    for module, ids in click_messages_by_module().items():
        if module in lazy:
            assert ids <= set(words.NOT_SHOWN), module
        else:
            assert module in words.MODULES, module
    words.install()
    for name in words.MODULES:
        module = sys.modules[f"click.{name}"]
        assert module._ is words.gettext, name
        assert getattr(module, "ngettext", words.ngettext) is words.ngettext, name
    stdlib = (stdlib_gettext.gettext, stdlib_gettext.ngettext)
    left = [(name, attribute) for name, module in list(sys.modules.items())
            if name.startswith("click.") and name[6:] not in lazy
            for attribute, value in vars(module).items() if value in stdlib]
    assert left == []


def test_english_is_exactly_clicks():
    words.install()
    use("en")
    error = click.exceptions.NoSuchOption("--form", possibilities=["--format"])
    assert error.format_message() == "No such option '--form'. Did you mean '--format'?"
    assert words.usage_piece("[OPTIONS]") == "[OPTIONS]"
    ours = words.Option(["--db"], envvar="NYSJANSE_DB", show_envvar=True)
    theirs = click.Option(["--db"], envvar="NYSJANSE_DB", show_envvar=True)
    assert ours.get_error_hint(None) == theirs.get_error_hint(None) == \
        "'--db' (env var: 'NYSJANSE_DB')"
    assert refusal(words.File("r")) == refusal(click.File("r")) == \
        f"Invalid value: '{MISSING}': No such file or directory"


def test_click_speaks_bokmal_through_the_catalog(bokmal):
    exceptions = click.exceptions
    assert exceptions.NoSuchOption("--form", possibilities=["--format"]).format_message() == \
        "Ukjent valg '--form'. Mente du '--format'?"
    assert exceptions.NoSuchCommand("stat", possibilities=["stats", "status"]) \
        .format_message() == "Ukjent kommando 'stat'. (Mente du en av disse: 'stats', 'status'?)"
    assert exceptions.MissingParameter(param_type="argument", param_hint="'YEAR'") \
        .format_message() == "Mangler argumentet 'YEAR'."
    with pytest.raises(click.BadParameter) as bad:
        click.IntRange(1990, 2100).convert("abc", None, None)
    assert bad.value.format_message() == "Ugyldig verdi: 'abc' er ikke et gyldig heltall."
    with pytest.raises(click.BadParameter) as bad:
        click.Choice(["nb", "en"]).convert("de", None, None)
    assert bad.value.format_message() == "Ugyldig verdi: 'de' er ikke en av 'nb', 'en'."
    formatter = click.HelpFormatter(width=80)
    formatter.write_usage("nysjanse", "show")
    assert formatter.getvalue() == "Bruk: nysjanse show\n"
    required = click.Option(["--reason"], required=True, show_envvar=True, envvar="R")
    assert required.get_help_record(click.Context(click.Command("x")))[1] == \
        "[miljøvariabel: R; påkrevd]"
    hint = words.Option(["--db"], envvar="NYSJANSE_DB", show_envvar=True).get_error_hint(None)
    assert hint == "'--db' (miljøvariabel: 'NYSJANSE_DB')"
    assert refusal(words.File("r")) == f"Ugyldig verdi: '{MISSING}': Fila eller mappa finnes ikke"


def test_the_usage_placeholders_are_clicks(bokmal):
    group = click.Group("nysjanse")
    ctx = click.Context(group)
    assert group.collect_usage_pieces(ctx) == list(words.USAGE_PIECES)
    assert [words.usage_piece(p) for p in words.USAGE_PIECES] == ["[VALG]",
                                                                  "KOMMANDO [ARGUMENTER]..."]
    command = click.Command("show", params=[click.Argument(["participant"])])
    assert command.collect_usage_pieces(click.Context(command)) == ["[OPTIONS]", "PARTICIPANT"]


def test_the_version_and_an_abort_in_bokmal(bokmal):
    @click.command()
    @click.version_option("1.0", prog_name="nysjanse", message=words.VERSION)
    def command():
        raise click.Abort()

    runner = CliRunner()
    assert runner.invoke(command, ["--version"]).stdout == "nysjanse, versjon 1.0\n"
    aborted = runner.invoke(command, [])
    assert (aborted.exit_code, aborted.stderr) == (1, "Avbrutt!\n")
