"""One participant on one day: `show`, replayed from the facts read model."""
from __future__ import annotations

from domain.facts import canonical
from domain.timeline import effective_order

from .participations import fold

EXIT_FIELDS = ("kind", "outcome", "by", "reason")


def ending(end: dict | None) -> dict | None:
    """The ending event's fields: kind and outcome, or by and reason; programme for a transfer."""
    if end is None:
        return None
    out = {"type": end["type"], "date": end["date"]}
    if end["type"] == "transfer_to_nav":
        out["programme"] = end.get("programme", "kvalifiseringsprogram")
    else:
        out.update((k, end[k]) for k in EXIT_FIELDS if k in end)
    return out


def show(participant: str, known: list[dict], day: str) -> dict:
    """`known`: the participant's facts known at the chosen time, in recording order."""
    in_force = [f for f in effective_order(known) if f["date"] <= day]
    t = fold(participant, in_force)
    i = t.intake or {}
    state = t.state_on(day)
    counsellor = t.counsellor_on(day)
    if counsellor is None and t.end is not None and t.periods:
        counsellor = t.periods[-1][0]  # who had the participant when they left
    plan = t.plans[-1] if t.plans else None
    return {
        "participant": participant,
        "state": state,
        "project": i.get("project"),
        "counsellor": counsellor,
        "gender": i.get("gender"),
        "country": i.get("country"),
        "intake_date": i.get("date"),
        "end_date": t.end_date,
        "exit": ending(t.end),
        "planned_end": t.planned_end(day) if t.intake else None,
        "suspended_days": t.suspended_days(day),
        "absence_days": {
            "valid": float(sum(a["days"] for a in t.absences if a["valid"])),
            "invalid": float(sum(a["days"] for a in t.absences if not a["valid"])),
        },
        "plan": ({"date": plan["date"], "measures": list(plan["measures"]),
                  "goal": plan.get("goal")} if plan else None),
        "follow_ups": [{"date": u["date"], "months": u["months"], "employed": u["employed"],
                        "industry": u.get("industry")} for u in t.follow_ups],
        "events": [canonical(f) for f in t.events],
    }
