"""Forged dashboard session cookies, for the api's and the live page's refusal tests."""

from __future__ import annotations

from datetime import timedelta

import jwt

from core.db.base import utcnow
from core.services.dashboard import issue_session


def forged_cookies(secret: str, user_id: int) -> list[str]:
    """Session cookies for ``user_id`` that a deployment signing with ``secret`` must refuse."""
    now = utcnow()
    good = issue_session(secret, user_id, "epoch")
    head, body, _signature = good.split(".")
    claims = {"sub": str(user_id), "purpose": "scout-dashboard-session", "iat": now}
    return [
        "garbage",
        good[:-2] + ("AA" if not good.endswith("AA") else "BB"),  # signature changed
        f"{head}.{body}.",  # signature dropped
        issue_session("another-deployments-secret", user_id, "epoch"),
        issue_session(secret, user_id, "epoch", ttl=timedelta(seconds=-1)),  # expired
        jwt.encode({**claims, "exp": now + timedelta(hours=1)}, secret, algorithm="HS256"),
        jwt.encode({**claims, "exp": now + timedelta(hours=1)}, "", algorithm="none"),
        jwt.encode(
            {**claims, "purpose": "oauth", "exp": now + timedelta(hours=1)},
            secret,
            algorithm="HS256",
        ),
    ]
