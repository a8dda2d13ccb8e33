"""Typed methods over Upwork's GraphQL API; answers cached at most 24 hours."""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable, Sequence
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from redis.asyncio import Redis

from core.upwork import queries
from core.upwork.models import (
    JobPage,
    JobPosting,
    OwnProfile,
    Room,
    RoomPage,
    Story,
    TimeEntry,
    money,
    timestamp,
)
from core.upwork.transport import GraphQLTransport

MAX_CACHE_SECONDS = 24 * 3600  # Upwork's terms: never keep an answer longer
DIARY_DAY = "%Y%m%d"  # work diary dates are yyyyMMdd; other formats give nothing, silently
CELL_MINUTES = 10  # one work diary cell is ten minutes


class UpworkClient:
    def __init__(self, transport: GraphQLTransport, cache: Redis | None = None) -> None:
        self._transport = transport
        self._cache = cache

    async def _run(self, token: str, query: str, variables: dict[str, Any] | None = None) -> Any:
        return await self._transport.execute(query, variables, access_token=token)

    async def _cached(
        self, key: str, ttl: int, fetch: Callable[[], Awaitable[dict[str, Any]]]
    ) -> dict[str, Any]:
        if self._cache is None:
            return await fetch()
        cache_key = f"scout:upwork:cache:{key}"
        if (hit := await self._cache.get(cache_key)) is not None:
            cached: dict[str, Any] = json.loads(hit)
            return cached
        value = await fetch()
        await self._cache.set(cache_key, json.dumps(value), ex=min(ttl, MAX_CACHE_SECONDS))
        return value

    async def search_jobs(
        self,
        token: str,
        *,
        expression: str | None = None,
        skills: str | None = None,
        job_type: str | None = None,
        experience_level: str | None = None,
        category_ids: Sequence[str] = (),
        after: str | None = None,
        first: int = 50,
    ) -> JobPage:
        """Newest first (RECENCY). The live API answers about 10 results and ignores paging
        (see core.services.job_feed); `after` / `first` are sent but not relied on."""
        flt: dict[str, Any] = {"pagination_eq": {"first": first, "after": after or "0"}}
        if expression:
            flt["searchExpression_eq"] = expression
        if skills:
            flt["skillExpression_eq"] = skills
        if job_type:
            flt["jobType_eq"] = job_type.upper()
        if experience_level:
            flt["experienceLevel_eq"] = experience_level.upper()
        if category_ids:
            flt["categoryIds_any"] = list(category_ids)  # numeric ids; names match nothing
        data = await self._run(
            token, queries.JOB_SEARCH, {"filter": flt, "sort": [{"field": "RECENCY"}]}
        )
        found = data.get("marketplaceJobPostingsSearch") or {}
        edges = found.get("edges") or []
        info = found.get("pageInfo") or {}
        return JobPage(
            jobs=[JobPosting.from_node(e["node"]) for e in edges if e and e.get("node")],
            end_cursor=info.get("endCursor"),
            has_next_page=bool(info.get("hasNextPage")),
            total=found.get("totalCount"),
        )

    async def current_user(self, token: str) -> dict[str, Any]:
        user: dict[str, Any] = (await self._run(token, queries.CURRENT_USER))["user"]
        return user

    async def own_profile(self, token: str, *, cache_key: str | None = None) -> OwnProfile:
        async def fetch() -> dict[str, Any]:
            user: dict[str, Any] = (await self._run(token, queries.OWN_PROFILE))["user"]
            return user

        user = (
            await self._cached(f"profile:{cache_key}", 3600, fetch)
            if cache_key
            else (await fetch())
        )
        profile = user.get("freelancerProfile") or {}
        personal = profile.get("personalData") or {}
        # skills is a connection of Skill nodes; prettyName exists only for legacy skills.
        nodes = [
            (e or {}).get("node") or {} for e in (profile.get("skills") or {}).get("edges") or []
        ]
        skills = [n.get("prettyName") or n.get("preferredLabel") for n in nodes]
        rate = money(personal.get("chargeRate"))
        return OwnProfile(
            name=str(user.get("name") or ""),
            headline=str(personal.get("title") or ""),
            overview=str(personal.get("description") or ""),
            skills=[s for s in skills if s],
            hourly_rate=Decimal(rate) if rate else None,
        )

    async def rooms(self, token: str, *, after: str | None = None, first: int = 5) -> RoomPage:
        variables = {"pagination": {"first": first, "after": after or "0"}}
        found = (await self._run(token, queries.ROOMS, variables))["roomList"] or {}
        rooms = []
        for edge in found.get("edges") or []:
            node = (edge or {}).get("node") or {}
            latest = node.get("latestStory")
            rooms.append(
                Room(
                    id=str(node.get("id")),
                    name=str(node.get("roomName") or node.get("topic") or "—"),
                    unread=int(node.get("numUnread") or 0),
                    latest=_story(latest) if latest else None,
                )
            )
        info = found.get("pageInfo") or {}
        return RoomPage(rooms, info.get("endCursor"), bool(info.get("hasNextPage")))

    async def room_stories(self, token: str, room_id: str, *, first: int = 5) -> list[Story]:
        story_filter = {"pagination": {"first": first, "after": "0"}}
        variables = {"filter": {"roomId_eq": room_id, "storyFilter": story_filter}}
        found = (await self._run(token, queries.ROOM_STORIES, variables))["roomStories"] or {}
        return [_story(e["node"]) for e in found.get("edges") or [] if e and e.get("node")]

    async def organization_id(self, token: str) -> str | None:
        found = (await self._run(token, queries.CURRENT_ORGANIZATION)).get("organization") or {}
        return str(found["id"]) if found.get("id") else None

    async def time_report(
        self, token: str, start: date, end: date, *, person_id: str | None = None
    ) -> list[TimeEntry]:
        """Hours per contract and day; see queries.ACTIVE_CONTRACTS for why this path."""
        if person_id is None:
            person_id = str((await self.current_user(token))["id"])
        flt = {"personId": person_id, "status": ["ACTIVE"]}
        history = await self._run(token, queries.ACTIVE_CONTRACTS, {"filter": flt})
        rows = (history.get("talentWorkHistory") or {}).get("workHistoryList") or []
        span = {"rangeStart": start.strftime(DIARY_DAY), "rangeEnd": end.strftime(DIARY_DAY)}
        entries = []
        for row in rows:
            contract = (row or {}).get("contract") or {}
            if not contract.get("id"):
                continue
            cid, title = str(contract["id"]), str(contract.get("title") or "—")
            days_input = {"contractIds": [cid], "timeRange": span}
            found = await self._run(token, queries.WORK_DAYS, {"input": days_input})
            for raw in (found.get("workDays") or {}).get("workDays") or []:
                day = _day(raw)
                if day is None or not start <= day <= end:
                    continue
                diary_input = {"contractId": cid, "date": day.strftime(DIARY_DAY)}
                diary = await self._run(token, queries.WORK_DIARY, {"input": diary_input})
                cells = (diary.get("workDiaryContract") or {}).get("workDiaryTimeCells") or []
                if cells:
                    hours = round(len(cells) * CELL_MINUTES / 60, 2)
                    entries.append(TimeEntry(cid, title, day, hours))
        return entries


def _story(node: dict[str, Any]) -> Story:
    return Story(
        id=str(node.get("id")),
        author=str((node.get("user") or {}).get("name") or "—"),
        message=str(node.get("message") or ""),
        created_at=timestamp(node.get("createdDateTime")),
    )


def _day(value: Any) -> date | None:
    for pattern in ("%Y%m%d", "%Y-%m-%d"):
        try:
            return datetime.strptime(str(value), pattern).date()
        except ValueError:
            continue
    return None
