"""The `demo` command's decisions: write the demo year into a store, or say why not."""
from __future__ import annotations

from domain.messages import Said
from typing import NamedTuple

from .generator import generate


class DemoRefused(Said):
    """The demo was not loaded; the message is one plain sentence."""


class Loaded(NamedTuple):
    events: int
    participants: int


def load(app, store: str) -> Loaded | None:
    """Write the demo year into the application's store.

    Returns what was written, or None when the store already holds exactly the demo year (a
    second run writes nothing). Raises DemoRefused when the store holds other events, or when
    the generated history breaks a rule (a bug in the generator, said plainly); `store` is how
    the store is named in the message.
    """
    from store.transfer import ImportRefused, import_facts
    facts = generate()
    if not app.recorder.is_empty():
        if not holds_exactly(app, [fact["id"] for fact in facts]):
            raise DemoRefused("the store {store} already holds other events; the demo needs an "
                              "empty store (for example --db demo.db)", store=store)
        return None
    try:
        result = import_facts(app, facts, "demo")
    except ImportRefused as refused:
        raise DemoRefused("the demo history was refused ({line})", line=refused.errors[0]) from None
    return Loaded(result.written, len(result.participants))


def holds_exactly(app, ids: list[str]) -> bool:
    """Does the store hold these event ids and no others?"""
    return len(app.recorder.known_ids(ids)) == len(ids) and app.recorder.count_ids() == len(ids)
