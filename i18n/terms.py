"""What each code of the interchange format is called in human output (the English message
ids; the catalog words them). JSON and CSV keep the codes."""
from __future__ import annotations

from domain.messages import N_

from . import gettext as _

TERMS: dict[str, dict[str, str]] = {
    "gender": {"F": N_("Women"), "M": N_("Men")},
    "person_gender": {"F": N_("Woman"), "M": N_("Man")},
    "field": {"project": N_("project"), "counsellor": N_("counsellor"), "gender": N_("gender"),
              "country": N_("country"), "birth_year": N_("born"),
              "resident_since": N_("resident since"),
              "assistance_since": N_("assistance since"),
              "intro_programme": N_("introduction programme"), "measures": N_("measures"),
              "goal": N_("goal"), "days": N_("days"), "valid": N_("valid"), "note": N_("note"),
              "reason": N_("reason"), "programme": N_("programme"), "kind": N_("kind"),
              "outcome": N_("outcome"), "by": N_("by"), "months": N_("months"),
              "employed": N_("employed"), "industry": N_("industry"), "event": N_("event")},
    "exit_type": {
        "completed": N_("Completed Ny sjanse"),
        "aborted_by_participant": N_("Aborted by the participant"),
        "aborted_by_decision": N_("Stopped by decision"),
        "transferred_to_nav": N_("Transferred to the qualification programme")},
    "outcome": {
        "full_time_job": N_("Ordinary full-time job"),
        "part_time_job": N_("Ordinary part-time job"),
        "subsidised_job": N_("Subsidised job"),
        "education": N_("Education"),
        "course_or_measure": N_("Course or other measure"),
        "job_seeker": N_("Registered job seeker at NAV"),
        "no_activity": N_("No activity"),
        "other": N_("Other")},
    "abort_reason": {
        "health": N_("Not able to make use of a full-time programme"),
        "behaviour": N_("Behaviour in/outside Ny sjanse"),
        "invalid_absence": N_("Too much invalid absence"),
        "moved": N_("Moved"),
        "benefits": N_("Income secured through other public benefits"),
        "disappeared": N_("Disappeared"),
        "other": N_("Other")},
    "industry": {
        "cleaning": N_("Cleaning"),
        "warehouse_workshop": N_("Warehouse/workshop"),
        "canteen_restaurant": N_("Canteen/restaurant"),
        "driver": N_("Driver"),
        "other": N_("Other")},
    "measure": {
        "norwegian": N_("Norwegian"), "work_practice": N_("Work practice"),
        "social_orientation": N_("Social orientation"),
        "conversation_group": N_("Conversation group"),
        "physical_training": N_("Physical training"), "diet_guidance": N_("Diet guidance"),
        "job_search": N_("Job search"), "education": N_("Education"), "other": N_("Other")},
    "goal": {"work": N_("Work"), "education": N_("Education")},
    "suspension_reason": {"parental_leave": N_("Parental leave"),
                          "sick_leave": N_("Sick leave"), "other": N_("Other")},
    "intro_programme": {"none": N_("None"), "completed": N_("Completed"),
                        "self_settled": N_("Settled on their own"),
                        "moved": N_("Moved from the settlement municipality"),
                        "stopped": N_("Stopped")},
    "kind": {"completed": N_("Completed"), "aborted": N_("Aborted")},
    "by": {"participant": N_("The participant"), "decision": N_("Decision")},
    "state": {"not_started": N_("Not started"), "active": N_("Active"),
              "suspended": N_("Suspended"), "completed": N_("Completed"),
              "aborted": N_("Aborted"), "transferred": N_("Transferred to NAV")},
    "type": {"intake": N_("Intake"), "counsellor_change": N_("Counsellor change"),
             "plan": N_("Plan"), "absence": N_("Absence"), "suspension": N_("Suspension"),
             "resumption": N_("Resumption"), "transfer_to_nav": N_("Transfer to NAV"),
             "exit": N_("Exit"), "follow_up": N_("Follow-up"), "retraction": N_("Retraction")},
    "attention": {"no plan": N_("no plan"), "suspended": N_("suspended"),
                  "planned end passed": N_("planned end passed"),
                  "invalid absence": N_("invalid absence")},
}

# A fact's field whose value is a code of one of the lists above.
FIELD_TERMS = {"gender": "person_gender", "outcome": "outcome", "industry": "industry",
               "measures": "measure", "goal": "goal", "intro_programme": "intro_programme",
               "kind": "kind", "by": "by"}


def term(kind: str, code) -> str:
    """The code's name in the current language; a code with no name as itself."""
    found = TERMS.get(kind, {}).get(code)
    return _(found) if found is not None else str(code)
