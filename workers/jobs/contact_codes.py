"""Send the one-time code that confirms a new email address or phone number."""

from __future__ import annotations

from typing import Any

from aiogram.utils.text_decorations import html_decoration
from redis.asyncio import Redis

from core.db.repositories.users import UserRepository
from core.i18n import Texts
from core.notify import Channels
from core.services import contact_codes
from core.services.contact_codes import Channel
from workers.sender import notify_after_commit


async def send_contact_code(ctx: dict[str, Any], user_id: int, channel: str, request: str) -> str:
    """Make and send the code of a pending request, once; tell the user when it failed.

    A rerun (arq runs a job at least once) finds the code already issued and sends
    nothing; a request replaced by a newer one, or expired, sends nothing either.
    """
    async with ctx["sessions"]() as session:
        user = await UserRepository(session).by_id(user_id)
    if user is None:
        return "gone"
    which = Channel(channel)
    redis: Redis = ctx["redis"]  # arq's pool
    issued = await contact_codes.issue_code(redis, user.id, which, request)
    if issued is None:
        return "stale"
    address, code = issued
    channels: Channels = ctx["channels"]
    outcome = await channels.verification_code(user, which.value, address, code)
    if outcome == "sent":
        return outcome
    await contact_codes.cancel(redis, user.id, which)  # a code nobody got is no use
    texts = Texts(user.language)
    failed = texts(f"contact.{which.value}.send_failed", address=html_decoration.quote(address))
    await notify_after_commit(ctx, user.telegram_id, failed)
    return outcome
