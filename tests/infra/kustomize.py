"""deploy/kubernetes overlays rendered by `kubectl kustomize`, once per test session."""

from __future__ import annotations

import shutil
import subprocess
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

OVERLAYS_DIR = Path(__file__).resolve().parents[2] / "deploy" / "kubernetes" / "overlays"


@cache
def rendered_text(overlay: str) -> str:
    # kubectl >= 1.27 carries kustomize v5; the machine image ships it (Debian's
    # kubernetes-client is 1.20, whose kustomize v2 cannot read these overlays).
    kubectl = shutil.which("kubectl")
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
