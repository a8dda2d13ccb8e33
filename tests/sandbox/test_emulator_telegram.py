"""The Telegram Bot API emulator, driven by the real, unmodified aiogram."""

from __future__ import annotations

import asyncio
import struct
import time
import zlib
from collections.abc import AsyncIterator

import aiohttp
import pytest
from aiogram import Bot, Dispatcher, F, Router
from aiogram.client.default import DefaultBotProperties
from aiogram.client.session.aiohttp import AiohttpSession
from aiogram.client.telegram import TelegramAPIServer
from aiogram.exceptions import (
    TelegramBadRequest,
    TelegramConflictError,
    TelegramForbiddenError,
    TelegramRetryAfter,
    TelegramServerError,
    TelegramUnauthorizedError,
)
from aiogram.filters import CommandStart
from aiogram.methods import SendMessage
from aiogram.types import (
    BotCommand,
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
    WebAppInfo,
)
from aiogram.webhook.aiohttp_server import SimpleRequestHandler
from aiohttp import web

from sandbox.emulators.base import LoopbackServer
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.telegram_markup import parse_html, parse_markdown_v2
from sandbox.emulators.telegram_state import TelegramApiError

pytestmark = pytest.mark.timeout(30)

USER = 424242


def png(width: int = 2, height: int = 3) -> bytes:
    """A real, minimal PNG image."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\x00" + b"\x80" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def make_bot(emu: TelegramEmulator, token: str | None = None, parse_mode: str | None = None) -> Bot:
    session = AiohttpSession(api=TelegramAPIServer.from_base(emu.url))
    default = DefaultBotProperties(parse_mode=parse_mode)
    return Bot(token or emu.token, session=session, default=default)


@pytest.fixture
async def emu() -> AsyncIterator[TelegramEmulator]:
    async with TelegramEmulator() as server:
        yield server
        assert not server.internal_errors


@pytest.fixture
async def bot(emu: TelegramEmulator) -> AsyncIterator[Bot]:
    bot = make_bot(emu)
    yield bot
    await bot.session.close()


def keyboard(*pairs: tuple[str, str]) -> InlineKeyboardMarkup:
    buttons = [InlineKeyboardButton(text=text, callback_data=data) for text, data in pairs]
    return InlineKeyboardMarkup(inline_keyboard=[buttons])


async def test_get_me(emu: TelegramEmulator, bot: Bot) -> None:
    me = await bot.me()
    assert me.id == emu.bot_id == bot.id
    assert me.is_bot and me.username == "upwork_scout_test_bot"
    assert emu.calls[0].method == "getMe" and emu.calls[0].ok


async def test_unknown_token_and_unknown_method(emu: TelegramEmulator) -> None:
    stranger = make_bot(emu, token="42:not-the-registered-token")
    with pytest.raises(TelegramUnauthorizedError, match="Unauthorized"):
        await stranger.get_me()
    await stranger.session.close()
    async with (
        aiohttp.ClientSession() as http,
        http.post(f"{emu.url}/bot{emu.token}/sendTelepathy") as resp,
    ):
        assert resp.status == 404
        assert await resp.json() == {
            "ok": False,
            "error_code": 404,
            "description": "Not Found: method not found",
        }
    assert emu.token not in repr(emu)


async def test_polling_start_then_button(emu: TelegramEmulator) -> None:
    router = Router()

    @router.message(CommandStart())
    async def start(message: Message) -> None:
        await message.answer(
            "<b>Welcome</b>, friend",
            reply_markup=keyboard(("Draft proposal", "draft:7"), ("Skip", "skip:7")),
        )

    @router.callback_query(F.data.startswith("draft:"))
    async def draft(callback: CallbackQuery) -> None:
        await callback.answer("Drafting…")
        assert isinstance(callback.message, Message)
        await callback.message.edit_text("Drafting a proposal…")

    dp = Dispatcher()
    dp.include_router(router)
    bot = make_bot(emu, parse_mode="HTML")
    polling = asyncio.create_task(dp.start_polling(bot, handle_signals=False, polling_timeout=5))
    try:
        update = await emu.send_message(USER, "/start", username="alice")
        assert update["message"]["entities"] == [{"type": "bot_command", "offset": 0, "length": 6}]
        sent = await emu.next_message(USER)
        assert sent.text == "Welcome, friend"
        assert sent.result["entities"] == [{"type": "bold", "offset": 0, "length": 7}]
        message = emu.message(USER, sent.message_id or 0)
        assert message.button_texts == ["Draft proposal", "Skip"]
        assert sent.message_id == update["message"]["message_id"] + 1

        press = await emu.press_button(USER, message.message_id, message.callback_data("Draft"))
        query_id = press["callback_query"]["id"]
        await emu.next_call("editMessageText", chat_id=USER)
    finally:
        await dp.stop_polling()
        await polling

    answer = emu.callback_answers[query_id]
    assert answer.params["text"] == "Drafting…"
    assert 0 <= answer.latency < 5
    assert not emu.unanswered_callbacks
    assert message.text == "Drafting a proposal…"
    assert message.reply_markup is None  # editMessageText without markup drops the keyboard
    assert [edit.text for edit in message.edits] == ["Welcome, friend"]
    assert message.edit_date is not None and not message.deleted
    assert not emu.updates  # every update was confirmed


async def test_retry_after_and_server_errors(emu: TelegramEmulator, bot: Bot) -> None:
    emu.register_user(USER)
    emu.fail_next("sendMessage", retry_after=7)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "hello")
    assert caught.value.retry_after == 7
    assert "Too Many Requests: retry after 7" in str(caught.value)
    assert emu.rate_limited == 1
    assert (await bot.send_message(USER, "hello")).text == "hello"

    emu.fail_next("sendmessage", 2, status=502)
    for _ in range(2):
        with pytest.raises(TelegramServerError, match="Bad Gateway"):
            await bot.send_message(USER, "again")
    assert [c.status for c in emu.calls_of("sendMessage")] == [429, 200, 502, 502]


async def test_flood_limits_are_on_by_default(emu: TelegramEmulator, bot: Bot) -> None:
    """A short burst to one chat passes, the next message (an edit counts) gets a 429."""
    emu.register_user(USER)
    emu.register_user(USER + 1)
    assert emu.enforce_rate_limits
    emu.clock = lambda: 1000.0  # frozen: the burst is instant however busy the machine
    first = await bot.send_message(USER, "one")
    await bot.send_message(USER, "two")
    await bot.edit_message_text("one, edited", chat_id=USER, message_id=first.message_id)
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "four")
    assert caught.value.retry_after == 1
    with pytest.raises(TelegramRetryAfter):
        await bot.edit_message_text("again", chat_id=USER, message_id=first.message_id)
    await bot.send_message(USER + 1, "another chat is fine")
    assert emu.rate_limited == 2


async def test_history_seeded_before_a_measurement_can_be_forgotten(
    emu: TelegramEmulator, bot: Bot
) -> None:
    """Messages sent with flood control off still count once it is on, unless forgotten."""
    emu.register_user(USER)
    emu.clock = lambda: 1000.0
    emu.enforce_rate_limits = False
    for n in range(10):
        await bot.send_message(USER, f"seeded {n}")
    emu.enforce_rate_limits = True
    with pytest.raises(TelegramRetryAfter) as caught:
        await bot.send_message(USER, "counted after them")
    assert caught.value.retry_after == 8  # ten seconds of the chat's debt, less its burst
    emu.reset_flood_control()
    await bot.send_message(USER, "as if they were sent long ago")


async def test_flood_limit_per_bot(emu: TelegramEmulator, bot: Bot) -> None:
    chats = range(USER, USER + emu.global_rate + 1)
    for chat in chats:
        emu.register_user(chat)
    emu.clock = lambda: 1000.0
    results = await asyncio.gather(
        *(bot.send_message(chat, "news") for chat in chats), return_exceptions=True
    )
    refused = [r for r in results if isinstance(r, TelegramRetryAfter)]
    assert len(refused) == 1 and emu.rate_limited == 1


async def test_bad_requests(emu: TelegramEmulator, bot: Bot) -> None:
    # Off: this test fires dozens of validation checks at one chat in a row, a flood by
    # Telegram's measure; flood control has its own tests above.
    emu.enforce_rate_limits = False
    with pytest.raises(TelegramBadRequest, match="chat not found"):
        await bot.send_message(USER, "hi")
    emu.register_user(USER)
    with pytest.raises(TelegramBadRequest, match="message is too long"):
        await bot.send_message(USER, "x" * 4097)
    assert (await bot.send_message(USER, "😀" * 2048)).text  # 4096 UTF-16 units is fine
    with pytest.raises(TelegramBadRequest, match="message text is empty"):
        await bot.send_message(USER, "")
    with pytest.raises(TelegramBadRequest, match="BUTTON_DATA_INVALID"):
        await bot.send_message(USER, "pick", reply_markup=keyboard(("Go", "x" * 65)))
    with pytest.raises(TelegramBadRequest, match="can't parse entities: Can't find end tag"):
        await bot.send_message(USER, "<b>bold", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match='Unsupported start tag "br"'):
        await bot.send_message(USER, "a<br>b", parse_mode="HTML")
    with pytest.raises(TelegramBadRequest, match=r"Character '\.' is reserved"):
        await bot.send_message(USER, "Done.", parse_mode="MarkdownV2")

    sent = await bot.send_message(USER, "Status", reply_markup=keyboard(("Ok", "ok")))
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_text(
            text="Status",
            chat_id=USER,
            message_id=sent.message_id,
            reply_markup=keyboard(("Ok", "ok")),
        )
    with pytest.raises(TelegramBadRequest, match="message to edit not found"):
        await bot.edit_message_text(text="new", chat_id=USER, message_id=999)
    await bot.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id)
    assert emu.message(USER, sent.message_id).reply_markup is None
    with pytest.raises(TelegramBadRequest, match="message is not modified"):
        await bot.edit_message_reply_markup(chat_id=USER, message_id=sent.message_id)
    assert await bot.delete_message(USER, sent.message_id)
    with pytest.raises(TelegramBadRequest, match="message to delete not found"):
        await bot.delete_message(USER, sent.message_id)
    assert emu.message(USER, sent.message_id).deleted

    emu.block_bot(USER)
    with pytest.raises(TelegramForbiddenError, match="bot was blocked by the user"):
        await bot.send_message(USER, "still there?")


async def test_callback_answered_once(emu: TelegramEmulator, bot: Bot) -> None:
    emu.register_user(USER)
    sent = await bot.send_message(USER, "Job", reply_markup=keyboard(("Skip", "skip:1")))
    update = await emu.press_button(USER, sent.message_id, "skip:1")
    query_id = update["callback_query"]["id"]
    assert await bot.answer_callback_query(query_id)
    with pytest.raises(TelegramBadRequest, match="query is too old"):
        await bot.answer_callback_query(query_id)
    with pytest.raises(LookupError):
        await emu.press_button(USER, sent.message_id, "not-a-button")


async def test_send_photo_and_document(emu: TelegramEmulator, bot: Bot) -> None:
    # Off: a dozen photos and documents to one chat in a row check file handling, not limits.
    emu.enforce_rate_limits = False
    emu.register_user(USER)
    image = png(2, 3)
    sent = await bot.send_photo(
        USER,
        BufferedInputFile(image, filename="chart.png"),
        caption="<i>Weekly</i>",
        parse_mode="HTML",
    )
    assert sent.photo is not None and (sent.photo[-1].width, sent.photo[-1].height) == (2, 3)
    assert sent.caption == "Weekly" and sent.caption_entities
    stored = emu.files[sent.photo[-1].file_id]
    assert stored.data == image and stored.kind == "photo"
    call = emu.calls_of("sendPhoto")[0]
    assert call.params["photo"].data == image  # the decoded upload
    assert (await bot.download(sent.photo[-1].file_id)).read() == image  # type: ignore[union-attr]
    again = await bot.send_photo(USER, sent.photo[-1].file_id)  # re-send by file_id
    assert again.photo and again.photo[-1].file_id == sent.photo[-1].file_id
    with pytest.raises(TelegramBadRequest, match="IMAGE_PROCESS_FAILED"):
        await bot.send_photo(USER, BufferedInputFile(b"not an image", filename="x.png"))

    doc = await bot.send_document(USER, BufferedInputFile(b"a,b\n1,2\n", filename="jobs.csv"))
    assert doc.document is not None and doc.document.file_name == "jobs.csv"
    assert doc.document.mime_type == "text/csv"
    assert emu.files[doc.document.file_id].data == b"a,b\n1,2\n"
    with pytest.raises(TelegramBadRequest, match="can't use file of type Photo as Document"):
        await bot.send_document(USER, sent.photo[-1].file_id)


async def test_long_poll_returns_when_update_arrives(emu: TelegramEmulator, bot: Bot) -> None:
    poll = asyncio.create_task(bot.get_updates(timeout=30))
    while not emu.calls_of("getUpdates"):  # the test waits for the request to be in flight
        await asyncio.sleep(0.01)
    started = time.monotonic()
    await emu.send_message(USER, "ping")
    updates = await poll
    assert time.monotonic() - started < 20  # the update ended the 30 s poll early
    assert [u.message.text for u in updates if u.message] == ["ping"]

    # Not confirmed yet: delivered again; confirming with offset empties the queue.
    assert [u.update_id for u in await bot.get_updates()] == [updates[0].update_id]
    assert await bot.get_updates(offset=updates[0].update_id + 1) == []
    assert not emu.updates

    started = time.monotonic()
    assert await bot.get_updates(timeout=1) == []
    assert time.monotonic() - started >= 0.9  # held for its timeout

    for text in ("a", "b", "c"):
        await emu.send_message(USER, text)
    first, second = await bot.get_updates(limit=2)
    assert second.update_id == first.update_id + 1


async def test_commands_menu_and_webhook_info(emu: TelegramEmulator, bot: Bot) -> None:
    commands = [
        BotCommand(command="start", description="Start"),
        BotCommand(command="help", description="Help"),
    ]
    assert await bot.set_my_commands(commands)
    assert [c.command for c in await bot.get_my_commands()] == ["start", "help"]
    with pytest.raises(TelegramBadRequest, match="BOT_COMMAND_INVALID"):
        await bot.set_my_commands([BotCommand(command="Bad-Name", description="x")])
    assert await bot.set_chat_menu_button()
    emu.register_user(USER)
    assert await bot.send_chat_action(USER, "typing")
    assert [action for action, _ in emu.chats[USER].actions] == ["typing"]
    with pytest.raises(TelegramBadRequest, match="wrong parameter action"):
        await bot.send_chat_action(USER, "dancing")
    info = await bot.get_webhook_info()
    assert info.url == "" and info.pending_update_count == 0


async def test_webhook_delivery_with_reply_in_response(emu: TelegramEmulator, bot: Bot) -> None:
    router = Router()

    @router.message()
    async def echo(message: Message) -> SendMessage:
        return message.answer(f"echo: {message.text}")  # answered in the webhook response

    dp = Dispatcher()
    dp.include_router(router)

    class Hook(LoopbackServer):
        def build_app(self) -> web.Application:
            app = web.Application()
            handler = SimpleRequestHandler(
                dp, bot, secret_token="s3cret", handle_in_background=False
            )
            handler.register(app, path="/telegram/webhook")
            return app

    async with Hook() as hook:
        await bot.set_webhook(f"{hook.url}/telegram/webhook", secret_token="s3cret")
        with pytest.raises(TelegramConflictError, match="webhook is active"):
            await bot.get_updates()
        await emu.send_message(USER, "hi there")
        reply = await emu.next_message(USER)
        assert reply.text == "echo: hi there"
        assert emu.webhook is not None and emu.webhook.deliveries == 1
        assert (await bot.get_webhook_info()).url.endswith("/telegram/webhook")
        assert await bot.delete_webhook()
    assert emu.webhook is None


async def test_raw_http_json_body_and_raw_updates(emu: TelegramEmulator) -> None:
    emu.feed_update(
        {
            "message": {
                "message_id": 40,
                "date": 0,
                "chat": {"id": 77, "type": "private", "first_name": "Raw"},
                "from": {"id": 77, "is_bot": False, "first_name": "Raw"},
                "text": "hi",
            }
        }
    )
    emu.feed_update({"callback_query": {"id": "q1", "from": {"id": 77}, "chat_instance": "1"}})
    async with aiohttp.ClientSession() as http:
        api = f"{emu.url}/bot{emu.token}"
        async with http.post(f"{api}/sendMessage", json={"chat_id": 77, "text": "yo"}) as resp:
            sent = await resp.json()
        async with http.get(f"{api}/answerCallbackQuery?callback_query_id=q1") as resp:
            answered = await resp.json()
        async with http.post(f"{api}/getUpdates", data={"offset": "-1"}) as resp:
            last = await resp.json()
    assert sent["result"]["message_id"] == 41  # ids continue after the raw message
    assert answered == {"ok": True, "result": True}
    assert [u["update_id"] for u in last["result"]] == [2]
    assert emu.calls_of("sendMessage")[0].params == {"chat_id": 77, "text": "yo"}


def test_parse_html_offsets_in_utf16() -> None:
    text, entities = parse_html('😀 <b>bold &amp; <i>both</i></b> <a href="https://x.io">link</a>')
    assert text == "😀 bold & both link"
    assert entities == [
        {"type": "bold", "offset": 3, "length": 11},
        {"type": "italic", "offset": 10, "length": 4},
        {"type": "text_link", "offset": 15, "length": 4, "url": "https://x.io"},
    ]
    with pytest.raises(TelegramApiError, match="Unmatched end tag"):
        parse_html("<b><i>x</b></i>")


def test_parse_markdown_v2() -> None:
    text, entities = parse_markdown_v2(r"*bold* _it_ `a\`b` [go](https://x.io/\)) 1\.5")
    assert text == "bold it a`b go 1.5"
    assert [e["type"] for e in entities] == ["bold", "italic", "code", "text_link"]
    assert entities[-1]["url"] == "https://x.io/)"
    with pytest.raises(TelegramApiError, match="Can't find end of the entity"):
        parse_markdown_v2("*open")


async def test_web_app_buttons_need_https(emu: TelegramEmulator, bot: Bot) -> None:
    """As the Bot API: WebAppInfo.url must be https; the button is kept as sent."""
    emu.register_user(USER)

    def web_app(url: str) -> InlineKeyboardMarkup:
        button = InlineKeyboardButton(text="Open", web_app=WebAppInfo(url=url))
        return InlineKeyboardMarkup(inline_keyboard=[[button]])

    sent = await bot.send_message(USER, "link", reply_markup=web_app("https://scout.example/x"))
    [button] = emu.message(USER, sent.message_id).buttons
    assert button["web_app"] == {"url": "https://scout.example/x"}
    with pytest.raises(TelegramBadRequest, match="Only HTTPS links are allowed"):
        await bot.send_message(USER, "link", reply_markup=web_app("http://127.0.0.1:8000/x"))
