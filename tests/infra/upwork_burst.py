"""One OS process firing a burst of Upwork GraphQL calls through the production client.

    python -m tests.infra.upwork_burst REDIS_URL GRAPHQL_URL ACCESS_TOKEN CALLS

Builds the client exactly as a scout process does (``build_upwork``: the shared Redis rate
limiter, the retrying transport, ``http_client()``), prints ``ready``, waits for a line on
stdin so several processes can start together, then runs CALLS requests concurrently and
prints one JSON line: ``{"ok": n, "errors": [...], "attempts": {outcome: n}}``, the
attempts being the HTTP requests the transport made (``scout_upwork_requests_total``):
more than CALLS only if some were retried, which the transport logs to stderr.
"""

from __future__ import annotations

import asyncio
import json
import sys

from redis.asyncio import Redis

from core.config import load_settings
from core.crypto import Encryptor, generate_key
from core.db.engine import create_engine, create_session_factory
from core.metrics import UPWORK_REQUESTS
from core.upwork.factory import build_upwork, http_client


async def burst(redis_url: str, graphql_url: str, token: str, calls: int) -> dict[str, object]:
    settings = load_settings(redis_url=redis_url, upwork_graphql_url=graphql_url)
    redis = Redis.from_url(redis_url)
    engine = create_engine("sqlite+aiosqlite:///:memory:")  # never used by these calls
    try:
        async with http_client() as http:
            upwork = build_upwork(
                settings,
                http=http,
                redis=redis,
                sessions=create_session_factory(engine),
                encryptor=Encryptor([generate_key()]),
            )
            print("ready", flush=True)
            await asyncio.to_thread(sys.stdin.readline)
            results = await asyncio.gather(
                *(upwork.client.current_user(token) for _ in range(calls)),
                return_exceptions=True,
            )
    finally:
        await redis.aclose()
        await engine.dispose()
    errors = [repr(r) for r in results if isinstance(r, BaseException)]
    ok = sum(1 for r in results if isinstance(r, dict) and r.get("id"))
    return {"ok": ok, "errors": errors, "attempts": _attempts()}


def _attempts() -> dict[str, int]:
    [metric] = UPWORK_REQUESTS.collect()
    return {
        sample.labels["outcome"]: int(sample.value)
        for sample in metric.samples
        if sample.name.endswith("_total")
    }


def main() -> None:
    redis_url, graphql_url, token, calls = sys.argv[1:5]
    print(json.dumps(asyncio.run(burst(redis_url, graphql_url, token, int(calls)))), flush=True)


if __name__ == "__main__":
    main()
