"""Re-encrypt every encrypted column under the first configured key."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import Column, Table, select, update
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import Encryptor
from core.db.base import Base

BATCH_SIZE = 500


@dataclass(frozen=True)
class RotationReport:
    rows: int
    values: int


def encrypted_columns() -> list[tuple[Table, Column[str]]]:
    import core.db.models  # noqa: F401  (registers every table)

    return [
        (table, column)
        for table in Base.metadata.sorted_tables
        for column in table.columns
        if column.info.get("encrypted")
    ]


async def rotate_keys(
    sessions: async_sessionmaker[AsyncSession], encryptor: Encryptor
) -> RotationReport:
    rows = values = 0
    for table, column in encrypted_columns():
        pk = next(iter(table.primary_key.columns))
        last = None
        while True:
            # Batches in key order, one transaction each, so a large table never holds
            # one long lock and an interrupted rotation can simply be run again.
            async with sessions.begin() as session:
                batch = await _next_batch(session, table, column, pk, last)
                if not batch:
                    break
                for key, ciphertext in batch:
                    # Only if unchanged since read: a token refreshed meanwhile is newer
                    # (and already under a current key), so it is left as it is.
                    changed = await session.execute(
                        update(table)
                        .where(pk == key, column == ciphertext)
                        .values({column: encryptor.rotate(ciphertext)})
                    )
                    values += changed.rowcount  # type: ignore[attr-defined]
                rows += len(batch)
                last = batch[-1][0]
    return RotationReport(rows=rows, values=values)


async def _next_batch(
    session: AsyncSession, table: Table, column: Column[str], pk: Column[object], last: object
) -> list[tuple[object, str]]:
    query = select(pk, column).where(column.is_not(None)).order_by(pk).limit(BATCH_SIZE)
    if last is not None:
        query = query.where(pk > last)
    result = await session.execute(query)
    return [(row[0], row[1]) for row in result.all()]
