"""Every step definition of conftest.py is used by a scenario: pytest-bdd reports a step no
definition matches, never a definition no step uses (a dead phrase reads as a rule that holds)."""
from __future__ import annotations

import importlib.util
import pathlib
import re
import sys

HERE = pathlib.Path(__file__).resolve().parent
KEYWORDS = {"Gitt": "given", "Når": "when", "Så": "then", "Og": None, "Men": None}


def steps_written() -> list[tuple[str, str]]:
    """(given|when|then, text) of every step of every feature file, each scenario outline
    expanded with its examples."""
    found: list[tuple[str, str]] = []
    for path in sorted(HERE.glob("*.feature")):
        kind, outline, table = "", [], None
        for line in path.read_text(encoding="utf-8").splitlines() + [""]:
            text = line.strip()
            if table is not None and text.startswith("|"):
                table.append([c.strip() for c in text.strip("|").split("|")])
                continue
            if table is not None:  # the examples end: one copy of the outline per row
                header, *rows = table
                for row in rows:
                    for k, step in outline:
                        for name, value in zip(header, row):
                            step = step.replace(f"<{name}>", value)
                        found.append((k, step))
                table = None
            if text.startswith(("Abstrakt Scenario", "Scenario", "Bakgrunn")):
                outline = [] if text.startswith("Abstrakt") else None
            elif text.startswith("Eksempler"):
                table = []
            elif (word := text.split(" ", 1)[0]) in KEYWORDS:
                kind = KEYWORDS[word] or kind
                step = (kind, text.split(" ", 1)[1])
                (outline if outline is not None else found).append(step)
    return found


def step_definitions() -> list[tuple[str, re.Pattern]]:
    """(given|when|then, pattern) of each definition, from the fixtures pytest-bdd registers."""
    spec = importlib.util.spec_from_file_location("rulebook_steps", HERE / "conftest.py")
    steps = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = steps  # its dataclasses look their module up while it loads
    try:
        spec.loader.exec_module(steps)  # a copy of its own: pytest's stays as it is
    finally:
        del sys.modules[spec.name]
    out = []
    for name in vars(steps):
        if m := re.fullmatch(r"pytestbdd_stepdef_(given|when|then)_(.+)", name, re.S):
            out.append((m[1], re.compile(m[2])))
    return out


def test_every_step_definition_is_used():
    written = steps_written()
    definitions = step_definitions()
    assert len(definitions) > 15 and len(written) > 300  # both were found at all
    unused = [pattern.pattern for kind, pattern in definitions
              if not any(k == kind and pattern.fullmatch(text) for k, text in written)]
    assert unused == []


def test_every_step_written_has_a_definition():
    definitions = step_definitions()
    assert [(k, text) for k, text in steps_written()
            if not any(kind == k and p.fullmatch(text) for kind, p in definitions)] == []
