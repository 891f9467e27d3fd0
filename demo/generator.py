"""The demo programme history, 2005 to 2008, that reproduces the published 2008 figures.

`generate(seed)` returns the facts of 1 221 made-up participants (901 took part in 2005-2007,
320 started in 2008) in the order they were recorded (interchange format version 1). It is
seeded and uses no data files: the same seed gives the same facts.

How it works. The published figures (docs/programme.md; named in demo/targets.py) are treated
as a small constraint problem, solved in this order:

1. Head counts (demo/headcounts.py). Every 2008 participant gets a project, a gender and a
   *slot*: transferred to NAV, still active on 2008-12-31 (new in 2008 / started in 2007 /
   started before 2007), or left with one particular exit (completed with an outcome, or
   aborted by someone for a reason). The per-project table and the exit slots are chosen so
   that every count in the report comes out exactly (692 = 372 + 320, 449 women, 412 exits,
   133 transfers, 162 completed, 68 + 49 aborted, 119 to work or education, Skedsmo's
   23/6/2/29, the project where 14 of 15 leavers aborted, the women's shares, ...).
2. Durations (demo/durations.py). Exits are split into groups whose means the report
   publishes (work or education by gender, other completed, health aborts by gender,
   invalid-absence aborts by gender, other aborts). Each member gets an exit date in 2008 and
   a sampled duration; then the intake dates of a group are shifted within their bounds (a
   carried-over participant must start before 2008, a new one in 2008) until the group's
   total of days is the one its published mean needs. Intakes are then snapped to weekdays,
   keeping the running total. The year-end group (280 active) is fitted to an average of
   10 months the same way.
3. The incentive scheme (demo/incentive.py): 84 former participants with an employed
   follow-up in 2008 (43 of them at 12 months), from 2007 and early-2008 completers.
4. Everything else is colour (demo/colour.py, demo/recording.py): participants who left
   before 2008 (901 took part 2005-2007), plans, absences, suspensions, counsellor changes
   (never more than 13 per counsellor, so the cap of 15 holds even while an exit is not yet
   recorded), back-dated entries and two corrections (a retraction and the right event).

Nothing in here knows how the statistics are computed beyond the definitions in
docs/statistics.md; the figures are checked through the real read path in
tests/e2e/test_demo_figures.py.
"""
from __future__ import annotations

from . import colour, recording
from .durations import durations
from .headcounts import head_counts
from .incentive import incentive
from .people import Dice, Person

__all__ = ["generate"]


def generate(seed: int = 2008) -> list[dict]:
    """The demo history as facts in recording order."""
    dice = Dice(seed)
    clerks = recording.caseworkers(dice)
    people = head_counts(dice)  # 1.
    durations(dice, people)  # 2.
    people += incentive(dice, people)  # 3.
    people += colour.before_2008(dice)  # 4.
    number(people)
    colour.backgrounds(dice, people)
    colour.lives(dice, people)
    colour.counsellors(people)
    colour.corrections(dice, people)
    return recording.history(dice, people, clerks)


def number(people: list[Person]) -> None:
    """Participant ids in order of intake."""
    people.sort(key=lambda p: (p.dates.intake, p.who.project))
    for i, p in enumerate(people, start=1):
        p.pid = f"p{i:05d}"
