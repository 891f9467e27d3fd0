"""The keyring's rows after an erasure (store.keyring), in memory: the id's tombstone keeps the
erasure's date, user and reason and nothing of the pseudonym; the pseudonym's own entry is the
one an imported erased participant has."""
from __future__ import annotations

import pytest

from store.keyring import Keyring, KeyringError
from store.keys import MasterKey

ERASURE = {"type": "erasure", "date": "2026-12-01", "recorded_by": "kari", "reason": "asked"}


@pytest.fixture
def ring() -> Keyring:
    return Keyring(MasterKey(bytes(range(32)), "in memory"))


def test_a_tombstone_holds_the_erasure_and_nothing_that_leads_to_the_pseudonym(ring):
    entry, row = ring.new("p1")
    moved_to, tombstone = ring.forget(entry, ERASURE)
    assert moved_to == ring.lookup(entry.pseudonym) == ring.erased(entry.pseudonym)[1][0]
    assert tombstone[:3] == (ring.lookup("p1"), None, None)
    assert entry.pseudonym.encode() not in tombstone[3] and b"kari" not in tombstone[3]
    found = ring.entry(tombstone)
    assert (found.tombstone, found.erased, found.pseudonym, found.id) == (True, True, None, None)
    assert found.erasure == ("2026-12-01", "kari", "asked")


def test_a_tombstone_opens_only_under_its_own_lookup_and_key(ring):
    entry, _ = ring.new("p1")
    _, tombstone = ring.forget(entry, ERASURE)
    with pytest.raises(KeyringError):
        ring.entry((ring.lookup("p2"), None, None, tombstone[3]))
    other = Keyring(MasterKey(bytes(32), "another"))
    with pytest.raises(KeyringError):
        other.entry(tombstone)


def test_only_an_erased_row_still_found_by_the_id_is_of_the_old_shape(ring):
    entry, row = ring.new("p1")
    assert ring.legacy((entry.lookup, entry.pseudonym, None, None))  # before tombstones
    assert not ring.legacy(row)  # live
    assert not ring.legacy(ring.erased(entry.pseudonym)[1])  # the pseudonym's own entry
    assert not ring.legacy(ring.tombstone(entry.lookup, ERASURE))
