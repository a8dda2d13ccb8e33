"""One more try for a Bot API call whose connection dropped before any answer, when doing it
twice changes nothing.

A server may close an idle keep-alive connection at the moment a new request goes out on it
(RFC 9112 section 9.6); aiohttp then raises ServerDisconnectedError (or ClientOSError for a
reset). aiohttp repeats such a request itself only for idempotent HTTP methods
(aiohttp/client.py, ``IDEMPOTENT_METHODS``), and every Bot API call is a POST. RFC 9112
section 9.3.1 lets a client repeat a request it knows to be idempotent: answering a press,
an edit, a chat action. A message is never sent twice this way: if Telegram did take it,
a second copy would reach the chat.
"""

from __future__ import annotations

import logging

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.exceptions import TelegramNetworkError
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType
from aiohttp import ClientOSError, ServerDisconnectedError

log = logging.getLogger(__name__)

# A repeat of these leaves Telegram as one call would: a press answered twice is refused
# ("query is too old"), an edit already made is "not modified" (a success to FloodRetry).
REPEATABLE = frozenset(
    {"answerCallbackQuery", "editMessageText", "editMessageReplyMarkup", "sendChatAction"}
)


class NetworkRetry(BaseRequestMiddleware):
    """Registered ahead of the pace and flood middlewares: a repeat takes its send slot and
    waits out a flood anew."""

    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        try:
            return await make_request(bot, method)
        except TelegramNetworkError as exc:
            dropped = isinstance(exc.__cause__, ServerDisconnectedError | ClientOSError)
            if not dropped or method.__api_method__ not in REPEATABLE:
                raise
            log.warning(
                "telegram connection dropped; tried again", extra={"method": method.__api_method__}
            )
            return await make_request(bot, method)
