"""`make run` / `make test` on a fresh machine: nothing but the system Python and make.

The bootstrap runs as a newcomer would run it: an empty HOME, PATH=/usr/local/bin:/usr/bin:/bin,
Debian's own /usr/bin/python3 (externally managed: PEP 668 refuses `pip install --user`).
No test reaches the internet, so pip gets uv from a local wheel of the uv running this
suite, and uv resolves the locked packages from the machine's uv cache in offline mode;
everything else (where uv goes, how make finds it) is exactly what a newcomer gets.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.infra.uv_wheel import build_uv_wheel

REPO = Path(__file__).resolve().parents[2]
SYSTEM_PYTHON = Path("/usr/bin/python3")
BARE_PATH = "/usr/local/bin:/usr/bin:/bin"


def _uv_cache_dir(uv: str) -> str:
    return subprocess.run(
        [uv, "cache", "dir"], capture_output=True, text=True, check=True
    ).stdout.strip()


def _copy_checkout(into: Path) -> None:
    listed = (
        subprocess.run(
            ["git", "ls-files", "-co", "--exclude-standard", "-z"],
            cwd=REPO,
            capture_output=True,
            check=True,
        )
        .stdout.decode()
        .split("\0")
    )
    for name in filter(None, listed):
        source = REPO / name
        if source.is_file():
            target = into / name
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target)


@pytest.fixture
def newcomer(tmp_path: Path) -> tuple[Path, dict[str, str]]:
    uv = os.environ.get("UV") or shutil.which("uv")
    if uv is None or not SYSTEM_PYTHON.exists():
        pytest.skip("needs the uv running this suite and a system /usr/bin/python3")
    checkout = tmp_path / "scout"
    _copy_checkout(checkout)
    home = tmp_path / "home"
    home.mkdir()
    wheels = build_uv_wheel(Path(uv).resolve(), tmp_path / "wheels").parent
    env = {
        "HOME": str(home),
        "PATH": BARE_PATH,
        "PYTHON": str(SYSTEM_PYTHON),
        # offline stand-ins for PyPI (see the module docstring)
        "PIP_NO_INDEX": "1",
        "PIP_FIND_LINKS": str(wheels),
        "PIP_CONFIG_FILE": os.devnull,
        "UV_CACHE_DIR": _uv_cache_dir(uv),
        "UV_OFFLINE": "1",
        "UV_PYTHON_DOWNLOADS": "never",
    }
    return checkout, env


def _bootstrap(checkout: Path, env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        ["bash", "scripts/bootstrap.sh"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )


def test_bootstrap_on_a_fresh_machine_gives_a_usable_uv_and_venv(
    newcomer: tuple[Path, dict[str, str]],
) -> None:
    checkout, env = newcomer
    first = _bootstrap(checkout, env)
    if "Network connectivity is disabled" in first.stderr:
        pytest.skip("uv's cache lacks the locked packages for /usr/bin/python3: run make test once")
    assert first.returncode == 0, first.stderr
    assert "installing uv" in first.stderr

    uv = checkout / ".cache" / "bin" / "uv"
    assert subprocess.run([str(uv), "--version"], env=env, check=True).returncode == 0
    venv_python = checkout / ".venv" / "bin" / "python"
    imported = subprocess.run(
        [str(venv_python), "-c", "import aiogram, arq, fastapi, scout.cli; print('ok')"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    assert imported.stdout.strip() == "ok", imported.stderr
    # make finds uv through the Makefile, not through PATH
    planned = subprocess.run(
        ["make", "-n", "run"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    assert f"{uv} run scout run all" in planned.stdout
    scout_help = subprocess.run(
        [str(uv), "run", "--frozen", "scout", "--help"],
        cwd=checkout,
        env=env,
        capture_output=True,
        text=True,
    )
    assert scout_help.returncode == 0, scout_help.stderr
    assert "run" in scout_help.stdout

    again = _bootstrap(checkout, env)
    assert again.returncode == 0, again.stderr
    assert "installing uv" not in again.stderr


def test_system_python_is_externally_managed_here_or_not_debian() -> None:
    """Records which case the test above covered: PEP 668 applies when the marker exists."""
    markers = list(Path("/usr/lib").glob("python3*/EXTERNALLY-MANAGED"))
    if not markers:
        pytest.skip("this machine's Python is not externally managed")
    refused = subprocess.run(
        [str(SYSTEM_PYTHON), "-m", "pip", "install", "--user", "--dry-run", "--no-index", "uv"],
        env={"HOME": "/nonexistent", "PATH": BARE_PATH, "PIP_CONFIG_FILE": os.devnull},
        capture_output=True,
        text=True,
    )
    assert "externally-managed-environment" in refused.stderr
