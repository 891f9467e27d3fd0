"""A valid multi-year programme history of N participations, for benchmarks.

    python bench/history.py --participants 20000 > history.jsonl

Deterministic (seeded). Every kind of event real data has: intakes, plans (some revised),
absences valid and invalid, suspensions and resumptions, counsellor changes, completed and
aborted exits, transfers to NAV, 6- and 12-month follow-ups, some back-dated absences (recorded
weeks later, after later events) and a few retractions with their corrections. Lines are in
recording order. About 7 events per participation.
"""
from __future__ import annotations

import argparse
import json
import random
import sys
from datetime import date, timedelta

from domain.dates import add_months

PROJECTS = ["Oslo Bjerke", "Oslo Grorud", "Oslo Stovner", "Oslo St. Hanshaugen", "Oslo Østensjø",
            "Oslo Ullern", "Oslo Søndre Nordstrand", "Oslo Grünerløkka", "Oslo Nordstrand",
            "Trondheim", "Bergen", "Bergen ungdom", "Fredrikstad", "Skien", "Bærum", "Lørenskog",
            "Skedsmo", "Drammen", "Moss", "Stavanger", "Kristiansand"]
COUNTRIES = ["SO"] * 6 + ["IQ"] * 4 + ["PK"] * 2 + ["AF", "IR", "ER", "ET", "MA", "TR", "BA", "SD",
                                                    "LK", "RU", "VN", "CD", "SY", "NG", "PH"]
MEASURES = ["norwegian", "work_practice", "social_orientation", "conversation_group",
            "physical_training", "diet_guidance", "job_search", "education", "other"]
OUTCOMES = ["full_time_job", "part_time_job", "subsidised_job", "education", "course_or_measure",
            "job_seeker", "no_activity", "other"]
REASONS = ["health", "behaviour", "invalid_absence", "moved", "benefits", "disappeared", "other"]
INDUSTRIES = ["cleaning", "warehouse_workshop", "canteen_restaurant", "driver", "other"]
CASEWORKERS = ["kari", "ola", "amina", "jonas", "fatima", "per", "leila", "nils"]
PER_COUNSELLOR = 10  # participants ever given to one counsellor: the cap of 15 always holds


def history(n: int, seed: int = 6, first: date = date(2005, 1, 1), years: int = 8):
    rnd = random.Random(seed)
    horizon = date(first.year + years, 12, 31)
    span = (horizon - first).days - 60
    out: list[tuple[str, int, dict]] = []

    def add(fact: dict, delay_days: int = 0) -> None:
        day = date.fromisoformat(fact["date"]) + timedelta(days=delay_days)
        stamp = f"{day.isoformat()}T{rnd.randint(8, 15):02d}:{rnd.randint(0, 59):02d}:00+01:00"
        fact.update(id=f"b{len(out):08d}", recorded_at=stamp, recorded_by=rnd.choice(CASEWORKERS))
        out.append((stamp, len(out), fact))

    for i in range(n):
        p = f"P{i:07d}"
        project = PROJECTS[i % len(PROJECTS)]
        start = first + timedelta(days=rnd.randrange(span))
        counsellor = f"{project[:5].lower()}-{i // PER_COUNSELLOR}"
        add({"type": "intake", "participant": p, "date": start.isoformat(), "project": project,
             "counsellor": counsellor, "gender": "F" if rnd.random() < 0.65 else "M",
             "country": rnd.choice(COUNTRIES), "birth_year": rnd.randint(1950, 1990),
             "resident_since": (start - timedelta(days=rnd.randint(800, 6000))).isoformat(),
             "assistance_since": (start - timedelta(days=rnd.randint(200, 3000))).isoformat()})
        length = rnd.randint(40, 900)
        end = start + timedelta(days=length)
        day = start + timedelta(days=rnd.randint(3, 20))
        add({"type": "plan", "participant": p, "date": day.isoformat(),
             "measures": rnd.sample(MEASURES, rnd.randint(1, 4)),
             **({"goal": rnd.choice(["work", "education"])} if rnd.random() < 0.7 else {})},
            rnd.randint(0, 5))
        suspension = None
        if rnd.random() < 0.2 and length > 200:
            s = start + timedelta(days=rnd.randint(60, length - 120))
            suspension = (s, s + timedelta(days=rnd.randint(20, 100)))
            if suspension[1] >= min(end, horizon):  # never resumed: suspended to the end
                suspension = (s, horizon + timedelta(days=1))
        changed = rnd.random() < 0.15 and length > 120
        change_day = start + timedelta(days=rnd.randint(30, max(31, length - 60))) if changed else None
        day = start + timedelta(days=rnd.randint(20, 60))
        while day < min(end, horizon) - timedelta(days=1):
            if suspension is None or not suspension[0] <= day <= suspension[1]:
                late = rnd.random() < 0.05
                add({"type": "absence", "participant": p, "date": day.isoformat(),
                     "days": rnd.choice([0.5, 1, 1, 2, 3]), "valid": rnd.random() < 0.7},
                    rnd.randint(20, 60) if late else rnd.randint(0, 2))
            day += timedelta(days=rnd.randint(60, 160))
        if suspension and suspension[0] < horizon:
            add({"type": "suspension", "participant": p, "date": suspension[0].isoformat(),
                 "reason": rnd.choice(["parental_leave", "sick_leave", "other"])}, rnd.randint(0, 2))
            if suspension[1] < min(end, horizon):  # else suspended until it ends
                # recorded the same day: an absence after it must find the participant resumed
                add({"type": "resumption", "participant": p, "date": suspension[1].isoformat()})
        if change_day and change_day < horizon:
            add({"type": "counsellor_change", "participant": p, "date": change_day.isoformat(),
                 "counsellor": f"{project[:5].lower()}-x{i // PER_COUNSELLOR}"}, rnd.randint(0, 2))
        if end >= horizon:
            continue  # still in the programme
        roll = rnd.random()
        if roll < 0.12 and end.year >= 2008:
            add({"type": "transfer_to_nav", "participant": p, "date": end.isoformat()}, rnd.randint(0, 3))
            continue
        if roll < 0.6:
            exit_ = {"type": "exit", "participant": p, "date": end.isoformat(), "kind": "completed",
                     "outcome": rnd.choice(OUTCOMES)}
        else:
            exit_ = {"type": "exit", "participant": p, "date": end.isoformat(), "kind": "aborted",
                     "by": rnd.choice(["participant", "decision"]), "reason": rnd.choice(REASONS)}
        add(exit_, rnd.randint(0, 3))
        if rnd.random() < 0.02:  # recorded wrongly, retracted and recorded right a month later
            wrong = out[-1][2]
            add({"type": "retraction", "participant": p, "date": end.isoformat(),
                 "event": wrong["id"], "reason": "recorded with the wrong outcome"}, 30)
            add({**{k: v for k, v in exit_.items() if k not in ("id", "recorded_at", "recorded_by")}},
                31)
        if exit_["kind"] == "completed":
            for months in (6, 12):
                due = add_months(end, months)
                if due < horizon and rnd.random() < 0.6:
                    employed = rnd.random() < 0.55
                    industry = rnd.choice(INDUSTRIES) if rnd.random() < 0.8 else None
                    add({"type": "follow_up", "participant": p, "date": due.isoformat(),
                         "months": months, "employed": employed,
                         # events.md: an industry only when employed
                         **({"industry": industry} if employed and industry else {})},
                        rnd.randint(0, 10))
    out.sort(key=lambda item: (item[0], item[1]))
    return [fact for _, _, fact in out]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--participants", type=int, default=20000)
    parser.add_argument("--seed", type=int, default=6)
    args = parser.parse_args()
    out = sys.stdout
    for fact in history(args.participants, args.seed):
        out.write(json.dumps(fact, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
