"""`scout run all` on embedded defaults, as a real process, against the Telegram emulator."""

from __future__ import annotations

import platform
import subprocess
import sys
import time
from collections.abc import AsyncIterator
from pathlib import Path

import httpx
import pytest

from sandbox.emulators.telegram import TelegramEmulator
from tests.infra.postgres import free_port
from tests.infra.process import ScoutProcess


@pytest.fixture
async def telegram() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as emulator:
        yield emulator


async def test_run_all_answers_start_and_stops_cleanly(
    telegram: TelegramEmulator, tmp_path: Path
) -> None:
    port = free_port()
    scout = ScoutProcess(
        ["run", "all"],
        cwd=tmp_path,
        env={"BOT_TOKEN": telegram.token, "TELEGRAM_API_URL": telegram.url,
             "API_PORT": str(port)},
    )  # fmt: skip
    await scout.start()
    try:
        await scout.wait_for(lambda line: line.get("msg") == "scout all running")
        update = await telegram.send_message(4242, "/start", language_code="uk", first_name="Оля")
        reply = await telegram.next_message(4242, timeout=20)
        assert reply.text is not None and "Upwork Scout" in reply.text and "Оля" in reply.text
        assert "/link" in reply.text

        async with httpx.AsyncClient() as http:
            health = (await http.get(f"http://127.0.0.1:{port}/health")).json()
        assert health["status"] == "ok", health

        handled = await scout.wait_for(
            lambda line: (
                line.get("msg") == "update handled" and line.get("update_id") == update["update_id"]
            )
        )
        job = await scout.wait_for(
            lambda line: line.get("msg") == "job finished" and line.get("job") == "record_event"
        )
        assert handled["correlation_id"].startswith(f"u{update['update_id']}-")
        assert job["correlation_id"] == handled["correlation_id"]
        assert job["outcome"] == "ok"
    finally:
        started = time.monotonic()
        code = await scout.stop()
        elapsed = time.monotonic() - started
    assert code == 0, "\n".join(scout.raw[-20:])
    assert elapsed < 10
    assert any(line.get("msg") == "scout all stopped" for line in scout.lines)
    assert (tmp_path / "data" / "scout.db").exists()
    assert not (tmp_path / "data" / "redis.sock").exists()

    output = "\n".join(scout.raw)
    secrets = [telegram.token, telegram.token.split(":")[1]]
    secrets += [p.read_text().strip() for p in (tmp_path / "data" / "keys").iterdir()]
    for secret in secrets:
        assert secret not in output


def test_the_long_running_process_loads_no_migration_tool_and_no_numeric_stack() -> None:
    """What `scout run all` imports, plus one decision learned, leaves alembic/mako (the
    schema upgrade runs in a child, scout/upgrade.py) and river/numpy/scipy (the learning
    step is written out, core/learning/model.py) out of the process: ~95 MiB of RSS."""
    probe = (
        "import sys\n"
        "from scout.lean_aiogram import import_aiogram_lazily\n"
        "import_aiogram_lazily()\n"
        "import scout.runner, scout.components\n"
        "from core.learning.model import TasteState, learn\n"
        "learn(TasteState(), {'skill:python': 1.0}, wanted=True)\n"
        "print(sorted({m.split('.')[0] for m in sys.modules}"
        " & {'alembic', 'mako', 'river', 'numpy', 'scipy'}))\n"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "[]", done.stdout + done.stderr


def test_malloc_arenas_are_limited_on_glibc() -> None:
    """scout/heap.py: mallopt(M_ARENA_MAX, 2) is accepted where glibc runs the process."""
    probe = "from scout.heap import limit_arenas; print(limit_arenas())"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    expected = platform.libc_ver()[0] == "glibc"
    assert done.stdout.strip() == str(expected), done.stderr


def test_httpx_works_without_its_command_line_client() -> None:
    """scout/lean_imports.py: httpx no longer brings click, rich and pygments along, and a
    client still makes requests (a mock transport: no network)."""
    probe = (
        "import sys; from scout.lean_imports import skip_unused_modules; skip_unused_modules(); "
        "import httpx; "
        "t = httpx.MockTransport(lambda r: httpx.Response(200, json={'ok': True})); "
        "print(httpx.Client(transport=t).get('http://x/').json()['ok'], "
        "sorted(m for m in ('rich', 'pygments', 'httpx._main') if sys.modules.get(m)))"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "True []", done.stderr


def test_serving_freezes_start_up_objects_and_the_bot_collects_less_often() -> None:
    """scout/collector.py: what start-up built is out of the collector's reach; the bot's
    process waits for 10,000 new container objects and runs a middle pass after 3 young
    ones (short pauses: tail latency), the others keep CPython's thresholds (memory)."""
    probe = (
        "import gc, sys; from scout import collector; collector.settle(sys.argv[1]); "
        "print(gc.get_threshold(), gc.get_freeze_count() > 1000)"
    )
    seen = {}
    for target in ("bot", "all", "worker"):
        done = subprocess.run(
            [sys.executable, "-c", probe, target], capture_output=True, text=True, check=True
        )
        seen[target] = done.stdout.strip()
    assert seen == {
        "bot": "(10000, 2, 100) True",
        "all": "(700, 10, 10) True",
        "worker": "(700, 10, 10) True",
    }
