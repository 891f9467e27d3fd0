"""Catching up: the pull loop that brings the read models up to the store's last position.

facts_since(position, batch) (`log`) -> fold the batch (`folding`) -> write the batch's rows
and the new tracked position in ONE transaction (`writer`). A crash loses at most the batch in
progress, which the next catch-up reads again; a catch-up that loses a race to another
(`writer.Raced`) throws its work away and continues from where the other got. Imported only
when the read models are behind (`store`).
"""
from __future__ import annotations

import gc
import sqlite3  # noqa: F401 - the connections' type in annotations; they are sqlcipher3's
import sys

from . import people
from store import sqlcipher
from store.files import file_id

from .folding import Folding
from .log import LogReader
from .tables import (Moved, discard, ensure_schema, open_views, programme, store_head,
                     tracked_ids, views_kind, with_indexes)
from .writer import Raced, write_batch


def run(db: str, path: str, batch: int, progress: bool = False, drop: bool = False,
        explicit: bool = False, key=None) -> int:
    """Catch the read models at `path` up with the store `db` (after dropping them if asked).

    A file that is not nysjanse's read models is refused before it is opened for writing;
    read models of another store are rebuilt, or refused when named explicitly (see
    tables.ensure_schema). Raises Moved when the file is deleted or replaced meanwhile.
    `key` (a store.keys.MasterKey) opens the store and the read models."""
    top, store = store_head(db, key)  # first: the store is what needs the key
    # ViewsError, nothing written, for another program's file
    if views_kind(path, key) == "plain":
        discard(path)  # written before encryption: built again, encrypted
    views = open_views(path, key)
    try:
        made = file_id(path)
        position, _ = ensure_schema(views, drop=drop, store=store, db=db, explicit=explicit,
                                    path=path, key=key)
        if position < top:
            position = pull(db, views, batch, progress and sys.stderr.isatty(), store, key)
        with_indexes(views)
        if file_id(path) != made:
            raise Moved()
        return position
    except sqlcipher.Error:
        if file_id(path) != made:
            raise Moved() from None
        raise
    finally:
        views.close()


# Notifications behind from which a catch-up checkpoints the write-ahead log once, at the end,
# instead of every ~4 MB (each with its fsyncs); below it, the log would not grow that far.
LONG = 50_000


def pull(db: str, views: sqlite3.Connection, batch: int, progress: bool,
         store: str | None, key=None) -> int:
    """Read, fold and write batches until the log ends; the position reached."""
    reader = LogReader(db, programme(db, key))
    position, next_id = tracked_ids(views)
    folding = start(views, reader, position, next_id, store)
    top = reader.max_position()
    long = top - position > LONG
    if long:
        views.execute("PRAGMA wal_autocheckpoint = 0")
    bar = None
    if progress:
        import click
        bar = click.progressbar(length=max(top - position, 1), label="rebuilding read models",
                                file=sys.stderr)
        bar.__enter__()
    collecting = gc.isenabled()
    erased = False
    gc.disable()  # hundreds of thousands of small objects, and no reference cycles among them
    try:
        while True:
            last, found = reader.facts_since(position, batch)
            if last == position:
                return position
            found, intakes, erasures = people.split_batch(found)
            names = reader.names(intakes)
            erased = erased or bool(erasures)
            writes = folding.fold(views, found)
            index = last >= top and not folding.indexed
            try:
                write_batch(views, position, last, folding.next_id, store, writes, index,
                            names, erasures, reader.head(last))
            except Raced:
                position, next_id = tracked_ids(views, store)
                folding = start(views, reader, position, next_id, store)
                continue
            folding.indexed = folding.indexed or index
            folding.committed({row[1] for row in writes[0]})
            if bar is not None:
                bar.update(last - position)
            position = last
    finally:
        if long:
            views.execute("PRAGMA wal_autocheckpoint = 1000")
            views.execute("PRAGMA wal_checkpoint(PASSIVE)")
        if erased:  # no old page of the log may keep an erased participant's name
            views.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        if collecting:
            gc.enable()
        if bar is not None:
            bar.__exit__(None, None, None)
        reader.close()


def start(views: sqlite3.Connection, reader: LogReader, position: int, next_id: int,
          store: str | None) -> Folding:
    folding = Folding(reader, position, next_id, store)
    if position:  # a catch-up: read models that readers use, with rows to look up
        with_indexes(views)
        folding.indexed = True
    return folding
