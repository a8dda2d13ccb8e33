"""/mfa: enable (QR + URI, confirmed by a code), status, disable; and the code gate."""

from __future__ import annotations

import io
from typing import Any

import qrcode
from aiogram import Bot, F, Router
from aiogram.filters import Command, StateFilter
from aiogram.fsm.context import FSMContext
from aiogram.types import (
    BufferedInputFile,
    CallbackQuery,
    InlineKeyboardButton,
    InlineKeyboardMarkup,
    Message,
)
from aiogram.utils.text_decorations import html_decoration as hd
from arq import ArqRedis
from qrcode.image.pure import PyPNGImage
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncSession

from bot.mfa_gate import action
from bot.secret_messages import delete_now, expire_later
from bot.states import MfaFlow
from core.crypto import Encryptor
from core.db.models import User
from core.i18n import Texts
from core.services import mfa
from core.services.mfa import Verdict
from core.services.mfa_gate import gate_passed
from telegram_kit.callbacks import MfaCallback

VERDICT_TEXT = {
    Verdict.WRONG: "mfa.wrong",
    Verdict.REPLAYED: "mfa.replayed",
    Verdict.LOCKED: "mfa.locked",
    Verdict.NOT_ENABLED: "mfa.not_enabled",
}


def _qr_png(uri: str) -> bytes:
    buffer = io.BytesIO()
    qrcode.make(uri, image_factory=PyPNGImage, box_size=8, border=2).save(buffer)
    return buffer.getvalue()


def _grouped(secret: str) -> str:
    """The base32 key in blocks of four, as authenticator apps show it for typing in."""
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def _button(texts: Texts, key: str, act: str) -> InlineKeyboardMarkup:
    data = MfaCallback(action=act).pack()
    return InlineKeyboardMarkup(
        inline_keyboard=[[InlineKeyboardButton(text=texts(key), callback_data=data)]]
    )


async def mfa_status(message: Message, user: User, texts: Texts, session: AsyncSession) -> None:
    if user.mfa_enabled:
        left = await mfa.unused_recovery_codes(session, user)
        await message.answer(
            texts("mfa.on", left=left), reply_markup=_button(texts, "mfa.disable", "disable")
        )
    else:
        await message.answer(texts("mfa.off"), reply_markup=_button(texts, "mfa.enable", "enable"))


async def mfa_button(
    callback: CallbackQuery, callback_data: MfaCallback, user: User, texts: Texts,
    session: AsyncSession, encryptor: Encryptor, state: FSMContext, queue: ArqRedis, bot: Bot,
) -> None:  # fmt: skip
    if not isinstance(callback.message, Message):
        return
    chat_id = callback.message.chat.id
    if callback_data.action == "saved":  # the recovery codes are written down: remove them
        await delete_now(bot, chat_id, callback.message.message_id)
    elif callback_data.action == "enable" and not user.mfa_enabled:
        enrollment = await mfa.begin_enrollment(session, user, encryptor)
        await state.set_state(MfaFlow.confirming)
        sent = await callback.message.answer_photo(
            BufferedInputFile(_qr_png(enrollment.uri), filename="mfa.png"),
            caption=texts("mfa.scan", manual_key=hd.quote(_grouped(enrollment.secret))),
        )
        await state.update_data(enrolment_message=sent.message_id)
        await expire_later(queue, chat_id, sent.message_id)
    elif callback_data.action == "disable" and user.mfa_enabled:
        await state.set_state(MfaFlow.disabling)
        await callback.message.answer(texts("mfa.ask_code"))


async def confirm_code(
    message: Message, user: User, texts: Texts, session: AsyncSession, redis: Redis,
    encryptor: Encryptor, state: FSMContext, queue: ArqRedis, bot: Bot,
) -> None:  # fmt: skip
    codes = await mfa.confirm_enrollment(session, redis, user, message.text or "", encryptor)
    if codes is None:
        await message.answer(texts("mfa.confirm_failed"))
        return
    enrolment = (await state.get_data()).get("enrolment_message")
    await state.clear()
    if isinstance(enrolment, int):  # the key is in the app now; it leaves the chat
        await delete_now(bot, message.chat.id, enrolment)
    listing = "\n".join(f"<code>{code}</code>" for code in codes)
    sent = await message.answer(
        texts("mfa.enabled", codes=listing), reply_markup=_button(texts, "mfa.saved", "saved")
    )
    await expire_later(queue, message.chat.id, sent.message_id)


async def disable_code(
    message: Message, user: User, texts: Texts, session: AsyncSession, redis: Redis,
    encryptor: Encryptor, state: FSMContext,
) -> None:  # fmt: skip
    verdict = await mfa.disable(session, redis, user, message.text or "", encryptor)
    if verdict in {Verdict.OK, Verdict.RECOVERY}:
        await state.clear()
        await message.answer(texts("mfa.disabled"))
    else:
        await message.answer(texts(VERDICT_TEXT[verdict]))


async def gate_code(
    message: Message, user: User, texts: Texts, session: AsyncSession, redis: Redis,
    encryptor: Encryptor, state: FSMContext, **data: Any,
) -> None:  # fmt: skip
    verdict = await mfa.verify(session, redis, user, message.text or "", encryptor)
    if verdict not in {Verdict.OK, Verdict.RECOVERY}:
        await message.answer(texts(VERDICT_TEXT[verdict]))
        if verdict is Verdict.LOCKED:
            await state.clear()
        return
    await gate_passed(redis, user)
    parked = await state.get_data()
    await state.clear()
    gated = action(str(parked.get("gated", "")))
    if gated is None:
        return
    context = {"message": message, "user": user, "texts": texts, "session": session,
               "redis": redis, "encryptor": encryptor, "state": state}  # fmt: skip
    await gated(**(data | context | dict(parked.get("arguments", {}))))


def create_router() -> Router:
    router = Router(name=__name__)
    codes = F.text & ~F.text.startswith("/")
    router.message.register(mfa_status, Command("mfa"))
    router.callback_query.register(mfa_button, MfaCallback.filter())
    router.message.register(confirm_code, StateFilter(MfaFlow.confirming), codes)
    router.message.register(disable_code, StateFilter(MfaFlow.disabling), codes)
    router.message.register(gate_code, StateFilter(MfaFlow.gate), codes)
    return router
