"""The event store in PostgreSQL, for many caseworkers writing at once.

The library's recorder, plus the event-id index written in the same transaction (see
`domain.application`). Imported only when the store is a postgresql:// URL.
"""
from __future__ import annotations

from contextlib import contextmanager
from datetime import datetime, timezone
from typing import Sequence

from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier

from . import identity

IDS_TABLE = identity.IDS_TABLE


class PostgresProgrammeRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore, **kwargs):
        super().__init__(datastore, **kwargs)
        self.ids_table = SQL("{schema}.{table}").format(
            schema=Identifier(self.datastore.schema), table=Identifier(IDS_TABLE))
        self.sql_create_statements.append(SQL(
            "CREATE TABLE IF NOT EXISTS {ids} (id text PRIMARY KEY, participant text NOT NULL)"
        ).format(ids=self.ids_table))
        self.id_table = SQL("{schema}.{table}").format(
            schema=Identifier(self.datastore.schema), table=Identifier(identity.ID_TABLE))
        self.sql_create_statements.append(SQL(
            "CREATE TABLE IF NOT EXISTS {t} (one boolean PRIMARY KEY DEFAULT true CHECK (one), "
            "id text NOT NULL, created_at text NOT NULL)").format(t=self.id_table))
        self.events_table = SQL("{schema}.{table}").format(
            schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name))

    def create_table(self) -> None:
        """The library's tables and ours, then the store's id (a previous version's store is
        adopted: its id derived from its first event; racing creators keep the first id)."""
        super().create_table()
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("SELECT state FROM {events} ORDER BY notification_id LIMIT 1")
                         .format(events=self.events_table))
            first = curs.fetchone()
            store_id = identity.legacy_id(first["state"] if first else None) or identity.new_store_id()
            curs.execute(SQL("INSERT INTO {t} (id, created_at) VALUES (%s, %s) "
                             "ON CONFLICT DO NOTHING").format(t=self.id_table),
                         (store_id, datetime.now(timezone.utc).isoformat(timespec="seconds")))

    def store_id(self) -> str | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(SQL("SELECT id FROM {t}").format(t=self.id_table))
            row = curs.fetchone()
        return row["id"] if row else None

    @contextmanager
    def writing(self):
        """One write transaction (bulk import) that waits its turn for the event table, as
        the library's inserts do, but for NYSJANSE_WAIT seconds at most."""
        with self.datastore.transaction(commit=True) as curs:
            curs.execute(SQL("SET LOCAL lock_timeout = '{0}s'").format(identity.wait_seconds()))
            curs.execute(SQL("LOCK TABLE {events} IN EXCLUSIVE MODE").format(events=self.events_table))
            yield curs

    def _insert_events(self, curs, stored_events, **kwargs):
        ids = kwargs.get("event_ids") or ()
        if ids:
            curs.executemany(SQL("INSERT INTO {ids} VALUES (%s, %s)").format(ids=self.ids_table),
                             list(ids))

    def insert_within(self, curs, stored_events, event_ids) -> None:
        """Write events and their ids inside a transaction the caller holds (bulk import)."""
        self._insert_events(curs, stored_events, event_ids=event_ids)
        if stored_events:
            self._insert_stored_events(curs, stored_events)

    def prepare_bulk(self, curs) -> None:
        """Nothing to tune per connection on the server."""

    def events_within(self, curs, originator_id) -> list:
        """An aggregate's events as the caller's transaction sees them (its own writes too)."""
        from eventsourcing.persistence import StoredEvent
        curs.execute(SQL("SELECT originator_version, topic, state FROM {schema}.{table} "
                         "WHERE originator_id = %s ORDER BY originator_version").format(
            schema=Identifier(self.datastore.schema), table=Identifier(self.events_table_name)),
            (originator_id,))
        return [StoredEvent(originator_id=originator_id, originator_version=row["originator_version"],
                            topic=row["topic"], state=bytes(row["state"])) for row in curs.fetchall()]

    def ids_within(self, curs, ids) -> dict[str, str]:
        """Which of these event ids are stored, as the caller's transaction sees it."""
        curs.execute(SQL("SELECT id, participant FROM {ids} WHERE id = ANY(%s)").format(
            ids=self.ids_table), (list(ids),))
        return {row["id"]: row["participant"] for row in curs.fetchall()}

    def participant_of(self, event_id: str) -> str | None:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(SQL("SELECT participant FROM {ids} WHERE id = %s").format(ids=self.ids_table),
                         (event_id,))
            row = curs.fetchone()
        return row["participant"] if row else None

    def known_ids(self, ids: Sequence[str]) -> dict[str, str]:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(SQL("SELECT id, participant FROM {ids} WHERE id = ANY(%s)").format(
                ids=self.ids_table), (list(ids),))
            return {row["id"]: row["participant"] for row in curs.fetchall()}

    def count_ids(self) -> int:
        with self.datastore.transaction(commit=False) as curs:
            curs.execute(SQL("SELECT COUNT(*) AS n FROM {ids}").format(ids=self.ids_table))
            return curs.fetchone()["n"]

    def is_empty(self) -> bool:
        return not self.max_notification_id()
