"""The rulebook: every scenario of every feature file in this folder, run against the real
application (step definitions in conftest.py)."""
from pytest_bdd import scenarios

scenarios(".")
