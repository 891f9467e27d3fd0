"""Every test file is in one of the three folders pytest runs (pyproject.toml's testpaths): a
test file anywhere else under tests/ would silently never run."""
from __future__ import annotations

import pathlib
import tomllib

ROOT = pathlib.Path(__file__).resolve().parents[2]
FOLDERS = ("tests/unit", "tests/integration", "tests/e2e")


def test_testpaths_are_the_three_folders_and_the_rulebook():
    config = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    assert config["tool"]["pytest"]["ini_options"]["testpaths"] == [*FOLDERS, "features"]


def test_every_test_file_is_in_one_of_the_folders():
    stray = [str(path.relative_to(ROOT)) for path in (ROOT / "tests").rglob("test_*.py")
             if not any(path.is_relative_to(ROOT / folder) for folder in FOLDERS)]
    assert stray == []
