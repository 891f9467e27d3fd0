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
