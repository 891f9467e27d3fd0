"""An independent reference for the auditor's commands: who each count of `stats YEAR` counts,
recomputed from the JSON lines of an event file with nothing of the project's code
(docs/statistics.md read afresh: no read model, no projection, no domain module).

`members(facts, year, known_at)` -> {dotted path: {participant: [event ids]}} for every count
figure; the ids are the intake's and, for a figure about leaving, the ending event's.
"""
from __future__ import annotations

from datetime import date, datetime, timezone


def instant(text: str) -> datetime:
    return datetime.fromisoformat(text.replace("Z", "+00:00")).astimezone(timezone.utc)


def in_force(facts: list[dict], known_at: str | None) -> dict[str, list[dict]]:
    """{participant: their facts in force then, by date (recording order on one date)}."""
    if known_at is not None:
        limit = instant(known_at)
        facts = [f for f in facts if instant(f["recorded_at"]) <= limit]
    gone = {f["event"] for f in facts if f["type"] == "retraction"}
    out: dict[str, list[dict]] = {}
    for f in facts:
        if f["type"] != "retraction" and f["id"] not in gone:
            out.setdefault(f["participant"], []).append(f)
    return {p: sorted(fs, key=lambda f: f["date"]) for p, fs in out.items()}


def months(a: str, b: str) -> float:
    return (date.fromisoformat(b) - date.fromisoformat(a)).days / 30.4375


class Person:
    def __init__(self, facts: list[dict]) -> None:
        self.intake = next(f for f in facts if f["type"] == "intake")
        ends = [f for f in facts if f["type"] in ("exit", "transfer_to_nav")]
        self.end = ends[0] if ends else None
        self.suspensions: list[list] = []
        for f in facts:
            if f["type"] == "suspension":
                self.suspensions.append([f["date"], None])
            elif f["type"] == "resumption":
                self.suspensions[-1][1] = f["date"]
        if self.end and self.suspensions and self.suspensions[-1][1] is None:
            self.suspensions[-1][1] = self.end["date"]
        self.follow_ups = [f for f in facts if f["type"] == "follow_up"]

    @property
    def end_date(self):
        return self.end["date"] if self.end else None

    def exit_type(self) -> str:
        e = self.end
        if e["type"] == "transfer_to_nav":
            return "transferred_to_nav"
        return "completed" if e["kind"] == "completed" else f"aborted_by_{e['by']}"

    def woe(self) -> bool:
        e = self.end
        return (e["type"] == "exit" and e["kind"] == "completed" and e.get("outcome") in
                ("full_time_job", "part_time_job", "subsidised_job", "education"))


def members(facts: list[dict], year: int, known_at: str | None = None) -> dict[str, dict]:
    first, last = f"{year}-01-01", f"{year}-12-31"
    people = {p: Person(fs) for p, fs in in_force(facts, known_at).items()
              if any(f["type"] == "intake" for f in fs)}
    out: dict[str, dict] = {}

    def put(path: str, p: str, leaving: bool = False) -> None:
        who = people[p]
        ids = [who.intake["id"]] + ([who.end["id"]] if leaving else [])
        out.setdefault(path, {})[p] = ids

    for p, who in people.items():
        i, e = who.intake["date"], who.end_date
        if not (i <= last and (e is None or e >= first)):
            pass
        else:
            g, project = who.intake["gender"], who.intake["project"]
            age = "new" if i >= first else "carried_over"
            for path in ("participants", age, f"by_gender.{g}",
                         f"by_country.{who.intake['country']}", f"projects.{project}.participants",
                         f"projects.{project}.{age}"):
                put(path, p)
            if e is not None and first <= e <= last:
                kind = who.exit_type()
                paths = ["exits", f"exits_by_gender.{g}", f"exit_types.{kind}",
                         f"projects.{project}.exits"]
                if kind == "transferred_to_nav":
                    paths += [f"transferred_by_gender.{g}", f"projects.{project}.transferred_to_nav"]
                else:
                    paths += ["goal_base", f"work_or_education_by_gender.{g}.base",
                              f"projects.{project}.goal_base"]
                    if who.woe():
                        paths += ["work_or_education", f"work_or_education_by_gender.{g}.count",
                                  f"projects.{project}.work_or_education"]
                    if kind == "completed":
                        paths += [f"outcomes.{who.end['outcome']}",
                                  f"projects.{project}.completed"]
                    else:
                        paths += [f"abort_reasons.{who.end['reason']}",
                                  f"projects.{project}.aborted"]
                for path in paths:
                    put(path, p, leaving=True)
            else:
                put("remaining", p)
            if e is None or e > last:
                put("year_end.active", p)
                if any(s <= last and (t is None or last < t) for s, t in who.suspensions):
                    put("year_end.suspended", p)
                if months(i, last) > 24:
                    put("year_end.over_24_months", p)
        employed = [u for u in who.follow_ups if first <= u["date"] <= last and u["employed"]]
        if employed:
            for path in ("incentive.participants", f"incentive.by_gender.{who.intake['gender']}"):
                put(path, p)
            if any(u["months"] == 12 for u in employed):
                put("incentive.twelve_months", p)
            latest = max(employed, key=lambda u: u["date"])  # first of the latest date
            latest = [u for u in employed if u["date"] == latest["date"]][-1]
            put(f"incentive.by_industry.{latest.get('industry') or 'other'}", p)
    return out
