"""Modules `scout run` never uses, kept from being imported.

httpx imports its command-line client (`httpx._main`: click, rich and pygments, 5 MiB of
RSS) whenever those happen to be installed, as they are with the dev tools (bandit and
schemathesis bring rich). `scout run` never runs it. A ``None`` in ``sys.modules`` makes
that import raise ImportError, which httpx catches (its ``main`` then says the CLI's
dependencies are missing).
"""

from __future__ import annotations

import sys

UNUSED = ("httpx._main",)


def skip_unused_modules() -> None:
    """Call before httpx is first imported; a module already imported is left alone."""
    for name in UNUSED:
        sys.modules.setdefault(name, None)  # type: ignore[arg-type]
