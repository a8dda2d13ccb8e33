"""deploy/kubernetes overlays rendered by `kubectl kustomize`, once per test session."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
OVERLAYS_DIR = ROOT / "deploy" / "kubernetes" / "overlays"


def _bootstrapped_kubectl() -> str | None:
    path = ROOT / ".cache" / "kubectl" / "bin" / "kubectl"
    return str(path) if path.is_file() else None


@cache
def rendered_text(overlay: str) -> str:
    # kubectl >= 1.27 carries kustomize v5: the machine's, or the one scripts/bootstrap.sh
    # installs into .cache/kubectl (Debian's kubernetes-client is 1.20, kustomize v2).
    kubectl = shutil.which("kubectl") or _bootstrapped_kubectl()
    if kubectl is None:
        pytest.fail("kubectl is not installed (it renders the kustomize overlays offline)")
    result = subprocess.run(
        [kubectl, "kustomize", str(OVERLAYS_DIR / overlay)],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return result.stdout


def rendered(overlay: str) -> tuple[dict[str, Any], ...]:
    return tuple(doc for doc in yaml.safe_load_all(rendered_text(overlay)) if doc)
