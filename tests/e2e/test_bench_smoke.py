"""Every benchmark runs briefly (BENCH_QUICK=1) and prints its table, so none of them rots.

Timings are not asserted: on a shared machine they mean nothing here; `make bench` and the
README's table are where the numbers live.
"""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pytest

import bench

ROOT = Path(__file__).parents[2]
MODULES = sorted(m.name for m in pkgutil.iter_modules(bench.__path__) if not m.name.startswith("_"))


def test_every_benchmark_module_is_covered() -> None:
    assert {"fanout", "learning", "load_api", "load_bot", "matching", "memory", "pipeline"} <= set(
        MODULES
    )


@pytest.mark.parametrize("module", MODULES)
def test_benchmark_runs_in_quick_mode(module: str) -> None:
    env = {**os.environ, "BENCH_QUICK": "1"}
    done = subprocess.run(
        [sys.executable, "-m", f"bench.{module}"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=280, check=False,
    )  # fmt: skip
    assert done.returncode == 0, done.stdout[-3000:] + done.stderr[-3000:]
    assert "|---" in done.stdout, done.stdout
    assert "machine: " in done.stdout
    assert "Traceback" not in done.stderr, done.stderr[-3000:]
    if module == "memory":  # the users tap, so the numbers cover learning (bench/_taps.py)
        assert "learning steps stored" in done.stdout, done.stdout
