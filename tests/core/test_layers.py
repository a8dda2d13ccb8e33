"""The charter's layering, read from the import statements of every module.

core imports no framework and nothing above it; telegram_kit (aiogram + core) imports none
of the processes; bot, workers and api never import each other.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PROCESSES = {"bot", "workers", "api"}
FORBIDDEN = {
    "core": {"aiogram", "fastapi", "arq", "telegram_kit", *PROCESSES},
    "telegram_kit": {"fastapi", "arq", *PROCESSES},
    "bot": {"workers", "api"},
    "workers": {"bot", "api"},
    "api": {"bot", "workers"},
}


def imported(path: Path) -> set[str]:
    """Top-level packages ``path`` imports (absolute imports only; relative ones stay home)."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


@pytest.mark.parametrize("package", sorted(FORBIDDEN))
def test_package_keeps_to_its_layer(package: str) -> None:
    files = sorted((ROOT / package).rglob("*.py"))
    assert files
    wrong = {
        str(path.relative_to(ROOT)): sorted(imported(path) & FORBIDDEN[package]) for path in files
    }
    assert {path: names for path, names in wrong.items() if names} == {}


def test_the_checker_sees_a_forbidden_import(tmp_path: Path) -> None:
    module = tmp_path / "m.py"
    module.write_text("import aiogram.types\nfrom bot.factory import x\nfrom . import y\n")
    assert imported(module) == {"aiogram", "bot"}
