"""The sandbox's emulated Upwork keeps what it issued across restarts of `scout run all`.

Upwork itself never forgets a token or a job because our process restarted: a refresh
token stays valid for two weeks (developers.upwork.com, "OAuth 2.0": refresh tokens expire
after 14 days unless used) and a job keeps its id. Without this file every restart made the
linked account "need relinking" and the same sample jobs come back under new ids. Only the
sandbox uses it; tests keep the emulator in memory.
"""

from __future__ import annotations

import json
import logging
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from sandbox.emulators.upwork import UpworkEmulator
from sandbox.emulators.upwork_data import AccessToken, RefreshToken

log = logging.getLogger(__name__)
VERSION = 1


def _token_rows(tokens: dict[str, Any]) -> list[dict[str, Any]]:
    return [asdict(t) | {"scopes": sorted(t.scopes)} for t in tokens.values()]


def snapshot(upwork: UpworkEmulator) -> dict[str, Any]:
    return {
        "version": VERSION,
        "client_secret": upwork.client_secret,
        "seq": upwork._seq,
        "jobs": upwork.jobs,
        "access_tokens": _token_rows(upwork.access_tokens),
        "refresh_tokens": _token_rows(upwork.refresh_tokens),
    }


def save(upwork: UpworkEmulator, path: Path) -> None:
    """Written to a temporary file first, then renamed: a crash never leaves half a file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".tmp")
    partial.write_text(json.dumps(snapshot(upwork)), encoding="utf-8")
    os.replace(partial, path)


def load_client_secret(path: Path) -> str | None:
    data = _read(path)
    return str(data["client_secret"]) if data else None


def restore(upwork: UpworkEmulator, path: Path) -> bool:
    """Put the saved tokens, jobs and counter back; False when there is nothing usable."""
    data = _read(path)
    if data is None:
        return False
    upwork._seq = max(int(data["seq"]), upwork._seq)
    upwork.jobs = list(data["jobs"])
    upwork.access_tokens = {
        row["token"]: AccessToken(**(row | {"scopes": frozenset(row["scopes"])}))
        for row in data["access_tokens"]
    }
    upwork.refresh_tokens = {
        row["token"]: RefreshToken(**(row | {"scopes": frozenset(row["scopes"])}))
        for row in data["refresh_tokens"]
    }
    return True


def _read(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        return None
    except (OSError, ValueError) as exc:
        log.warning("sandbox upwork state unreadable, starting afresh: %s", exc)
        return None
    return data if isinstance(data, dict) and data.get("version") == VERSION else None
