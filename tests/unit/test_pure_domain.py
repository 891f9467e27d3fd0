"""domain/ is pure: facts, values, rules, timelines, no I/O. Its modules import no database
driver, no storage module of the event library, no file or process module, and call no `open`,
at any depth (an import inside a function counts). The store, import/export and the adapter to
the event library live in store/.

One exception, named: `domain.values._countries` reads pycountry's own code list from the
installed package (reference data shipped with a dependency, read once, never a user's file
or the store).
"""
from __future__ import annotations

import ast
import pathlib

import pytest

ROOT = pathlib.Path(__file__).resolve().parents[2]
FORBIDDEN = ("sqlite3", "psycopg", "psycopg_pool", "sqlite_utils", "eventsourcing.sqlite",
             "eventsourcing.postgres", "eventsourcing.persistence", "eventsourcing.application",
             "os", "io", "pathlib", "shutil", "tempfile", "subprocess", "socket", "urllib.request",
             "store", "projections")
ALLOWED = {("values.py", "_countries")}  # see the module docstring


def forbidden(name: str) -> bool:
    return any(name == bad or name.startswith(bad + ".") for bad in FORBIDDEN)


def impurities(source: str, filename: str) -> list[str]:
    """Each forbidden import or `open` call in a module's source: "file:line what"."""
    found: list[str] = []

    def visit(node: ast.AST, function: str | None) -> None:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
            function = node.name
        if (filename, function) not in ALLOWED:
            if isinstance(node, ast.Import):
                found.extend(f"{filename}:{node.lineno} imports {a.name}"
                             for a in node.names if forbidden(a.name))
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                names = [node.module, *(f"{node.module}.{a.name}" for a in node.names)]
                if any(forbidden(n) for n in names):
                    found.append(f"{filename}:{node.lineno} imports from {node.module}")
            elif (isinstance(node, ast.Call) and isinstance(node.func, ast.Name)
                  and node.func.id == "open"):
                found.append(f"{filename}:{node.lineno} calls open")
        for child in ast.iter_child_nodes(node):
            visit(child, function)

    visit(ast.parse(source, filename), None)
    return found


def test_nothing_in_domain_does_io():
    found = []
    for path in sorted((ROOT / "domain").rglob("*.py")):
        found += impurities(path.read_text(encoding="utf-8"), path.name)
    assert found == [], "domain/ must stay pure (move I/O to store/): " + "; ".join(found)


@pytest.mark.parametrize("source, what", [
    ("import sqlite3\n", "imports sqlite3"),
    ("def f():\n    import os.path\n", "imports os.path"),
    ("from eventsourcing.sqlite import SQLiteApplicationRecorder\n",
     "imports from eventsourcing.sqlite"),
    ("from eventsourcing import postgres\n", "imports from eventsourcing"),
    ("from store.application import Programme\n", "imports from store.application"),
    ("def f(p):\n    with open(p) as f:\n        return f.read()\n", "calls open"),
])
def test_the_check_finds_io_at_any_depth(source, what):
    assert [f.split(" ", 1)[1] for f in impurities(source, "x.py")] == [what]


def test_the_check_lets_pure_imports_pass():
    source = ("from eventsourcing.domain import Aggregate\nimport re, json\n"
              "from datetime import date\nfrom .values import as_date\n")
    assert impurities(source, "x.py") == []


def test_the_one_exception_is_only_the_named_function():
    source = "def _countries():\n    import os\n\ndef other():\n    import os\n"
    assert impurities(source, "values.py") == ["values.py:5 imports os"]
