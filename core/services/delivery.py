"""When an alert may go out: quiet hours and the daily digest, in the user's timezone."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError


def user_zone(name: str | None) -> ZoneInfo:
    try:
        return ZoneInfo(name or "UTC")
    except (ZoneInfoNotFoundError, ValueError):
        return ZoneInfo("UTC")


def in_quiet_hours(start: int | None, end: int | None, local: datetime) -> bool:
    if start is None or end is None or start == end:
        return False
    hour = local.hour
    return start <= hour < end if start < end else hour >= start or hour < end


def quiet_hours_end(
    start: int | None, end: int | None, now: datetime, zone: str | None
) -> datetime | None:
    """When the current quiet period ends (UTC), or None when alerts may go now."""
    local = now.astimezone(user_zone(zone))
    if not in_quiet_hours(start, end, local):
        return None
    assert end is not None
    ends = local.replace(hour=end, minute=0, second=0, microsecond=0)
    if ends <= local:
        ends += timedelta(days=1)
    return ends.astimezone(UTC)


def is_digest_hour(digest_hour: int, now: datetime, zone: str | None) -> bool:
    return now.astimezone(user_zone(zone)).hour == digest_hour
