"""The event store in PostgreSQL, for many caseworkers writing at once.

The library's recorder, plus the event-id index written in the same transaction (see
`domain.application`). Imported only when the store is a postgresql:// URL.
"""
from __future__ import annotations

from typing import Sequence

from eventsourcing.postgres import PostgresApplicationRecorder
from psycopg.sql import SQL, Identifier

IDS_TABLE = "nysjanse_event_ids"


class PostgresProgrammeRecorder(PostgresApplicationRecorder):
    def __init__(self, datastore, **kwargs):
        super().__init__(datastore, **kwargs)
        self.ids_table = SQL("{schema}.{table}").format(
            schema=Identifier(self.datastore.schema), table=Identifier(IDS_TABLE))
        self.sql_create_statements.append(SQL(
            "CREATE TABLE IF NOT EXISTS {ids} (id text PRIMARY KEY, participant text NOT NULL)"
        ).format(ids=self.ids_table))

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
