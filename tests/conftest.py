"""Shared fixtures: a fresh store per test, facts written the way caseworkers write them."""
from __future__ import annotations

import os
import pathlib

import pytest

SHARED = pathlib.Path(__file__).resolve().parents[2] / "shared"
EXAMPLES = SHARED / "examples"
SAMPLE = EXAMPLES / "sample-events.jsonl"


def intake(participant: str = "p1", day: str = "2008-03-01", **fields) -> dict:
    fact = {"type": "intake", "participant": participant, "date": day, "project": "Bergen",
            "counsellor": "c7", "gender": "F", "country": "SO",
            "resident_since": "2004-01-01", "assistance_since": "2007-01-01"}
    fact.update(fields)
    return fact


def fact(type_: str, participant: str = "p1", day: str = "2008-04-01", **fields) -> dict:
    return {"type": type_, "participant": participant, "date": day, **fields}


@pytest.fixture
def store(tmp_path) -> str:
    return str(tmp_path / "store.db")


@pytest.fixture
def app(store):
    from domain.application import Programme
    return Programme(store, "kari")


@pytest.fixture
def cli_env(store, monkeypatch):
    monkeypatch.setenv("NYSJANSE_DB", store)
    monkeypatch.setenv("NYSJANSE_USER", "kari")
    monkeypatch.delenv("NYSJANSE_VIEWS", raising=False)
    return {"NYSJANSE_DB": store, "NYSJANSE_USER": "kari"}


PG_SERVER = os.environ.get("NYSJANSE_TEST_PG", "postgresql://postgres@127.0.0.1:5432")


@pytest.fixture
def pg_url():
    """A database of its own on the machine's PostgreSQL, dropped afterwards.

    No skipping: a suite that cannot reach PostgreSQL fails, so CI cannot pass without it.
    """
    import uuid

    import psycopg
    name = f"nysjanse_test_{uuid.uuid4().hex[:12]}"
    try:
        admin = psycopg.connect(f"{PG_SERVER}/postgres", autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL at {PG_SERVER} is not reachable: {error}")
    admin.execute(f'CREATE DATABASE "{name}"')
    try:
        yield f"{PG_SERVER}/{name}"
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(params=["sqlite", "postgres"])
def any_store(request, tmp_path):
    """The same test on the embedded store and on PostgreSQL."""
    if request.param == "sqlite":
        return str(tmp_path / "store.db")
    return request.getfixturevalue("pg_url")
