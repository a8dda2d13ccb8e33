from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import DecryptionError, Encryptor, generate_key
from core.db.models import UpworkAccount, User
from core.services import key_rotation
from core.services.key_rotation import encrypted_columns, rotate_keys


def test_encryptor_round_trip_and_tamper() -> None:
    encryptor = Encryptor([generate_key()])
    token = encryptor.encrypt("upwork-access-token")
    assert "upwork-access-token" not in token
    assert encryptor.decrypt(token) == "upwork-access-token"
    with pytest.raises(DecryptionError):
        encryptor.decrypt(token[:-4] + "AAAA")
    with pytest.raises(DecryptionError):
        Encryptor([generate_key()]).decrypt(token)


def test_every_secret_column_is_registered() -> None:
    names = {f"{table.name}.{column.name}" for table, column in encrypted_columns()}
    assert names == {
        "users.totp_secret_enc",
        "upwork_accounts.access_token_enc",
        "upwork_accounts.refresh_token_enc",
        "oauth_states.code_verifier_enc",
    }


async def test_rotation_reencrypts_under_the_first_key(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    old_key, new_key = generate_key(), generate_key()
    old = Encryptor([old_key])
    async with sessions.begin() as session:
        for n in range(3):
            user = User(telegram_id=1000 + n, totp_secret_enc=old.encrypt(f"totp-{n}"))
            session.add(user)
            await session.flush()
            session.add(
                UpworkAccount(
                    user_id=user.id,
                    upwork_user_id=f"u{n}",
                    access_token_enc=old.encrypt(f"access-{n}"),
                    refresh_token_enc=old.encrypt(f"refresh-{n}"),
                )
            )

    report = await rotate_keys(sessions, Encryptor([new_key, old_key]))
    assert report.values == 9

    only_new = Encryptor([new_key])
    async with sessions() as session:
        accounts = (await session.scalars(select(UpworkAccount).order_by(UpworkAccount.id))).all()
        users = (await session.scalars(select(User).order_by(User.id))).all()
    assert [only_new.decrypt(a.access_token_enc or "") for a in accounts] == [
        "access-0", "access-1", "access-2",
    ]  # fmt: skip
    assert [only_new.decrypt(a.refresh_token_enc or "") for a in accounts][2] == "refresh-2"
    assert [only_new.decrypt(u.totp_secret_enc or "") for u in users] == [
        "totp-0", "totp-1", "totp-2",
    ]  # fmt: skip
    with pytest.raises(DecryptionError):
        old.decrypt(accounts[0].access_token_enc or "")


async def test_rotation_never_overwrites_a_value_written_since_it_was_read(
    sessions: async_sessionmaker[AsyncSession], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14 item 9: a token refresh that commits mid-rotation must survive it."""
    old_key, new_key = generate_key(), generate_key()
    old, both = Encryptor([old_key]), Encryptor([new_key, old_key])
    async with sessions.begin() as session:
        user = User(telegram_id=4242)
        session.add(user)
        await session.flush()
        account = UpworkAccount(
            user_id=user.id,
            upwork_user_id="u",
            access_token_enc=old.encrypt("stale-access"),
            refresh_token_enc=old.encrypt("stale-refresh"),
        )
        session.add(account)
    read_batch = key_rotation._next_batch

    async def batch_then_refresh(*args: Any) -> list[tuple[object, str]]:
        batch = await read_batch(*args)
        if batch and args[2].name == "access_token_enc":  # a refresh lands right now
            async with sessions.begin() as other:
                fresh = await other.get(UpworkAccount, account.id)
                assert fresh is not None
                fresh.access_token_enc = both.encrypt("fresh-access")
        return batch

    monkeypatch.setattr(key_rotation, "_next_batch", batch_then_refresh)
    await rotate_keys(sessions, both)
    async with sessions() as session:
        stored = await session.get(UpworkAccount, account.id)
    assert stored is not None
    assert both.decrypt(stored.access_token_enc or "") == "fresh-access"
    assert Encryptor([new_key]).decrypt(stored.refresh_token_enc or "") == "stale-refresh"
