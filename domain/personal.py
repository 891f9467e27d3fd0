"""What of a participant's facts is personal, and what is retained for the statistics.

The one definition (docs/privacy.md explains it for a data protection officer). The store
names a participant only by a random pseudonym; the fields below are kept in each stored
fact encrypted under the participant's own data key (store.keyring), which erasure destroys.
Everything else in a fact is retained as it is: it is what the figures of docs/statistics.md
count (project, counsellor, gender, country, dates and kinds of events, measures, absence
days, suspension and abort reasons, exit outcomes, follow-ups). No figure needs a value
derived from a personal field, so no derived value is retained (`DERIVED` is empty).

Pure: no I/O.
"""
from __future__ import annotations

# Per type: the personal fields of a stored fact (besides the participant's id, which the
# store never holds in a fact at all: see store.keyring).
PERSONAL: dict[str, tuple[str, ...]] = {
    "intake": ("birth_year", "resident_since", "assistance_since", "intro_programme"),
    "absence": ("note",),
    "retraction": ("reason",),
}
# Values derived from personal fields that the statistics would need (none today: no figure
# uses age, residence or assistance time). A field added here must be added to docs/privacy.md.
DERIVED: dict[str, tuple[str, ...]] = {}

ERASURE = "erasure"  # the type of the event that records an erasure
ERASED = "erased"    # marks a fact whose personal fields are gone for good
SEALED = "sealed"    # a stored fact's personal fields, encrypted (store.keyring)


def personal_fields(kind: str) -> tuple[str, ...]:
    return PERSONAL.get(kind, ())


def split(fact: dict) -> tuple[dict, dict]:
    """(the retained fact, its personal fields): the fact's order kept, nothing shared."""
    fields = PERSONAL.get(fact["type"], ())
    if not fields:
        return dict(fact), {}
    retained, personal = {}, {}
    for key, value in fact.items():
        (personal if key in fields else retained)[key] = value
    return retained, personal


def withheld(fact: dict) -> bool:
    """Whether the fact's personal fields are not in it (sealed in the store, or erased): a
    rule that needs them was checked when the fact was first recorded."""
    return ERASED in fact or SEALED in fact


def erased_form(fact: dict) -> dict:
    """The fact as an erased participant's is kept and exported: retained fields only (the
    erasure event itself is not marked)."""
    if fact["type"] == ERASURE:
        return fact
    retained, _ = split(fact)
    retained.pop(SEALED, None)
    retained[ERASED] = True
    return retained
