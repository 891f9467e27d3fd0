"""The rule gate, pure: histories in memory, no store."""
import copy

import pytest

from domain.caseload import CAP, CaseloadBook
from domain.dates import add_months
from domain.rules import History, RuleBroken, admit
from tests.conftest import fact, intake

from datetime import date

_ids = iter(range(10**6))


def rec(f: dict, at: str | None = None) -> dict:
    """A fact as stored: with id and recorded_at (default: the effective day at noon)."""
    return {**f, "id": f"e{next(_ids)}", "recorded_at": at or f"{f['date']}T12:00:00+01:00",
            "recorded_by": "kari"}


def write(histories, book, f, at=None):
    h = histories.setdefault(f["participant"], History(f["participant"]))
    stored = rec(f, at)
    admit(h, stored, book)
    return stored


def test_refused_fact_leaves_history_and_book_untouched():
    book, hs = CaseloadBook(), {}
    write(hs, book, intake())
    write(hs, book, fact("suspension", day="2008-04-01", reason="sick_leave"))
    before = copy.deepcopy(hs["p1"].facts), book.active_count("c7", "2008-05-01")
    with pytest.raises(RuleBroken, match="is suspended since 2008-04-01"):
        write(hs, book, fact("absence", day="2008-05-01", days=1, valid=True))
    assert (hs["p1"].facts, book.active_count("c7", "2008-05-01")) == before
    assert hs["p1"].timeline.suspended_on("2008-05-01")


@pytest.mark.parametrize("day, months, ok", [
    ("2008-08-31", 6, "2009-02-28"),   # month end: the 31st becomes February's last day
    ("2008-01-15", 12, "2009-01-15"),
])
def test_follow_up_due_in_calendar_months(day, months, ok):
    assert add_months(date.fromisoformat(day), months).isoformat() == ok
    book, hs = CaseloadBook(), {}
    write(hs, book, intake(day="2007-03-01", assistance_since="2006-01-01"))
    write(hs, book, fact("exit", day=day, kind="completed", outcome="full_time_job"))
    earlier = date.fromordinal(date.fromisoformat(ok).toordinal() - 1).isoformat()
    with pytest.raises(RuleBroken, match="too early"):
        write(hs, book, fact("follow_up", day=earlier, months=months, employed=True))
    write(hs, book, fact("follow_up", day=ok, months=months, employed=True))


def fill(book, hs, counsellor="c7", day="2008-03-01", n=CAP):
    for i in range(n):
        write(hs, book, intake(f"f{i}", day=day, counsellor=counsellor))


def test_cap_counts_the_other_way_round_when_a_back_dated_intake_covers_a_later_assignment():
    # c7 is full from 2008-06-01. A back-dated intake on 2008-01-10 would put a sixteenth
    # participant with c7 on 2008-06-01, so it is refused though c7 had room on 2008-01-10.
    book, hs = CaseloadBook(), {}
    fill(book, hs, day="2008-06-01")
    with pytest.raises(RuleBroken, match="already has 15 active participants on 2008-06-01"):
        write(hs, book, intake("late", day="2008-01-10"), at="2008-07-01T10:00:00+01:00")


def test_retracting_an_exit_cannot_overfill_a_counsellor():
    book, hs = CaseloadBook(), {}
    write(hs, book, intake("early", day="2008-01-02"))
    leave = write(hs, book, fact("exit", "early", day="2008-02-01", kind="aborted", by="participant",
                                 reason="moved"))
    fill(book, hs, day="2008-03-01")
    with pytest.raises(RuleBroken, match="cannot retract|already has 15"):
        write(hs, book, fact("retraction", "early", day="2008-03-05", event=leave["id"],
                             reason="wrong person"))
    assert hs["early"].timeline.end is not None


def test_knowledge_cannot_go_backwards_for_a_participant():
    book, hs = CaseloadBook(), {}
    write(hs, book, intake(), at="2008-03-10T10:00:00+01:00")
    with pytest.raises(RuleBroken, match="is earlier than"):
        write(hs, book, fact("plan", day="2008-03-02", measures=["norwegian"]),
              at="2008-03-09T10:00:00+01:00")


def test_retraction_then_correction():
    book, hs = CaseloadBook(), {}
    write(hs, book, intake())
    wrong = write(hs, book, fact("exit", day="2008-10-01", kind="completed", outcome="job_seeker"))
    with pytest.raises(RuleBroken, match="left the programme on 2008-10-01"):
        write(hs, book, fact("exit", day="2008-10-01", kind="completed", outcome="full_time_job"))
    write(hs, book, fact("retraction", day="2009-02-10", event=wrong["id"], reason="wrong outcome"))
    assert hs["p1"].timeline.end is None and hs["p1"].timeline.active_on("2008-12-31")
    write(hs, book, fact("exit", day="2008-10-01", kind="completed", outcome="full_time_job"),
          at="2009-02-10T13:00:00+01:00")
    assert hs["p1"].timeline.end["outcome"] == "full_time_job"
    with pytest.raises(RuleBroken, match="already retracted"):
        write(hs, book, fact("retraction", day="2009-02-11", event=wrong["id"], reason="again"))


def test_retracting_an_intake_with_later_events_is_refused_but_alone_is_fine():
    book, hs = CaseloadBook(), {}
    first = write(hs, book, intake())
    write(hs, book, fact("plan", day="2008-03-02", measures=["norwegian"]))
    with pytest.raises(RuleBroken, match="cannot retract .*comes before any intake"):
        write(hs, book, fact("retraction", day="2008-03-03", event=first["id"], reason="x"))
    solo = write(hs, book, intake("solo"))
    write(hs, book, fact("retraction", "solo", day="2008-03-03", event=solo["id"], reason="x"))
    assert hs["solo"].timeline.intake is None
    assert book.active_count("c7", "2008-03-04") == 1  # p1 only: the retracted intake frees the place
    write(hs, book, intake("solo", day="2008-03-04"))  # and a new intake may follow
