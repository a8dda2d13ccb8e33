"""A new email address or phone number: its one-time code goes out, the user types it back.

Only then does the address replace the old one (core.services.contact_codes); until
then nothing but the code is sent there. With MFA on, asking for a code is itself behind
the gate (the "channel_set" action), so a stolen Telegram session cannot redirect alerts.
"""

from __future__ import annotations

from typing import Any

from aiogram.fsm.context import FSMContext
from aiogram.types import Message
from aiogram.utils.text_decorations import html_decoration as hd
from arq import ArqRedis
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.channel_screens import KINDS
from bot.mfa_gate import gated_action
from bot.queue import enqueue
from bot.states import ContactFlow
from core.db.models import User
from core.i18n import Texts
from core.services import contact_codes
from core.services.contact_codes import Channel, Checked


@gated_action("channel_set")
async def ask_for_code(
    *, message: Message, user: User, texts: Texts, state: FSMContext, redis: Redis,
    queue: ArqRedis, channel: str, address: str, **_: Any,
) -> None:  # fmt: skip
    which = Channel(channel)
    request = await contact_codes.request_code(redis, user, which, address)
    if request is None:
        await message.answer(texts("contact.too_many"))
        return
    await enqueue(queue, "send_contact_code", user.id, which.value, request,
                  _job_id=f"contact-code:{request}")  # fmt: skip
    await state.set_state(ContactFlow.code)
    await state.update_data(channel=which.value)
    await message.answer(texts(f"contact.{which.value}.sent", address=hd.quote(address)))


async def check_typed_code(
    which: Channel, code: str, message: Message, user: User, texts: Texts,
    session: AsyncSession, redis: Redis, state: FSMContext,
) -> None:  # fmt: skip
    result = await contact_codes.check_code(session, redis, user, which, code)
    if result.verdict is Checked.WRONG:
        await message.answer(texts("contact.wrong", left=result.left))
        return
    await state.clear()
    if result.verdict is not Checked.OK or result.address is None:
        key = "contact.locked" if result.verdict is Checked.LOCKED else "contact.none"
        await message.answer(texts(key))
        return
    kind = KINDS[which.value]
    saved = texts(f"channels.{kind.name}.saved", **{kind.saved_as: hd.quote(result.address)})
    text, markup = kind.screen(user, texts)
    await message.answer(f"{saved}\n\n{text}", reply_markup=markup)


async def typed_code(
    message: Message, user: User, texts: Texts, session: AsyncSession, redis: Redis,
    state: FSMContext,
) -> None:  # fmt: skip
    """A message while a code is awaited: checked if it looks like one, else a hint."""
    try:
        which = Channel(str((await state.get_data()).get("channel")))
    except ValueError:
        await state.clear()
        return
    code = message.text or ""
    if not contact_codes.looks_like_code(code):
        await message.answer(texts(f"contact.{which.value}.not_a_code"))
        return
    await check_typed_code(which, code, message, user, texts, session, redis, state)
