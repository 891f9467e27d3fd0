"""The read side's way to the keyring in the store: whose pseudonym is whose, and their facts
opened (decrypted) for `show` and `history` — one participant, one key, never a whole rebuild.

On SQLite it reads the store's keyring table with plain sqlite3 (no event store library);
on PostgreSQL through the store's application.
"""
from __future__ import annotations

from store import keyring, keys, sqlcipher

from .tables import ViewsError, is_url, plain_sqlite, programme


def _keyring(key=None) -> keyring.Keyring:
    try:
        return keyring.Keyring(keyring.master(key))
    except keys.KeyProblem as error:
        raise ViewsError(error.text) from None


def _rows(db: str, sql: str, params: tuple, key=None) -> list:
    if is_url(db):
        recorder = programme(db, key).recorder
        with recorder.datastore.transaction(commit=False) as curs:
            curs.execute(sql.replace("?", "%s"), params)
            return curs.fetchall()
    try:
        conn = sqlcipher.connect(sqlcipher.uri(db, readonly=True), keyring.master(key), uri=True,
                                 timeout=30, shown=db)
        try:
            return conn.execute(sql, params).fetchall()
        finally:
            conn.close()
    except sqlcipher.WrongKey as error:
        raise ViewsError(error.text) from None
    except (sqlcipher.Error, keys.KeyProblem) as error:
        raise ViewsError("cannot read the store {db}: {error}", db=db,
                         error=plain_sqlite(error)) from None


def entry(db: str, participant: str,
          key=None) -> tuple[keyring.Entry | None, keyring.Entry | None]:
    """(the entry of that id, the entry whose pseudonym that text is)."""
    ring = _keyring(key)
    rows = _rows(db, keyring.find_sql("?"), (ring.lookup(participant), participant), key)
    try:
        return ring.find(rows, participant)
    except keyring.KeyringError as error:
        raise ViewsError(error.text) from None


def of_pseudonym(db: str, pseudonym: str, key=None) -> keyring.Entry | None:
    ring = _keyring(key)
    rows = _rows(db, keyring.by_pseudonyms_sql(1, "?"), (pseudonym,), key)
    try:
        return ring.entry(rows[0]) if rows else None
    except keyring.KeyringError as error:
        raise ViewsError(error.text) from None


def opener(db: str, pseudonym: str, key=None):
    """A function: one participant's stored facts -> as their owner sees them (the read side's
    one way to decrypt: store.keyring.Keyring.open)."""
    ring = _keyring(key)
    found = of_pseudonym(db, pseudonym, key)

    def opened(facts: list[dict]) -> list[dict]:
        try:
            return [ring.open(f, found) for f in facts]
        except keyring.KeyringError as error:
            raise ViewsError(error.text) from None
    return opened


def names(db: str, pseudonyms, key=None) -> dict[str, str]:
    """{pseudonym: id} of these participants while they are not erased."""
    wanted = sorted(set(pseudonyms))
    if not wanted:
        return {}
    ring = _keyring(key)
    found: dict[str, str] = {}
    for i in range(0, len(wanted), 500):
        chunk = wanted[i:i + 500]
        for row in _rows(db, keyring.by_pseudonyms_sql(len(chunk), "?"), tuple(chunk), key):
            try:
                entry = ring.entry(row)
            except keyring.KeyringError as error:
                raise ViewsError(error.text) from None
            if not entry.erased:
                found[entry.pseudonym] = entry.id
    return found
