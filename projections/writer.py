"""The second half of a long catch-up, in a process of its own: writing the batches.

Writing a batch into SQLite is ~40 % of a rebuild, and Python runs one thread at a time, so a
long catch-up (`updater._pull`) hands each batch's writes to this process and folds the next
batch meanwhile: two cores instead of one. The transactions are exactly those of an
in-process catch-up (`updater.write_batch`: the rows and the tracked position, one per batch),
so a crash of either process leaves read models a catch-up completes.

    python -m projections.writer VIEWS.db

reads batches from stdin (each its length in 8 bytes, then marshalled) and answers each with a pickled ("ok",), ("raced",) or
("error", message) on stdout; it ends at the end of stdin (also when the catch-up dies).
"""
from __future__ import annotations

import gc
import marshal
import os
import pickle
import sqlite3
import subprocess
import sys
import threading


class Writer:
    """The catch-up's end of the pipe: at most one batch on its way at a time."""

    def __init__(self, path: str) -> None:
        root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
        env = dict(os.environ, PYTHONPATH=os.pathsep.join(
            p for p in (root, os.environ.get("PYTHONPATH")) if p))
        self.proc = subprocess.Popen([sys.executable, "-m", "projections.writer", path],
                                     stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=env)
        self.busy = False
        self.sending = None

    def send(self, batch: tuple) -> None:
        # marshal, not pickle: the rows are plain tuples and lists of str, int and None, which
        # marshal writes in little more than half the time (this is on the catch-up's side).
        data = marshal.dumps(batch)
        # Through the pipe from a thread (the GIL is released while writing), so that the
        # catch-up folds the next batch meanwhile.
        self.sending = threading.Thread(target=self._write, args=(data,), daemon=True)
        self.sending.start()
        self.busy = True

    def _write(self, data: bytes) -> None:
        try:
            self.proc.stdin.write(len(data).to_bytes(8, "little"))
            self.proc.stdin.write(data)
            self.proc.stdin.flush()
        except OSError:  # the writer ended: wait() says so
            pass

    def wait(self) -> str:
        """"ok" or "raced" for the batch sent last; raises when it could not be written."""
        self.busy = False
        self.sending.join()
        try:
            reply = pickle.load(self.proc.stdout)
        except EOFError:
            raise sqlite3.OperationalError(
                f"the read models' writer ended ({self.proc.wait()})") from None
        if reply[0] == "error":
            raise sqlite3.OperationalError(reply[1])
        return reply[0]

    def close(self) -> None:
        if self.sending is not None:
            self.sending.join()
        try:
            self.proc.stdin.close()
        finally:
            self.proc.wait()
            self.proc.stdout.close()


def main(path: str) -> None:
    from .updater import _Raced, open_views, write_batch
    gc.disable()  # nothing it makes lives longer than a batch
    conn = open_views(path)
    conn.execute("PRAGMA wal_autocheckpoint = 0")  # the catch-up checkpoints once at the end
    source, sink = sys.stdin.buffer, sys.stdout.buffer
    try:
        while True:
            size = source.read(8)
            if len(size) < 8:
                return
            size = int.from_bytes(size, "little")
            data = source.read(size)
            if len(data) < size:  # the catch-up died while sending: nothing to write
                return
            batch = marshal.loads(data)
            del data
            try:
                write_batch(conn, batch)
                reply = ("ok",)
            except _Raced:
                reply = ("raced",)
            except Exception as error:  # noqa: BLE001 - told to the catch-up, which raises
                reply = ("error", f"{type(error).__name__}: {error}")
            del batch
            try:
                pickle.dump(reply, sink, pickle.HIGHEST_PROTOCOL)
                sink.flush()
            except BrokenPipeError:  # the catch-up died; what was written stays written
                return
    finally:
        conn.close()


if __name__ == "__main__":
    main(sys.argv[1])
