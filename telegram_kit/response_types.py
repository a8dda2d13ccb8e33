"""Every answer's model built once per process: an aiogram request middleware.

aiogram parses each Bot API answer with ``Response[method.__returning__]``
(aiogram/client/session/base.py, ``check_response``), a pydantic generic parametrised per
call. pydantic holds the classes it generates only weakly (pydantic/_internal/_generics.py:
``GenericTypesCache`` is a ``WeakValueDictionary``), so after a garbage collection the next
answer rebuilds its model: about 5 ms of CPU each, counted 62 times in 30 draft jobs of the
worker. Holding one strong reference per return type keeps them built.
"""

from __future__ import annotations

from typing import Any

from aiogram import Bot
from aiogram.client.session.middlewares.base import (
    BaseRequestMiddleware,
    NextRequestMiddlewareType,
)
from aiogram.methods import Response, TelegramMethod
from aiogram.methods.base import TelegramType

_BUILT: dict[Any, type[Response[Any]]] = {}


def response_model(returning: Any) -> type[Response[Any]]:
    """The (kept) answer model for a method returning ``returning``."""
    model = _BUILT.get(returning)
    if model is None:
        model = _BUILT[returning] = Response[returning]  # type: ignore[valid-type]
    return model


class KeepResponseModels(BaseRequestMiddleware):
    async def __call__(
        self,
        make_request: NextRequestMiddlewareType[TelegramType],
        bot: Bot,
        method: TelegramMethod[TelegramType],
    ) -> Response[TelegramType]:
        response_model(method.__returning__)
        return await make_request(bot, method)
