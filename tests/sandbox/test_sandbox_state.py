"""The sandbox's emulated Upwork across restarts, its sample feed, and long chat messages."""

from __future__ import annotations

from pathlib import Path

import httpx

from sandbox.emulators import upwork_persist
from sandbox.emulators.upwork import UpworkEmulator
from sandbox.emulators.upwork_jobs import build_job, load_sample_specs
from sandbox.web import split_message
from scout.sandbox_mode import NO_REPEAT_SECONDS, next_sample


async def test_tokens_and_jobs_survive_a_restart(tmp_path: Path) -> None:
    state = tmp_path / "upwork.json"
    first = UpworkEmulator(client_id="scout-sandbox", client_secret="s3cret")
    tokens = first.issue_tokens()
    jobs = [job["id"] for job in first.jobs]
    upwork_persist.save(first, state)

    secret = upwork_persist.load_client_secret(state)
    assert secret == "s3cret"
    second = UpworkEmulator(client_id="scout-sandbox", client_secret=secret)
    assert upwork_persist.restore(second, state)
    assert [job["id"] for job in second.jobs] == jobs
    async with second, httpx.AsyncClient() as client:
        refreshed = await client.post(
            second.token_url,
            data={"grant_type": "refresh_token", "refresh_token": tokens["refresh_token"],
                  "client_id": "scout-sandbox", "client_secret": secret},
        )  # fmt: skip
    assert refreshed.status_code == 200, refreshed.text
    assert refreshed.json()["access_token"]


def test_a_broken_state_file_starts_afresh(tmp_path: Path) -> None:
    state = tmp_path / "upwork.json"
    state.write_text("{not json", encoding="utf-8")
    assert upwork_persist.load_client_secret(state) is None
    assert not upwork_persist.restore(UpworkEmulator(), state)


def test_no_sample_job_is_published_twice_within_an_hour() -> None:
    specs = load_sample_specs()
    upwork = UpworkEmulator(sample_jobs=False)
    now = upwork.now()
    published: list[str] = []
    for _ in range(len(specs)):
        spec = next_sample(specs, upwork.jobs, now)
        assert spec is not None
        upwork.jobs.insert(0, build_job(spec, now, upwork.next_seq()))
        published.append(spec["title"])
        now += 20
    assert len(set(published)) == len(published) == len(specs)
    assert next_sample(specs, upwork.jobs, now) is None  # all shown within the hour
    assert next_sample(specs, upwork.jobs, now + NO_REPEAT_SECONDS) is not None


def test_long_messages_are_split_as_telegram_clients_do() -> None:
    text = "word " * 1000
    parts = split_message(text)
    assert len(parts) == 2 and all(len(p) <= 4096 for p in parts)
    assert "".join(parts) == text
    emoji = "🙂" * 3000  # two UTF-16 units each
    assert [len(p) for p in split_message(emoji)] == [2048, 952]
    assert split_message("   ") == []
