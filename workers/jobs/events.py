from __future__ import annotations

from typing import Any

from core.services.events import record_event as store_event


async def record_event(
    ctx: dict[str, Any],
    type_: str,
    *,
    dedupe_key: str,
    user_id: int | None = None,
    meta: dict[str, Any] | None = None,
) -> bool:
    async with ctx["sessions"]() as session:
        return await store_event(session, type_, dedupe_key=dedupe_key, user_id=user_id, meta=meta)
