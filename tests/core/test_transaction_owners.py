"""Issue 16 item 3: core services own every transaction; handlers, routes and jobs never
commit."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]


def _commits(package: str) -> list[str]:
    found = []
    for path in sorted((ROOT / package).rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(), str(path))):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == "commit"
            ):
                found.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    return found


@pytest.mark.parametrize("package", ["api", "bot", "workers"])
def test_no_commit_outside_core(package: str) -> None:
    assert _commits(package) == []


def test_the_check_finds_a_commit() -> None:
    assert _commits("core")  # the services do commit: the walk sees them
