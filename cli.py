"""nysjanse: the command line. A shell that parses, calls the application and prints.

Imports are deferred into the commands: a recording command loads the write side only, a
read command the read side only (and the write side only when its read model must catch up).

Every word a person reads goes through the language layer (i18n): bokmål unless `--lang en`
or NYSJANSE_LANG=en. Messages on stderr have one shape, `<prefix>: <sentence>`, the prefix
saying what kind: `refused` (a rule), `invalid` (a value or a line), `error` (the store, a
file, an id that is not known).
"""
from __future__ import annotations

import functools
import getpass
import inspect
import json
import os
import sys
from datetime import date

import click

from store import files as store_files
from domain import vocabulary as allowed
from i18n import gettext as _
from i18n import ngettext, say
from i18n import click_messages
from i18n.commands import Group
from domain.messages import N_

EXIT_REFUSED = 1


class Refusal(click.ClickException):
    """One plain sentence on stderr, exit status 1, no traceback."""

    exit_code = EXIT_REFUSED

    def show(self, file=None) -> None:
        from domain.unsafe import escape  # it may name a stored or typed value
        click.echo(escape(self.format_message()), err=True)


def refused(error) -> Refusal:
    """A rule refused the fact."""
    return Refusal(_("refused: {reason}").format(reason=say(error)))


def invalid(error) -> Refusal:
    """A value (or a line) is not valid."""
    return Refusal(_("invalid: {reason}").format(reason=say(error)))


def failed(error) -> Refusal:
    """The store, a file, or an id that is not known."""
    return Refusal(_("error: {reason}").format(reason=say(error)))


# -- shared options (one definition each, as sqlite-utils does) ------------------------------

def store_options(func):
    """--db, --views and --lang: every command has them."""
    func = lang_option(func)
    func = click.option("--views", envvar="NYSJANSE_VIEWS", default=None, metavar="PATH",
                        show_envvar=True, cls=click_messages.Option,
                        help="Read-model file (default: beside the store; for a "
                        "PostgreSQL store in ~/.local/share/nysjanse).")(func)
    return click.option("--db", envvar="NYSJANSE_DB", default="nysjanse.db", show_default=True,
                        metavar="PATH|URL", show_envvar=True, cls=click_messages.Option,
                        callback=_parsed(_store_name),
                        help="Event store: an SQLite file or a postgresql:// URL.")(func)


def _speak(ctx, param, value):
    """Eager: the language is set before --help is shown (when given before it) and before
    any other option's message. Only a --lang on the command line sets it: NYSJANSE_LANG was
    applied when the run started (Group.make_context), and read again here by a command's own
    option it would undo a `--lang` given to the group (`nysjanse --lang nb stats`)."""
    from click.core import ParameterSource
    if value is not None and ctx.get_parameter_source(param.name) == ParameterSource.COMMANDLINE:
        from i18n import use
        use(value)
        if ctx.parent is None:  # the group's: the command's own option reads this, not a bad value
            os.environ["NYSJANSE_LANG"] = value
    return value


def lang_option(func):
    return click.option("--lang", type=click.Choice(["nb", "en"]), default=None, is_eager=True,
                        envvar="NYSJANSE_LANG", show_envvar=True, cls=click_messages.Option,
                        expose_value=False,
                        callback=_speak, help="Language of messages, tables and help: "
                        "nb (Norwegian bokmål, the default) or en.")(func)


def wide_option(func):
    return click.option("--wide", is_flag=True, default=False,
                        help="Never cut a table row (default: fit COLUMNS or the terminal).")(func)


def user_option(func):
    return click.option("--user", envvar="NYSJANSE_USER", default=lambda: _login(),
                        callback=_parsed(_name), show_envvar=True, cls=click_messages.Option,
                        help="Who records (default the login name).")(func)


def date_option(help_text: str = N_("Effective date YYYY-MM-DD (default today)."),
                name: str = "--date"):
    return click.option(name, "day", default=_today, metavar="YYYY-MM-DD", callback=_check_day,
                        help=help_text)


def known_at_option(func):
    return click.option("--known-at", default=None, metavar="TIME", callback=_check_known_at,
                        help="Answer as known then: RFC 3339 (2009-01-31T12:00:00+01:00) or a "
                             "date (the end of that day, Norwegian time).")(func)


def format_option(*choices: str):
    return click.option("--format", "fmt", type=click.Choice(choices), default="table",
                        show_default=True, help="Output format.")


def key_option(writes: bool, encrypts: bool = False):
    """--key-file (env NYSJANSE_KEY_FILE): the master key, handed to the command as `key`.

    Without either, the per-user default (store.keys.default_path) is used; a command that
    writes a new store creates it there and says so, once. A reading command on a store that is
    not there gets key=None: it says there is no store, which is the more useful sentence.
    `encrypts`: the command encrypts a plain store, which makes the key as a new store does.
    """
    def decorate(func):
        @functools.wraps(func)
        def command(*args, key_file, **kwargs):
            kwargs["key"] = _master_key(key_file, writes, kwargs.get("db"), encrypts)
            return func(*args, **kwargs)
        return click.option("--key-file", envvar="NYSJANSE_KEY_FILE", default=None,
                            metavar="FILE", show_envvar=True, cls=click_messages.Option,
                            help="The master key file (default the per-user key, see "
                            "docs/privacy.md).")(command)
    return decorate


KEY_NOTICE = N_("made a new master key in {path}; keep a copy of it somewhere else (without it "
              "nothing in the store can be read)")


def _master_key(key_file: str | None, writes: bool, db: str | None, encrypts: bool = False):
    from store import keys
    if db is not None and not writes and store_files.missing(db):
        return None
    if encrypts and (db is None or store_files.is_url(db) or store_files.missing(db)):
        return None  # nothing to encrypt: the migration says so, and no key is made for it
    # Only a store that may be new makes a key (a server's store cannot be looked at here).
    new = db is None or store_files.missing(db) or store_files.is_url(db)
    if encrypts and not new:
        from store.sqlcipher import is_plain
        new = is_plain(db)
    try:
        key, created = keys.find(key_file, create=writes and new)
    except keys.KeyProblem as problem:
        from store.sqlcipher import is_plain
        if db and not store_files.is_url(db) and is_plain(db):  # no key is what it needs first
            from store.identity import unencrypted_store
            raise failed(unencrypted_store(db)) from None
        where = (_("the store {db}").format(db=_masked(db)) if db else _("this command"))
        raise failed(_("{where} needs its master key, and {problem} (name the key file with "
                       "--key-file or NYSJANSE_KEY_FILE)").format(where=where, problem=say(problem))) from None
    if created:
        from domain.unsafe import escape
        click.echo(escape(_(KEY_NOTICE).format(path=key.path)), err=True)
    return key


def reader_option(func):
    return click.option("--user", envvar="NYSJANSE_USER", default=lambda: _login(),
                        callback=_parsed(_name), show_envvar=True, cls=click_messages.Option,
                        help="Who reads, as the access log names them (default the login "
                             "name).")(func)


def _login() -> str:
    try:
        return getpass.getuser()
    except Exception:  # no login name in a container: say who, not why
        return "unknown"


# Option values go through the domain's own parsers (domain.values). Text that is not the kind
# of value the option takes (not a date, a timestamp, a number, an id) is a usage error, exit 2,
# as click's own checks are; a value of the right kind outside the contract's limits (no such
# day, a year after 2100, 40 days, country XX, blank or control characters) is invalid input:
# one sentence, exit 1, like a fact the rules refuse.

def _parsed(parse):
    """An option callback: parse(value, label), a usage error, or an `invalid:` refusal."""
    def callback(ctx, param, value):
        if value is None:
            return None
        from domain.values import InvalidFact, MalformedValue
        label = param.opts[0].lstrip("-") if param.opts else param.name
        try:
            return parse(value, label)
        except MalformedValue as error:
            raise click.BadParameter(say(error)) from None
        except InvalidFact as error:
            raise invalid(error) from None
    return callback


def _day(value: str, label: str) -> str:
    from domain.values import parse_day
    parse_day(value, label)
    return value


def _known_at(value: str, label: str, start: bool = False) -> str:
    """A timestamp, or a plain date: the end of that day, Norwegian time (`start`: its start)."""
    from domain.values import DAY, parse_known_at
    from i18n import norway
    return parse_known_at(value, label, norway() if DAY.fullmatch(value) else None, start)


def _since(value: str, label: str) -> str:
    return _known_at(value, label, start=True)


def _store_name(value: str, label: str) -> str:
    """A store's name as given: any path or URL but none at all (SQLite would take '' for a
    temporary database, the group's environment for 'not set')."""
    if value == "":
        from domain.values import MalformedValue
        raise MalformedValue("the store's name is empty")
    return value


def _name(value: str, label: str) -> str:
    from domain.values import name
    return name(value, label)


def _identifier(value: str, label: str) -> str:
    from domain.values import identifier
    return identifier(value, label)


def _field(kind: str, convert=None):
    """A fact's field, checked as the interchange format checks it (after `convert`)."""
    def parse(value, label):
        from domain.facts import check_field
        if convert is not None:
            value = convert(value, label)
        check_field(kind, label.replace("-", "_"), value)
        return value
    return parse


def _number(value: str, label: str):
    from domain.values import number_text
    return number_text(value, label)


def _whole(value: str, label: str) -> int:
    from domain.values import integer_text
    return integer_text(value, label)


_check_day = _parsed(_day)
_check_since = _parsed(_since)
_check_known_at = _parsed(_known_at)
_check_participant = _parsed(_identifier)


def _complete(ctx, kind: str, incomplete: str) -> list:
    """Shell completion from the read models; nothing (and no message) when there is no
    store or it cannot be read."""
    try:
        from projections import queries
        db = ctx.params.get("db") or os.environ.get("NYSJANSE_DB") or "nysjanse.db"
        if store_files.missing(db):
            return []
        return [name for name in queries.ids(db, kind, views=ctx.params.get("views"))
                if name.startswith(incomplete)]
    except Exception:  # completion must never fail loudly
        return []


def _complete_participant(ctx, param, incomplete):
    return _complete(ctx, "participant", incomplete)


def _complete_event(ctx, param, incomplete):
    return _complete(ctx, "event", incomplete)


participant_argument = click.argument("participant", callback=_check_participant,
                                      shell_complete=_complete_participant)


def _today() -> str:
    return date.today().isoformat()


# -- the group --------------------------------------------------------------------------------

def _to_environment(name: str, parse=None):
    """A group-level option is handed to every command through its environment variable."""
    def callback(ctx, param, value):
        if parse is not None:
            value = _parsed(parse)(ctx, param, value)
        if value is not None:
            os.environ[name] = value
        return value
    return callback


ENVIRONMENT = N_("""\b
Environment (an option given on the command line wins):
  NYSJANSE_DB        the event store (--db)
  NYSJANSE_VIEWS     the read-model file (--views)
  NYSJANSE_USER      who records (--user)
  NYSJANSE_LANG      nb or en (--lang)
  NYSJANSE_WAIT      seconds to wait for a busy store (default 60)
  NYSJANSE_KEY_FILE  the master key file (--key-file)
  COLUMNS            the width tables fit (default the terminal's)

\b
Shell completion (bash; zsh and fish alike, see README):
  eval "$(_NYSJANSE_COMPLETE=bash_source nysjanse)"
""")


@click.group(cls=Group, context_settings={"help_option_names": ["-h", "--help"]},
             epilog=ENVIRONMENT)
@click.version_option(package_name="nysjanse", message=click_messages.VERSION)
@click.option("--db", default=None, metavar="PATH|URL", expose_value=False,
              callback=_to_environment("NYSJANSE_DB", _store_name),
              help="Event store, for every command.")
@click.option("--user", default=None, expose_value=False,
              callback=_to_environment("NYSJANSE_USER", _name), help="Who records, for every command.")
@click.option("--lang", type=click.Choice(["nb", "en"]), default=None, is_eager=True,
              expose_value=False, callback=_speak,
              help="Language of messages, tables and help, for every command.")
@click.option("--key-file", default=None, metavar="FILE", expose_value=False,
              callback=_to_environment("NYSJANSE_KEY_FILE"), help="Master key file, for every command.")
def cli():
    """Record and follow Ny sjanse participants, from intake to exit.

    \b
    Example:
        nysjanse intake p1 --project Bergen --counsellor c7 --gender F \\
            --country SO --resident-since 2004-05-01 \\
            --assistance-since 2007-09-01 --date 2008-03-01
        nysjanse --lang en stats 2008
    """


def _terminated(signum, frame) -> None:
    # SIGTERM (kill, timeout, a service stop) unwinds as Ctrl-C does: the transaction is rolled
    # back and a store the command created is removed, instead of the process just ending.
    raise SystemExit(128 + signum)


def main() -> None:
    import signal
    signal.signal(signal.SIGTERM, _terminated)
    for name, mode in (("stdin", "r"), ("stdout", "w"), ("stderr", "w")):
        if getattr(sys, name) is None:  # closed by the shell (`<&-`, `>&-`): as /dev/null
            setattr(sys, name, open(os.devnull, mode, encoding="utf-8"))
    cli(prog_name="nysjanse")


# -- recording ----------------------------------------------------------------------------------

def _open_app(db: str, user: str, key, reading: bool = False):
    """The store's application; `reading`: for a command that needs the store there already
    (a server's empty database is not made a store)."""
    from store.application import Programme, StoreError
    try:
        return Programme(db, user, key=key, reading=reading)
    except StoreError as error:
        raise failed(error) from None
    except Exception as error:  # unreachable server, not a database file
        from store.application import mask, scrub
        raise failed(StoreError("cannot open the store {db}: {reason}", db=mask(db),
                                reason=scrub(_plain(error), db))) from None


def _plain(error: Exception) -> str:
    return str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__


def _record(db: str, user: str, key, type_: str, participant: str, day: str, app=None, /,
            **fields) -> None:
    """Record one fact of type `type_` (an optional field given as None is left out); print
    its id."""
    from store.application import StoreError
    from domain.facts import InvalidFact, of
    from domain.rules import RuleBroken
    fact = of(type_, participant, day, **fields)
    with store_files.NewStore(db) as new:
        app = new.uses(app or _open_app(db, user, key))
        try:
            stored = app.record(fact)
        except InvalidFact as error:
            raise invalid(error) from None
        except RuleBroken as error:
            raise refused(error) from None
        except StoreError as error:
            raise failed(error) from None
        new.written()
    click.echo(stored["id"])


def recording(name: str, example: str):
    """A recording command: the participant argument, --date, --db and --user."""
    def decorate(func):
        # cleandoc first: the docstring's own indentation must not survive next to the example's
        lines = "\n".join(f"    {line}" for line in example.splitlines())
        func.__doc__ = inspect.cleandoc(func.__doc__ or "") + f"\n\n\b\nExample:\n{lines}\n"
        func = key_option(writes=True)(func)
        func = date_option()(func)
        func = user_option(func)
        func = store_options(func)
        return cli.command(name)(func)
    return decorate


@recording("intake", "nysjanse intake p1 --project Bergen --counsellor c7 --gender F \\\n"
           "    --country SO --resident-since 2004-05-01 \\\n"
           "    --assistance-since 2007-09-01 --date 2008-03-01")
@participant_argument
@click.option("--project", required=True, callback=_parsed(_field("intake")),
              help="Project name, e.g. Bergen or 'Oslo Grorud'.")
@click.option("--counsellor", required=True, callback=_parsed(_field("intake")),
              help="The programme counsellor's id.")
@click.option("--gender", required=True, type=click.Choice(allowed.GENDERS), help="Gender.")
@click.option("--country", required=True, callback=_parsed(_field("intake")),
              help="Country of background, ISO 3166 alpha-2 (SO).")
@click.option("--resident-since", required=True, callback=_parsed(_field("intake")),
              metavar="YYYY-MM-DD", help="Date the person settled in the municipality.")
@click.option("--assistance-since", callback=_parsed(_field("intake")), metavar="YYYY-MM-DD",
              help="Start of continuous social assistance; leave out when none.")
@click.option("--birth-year", callback=_parsed(_field("intake", _whole)), metavar="YEAR",
              help="Year of birth; leave out when unknown.")
@click.option("--intro-programme", type=click.Choice(allowed.INTRO_PROGRAMME), default=None,
              help="How the introduction programme went (left out: none).")
def intake(participant, project, counsellor, gender, country, resident_since,
           assistance_since, birth_year, intro_programme, day, user, db, views, key):
    """Start a participant in the programme (checks eligibility and the caseload cap)."""
    _record(db, user, key, "intake", participant, day, project=project, counsellor=counsellor,
            gender=gender, country=country, birth_year=birth_year, resident_since=resident_since,
            assistance_since=assistance_since, intro_programme=intro_programme)


@recording("counsellor", "nysjanse counsellor p1 --counsellor c9 --date 2008-05-01")
@participant_argument
@click.option("--counsellor", required=True, callback=_parsed(_field("counsellor_change")),
              help="The counsellor who takes over.")
def counsellor(participant, counsellor, day, user, db, views, key):
    """Hand a participant over to another counsellor."""
    _record(db, user, key, "counsellor_change", participant, day, counsellor=counsellor)


@recording("plan", "nysjanse plan p1 --measure norwegian --measure work_practice --goal work")
@participant_argument
@click.option("--measure", "measures", multiple=True, required=True,
              type=click.Choice(allowed.MEASURES),
              help="A measure of the plan; repeat for each.")
@click.option("--goal", type=click.Choice(allowed.GOALS), help="What the plan aims at.")
def plan(participant, measures, goal, day, user, db, views, key):
    """Make or revise the participant's written individual plan."""
    _record(db, user, key, "plan", participant, day, measures=list(measures), goal=goal)


def _not_both(first: bool, second: bool, first_name: str, second_name: str) -> None:
    """Two opposite flags given together are a usage error (click would keep the last)."""
    if first and second:
        raise click.UsageError(_("say only one of {first} and {second}").format(
            first=first_name, second=second_name))


@recording("absence", "nysjanse absence p1 --days 2 --invalid --note 'no message'")
@participant_argument
@click.option("--days", required=True, callback=_parsed(_field("absence", _number)),
              help="Days away, in steps of 0.5 (max 31).")
@click.option("--valid", is_flag=True, help="A valid absence.")
@click.option("--invalid", is_flag=True, help="An invalid absence.")
@click.option("--note", callback=_parsed(_field("absence")),
              help="A short note, e.g. the reason given.")
def absence(participant, days, valid, invalid, note, day, user, db, views, key):
    """Record days of absence from the full-time programme."""
    _not_both(valid, invalid, "--valid", "--invalid")
    if not valid and not invalid:
        raise click.UsageError(_("say --valid or --invalid"))
    _record(db, user, key, "absence", participant, day, days=days, valid=valid, note=note)


@recording("suspend", "nysjanse suspend p1 --reason parental_leave --date 2008-09-01")
@participant_argument
@click.option("--reason", required=True, type=click.Choice(allowed.SUSPENSION_REASONS),
              help="Why the programme is paused.")
def suspend(participant, reason, day, user, db, views, key):
    """Pause the programme (leave)."""
    _record(db, user, key, "suspension", participant, day, reason=reason)


@recording("resume", "nysjanse resume p1 --date 2009-02-01")
@participant_argument
def resume(participant, day, user, db, views, key):
    """Go on with a paused programme."""
    _record(db, user, key, "resumption", participant, day)


@recording("transfer", "nysjanse transfer p1 --date 2008-10-01")
@participant_argument
@click.option("--programme", default=None, callback=_parsed(_field("transfer_to_nav")),
              help="Default: kvalifiseringsprogram.")
def transfer(participant, programme, day, user, db, views, key):
    """Transfer the participant to NAV's qualification programme (ends the participation)."""
    _record(db, user, key, "transfer_to_nav", participant, day, programme=programme)


@recording("exit", "nysjanse exit p1 --aborted --by decision --reason invalid_absence")
@participant_argument
@click.option("--completed", is_flag=True, help="Completed the programme.")
@click.option("--aborted", is_flag=True, help="Left before completing.")
@click.option("--outcome", type=click.Choice(allowed.OUTCOMES),
              help="What the participant goes on to (with --completed).")
@click.option("--by", "by", type=click.Choice(allowed.ABORTED_BY),
              help="Who ended it: the participant left, or the project decided (with --aborted).")
@click.option("--reason", type=click.Choice(allowed.ABORT_REASONS),
              help="Why it ended early (with --aborted).")
def exit_(participant, completed, aborted, outcome, by, reason, day, user, db, views, key):
    """The participant leaves the programme (completed or aborted).

    Completed needs --outcome; aborted needs --by and --reason.
    """
    _not_both(completed, aborted, "--completed", "--aborted")
    if not completed and not aborted:
        raise click.UsageError(_("say --completed or --aborted"))
    kind = "completed" if completed else "aborted"
    _record(db, user, key, "exit", participant, day, kind=kind, outcome=outcome, by=by, reason=reason)


@recording("follow-up", "nysjanse follow-up p1 --months 6 --employed --industry cleaning")
@participant_argument
@click.option("--months", required=True,
              type=click.Choice([str(months) for months in allowed.FOLLOW_UP_MONTHS]),
              help="Months after the exit.")
@click.option("--employed", is_flag=True, help="The former participant is in work.")
@click.option("--not-employed", is_flag=True, help="The former participant is not in work.")
@click.option("--industry", type=click.Choice(allowed.INDUSTRIES),
              help="The industry of the work (with --employed).")
def follow_up(participant, months, employed, not_employed, industry, day, user, db, views, key):
    """Record a former participant's follow-up (the incentive scheme pays on these)."""
    _not_both(employed, not_employed, "--employed", "--not-employed")
    if not employed and not not_employed:
        raise click.UsageError(_("say --employed or --not-employed"))
    _record(db, user, key, "follow_up", participant, day, months=int(months), employed=employed,
            industry=industry)


@cli.command("retract")
@click.argument("event_id", callback=_parsed(_identifier), shell_complete=_complete_event)
@click.option("--reason", required=True, callback=_parsed(_field("retraction")),
              help="Why the event was wrong.")
@date_option("Date of the retraction (default today).")
@user_option
@store_options
@key_option(writes=True)
def retract(event_id, reason, day, user, db, views, key):
    """Retract an event recorded in error; it then counts as never having happened.

    A correction is a retraction followed by the right event.

    \b
    Example:
        nysjanse retract e3a9c0d2f1 --reason "recorded with the wrong outcome"
    """
    from store.application import UnknownEvent
    if store_files.missing(db):
        raise failed(_("no store at {db}: nothing to retract").format(db=_masked(db)))
    app = _open_app(db, user, key, reading=True)
    try:
        participant = app.participant_of(event_id)
    except UnknownEvent as error:
        raise failed(error) from None
    _record(db, user, key, "retraction", participant, day, app, event=event_id, reason=reason)


@cli.command("erase")
@click.argument("participant", callback=_check_participant)
@click.option("--reason", required=True, callback=_parsed(_field("erasure")),
              help="Why: the participant's request, the end of the retention period, ...")
@user_option
@store_options
@key_option(writes=True)
def erase(participant, reason, user, db, views, key):
    """Erase a participant: their id and personal fields are destroyed for good.

    What the statistics count stays, under a pseudonym: every figure, status and caseload
    count is unchanged. Cannot be undone; nothing more can be recorded for them.

    \b
    Example:
        nysjanse erase p1 --reason "asked to be erased (GDPR art. 17)"
    """
    from domain.facts import InvalidFact
    from domain.rules import RuleBroken
    from store.application import StoreError, UnknownParticipant
    if store_files.missing(db):
        raise failed(_("no store at {db}: nothing to erase").format(db=_masked(db)))
    app = _open_app(db, user, key, reading=True)
    try:
        erased = app.erase(participant, reason)
    except UnknownParticipant as error:
        raise failed(error) from None
    except InvalidFact as error:
        raise invalid(error) from None
    except RuleBroken as error:
        raise refused(error) from None
    except StoreError as error:
        raise failed(error) from None
    _catch_up_after_erasure(db, views, key)
    click.echo(_("erased {participant}; now {pseudonym}").format(
        participant=participant, pseudonym=erased["participant"]))


def _catch_up_after_erasure(db: str, views: str | None, key) -> None:
    """The read models beside the store drop the name now, not at the next read."""
    from projections import ViewsError, queries
    try:
        queries.catch_up(db, views, key)
    except ViewsError as error:
        click.echo(f"note: the read models drop the name at the next read ({error})", err=True)


# -- moving data --------------------------------------------------------------------------------

@cli.command("import")
@click.argument("source", type=click_messages.File("r", encoding="utf-8", lazy=False),
                metavar="FILE|-")
@user_option
@store_options
@key_option(writes=True)
def import_(source, user, db, views, key):
    """Import events in the interchange format (JSON Lines): all or nothing.

    Lines whose id is already stored with the same content are skipped, so importing a file
    twice changes nothing. Invalid lines are listed as `line N: reason`.

    \b
    Example:
        nysjanse import events.jsonl
        cat events.jsonl | nysjanse import -
    """
    from store.application import StoreError
    from store.transfer import ImportRefused, import_lines
    with store_files.NewStore(db) as new:
        app = new.uses(_open_app(db, user, key))
        try:
            result = import_lines(app, _with_progress(source), user)
        except ImportRefused as refusal:
            from domain.unsafe import escape
            for line in refusal.errors:
                click.echo(escape(say(line)), err=True)
            more = refusal.count - len(refusal.errors)
            if more:
                click.echo(ngettext("... and {n} more invalid line", "... and {n} more invalid lines",
                                    more).format(n=more), err=True)
            raise refused(refusal) from None
        except StoreError as error:
            raise failed(error) from None
        except UnicodeDecodeError:
            raise refused(_("the file is not valid UTF-8; nothing was imported")) from None
        if result.written:
            new.written()
    events = ngettext("{n} event", "{n} events", result.written).format(n=result.written)
    people = ngettext("{n} participant", "{n} participants",
                      len(result.participants)).format(n=len(result.participants))
    said = _("imported {events} for {participants}").format(events=events, participants=people)
    if result.skipped:
        said += _("; skipped {n} already stored").format(n=result.skipped)
    click.echo(said, err=True)


def _with_progress(source):
    """A progress bar on stderr when it is a terminal and the size is known."""
    if not sys.stderr.isatty() or source.name == "<stdin>":
        yield from source
        return
    size = os.path.getsize(source.name)
    with click.progressbar(length=size, label=_("importing"), file=sys.stderr) as bar:
        for line in source:
            bar.update(len(line.encode("utf-8")))
            yield line


@cli.command("export")
@known_at_option
@click.option("--output", "-o", default="-", metavar="FILE", show_default=True,
              help="The file to write (replaced whole, or left as it was); - is standard output.")
@reader_option
@store_options
@key_option(writes=False)
def export(known_at, output, user, db, views, key):
    """Write every event in recording order, in the interchange format (re-importable).

    \b
    Example:
        nysjanse export > events.jsonl
        nysjanse export --known-at 2009-01-31 -o as-published.jsonl
    """
    from store.application import StoreError
    from store.transfer import export_lines
    _require_store(db)
    _not_our_own(output, db, views, key)
    app = _open_app(db, "export", key, reading=True)
    log_access(db, user, app.pseudonyms(), key=key)  # everyone named, before a line is out
    try:
        if output == "-":
            for line in export_lines(app, known_at):
                click.echo(line)
            return
        from store.files import replace_whole
        replace_whole(output, (line + "\n" for line in export_lines(app, known_at)))
    except StoreError as error:  # a stored event that does not open: no file is left
        raise failed(error) from None
    except OSError as error:
        if output == "-":
            raise  # standard output closed: as every command that prints
        from store.files import unwritable
        raise failed(_("cannot write {file}: {reason}").format(
            file=repr(output) if not os.path.basename(output) else output,
            reason=say(unwritable(error, output)))) from None
    click.echo(_("wrote {file}").format(file=output), err=True)


@cli.command("demo")
@store_options
@key_option(writes=True)
def demo(db, views, key):
    """Load the bundled 2008 programme year into the store and print its statistics.

    The history (2005-2008, 22 projects) is generated, seeded, and written through every rule;
    `stats 2008` on it reproduces the figures IMDi published for 2008. Runs again on the same
    store without writing anything; refuses a store that holds other events.

    \b
    Example:
        nysjanse demo
        nysjanse demo --db demo.db && nysjanse report 2008 --db demo.db -o r.html
    """
    from demo import DemoRefused, load
    with store_files.NewStore(db) as new:
        try:
            loaded = load(new.uses(_open_app(db, "demo", key)), _masked(db))
        except DemoRefused as refusal:
            raise failed(refusal) from None
        new.written()
    if loaded:
        click.echo(_("loaded the 2008 demo year: {events} events for {participants} "
                     "participants into {db}").format(events=loaded.events,
                                                      participants=loaded.participants,
                                                      db=_masked(db)), err=True)
    from projections import queries, render
    data, head = queries.stats_with_head(db, 2008, views=views, key=key)
    click.echo(render.table("stats", data) + "\n" + render.head_line(head), nl=False)


OWN_FILES = (N_("the store"), N_("the read models"), N_("the access log"), N_("the master key"))


def _not_our_own(output: str, db: str, views: str | None, key) -> None:
    """Refuse an output file that is one of nysjanse's own (through any link): writing the
    page or the export over the store or its key would destroy them for good."""
    if output == "-" or not os.path.exists(output):
        return
    from projections import views_path
    from store.access import log_path
    own = [(OWN_FILES[3], getattr(key, "path", None))]
    if not store_files.is_url(db):
        own.append((OWN_FILES[0], db))
    own += [(OWN_FILES[1], views or views_path(db)), (OWN_FILES[2], log_path(db))]
    for what, path in own:
        for name in ((path, path + "-wal", path + "-shm", path + "-journal") if path else ()):
            if os.path.exists(name) and os.path.samefile(output, name):
                raise failed(_("cannot write {file}: it is nysjanse's own file ({what})").format(
                    file=output, what=_(what)))


def _masked(db: str) -> str:
    from store.application import mask
    return mask(db)


def _require_store(db: str) -> None:
    if store_files.missing(db):
        raise failed(_("no store at {db}: import or record events first").format(
            db=_masked(db)))


# -- the access log ----------------------------------------------------------------------------

def command_text(named: dict[str, str] | None = None) -> str:
    """The running command with the arguments given on the command line, as the access log
    keeps it: participants' ids (keys of `named`) replaced by their pseudonyms."""
    import shlex
    from click.core import ParameterSource
    ctx = click.get_current_context()
    words = [ctx.info_name]
    for param in ctx.command.params:
        if param.name in ("db", "views", "user"):
            continue
        value = ctx.params.get(param.name)
        if isinstance(param, click.Argument):
            words.append((named or {}).get(value, value))
        elif ctx.get_parameter_source(param.name) == ParameterSource.COMMANDLINE:
            flag = param.opts[0]
            if getattr(param, "is_flag", False):
                words.append(flag if value else (param.secondary_opts or [flag])[0])
            else:
                for one in (value if isinstance(value, (list, tuple)) else [value]):
                    words += [flag, str((named or {}).get(one, one))]
    return shlex.join(str(w) for w in words)


def log_access(db: str, user: str, pseudonyms, named: dict[str, str] | None = None,
               key=None) -> None:
    """Append the running command to the access log (before anything is shown): the one call
    every command that shows named participants makes. `pseudonyms`: whom it shows; `named`:
    {id: pseudonym} of ids in its arguments. A read that cannot be logged is refused."""
    from store.access import AccessLogError, log
    try:
        log(db, user, command_text(named), pseudonyms, key)
    except AccessLogError as error:
        raise failed(error) from None


# -- reading --------------------------------------------------------------------------------------

def _width(wide: bool) -> int | None:
    """The width tables fit: none with --wide; COLUMNS when set; else the terminal's; and when
    the output is not a terminal (a pipe, a file), none: rows are not cut."""
    if wide:
        return None
    columns = os.environ.get("COLUMNS", "")
    if columns.isdigit() and int(columns) > 0:
        return int(columns)
    if sys.stdout.isatty():
        import shutil
        return shutil.get_terminal_size().columns
    return None


def _read(kind: str, fmt: str, call, user: str | None = None, db: str | None = None,
          participant: str | None = None, key=None, headed: bool = False, wide: bool = False):
    """Run a read-side query and print it as table, JSON or CSV; with `user`, the query is
    given a list to name the participants it shows, and the access log gets them first.
    `headed`: the call returns (data, the log's head it was computed from), printed as the
    table's last line. `wide`: never cut a table row."""
    from projections import UnknownParticipant, ViewsError
    seen: list[str] | None = [] if user is not None else None
    head = None
    try:
        data = call(seen) if seen is not None else call()
        if headed:
            data, head = data
    except (UnknownParticipant, ViewsError) as error:
        raise failed(error) from None
    except ValueError as error:  # a day or knowledge time the read side cannot use
        raise invalid(error) from None
    if seen is not None:
        named = {participant: seen[0]} if participant is not None and seen else {}
        log_access(db, user, seen, named, key)
    if fmt == "json":
        from domain.unsafe import escape_json  # stored text may hold control characters
        click.echo(escape_json(json.dumps(data, ensure_ascii=False, indent=1)))
    elif fmt == "csv":
        from projections import render
        click.echo(render.csv(kind, data), nl=False)
    else:
        from projections import render
        text = render.table(kind, data, width=_width(wide))
        if head is not None:
            text += "\n" + render.head_line(head)
        click.echo(text, nl=head is None)


def reading(name: str, *formats: str):
    """A read command: --format (table first), --wide, --db, --views, --lang."""
    def decorate(func):
        func = key_option(writes=False)(func)
        func = store_options(func)
        func = wide_option(func)
        func = format_option(*formats)(func)
        return cli.command(name)(func)
    return decorate


@reading("stats", "table", "json", "csv")
@click.argument("year", type=click.IntRange(1990, 2100))
@known_at_option
def stats(year, known_at, fmt, wide, db, views, key):
    """The annual statistics for a calendar year, as in the programme's report.

    \b
    Example:
        nysjanse stats 2008
        nysjanse stats 2008 --known-at 2009-01-31 --format json
    """
    from projections import queries
    _require_store(db)
    if fmt == "table":  # its last line states the log's head the figures come from
        _read("stats", fmt, lambda: queries.stats_with_head(db, year, known_at=known_at,
                                                            views=views, key=key),
              headed=True, wide=wide)
    else:
        _read("stats", fmt, lambda: queries.stats(db, year, known_at=known_at, views=views,
                                                  key=key))


@reading("status", "table", "json", "csv")
@date_option(N_("Effective date (default today)."))
@known_at_option
@reader_option
def status(day, known_at, fmt, wide, user, db, views, key):
    """Everyone active on a day (year-end status on 31 December), with a summary.

    \b
    Example:
        nysjanse status --date 2008-12-31
    """
    from projections import queries
    _require_store(db)
    _read("status", fmt, lambda seen: queries.status(db, day, known_at=known_at, views=views,
                                                     key=key, seen=seen), user, db, key=key,
          wide=wide)


@reading("caseload", "table", "json", "csv")
@click.option("--counsellor", default=None, callback=_parsed(_name), help="Only this counsellor.",
              shell_complete=lambda ctx, param, incomplete: _complete(ctx, "counsellor",
                                                                      incomplete))
@date_option(N_("Effective date (default today)."))
@known_at_option
@reader_option
def caseload(counsellor, day, known_at, fmt, wide, user, db, views, key):
    """Each counsellor's active participants on a day, and what needs attention.

    \b
    Example:
        nysjanse caseload --counsellor c7 --date 2008-06-30
    """
    from projections import queries
    _require_store(db)
    # The table and CSV mark what needs attention; JSON stays exactly the contract's.
    query = queries.caseload if fmt == "json" else queries.caseload_detail
    _read("caseload", fmt, lambda seen: query(db, day, counsellor=counsellor, known_at=known_at,
                                              views=views, key=key, seen=seen), user, db,
          key=key, wide=wide)


@reading("show", "table", "json", "csv")
@participant_argument
@date_option(N_("Effective date (default today)."))
@known_at_option
@reader_option
def show(participant, day, known_at, fmt, wide, user, db, views, key):
    """One participant on a day: state, counsellor, plan, absence, events.

    \b
    Example:
        nysjanse show p1 --date 2008-12-31
    """
    from projections import queries
    _require_store(db)
    _read("show", fmt, lambda seen: queries.show(db, participant, day, known_at=known_at,
                                                 views=views, key=key, seen=seen),
          user, db, participant, key, wide=wide)


@reading("history", "table", "json", "csv")
@participant_argument
@click.option("--known-at", default=None, metavar="TIME", callback=_check_known_at,
              help="The record as it stood then: events recorded later left out, retractions "
                   "recorded later not applied (RFC 3339, or a date: the end of that day).")
@reader_option
def history(participant, known_at, fmt, wide, user, db, views, key):
    """Every event of a participant, retracted ones too, with who recorded it and when.

    \b
    Example:
        nysjanse history p1 --format csv > p1.csv
        nysjanse history p1 --known-at 2009-01-31
    """
    from projections import queries
    _require_store(db)
    _read("history", fmt, lambda seen: queries.history(db, participant, known_at=known_at,
                                                       views=views, key=key, seen=seen),
          user, db, participant, key, wide=wide)


# -- auditing -------------------------------------------------------------------------------------

def _audit(kind: str, fmt: str, call, user: str, db: str, key, wide: bool = False) -> None:
    """explain and changes answer through here: the one place an auditor's question is
    answered, and the access log records whom it named."""
    _read(kind, fmt, call, user, db, key=key, wide=wide)


@reading("explain", "table", "json", "csv")
@click.argument("year", type=click.IntRange(1990, 2100))
@click.argument("figure")
@known_at_option
@reader_option
def explain(year, figure, known_at, fmt, wide, user, db, views, key):
    """The participants behind a count of `stats YEAR`, each with the events that put them there.

    FIGURE is a dotted path of the stats JSON (a project's name may hold dots).

    \b
    Example:
        nysjanse explain 2008 exit_types.completed
        nysjanse explain 2008 projects.Bergen.exits --known-at 2009-01-31
    """
    from projections import queries
    _require_store(db)
    _audit("explain", fmt, lambda seen: queries.explain(db, year, figure, known_at=known_at,
                                                        views=views, key=key, seen=seen),
           user, db, key, wide)


@reading("changes", "table", "json", "csv")
@click.argument("year", type=click.IntRange(1990, 2100))
@click.option("--from", "since", required=True, metavar="TIME", callback=_check_known_at,
              help="What was known then (e.g. when the figures were published).")
@click.option("--to", "until", default=None, metavar="TIME", callback=_check_known_at,
              help="Compared with what was known then (default: now).")
@reader_option
def changes(year, since, until, fmt, wide, user, db, views, key):
    """Every figure of `stats YEAR` that changed between two knowledge times, and why.

    \b
    Example:
        nysjanse changes 2008 --from 2009-01-31
        nysjanse changes 2008 --from 2009-01-31 --to 2010-06-30T00:00:00+02:00
    """
    from projections import queries
    _require_store(db)
    _audit("changes", fmt, lambda seen: queries.changes(db, year, since, until, views=views,
                                                        key=key, seen=seen), user, db, key, wide)


@cli.command("access-log")
@click.option("--participant", default=None, callback=_check_participant,
              help="Only entries that show this participant (id, or pseudonym once erased).")
@click.option("--user", "who", default=None, callback=_parsed(_name),
              help="Only entries of this user.")
@click.option("--since", default=None, metavar="TIME", callback=_check_since,
              help="Only entries from then on: RFC 3339 (2026-01-01T08:00:00+01:00) or a date "
                   "(from the start of that day, Norwegian time).")
@format_option("table", "json", "csv")
@store_options
@key_option(writes=False)
def access_log(participant, who, since, fmt, db, views, key):
    """Who was shown which participants, when, and by which command (oldest first).

    \b
    Example:
        nysjanse access-log --participant p1 --format json
    """
    from projections import queries
    from store.access import AccessLogError
    _require_store(db)
    try:
        _read("access-log", fmt, lambda: queries.access_log(db, participant, who, since, views,
                                                                 key))
    except AccessLogError as error:
        raise failed(error) from None


@cli.command("report")
@click.argument("year", type=click.IntRange(1990, 2100))
@click.option("--output", "-o", required=True, metavar="FILE",
              help="The HTML file to write; - writes the page to standard output.")
@known_at_option
@click.option("--changes-since", default=None, metavar="TIME", callback=_check_known_at,
              help="Add an appendix of the figures changed since then (as `changes`); it "
                   "names participants, so the access log records the report.")
@reader_option
@store_options
@key_option(writes=False)
def report_(year, output, known_at, changes_since, user, db, views, key):
    """The annual report as one self-contained HTML page: figures, tables, key numbers.

    \b
    Example:
        nysjanse report 2008 --output r.html
        nysjanse report 2008 -o - --lang en --known-at 2009-01-31 > r-en.html
        nysjanse report 2008 -o r.html --changes-since 2009-01-31
    """
    _require_store(db)
    _not_our_own(output, db, views, key)
    from domain.unsafe import escape
    from i18n import current
    from projections import ViewsError
    from report import WriteFailed, build_report, write_report  # matplotlib: loaded only here

    def log_named(pseudonyms):  # the appendix's participants, before a byte of the page
        log_access(db, user, pseudonyms, key=key)
    try:
        if output == "-":
            page = build_report(db, year, known_at=known_at, lang=current(), views=views,
                                key=key, changes_since=changes_since, log_named=log_named)
        else:
            write_report(db, year, output, known_at=known_at, lang=current(), views=views,
                         key=key, changes_since=changes_since, log_named=log_named)
    except WriteFailed as error:
        raise failed(error) from None
    except ViewsError as error:
        raise failed(_("no report written: {reason}").format(reason=say(error))) from None
    except (ValueError, OSError) as error:  # a domain sentence (InvalidFact) is worded
        reason = say(error) if hasattr(error, "say") else _plain(error)
        raise failed(_("no report written: {reason}").format(reason=reason)) from None
    if output == "-":
        click.echo(page, nl=False)
    else:
        click.echo(_("wrote {file}").format(file=escape(output)), err=True)


def _check_head(ctx, param, value):
    if value is None:
        return None
    from store.chain import parse_head
    head = parse_head(value)
    if head is None:
        raise click.BadParameter(_("{value!r} is not POSITION:DIGEST (the digest in 64 "
                                   "hexadecimal digits, or its first 16)").format(value=value))
    return head


@cli.command("verify")
@click.option("--head", default=None, metavar="POSITION:DIGEST", callback=_check_head,
              help="A head published earlier (stats, report, verify): the log must still hold "
                   "that record at that position.")
@format_option("table", "json")
@store_options
@key_option(writes=False)
def verify(head, fmt, db, views, key):
    """Check the log's hash chain: no record changed, removed, reordered or added behind
    nysjanse's back. Exit 0 with the head, or 1 naming the first position where it breaks.

    \b
    Example:
        nysjanse verify
        nysjanse verify --head 8859:3f2a9c0d4e5b6a71 --format json
    """
    from store.application import StoreError
    _require_store(db)
    app = _open_app(db, "verify", key, reading=True)
    try:
        verdict = app.verify(head)
    except StoreError as error:
        raise failed(error) from None
    if fmt == "json":
        click.echo(json.dumps(verdict.as_json()))
    else:
        from projections import render
        click.echo(render.verify_table({**verdict.as_json(), "events": verdict.events,
                                        "head": head}), nl=False)
    if not verdict.ok:
        click.get_current_context().exit(EXIT_REFUSED)


@cli.command("rebuild")
@store_options
@key_option(writes=False)
def rebuild(db, views, key):
    """Throw the read models away and rebuild them from the events.

    \b
    Example:
        nysjanse rebuild
    """
    from projections import ViewsError, queries
    _require_store(db)
    try:
        queries.rebuild(db, views=views, progress=sys.stderr.isatty(), key=key)
    except ViewsError as error:
        raise failed(error) from None
    click.echo(_("read models rebuilt"), err=True)


# -- keys -----------------------------------------------------------------------------------------

@cli.group("key", cls=Group)
@lang_option
def key_group():
    """The master key that encrypts the store and the read models (see docs/privacy.md).

    \b
    Example:
        nysjanse key new ~/nysjanse.key
    """


@key_group.command("new")
@click.argument("file", metavar="FILE")
@lang_option
def key_new(file):
    """Write a new master key to FILE (64 hexadecimal characters, mode 0600); never overwrites.

    \b
    Example:
        nysjanse key new ~/nysjanse.key && export NYSJANSE_KEY_FILE=~/nysjanse.key
    """
    from store import keys
    try:
        made = keys.write_new(file)
    except keys.KeyProblem as problem:
        raise failed(problem) from None
    from domain.unsafe import escape
    click.echo(escape(_("wrote a new master key to {path}; keep a copy of it somewhere "
                        "else").format(path=made.path)), err=True)


@key_group.command("migrate")
@user_option
@store_options
@key_option(writes=True, encrypts=True)
def key_migrate(user, db, views, key):
    """Encrypt a store written before nysjanse encrypted its files, keeping every event.

    Every event keeps its id, recorded_at and recorded_by; the plain file is overwritten and
    removed, and the read models are built again, encrypted, on the next read.

    \b
    Example:
        nysjanse key migrate --db bergen.db
    """
    from projections import views_path
    from store.application import StoreError
    from store.migration import migrate
    try:
        # (a server's read models are not made here: the migration refuses a server first)
        done = migrate(db, key, user, views or ("" if store_files.is_url(db) else views_path(db)))
    except StoreError as error:
        raise failed(error) from None
    from domain.unsafe import escape
    click.echo(escape(ngettext(
        "encrypted the store {db} with the key in {path}: {events} events for {participants} "
        "participants kept; the plain file was overwritten and removed ({removed})",
        "encrypted the store {db} with the key in {path}: {events} events for {participants} "
        "participants kept; the plain files were overwritten and removed ({removed})",
        len(done.removed)).format(db=db, path=key.path, events=done.events,
                                  participants=done.participants,
                                  removed=", ".join(done.removed))), err=True)


if __name__ == "__main__":  # `python -m cli` is the same command line as the `nysjanse` script
    main()
