"""`POST /telegram/webhook`: the secret is checked, each update_id is queued once."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator, Awaitable
from pathlib import Path
from typing import Any, cast

import httpx
import pytest
from redis.asyncio import Redis

from api.app import create_app
from api.routes.webhook import INCOMING_QUEUE, MAX_BODY_BYTES, SEEN_PREFIX
from api.state import ApiState
from core.config import load_settings
from core.db.engine import create_engine, create_session_factory

SECRET = "Wh-secret_0123456789abcdef-0123456789abcdef"
HEADER = "X-Telegram-Bot-Api-Secret-Token"


def update(update_id: int, text: str = "/start") -> dict[str, Any]:
    return {
        "update_id": update_id,
        "message": {
            "message_id": 1,
            "date": 1700000000,
            "chat": {"id": 42, "type": "private"},
            "from": {"id": 42, "is_bot": False, "first_name": "Ann"},
            "text": text,
        },
    }


async def client_for(redis: Redis, tmp_path: Path, **settings: Any) -> httpx.AsyncClient:
    # The webhook never touches the database; an empty SQLite file is enough.
    engine = create_engine(f"sqlite+aiosqlite:///{tmp_path / 'unused.db'}")
    state = ApiState(load_settings(**settings), engine, create_session_factory(engine), redis)
    return httpx.AsyncClient(
        transport=httpx.ASGITransport(app=create_app(state)), base_url="http://scout"
    )


@pytest.fixture
async def api(redis: Redis, tmp_path: Path) -> AsyncIterator[httpx.AsyncClient]:
    async with await client_for(
        redis, tmp_path, bot_mode="webhook", webhook_secret=SECRET
    ) as client:
        yield client


async def queued(redis: Redis) -> list[bytes]:
    items = await cast(Awaitable[list[bytes]], redis.lrange(INCOMING_QUEUE, 0, -1))
    return list(items)


async def post(
    api: httpx.AsyncClient, body: bytes | dict[str, Any], secret: str | None = SECRET
) -> httpx.Response:
    content = json.dumps(body).encode() if isinstance(body, dict) else body
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers[HEADER] = secret
    return await api.post("/telegram/webhook", content=content, headers=headers)


@pytest.mark.parametrize(
    "secret",
    [None, "", "wrong", SECRET[:-1] + "X", SECRET + "x", SECRET.lower(), "ü" * 10],
)
async def test_without_the_right_secret_nothing_is_processed(
    api: httpx.AsyncClient, redis: Redis, secret: str | None
) -> None:
    if secret is not None and not secret.isascii():
        # httpx sends header values as latin-1 bytes, exactly what a client could send.
        response = await api.post(
            "/telegram/webhook",
            content=json.dumps(update(1)),
            headers={HEADER.encode(): secret.encode()},
        )
    else:
        response = await post(api, update(1), secret)
    assert response.status_code == 403
    assert response.json()["ok"] is False
    assert await queued(redis) == []
    assert await redis.exists(f"{SEEN_PREFIX}1") == 0  # a later genuine delivery still counts


async def test_an_update_with_the_secret_is_queued_raw(
    api: httpx.AsyncClient, redis: Redis
) -> None:
    raw = json.dumps(update(7001, "hello ü"), ensure_ascii=False).encode()
    response = await post(api, raw)
    assert response.status_code == 200
    assert response.json() == {"ok": True}
    assert await queued(redis) == [raw]
    assert 0 < await redis.ttl(f"{SEEN_PREFIX}7001") <= 86400


async def test_a_repeated_update_id_is_queued_once(api: httpx.AsyncClient, redis: Redis) -> None:
    first = await post(api, update(9))
    again = await post(api, update(9, "a retried delivery"))
    other = await post(api, update(10))
    assert [r.status_code for r in (first, again, other)] == [200, 200, 200]
    assert again.json() == {"ok": True}
    assert [json.loads(item)["update_id"] for item in await queued(redis)] == [9, 10]
    assert json.loads((await queued(redis))[0])["message"]["text"] == "/start"


async def test_concurrent_deliveries_of_one_update_are_queued_once(
    api: httpx.AsyncClient, redis: Redis
) -> None:
    answers = await asyncio.gather(*(post(api, update(77)) for _ in range(20)))
    assert {a.status_code for a in answers} == {200}
    assert len(await queued(redis)) == 1


@pytest.mark.parametrize(
    "body",
    [
        b"",
        b"not json",
        b"\xff\xfe\x00",
        b"[1, 2, 3]",
        b'"update_id"',
        b"{}",
        b'{"update_id": "5"}',
        b'{"update_id": 5.0}',
        b'{"update_id": true}',
        b'{"update_id": null}',
        b'{"update_id": -1}',
        b'{"update_id": 99999999999999999999999}',
        b'{"update_id": 1' + b"0" * 5000 + b"}",
        b"[" * 100_000 + b"]" * 100_000,
        b'{"update_id": 1, "message": ' + b"[" * 100_000 + b"]" * 100_000 + b"}",
    ],
)
async def test_a_malformed_body_is_400(api: httpx.AsyncClient, redis: Redis, body: bytes) -> None:
    response = await post(api, body)
    assert response.status_code == 400
    assert "update_id" in response.json()["description"]
    assert await queued(redis) == []


async def test_an_oversized_body_is_refused_unread(api: httpx.AsyncClient, redis: Redis) -> None:
    padding = "x" * MAX_BODY_BYTES
    response = await post(api, {"update_id": 3, "message": {"text": padding}})
    assert response.status_code == 413
    assert await queued(redis) == []

    async def chunks() -> AsyncIterator[bytes]:  # no Content-Length: counted while reading
        yield b'{"update_id": 4, "pad": "'
        for _ in range(20):
            yield b"y" * 65536
        yield b'"}'

    streamed = await api.post("/telegram/webhook", content=chunks(), headers={HEADER: SECRET})
    assert streamed.status_code == 413
    assert await queued(redis) == []


async def test_exactly_one_megabyte_is_accepted(api: httpx.AsyncClient, redis: Redis) -> None:
    head = b'{"update_id": 5, "pad": "'
    body = head + b"z" * (MAX_BODY_BYTES - len(head) - 2) + b'"}'
    assert len(body) == MAX_BODY_BYTES
    assert (await post(api, body)).status_code == 200
    assert len(await queued(redis)) == 1


async def test_in_polling_mode_there_is_no_webhook(redis: Redis, tmp_path: Path) -> None:
    async with await client_for(redis, tmp_path, webhook_secret=SECRET) as api:
        response = await post(api, update(1))
        assert response.status_code == 404
        app = api._transport.app  # type: ignore[attr-defined]  # /openapi.json is not served
        assert "/telegram/webhook" not in app.openapi()["paths"]
    assert await queued(redis) == []
