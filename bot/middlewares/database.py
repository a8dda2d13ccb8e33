"""One database session per update, and its connection free while a reply waits.

A reply may wait seconds for a Telegram send slot (core.telegram.pace); holding the
session's transaction meanwhile would hold a pooled connection, and a few dozen waiting
replies would leave none for the next updates. So before such a wait a transaction that
wrote nothing is ended (``release_connection``): the loaded objects stay as they are
(``expire_on_commit=False``) and the next query starts a fresh one. A transaction with
writes is left alone: ending it is its service's decision.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from contextvars import ContextVar
from typing import Any

from aiogram import BaseMiddleware
from aiogram.types import TelegramObject
from sqlalchemy import event
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker
from sqlalchemy.orm import ORMExecuteState, Session, SessionTransaction

from core.db.transactions import end_read

WROTE = "scout_wrote"
_current: ContextVar[AsyncSession | None] = ContextVar("update_session", default=None)


class WriteTrackingSession(Session):
    """A Session that notes whether its open transaction wrote anything."""


@event.listens_for(WriteTrackingSession, "after_flush")
def _flushed(session: Session, _context: object) -> None:
    session.info[WROTE] = True


@event.listens_for(WriteTrackingSession, "do_orm_execute")
def _executed(state: ORMExecuteState) -> None:
    if not state.is_select:  # DML, or text the session cannot read: counted as a write
        state.session.info[WROTE] = True


@event.listens_for(WriteTrackingSession, "after_transaction_end")
def _ended(session: Session, transaction: SessionTransaction) -> None:
    if transaction.parent is None:
        session.info.pop(WROTE, None)


async def release_connection() -> None:
    """End the current update's transaction if it only read (see the module's docstring)."""
    session = _current.get()
    if session is None or not session.in_transaction():
        return
    sync = session.sync_session
    if sync.info.get(WROTE) or sync.new or sync.dirty or sync.deleted:
        return
    await end_read(session)


class DbSessionMiddleware(BaseMiddleware):
    """Opens exactly one database session per update."""

    def __init__(self, sessions: async_sessionmaker[AsyncSession]) -> None:
        self.sessions = sessions

    async def __call__(
        self,
        handler: Callable[[TelegramObject, dict[str, Any]], Awaitable[Any]],
        event: TelegramObject,
        data: dict[str, Any],
    ) -> Any:
        async with self.sessions(sync_session_class=WriteTrackingSession) as session:
            data["session"] = session
            token = _current.set(session)
            try:
                return await handler(event, data)
            finally:
                _current.reset(token)
