"""Rules that keep a production deployment from starting in an unsafe shape."""

from __future__ import annotations

import ipaddress

MIN_SECRET_BYTES = 32
SECRET_HINT = "generate one with `openssl rand -hex 32`"  # noqa: S105 - advice text


def is_loopback_host(host: str | None) -> bool:
    """localhost, 127.0.0.0/8 or ::1: a URL only this machine can open."""
    if not host:
        return False
    name = host.strip("[]").rstrip(".").lower()
    if name == "localhost" or name.endswith(".localhost"):
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_public_url(scheme: str, host: str | None) -> None:
    """Session cookies and the OAuth callback must not travel in clear beyond this machine."""
    if scheme != "https" and not is_loopback_host(host):
        raise ValueError(
            "must start with https:// (the gateway serves TLS); plain http is allowed only "
            "for localhost, 127.0.0.0/8 or ::1"
        )


def check_secret(value: str) -> str:
    """At least 32 bytes, so an HMAC or bearer secret cannot be guessed."""
    size = len(value.encode())
    if size < MIN_SECRET_BYTES:
        raise ValueError(
            f"must be at least {MIN_SECRET_BYTES} bytes of random text (got {size}); " + SECRET_HINT
        )
    return value


def check_forwarded_allow_ips(value: str) -> str:
    """Whose X-Forwarded-For the api believes: the gateway's addresses, never everyone."""
    entries = [part.strip() for part in value.split(",") if part.strip()]
    if not entries:
        raise ValueError("name the gateway's address or network, e.g. 127.0.0.1")
    for entry in entries:
        if entry == "*":
            raise ValueError(
                "'*' trusts X-Forwarded-For from anyone; name the gateway's address or network"
            )
        try:
            ipaddress.ip_network(entry, strict=False)
        except ValueError:
            raise ValueError(f"{entry!r} is not an IP address or network") from None
    return ",".join(entries)
