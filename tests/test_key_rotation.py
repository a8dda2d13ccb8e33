from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.crypto import DecryptionError, Encryptor, generate_key
from core.db.models import UpworkAccount, User
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
