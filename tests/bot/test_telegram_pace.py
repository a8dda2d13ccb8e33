"""The bot's replies keep to Telegram's limits with the workers, and a waiting reply holds
no database connection."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any

import pytest
from redis.asyncio import Redis
from sqlalchemy import select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from bot.factory import create_reply_bot
from bot.middlewares.database import DbSessionMiddleware, release_connection
from core.config import load_settings
from core.db.models import User
from core.ratelimits.sliding_log import SharedRateLimiter
from core.ratelimits.telegram_sends import (
    CHAT_BURST,
    GLOBAL_LOG,
    GLOBAL_PER_SECOND,
    GLOBAL_WINDOW_SECONDS,
    chat_log,
)
from core.telegram.pace import SharedPace
from sandbox.emulators.telegram import TelegramEmulator
from telegram_kit.bot import create_bot
from telegram_kit.sender import TelegramSender

CHAT = 4242


@dataclass
class Method:
    """Stands in for an aiogram method: its API name and the chat it goes to."""

    __api_method__: str
    chat_id: int | None = None
    message_id: int | None = None
    text: str = ""


class RoundTrips:
    """Counts the commands a Redis client sends (one each: no pipelines here)."""

    def __init__(self, redis: Redis) -> None:
        self.commands: list[str] = []
        self._send = redis.execute_command

    async def __call__(self, *args: Any, **options: Any) -> Any:
        self.commands.append(str(args[0]))
        return await self._send(*args, **options)


async def _members(redis: Redis, log: str) -> int:
    return int(await redis.zcard(f"scout:ratelimit:{log}"))


async def test_answers_and_chat_actions_take_no_slot(redis: Redis) -> None:
    pace = SharedPace(redis)
    sent: list[str] = []

    async def make_request(bot: object, method: Method) -> bool:
        sent.append(method.__api_method__)
        return True

    for name in ("answerCallbackQuery", "sendChatAction", "getMe"):
        await pace(make_request, None, Method(name, chat_id=5))
    assert sent == ["answerCallbackQuery", "sendChatAction", "getMe"]
    assert await _members(redis, GLOBAL_LOG) == 0
    assert await _members(redis, chat_log(5)) == 0


async def test_messages_and_edits_draw_from_the_workers_logs(redis: Redis) -> None:
    pace = SharedPace(redis)

    async def make_request(bot: object, method: Method) -> bool:
        return True

    await pace(make_request, None, Method("sendMessage", chat_id=1))
    await pace(make_request, None, Method("editMessageText", chat_id=2))
    assert await _members(redis, GLOBAL_LOG) == 2
    assert await _members(redis, chat_log(1)) == 1
    assert await _members(redis, chat_log(2)) == 1


async def _scores(redis: Redis, log: str) -> list[float]:
    return [
        score for _, score in await redis.zrange(f"scout:ratelimit:{log}", 0, -1, withscores=True)
    ]


async def _redis_now_us(redis: Redis) -> float:
    seconds, micros = await redis.time()
    return seconds * 1_000_000 + micros


async def test_a_message_counts_from_its_grant_until_telegrams_answer(redis: Redis) -> None:
    """Telegram counts a message when it arrives, somewhere between the slot's grant and
    the answer: in flight the slot counts as "now" (leased), and it is stamped again when
    the answer is in, so the next grant in its place comes a window after the arrival."""
    pace = SharedPace(redis)
    in_flight: list[float] = []

    async def make_request(bot: object, method: Method) -> bool:
        [score] = await _scores(redis, GLOBAL_LOG)
        in_flight.append(score - await _redis_now_us(redis))
        return True

    await pace(make_request, None, Method("sendMessage", chat_id=3))
    answered = await _redis_now_us(redis)
    [score] = await _scores(redis, GLOBAL_LOG)
    [chat_score] = await _scores(redis, chat_log(3))
    assert in_flight[0] > 30 * 1_000_000  # leased: counted as sent "now" while in flight
    assert 0 <= answered - score < 1_000_000  # released: stamped when the answer came
    assert 0 <= answered - chat_score < 1_000_000  # the chat's slot too, in the same call
    assert await redis.pttl(f"scout:ratelimit:{chat_log(3)}") > 0


async def test_a_failed_message_still_releases_its_slot(redis: Redis) -> None:
    pace = SharedPace(redis)

    async def make_request(bot: object, method: Method) -> bool:
        raise ConnectionError("network down")

    with pytest.raises(ConnectionError):
        await pace(make_request, None, Method("sendMessage", chat_id=4))
    [score] = await _scores(redis, GLOBAL_LOG)
    assert score <= await _redis_now_us(redis)  # no lease left behind


async def test_replies_past_a_chats_burst_wait_for_its_next_slot(redis: Redis) -> None:
    waits: list[str] = []

    async def before_wait(bot: object, method: Any) -> None:
        waits.append(method.__api_method__)

    pace = SharedPace(redis, before_wait=before_wait)
    order: list[int] = []

    async def reply(n: int) -> None:
        async def make_request(bot: object, method: Method) -> bool:
            order.append(n)
            return True

        await pace(make_request, None, Method("sendMessage", chat_id=77))

    # A short burst goes out at once; past it, replies wait for the chat's next slot.
    await asyncio.gather(*(reply(n) for n in range(CHAT_BURST + 2)))
    assert sorted(order) == list(range(CHAT_BURST + 2))
    assert waits == ["sendMessage", "sendMessage"]
    assert await _members(redis, chat_log(77)) >= 1


async def test_a_message_costs_two_round_trips_and_an_unchanged_edit_one(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One script takes both slots (or finds the edit already on screen), one releases both
    and remembers what the message shows."""
    pace = SharedPace(redis)
    sent: list[str] = []

    async def make_request(bot: object, method: Method) -> Method:
        sent.append(method.text)
        return method  # an edit's answer: the message, with its chat and id

    await pace(make_request, None, Method("sendMessage", chat_id=7, text="hi"))  # scripts loaded
    trips = RoundTrips(redis)
    monkeypatch.setattr(redis, "execute_command", trips)

    edit = Method("editMessageText", chat_id=8, message_id=41, text="<b>Job</b> skipped")
    await pace(make_request, None, edit)
    assert len(trips.commands) == 2
    assert await pace(make_request, None, edit) is True  # already on screen
    assert len(trips.commands) == 3
    await pace(make_request, None, Method("editMessageText", 8, 41, text="<b>Job</b>"))
    assert len(trips.commands) == 5
    assert sent == ["hi", "<b>Job</b> skipped", "<b>Job</b>"]
    assert set(trips.commands) == {"EVALSHA"}
    assert await _members(redis, GLOBAL_LOG) == 3  # the unchanged edit took no slot


async def test_a_reply_waiting_for_a_bot_wide_slot_holds_no_chat_slot(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    waits: list[str] = []

    async def before_wait(bot: object, method: Any) -> None:
        waits.append(method.__api_method__)

    pace = SharedPace(redis, before_wait=before_wait)
    held_while_waiting: list[int] = []
    others = SharedRateLimiter(  # the workers' sends fill the bot-wide log
        redis, GLOBAL_PER_SECOND, name=GLOBAL_LOG, window_seconds=GLOBAL_WINDOW_SECONDS
    )

    async def make_request(bot: object, method: Method) -> bool:
        return True

    await pace(make_request, None, Method("sendMessage", chat_id=10))  # scripts loaded
    for _ in range(GLOBAL_PER_SECOND - 1):
        assert await others.try_acquire() is not None

    async def watch() -> None:
        await asyncio.sleep(0.3)
        held_while_waiting.append(await _members(redis, chat_log(9)))

    trips = RoundTrips(redis)
    monkeypatch.setattr(redis, "execute_command", trips)
    started = asyncio.get_running_loop().time()
    await asyncio.gather(pace(make_request, None, Method("sendMessage", chat_id=9)), watch())
    monkeypatch.undo()
    # Refused with the wait, asked again only once it was over, released: no polling between.
    assert trips.commands.count("EVALSHA") == 3  # (and the watcher's ZCARD)
    assert asyncio.get_running_loop().time() - started > 0.5  # waited for the bot-wide log
    assert held_while_waiting == [0]
    assert waits == ["sendMessage"]
    assert await _members(redis, chat_log(9)) == 1


async def test_a_reply_told_the_bot_wide_log_is_full_asks_once_it_has_room(
    redis: Redis, monkeypatch: pytest.MonkeyPatch
) -> None:
    pace = SharedPace(redis)
    others = SharedRateLimiter(
        redis, GLOBAL_PER_SECOND, name=GLOBAL_LOG, window_seconds=GLOBAL_WINDOW_SECONDS
    )

    async def make_request(bot: object, method: Method) -> bool:
        return True

    await pace(make_request, None, Method("sendMessage", chat_id=11))  # scripts loaded
    for _ in range(GLOBAL_PER_SECOND - 2):
        assert await others.try_acquire() is not None
    trips = RoundTrips(redis)
    monkeypatch.setattr(redis, "execute_command", trips)
    await pace(make_request, None, Method("sendMessage", chat_id=12))  # takes the last slot
    started = asyncio.get_running_loop().time()
    await pace(make_request, None, Method("sendMessage", chat_id=13))
    assert asyncio.get_running_loop().time() - started > 0.5
    assert trips.commands == ["EVALSHA"] * 4  # two messages, none asked in vain


async def _english_user(sessions: async_sessionmaker[AsyncSession], telegram_id: int) -> None:
    async with sessions.begin() as session:
        session.add(User(telegram_id=telegram_id, language="en"))


async def _with_update_session(
    sessions: async_sessionmaker[AsyncSession], body: Any
) -> dict[str, Any]:
    seen: dict[str, Any] = {}

    async def handler(event: object, data: dict[str, Any]) -> None:
        await body(data["session"], seen)

    await DbSessionMiddleware(sessions)(handler, object(), {})  # type: ignore[arg-type]
    return seen


async def test_a_read_only_transaction_is_ended_before_a_reply_waits(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _english_user(sessions, 5151)

    async def body(session: AsyncSession, seen: dict[str, Any]) -> None:
        user = await session.scalar(select(User).where(User.telegram_id == 5151))
        assert session.in_transaction()
        await release_connection()
        seen["open"] = session.in_transaction()
        assert user is not None
        seen["language"] = user.language  # still loaded: nothing was expired

    seen = await _with_update_session(sessions, body)
    assert seen == {"open": False, "language": "en"}


async def test_a_transaction_that_wrote_is_left_to_its_service(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    await _english_user(sessions, 5252)

    async def body(session: AsyncSession, seen: dict[str, Any]) -> None:
        await session.execute(update(User).where(User.telegram_id == 5252).values(language="uk"))
        await release_connection()
        seen["open after a statement"] = session.in_transaction()
        await session.rollback()
        user = await session.scalar(select(User).where(User.telegram_id == 5252))
        assert user is not None
        user.language = "uk"  # changed, not flushed
        await release_connection()
        seen["open with a pending change"] = session.in_transaction()
        await session.rollback()

    seen = await _with_update_session(sessions, body)
    assert seen == {"open after a statement": True, "open with a pending change": True}
    async with sessions() as session:
        language = await session.scalar(select(User.language).where(User.telegram_id == 5252))
    assert language == "en"  # nothing was committed behind the handler's back


async def test_the_bots_replies_and_a_workers_sends_share_one_chats_pace(redis: Redis) -> None:
    """One chat's log for both: a draft the worker sends beside the bot's replies to the same
    chat meets no 429 (with a log each they reached 1.7 messages/s in one chat)."""
    async with TelegramEmulator() as telegram:
        telegram.register_user(CHAT)
        settings = load_settings(bot_token=telegram.token, telegram_api_url=telegram.url)
        reply_bot = create_reply_bot(settings, redis)
        sender = TelegramSender(create_bot(settings), redis)
        try:
            await asyncio.gather(
                *(reply_bot.send_message(CHAT, f"reply {n}") for n in range(3)),
                *(sender.send(CHAT, f"draft {n}") for n in range(3)),
            )
        finally:
            await reply_bot.session.close()
            await sender.bot.session.close()
        assert telegram.rate_limited == 0
        arrivals = sorted(call.time for call in telegram.calls_of("sendMessage"))
    assert len(arrivals) == 6
    assert all(later - first >= 3.1 for first, later in zip(arrivals, arrivals[3:], strict=False))
