"""Telling "the database is briefly unreachable" apart from real bugs."""

from __future__ import annotations

from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError


def _transient(exc: BaseException) -> bool:
    if isinstance(exc, OperationalError | InterfaceError | ConnectionError | TimeoutError):
        return True
    return isinstance(exc, DBAPIError) and exc.connection_invalidated


def database_unavailable(exc: BaseException) -> bool:
    """True for errors a retry a few seconds later can cure (server down, restarting)."""
    seen: BaseException | None = exc
    for _ in range(5):  # the driver's error is usually wrapped once or twice
        if seen is None:
            return False
        if _transient(seen):
            return True
        seen = seen.__cause__ or seen.__context__
    return False
