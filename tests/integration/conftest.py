"""Fixtures of the integration tests: the sample of tests/fixtures in a store, how answers compare
and what the read models hold."""
from __future__ import annotations

import math
from tests.conftest import open_db

import pytest

from tests.conftest import sample_facts


def load(app, facts: list[dict]) -> None:
    """Write facts through the write side's rules (bulk import when there is one)."""
    try:
        from store.transfer import import_facts
    except ImportError:
        for f in facts:
            app.record(f)
    else:
        import_facts(app, facts, "test")


@pytest.fixture(scope="session")
def sample_store(tmp_path_factory) -> str:
    from store.application import Programme
    db = str(tmp_path_factory.mktemp("sample") / "store.db")
    load(Programme(db, "test"), sample_facts())
    return db


def differences(want, got, path: str = "") -> list[str]:
    """Floats to a relative 1e-6, everything else exactly (keys, counts, types, nulls)."""
    out: list[str] = []
    _diff(want, got, path, out)
    return out


def _diff(want, got, path, out):
    if isinstance(want, dict):
        if not isinstance(got, dict):
            return out.append(f"{path}: expected an object, got {got!r}")
        for k in want.keys() | got.keys():
            if k not in got:
                out.append(f"{path}.{k}: missing")
            elif k not in want:
                out.append(f"{path}.{k}: unexpected")
            else:
                _diff(want[k], got[k], f"{path}.{k}", out)
    elif isinstance(want, list):
        if not isinstance(got, list) or len(got) != len(want):
            return out.append(f"{path}: expected {len(want)} items, got {got!r}")
        for i, (a, b) in enumerate(zip(want, got)):
            _diff(a, b, f"{path}[{i}]", out)
    elif isinstance(want, float) and not isinstance(got, bool) and isinstance(got, (int, float)):
        if not math.isclose(want, got, rel_tol=1e-6, abs_tol=1e-6):
            out.append(f"{path}: expected {want}, got {got}")
    elif want != got or type(want) is not type(got):
        out.append(f"{path}: expected {want!r}, got {got!r}")


def dump_views(path: str) -> dict[str, list]:
    """Every row of every read model, in a fixed order."""
    conn = open_db(path)
    try:
        return {
            "tracking": conn.execute("SELECT * FROM tracking").fetchall(),
            "facts": conn.execute("SELECT * FROM facts ORDER BY position").fetchall(),
            "participations": conn.execute("SELECT * FROM participations ORDER BY id").fetchall(),
        }
    finally:
        conn.close()
