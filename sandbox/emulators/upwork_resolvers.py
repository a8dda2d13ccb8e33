"""Resolvers of the emulated Upwork GraphQL API over the emulator's in-memory state.

graphql-core's default resolver reads dict keys and calls callables found there with
``(info, **args)``, so the root value and nested nodes are plain dicts, with callables where a
field takes arguments or needs the request context.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError, GraphQLResolveInfo

from sandbox.emulators.upwork_data import (
    EmulatedUser,
    Proposal,
    Room,
    Story,
    date_time_obj,
    fmt_upwork_dt,
    money,
)
from sandbox.emulators.upwork_search import job_matches, search_results, sort_jobs

if TYPE_CHECKING:
    from sandbox.emulators.upwork_state import UpworkState

Info = GraphQLResolveInfo[Any]
MAX_STORIES_PAGE = 100
_DAY = re.compile(r"^\d{8}$")


@dataclass
class RequestContext:
    emu: UpworkState
    user: EmulatedUser
    scopes: frozenset[str]


def err(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"classification": "DataFetchingException"})


def connection(items: list[Any], offset: int, total: int) -> dict[str, Any]:
    end = offset + len(items)
    return {
        "totalCount": total,
        "edges": [{"cursor": str(offset + i + 1), "node": n} for i, n in enumerate(items)],
        "pageInfo": {"endCursor": str(end) if items else None, "hasNextPage": end < total},
    }


def offset_page(
    items: list[Any], pagination: dict[str, Any] | None, max_page_size: int
) -> tuple[list[Any], int]:
    """[UN-T] Pagination: ``after`` is an offset string ("0" is the first element)."""
    pagination = pagination or {}
    after = str(pagination.get("after") or "0")
    offset = int(after) if after.isdigit() else 0
    first = max(0, min(int(pagination.get("first") or max_page_size), max_page_size))
    return items[offset : offset + first], offset


def is_day(value: Any) -> bool:
    """[UTN-D]: work diary dates are yyyyMMdd; anything else "fails silently"."""
    return isinstance(value, str) and _DAY.match(value) is not None


class Resolvers:
    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx
        self.emu = ctx.emu
        self.user = ctx.user

    def root(self) -> dict[str, Any]:
        from sandbox.emulators.upwork_resolvers_proposals import ProposalResolvers
        from sandbox.emulators.upwork_resolvers_work import WorkResolvers

        proposals, work = ProposalResolvers(self.ctx), WorkResolvers(self.ctx)
        root: dict[str, Callable[..., Any]] = {
            "user": self.current_user,
            "organization": lambda _info: self.user.organization_node(),
            "freelancerProfileByProfileKey": self.profile_by_key,
            "marketplaceJobPostingsSearch": self.job_search,
            "marketplaceJobPosting": proposals.job_posting,
            "roomList": self.room_list,
            "room": self.room,
            "roomStories": self.room_stories,
            "workDiaryContract": work.work_diary_contract,
            "workDays": work.work_days,
            "timeReport": work.time_report,
            "contractTimeReport": work.contract_time_report,
            "talentWorkHistory": work.talent_work_history,
            "vendorProposals": proposals.vendor_proposals,
            "vendorProposal": proposals.vendor_proposal,
            "createJobProposal": proposals.create_job_proposal,
        }
        for field, message in self.emu.refused_fields.items():
            root[field] = _refuse(message)
        return root

    # ------------------------------------------------------------ user and profile

    def current_user(self, info: Info) -> dict[str, Any]:
        from sandbox.emulators.upwork_resolvers_work import WorkResolvers

        user, work = self.user, WorkResolvers(self.ctx)
        return {
            **user.user_node(),
            "freelancerProfile": lambda _info: user.profile_node(),
            "timeReport": work.user_time_report,
            "contractTimeReport": work.user_contract_time_report,
        }

    def profile_by_key(self, info: Info, profileKey: str) -> dict[str, Any]:
        for user in self.emu.users.values():
            if profileKey in (user.profile_key, user.profile_key.lstrip("~")):
                return user.profile_node()
        raise err(f"Profile not found for key {profileKey}")

    # ------------------------------------------------------------ jobs

    def job_search(self, info: Info, **args: Any) -> dict[str, Any]:
        flt: dict[str, Any] = args.get("marketPlaceJobFilter") or {}
        now = self.emu.now()
        visible = [j for j in self.emu.jobs if j.get("_published_ts", 0) <= now]
        matched = [j for j in visible if job_matches(j, flt, now, self.emu.ignored_filters)]
        ordered = sort_jobs(matched, args.get("sortAttributes"))
        page, offset = search_results(
            ordered, flt.get("pagination_eq"), self.emu.search_result_cap, self.emu.max_page_size
        )
        applied = {p.job_id for p in self._proposals()}
        nodes = [{**j, "applied": j["id"] in applied} for j in page]
        return connection(nodes, offset, len(ordered))

    def _proposals(self) -> list[Proposal]:
        return [p for p in self.emu.proposals.values() if p.user_id == self.user.id]

    # ------------------------------------------------------------ messages

    def _rooms(self) -> list[Room]:
        return [r for r in self.emu.rooms.values() if r.owner_id == self.user.id]

    def _story_node(self, story: Story) -> dict[str, Any]:
        """[UN-T] RoomStory: user is a GenericUser, organization a GenericOrganization."""
        author = self.emu.users.get(story.user_id)
        return {
            "id": story.id,
            "message": story.message,
            "createdDateTime": fmt_upwork_dt(story.created_ts),
            "updatedDateTime": fmt_upwork_dt(story.created_ts),
            "user": {
                "id": story.user_id,
                "nid": author.nid if author else None,
                "rid": author.rid if author else None,
                "name": story.user_name,
                "firstName": story.user_name.split(" ")[0],
                "lastName": story.user_name.partition(" ")[2] or None,
                "photoUrl": None,
            },
            "organization": (
                {"id": f"org_{story.user_id}", "rid": None, "name": story.org_name}
                if story.org_name
                else None
            ),
        }

    def _stories(self, room: Room, story_filter: dict[str, Any] | None) -> dict[str, Any]:
        stories = sorted(room.stories, key=lambda s: s.created_ts)
        page, offset = offset_page(
            stories, (story_filter or {}).get("pagination"), MAX_STORIES_PAGE
        )
        return connection([self._story_node(s) for s in page], offset, len(stories))

    def _room_node(self, room: Room) -> dict[str, Any]:
        latest = max(room.stories, key=lambda s: s.created_ts, default=None)
        proposals = ProposalNodes(self.ctx)
        return {
            "id": room.id,
            "roomName": room.name,
            "roomType": room.room_type,
            "topic": room.topic,
            "numUnread": room.num_unread,
            "contractId": room.contract_id,
            "createdAtDateTime": fmt_upwork_dt(room.created_ts),
            "offerIds": list(room.offer_ids),
            "latestStory": self._story_node(latest) if latest else None,
            "stories": lambda _info, filter=None: self._stories(room, filter),
            "vendorProposal": lambda _info: proposals.node_by_id(room.proposal_id),
        }

    def room_list(self, info: Info, **args: Any) -> dict[str, Any]:
        flt: dict[str, Any] = args.get("filter") or {}
        rooms = self._rooms()
        if flt.get("unreadRoomsOnly_eq"):
            rooms = [r for r in rooms if r.num_unread > 0]
        if flt.get("roomType_eq"):
            rooms = [r for r in rooms if r.room_type == flt["roomType_eq"]]

        def activity(r: Room) -> float:
            return max((s.created_ts for s in r.stories), default=r.created_ts)

        rooms.sort(key=activity, reverse=args.get("sortOrder") != "ASC")
        page, offset = offset_page(rooms, args.get("pagination"), self.emu.max_page_size)
        return connection([self._room_node(r) for r in page], offset, len(rooms))

    def room(self, info: Info, id: str) -> dict[str, Any] | None:
        room = self.emu.rooms.get(id)
        if room is None or room.owner_id != self.user.id:
            return None
        return self._room_node(room)

    def room_stories(self, info: Info, filter: dict[str, Any]) -> dict[str, Any]:
        """[UN-T] RoomStoryFilter { roomId_eq!, storyFilter { pagination } }."""
        room = self.emu.rooms.get(str(filter["roomId_eq"]))
        if room is None or room.owner_id != self.user.id:
            raise err(f"Room {filter['roomId_eq']} not found or not accessible")
        return self._stories(room, filter.get("storyFilter"))


def _refuse(message: str) -> Callable[..., Any]:
    """A root field a test made the emulator refuse, with Upwork's own kind of message."""

    def refuse(info: Info, **_: Any) -> Any:
        raise err(message)

    return refuse


class ProposalNodes:
    """VendorProposal nodes ([UN-T]); shared by rooms and vendorProposals."""

    def __init__(self, ctx: RequestContext) -> None:
        self.emu, self.user = ctx.emu, ctx.user

    def posting(self, job_id: str, title: str, description: str) -> dict[str, Any]:
        job = self.find_job(job_id)
        return {
            "id": job_id,
            "content": {"title": title, "description": description},
            "canClientReceiveContractProposal": bool(job and job.get("freelancersToHire")),
        }

    def find_job(self, job_id: str) -> dict[str, Any] | None:
        return next((j for j in self.emu.jobs if j["id"] == job_id), None)

    def node(self, p: Proposal) -> dict[str, Any]:
        return {
            "id": p.id,
            "user": {
                "id": self.user.id,
                "nid": self.user.nid,
                "rid": self.user.rid,
                "name": self.user.name,
            },
            "organization": self.user.organization_node(),
            "marketplaceJobPosting": self.posting(p.job_id, p.job_title, p.job_description),
            "terms": {
                "chargeRate": money(p.charge_rate),
                "estimatedDuration": (
                    {"id": p.estimated_duration, "label": p.estimated_duration}
                    if p.estimated_duration
                    else None
                ),
                "upfrontPaymentPercent": None,
            },
            "coverLetter": p.cover_letter,
            "proposalCoverLetter": p.cover_letter,
            "auditDetails": {
                "createdDateTime": date_time_obj(p.created_ts),
                "modifiedDateTime": date_time_obj(p.modified_ts),
            },
            "status": {"status": p.status, "reason": None},
        }

    def node_by_id(self, proposal_id: str | None) -> dict[str, Any] | None:
        p = self.emu.proposals.get(proposal_id or "")
        return self.node(p) if p and p.user_id == self.user.id else None
