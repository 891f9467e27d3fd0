"""click's own words (usage errors, help headings, `Aborted!`) in the language of the run.

click words its messages with the standard library's gettext, bound in each of its modules
when it is imported (`from gettext import gettext as _`, `ngettext`); the standard library
would take the language from LANGUAGE/LC_ALL/LANG and a catalog of its own, process-wide.
`install` rebinds those two names in click's modules to this project's catalog instead
(i18n.gettext: the language of the run; English is the message ids, so English is exactly
click's). It runs when a command line starts (i18n.commands.Group), after every command is
declared: click words a few texts while a command is declared (the --version option's help),
and those must stay the English ids that the help formatter words when it shows them.

click writes a few texts without gettext; they are worded here too: the usage line's
`[OPTIONS]` and `COMMAND [ARGS]...` (usage_piece), an option's ` (env var: X)` in an error
(Option), the system's reason a file does not open (File), and the --version line, fixed
when the option is declared (VERSION).

This is the one module that knows how click words its messages. tests/unit/
test_click_messages.py fails when a click upgrade changes that: a module that words messages
another way, a message reworded, a new one (translate it below, or say in NOT_SHOWN why not).
"""
from __future__ import annotations

import gettext as _stdlib
import importlib

import click

from domain.messages import N_, N_plural

from . import gettext as _said
from . import ngettext as _nsaid

# click's modules that word messages and are loaded with click. Two more are loaded only
# when needed, and keep the standard library's gettext (their texts are in NOT_SHOWN):
# click.shell_completion and click._termui_impl (and click._winconsole, Windows only).
MODULES = ("core", "decorators", "exceptions", "formatting", "parser", "termui", "types",
           "utils")

MESSAGES = (
    # the shape of a usage error, and the help page
    N_("Usage:"), N_("Try '{command} {option}' for help."), N_("Error: {message}"),
    N_("Options"), N_("Commands"), N_("Positional arguments"),
    N_("Show this message and exit."), N_("Show the version and exit."),
    N_("%(prog)s, version %(version)s"), N_("env var: {var}"), N_("default: {default}"),
    N_("required"), N_("(dynamic)"), N_("deprecated"), N_("Aborted!"),
    # what is wrong with the command line
    N_("Missing argument"), N_("Missing option"), N_("Missing parameter"),
    N_("Missing {param_type}"), N_("Missing parameter: {param_name}"), N_("Missing command."),
    N_("No such option {name!r}."), N_("No such command {name!r}."),
    N_("Option {name!r} does not take a value."),
    N_("Invalid value for {param_hint}: {message}"), N_("Invalid value: {message}"),
    N_("Choose from:\n\t{choices}"),
    N_("{value!r} is not a valid {number_type}."), N_("{value} is not in the range {range}."),
    N_("{value!r} is not a valid boolean. Recognized values: {states}"),
    N_("{value!r} is not a valid UUID."),
    N_("{name} {filename!r} does not exist."), N_("{name} {filename!r} is a file."),
    N_("{name} {filename!r} is a directory."), N_("{name} {filename!r} is not readable."),
    N_("{name} {filename!r} is not writable."), N_("{name} {filename!r} is not executable."),
    N_("file"), N_("directory"), N_("path"),
    N_("Could not open file {filename!r}: {message}"), N_("unknown error"),
    N_("DeprecationWarning: The command {name!r} is deprecated.{extra_message}"),
    N_("DeprecationWarning: The {param_type} {name!r} is deprecated.{extra_message}"),
    # prompts (nysjanse asks nothing today; a command that does speaks the same language)
    N_("Do you want to continue?"), N_("Confirm the action without prompting."),
    N_("Repeat for confirmation"), N_("Error: The two entered values do not match."),
    N_("Error: invalid input"), N_("Press any key to continue..."),
)

PLURALS = (
    N_plural("Got unexpected extra argument ({args})",
             "Got unexpected extra arguments ({args})"),
    N_plural("Did you mean {possibility}?", "(Did you mean one of: {possibilities}?)"),
    N_plural("Option {name!r} requires an argument.",
             "Option {name!r} requires {nargs} arguments."),
    N_plural("{value!r} is not {choice}.", "{value!r} is not one of {choices}."),
    N_plural("{value!r} does not match the format {format}.",
             "{value!r} does not match the formats {formats}."),
    N_plural("Takes {nargs} values but 1 was given.",
             "Takes {nargs} values but {len} were given."),
    N_plural("{len_type} values are required, but {len_value} was given.",
             "{len_type} values are required, but {len_value} were given."),
)

# click's texts left in English, and why: a mistake of the program (raised while commands
# are declared, never seen by a caseworker), or a part of click that nysjanse does not use.
NOT_SHOWN = {
    "Name '{name}' defined twice": "program error",
    "Boolean option {decl!r} cannot use the same flag for true/false.": "program error",
    "Could not determine name for option with declarations {decls!r}": "program error",
    "No options defined but a name was passed ({name}). Did you mean to declare an argument "
    "instead? Did you mean to pass '--{name}'?": "program error",
    "Arguments take exactly one parameter declaration, got {length}: {decls}.": "program error",
    "Invalid start character for option ({option})": "program error",
    "Argument {name!r} takes {nargs} values.": "program error",
    "Value must be an iterable.": "program error",
    "Choice({choices})": "a repr, for programmers",
    "Unknown color {colour!r}": "program error",
    "Unknown standard stream '{name}'": "program error",
    "Windows error: {error}": "Windows console only",
    "{editor}: Editing failed": "no editor is started",
    "{editor}: Editing failed: {e}": "no editor is started",
    "d": "the day mark of a progress bar's ETA, the same in bokmål",
    "Shell completion is not supported for Bash versions older than 4.4.":
        "completion loads its module only when a shell asks",
    "Couldn't detect Bash version, shell completion is not supported.":
        "completion loads its module only when a shell asks",
}

# A message whose value is itself a word of click's (a type's name, set where the type is
# declared in English): the value is worded too. "{value!r} is not a valid {number_type}."
NAMED_VALUE = {"{value!r} is not a valid {number_type}.": "number_type",
               **{message: "name" for message in MESSAGES if message.startswith("{name} ")}}
TYPE_NAMES = (N_("integer"), N_("integer range"), N_("float"), N_("float range"),
              N_("File"), N_("Directory"), N_("Path"))

# Not worded by click at all: the usage line's placeholders for options and a command.
USAGE_PIECES = (N_("[OPTIONS]"), N_("COMMAND [ARGS]..."))


class _Naming(str):
    """A worded message whose `key` value is a word of click's, worded when it is filled."""

    key = ""

    def format(self, *args, **values) -> str:
        if isinstance(values.get(self.key), str):
            values[self.key] = _said(values[self.key])
        return str.format(self, *args, **values)


def gettext(message: str) -> str:
    """click's `_`: the message in the language of the run."""
    said = _said(message)
    key = NAMED_VALUE.get(message)
    if key is None:
        return said
    named = _Naming(said)
    named.key = key
    return named


def ngettext(singular: str, plural: str, n: int) -> str:
    """click's `ngettext`."""
    return _nsaid(singular, plural, n)


def install() -> None:
    """Route click's messages through the project's catalog (again is harmless). A module
    that no longer binds them as expected is left alone: the contract test says so."""
    for name in MODULES:
        module = importlib.import_module(f"click.{name}")
        if getattr(module, "_", None) in (_stdlib.gettext, gettext):
            module._ = gettext
        if getattr(module, "ngettext", None) in (_stdlib.ngettext, ngettext):
            module.ngettext = ngettext


def usage_piece(piece: str) -> str:
    """A piece of a usage line in the language of the run (`[OPTIONS]`: `[VALG]`)."""
    return _said(piece) if piece in USAGE_PIECES else piece


class Option(click.Option):
    """An option with an environment variable (show_envvar) whose usage errors name it in the
    language of the run: click writes ` (env var: 'NYSJANSE_LANG')` without gettext."""

    def get_error_hint(self, ctx) -> str:
        hint = click.Parameter.get_error_hint(self, ctx)  # the option's names, as click's
        if self.show_envvar and self.envvar:
            names = [self.envvar] if isinstance(self.envvar, str) else self.envvar
            said = _said("env var: {var}").format(var=", ".join(f"'{n}'" for n in names))
            hint += f" ({said})"
        return hint


# The system's reasons a file does not open (its C library's English, as click shows them).
SYSTEM_REASONS = (N_("No such file or directory"), N_("Permission denied"),
                  N_("Is a directory"), N_("Not a directory"), N_("Read-only file system"),
                  N_("No space left on device"), N_("File name too long"),
                  N_("Too many levels of symbolic links"), N_("Operation not permitted"))


class File(click.File):
    """click.File whose refusal to open a file gives the system's reason in the language of
    the run (click shows the C library's English: `'x.jsonl': No such file or directory`)."""

    def convert(self, value, param, ctx):
        try:
            return super().convert(value, param, ctx)
        except click.BadParameter as error:
            cause = error.__context__  # click fails inside its `except OSError`
            if isinstance(cause, OSError) and cause.strerror:
                error.message = error.message.replace(cause.strerror, _said(cause.strerror))
            raise


class Worded(str):
    """A %-template for click that is worded when it is filled, not when it is declared:
    `click.version_option(message=VERSION)` (click fills it with %)."""

    def __mod__(self, values) -> str:
        return _said(str(self)) % values


VERSION = Worded("%(prog)s, version %(version)s")
