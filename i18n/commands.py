"""click commands whose help speaks the language of the run.

click fixes help texts when the commands are declared (at import), before any `--lang` is
read; these classes keep the English texts as declared (they are the message ids) and word
them at the moment help is shown. A command's help is its docstring: the prose is one message,
the example block after it (`\\b` then `Example:`) is shown as written, commands are commands in
every language. Every command of a group made with `Group` is a `Command`, so commands added
later are translated without asking. click's own words (errors, headings) are worded through
the same catalog: i18n.click_messages, installed when a command line starts.
"""
from __future__ import annotations

import inspect

import click

from . import LANGS, click_messages, current, use
from . import gettext as _

EXAMPLE = "\n\n\b\nExample:\n"


def help_parts(text: str | None) -> tuple[str, str]:
    """A command's help (cleaned as click cleans it) as (prose, example lines)."""
    cleaned = inspect.cleandoc(text or "")
    prose, _sep, example = cleaned.partition(EXAMPLE)
    return prose.strip(), example


def worded(text: str | None) -> str:
    prose, example = help_parts(text)
    said = _(prose) if prose else ""
    return said + (EXAMPLE.replace("Example:", _("Example:")) + example if example else "")


def asked_language(args: list[str]) -> str | None:
    """The language a command line asks for with `--lang` (the last one), read before click
    has parsed it; None when it asks for none (or for one that does not exist)."""
    asked = None
    for at, arg in enumerate(args):
        if arg == "--":
            break
        value = args[at + 1] if arg == "--lang" and at + 1 < len(args) else (
            arg[len("--lang="):] if arg.startswith("--lang=") else None)
        if value in LANGS:
            asked = value
    return asked


# What click refuses before any option of the command line takes effect, --lang included:
# the parser's own refusals and an unknown command (no callback has run yet).
BEFORE_OPTIONS = (click.NoSuchOption, click.BadOptionUsage, click.NoSuchCommand)


def _worded_again(attempt, args: list[str]):
    """`attempt()`; when click refuses the command line before its --lang took effect, once
    more in the language the line asks for, so that `--lang en` gets the whole refusal in
    English (scripts read it)."""
    try:
        return attempt()
    except BEFORE_OPTIONS:
        asked = asked_language(args)
        if asked is None or asked == current():
            raise
        use(asked)
    return attempt()


class Command(click.Command):

    def parse_args(self, ctx, args):
        given = list(args)  # click's parser consumes the list
        return _worded_again(lambda: super(Command, self).parse_args(ctx, list(given)), given)

    def format_usage(self, ctx, formatter) -> None:
        pieces = map(click_messages.usage_piece, self.collect_usage_pieces(ctx))
        formatter.write_usage(ctx.command_path, " ".join(pieces), prefix=_("Usage: "))

    def format_help_text(self, ctx, formatter) -> None:
        saved = self.help
        self.help = worded(saved)
        try:
            super().format_help_text(ctx, formatter)
        finally:
            self.help = saved

    def get_short_help_str(self, limit: int = 45) -> str:
        saved = self.help
        self.help = worded(saved)
        try:
            return super().get_short_help_str(limit)
        finally:
            self.help = saved

    def format_options(self, ctx, formatter) -> None:
        rows = []
        for param in self.get_params(ctx):
            if isinstance(param, click.Argument):
                continue
            saved = param.help
            param.help = _(inspect.cleandoc(saved)) if saved else saved
            try:
                record = param.get_help_record(ctx)
            finally:
                param.help = saved
            if record is not None:
                rows += _folded(record, formatter.width - formatter.current_indent - 2)
        if rows:
            with formatter.section(_("Options")):
                formatter.write_dl(rows)

    def format_epilog(self, ctx, formatter) -> None:
        if self.epilog:
            saved = self.epilog
            # an epilog marked N_ is its id as written, one given as `epilog="..."` is found
            # cleaned (i18n.catalog); click cleans what it shows either way
            said = _(saved)
            self.epilog = said if said != saved else _(inspect.cleandoc(saved))
            try:
                super().format_epilog(ctx, formatter)
            finally:
                self.epilog = saved


def _folded(record: tuple[str, str], width: int) -> list[tuple[str, str]]:
    """An option whose choices make its first column wider than the screen, as rows that each
    hold some of the choices (at `|`), the help beside the last."""
    spec, said = record
    if len(spec) <= width or "|" not in spec:
        return [record]
    rows, line = [], ""
    for part in spec.split("|"):
        piece = part if not line else "|" + part
        if line and len(line) + len(piece) > width:
            rows.append((line + "|", ""))
            line = "  " + part
        else:
            line += piece
    return [*rows, (line, said)]


class Group(Command, click.Group):
    command_class = Command

    def format_options(self, ctx, formatter) -> None:
        Command.format_options(self, ctx, formatter)
        self.format_commands(ctx, formatter)

    def make_context(self, info_name, args, parent=None, **extra):
        # each run starts in the language of its environment (NYSJANSE_LANG, else bokmål); an
        # unknown one is left to the --lang option to refuse. click's own messages follow it
        # from here on (not earlier: see click_messages)
        if parent is None:
            try:
                use(None)
            except ValueError:
                use("nb")
            click_messages.install()
        return super().make_context(info_name, args, parent=parent, **extra)

    def resolve_command(self, ctx, args):
        return _worded_again(lambda: super(Group, self).resolve_command(ctx, args), args)

    def format_commands(self, ctx, formatter) -> None:
        rows = []
        for name in self.list_commands(ctx):
            command = self.get_command(ctx, name)
            if command is not None and not command.hidden:
                rows.append((name, command))
        if rows:
            limit = formatter.width - 6 - max(len(name) for name, _c in rows)
            with formatter.section(_("Commands")):
                formatter.write_dl([(name, c.get_short_help_str(limit)) for name, c in rows])
