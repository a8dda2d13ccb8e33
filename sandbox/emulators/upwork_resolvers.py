"""Resolvers of the emulated Upwork GraphQL API over the emulator's in-memory state.

graphql-core's default resolver reads dict keys and calls callables found there with
``(info, **args)``, so the root value and nested nodes are plain dicts, with callables where a
field takes arguments or needs the request context.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Any

from graphql import GraphQLError, GraphQLResolveInfo

from sandbox.emulators.upwork_data import (
    Contract,
    EmulatedUser,
    Proposal,
    Room,
    Story,
    date_time_obj,
    fmt_day,
    fmt_upwork_dt,
    money,
)
from sandbox.emulators.upwork_search import job_matches, paginate, sort_jobs

if TYPE_CHECKING:
    from sandbox.emulators.upwork_state import UpworkState

Info = GraphQLResolveInfo[Any]
MAX_PROPOSALS_PAGE = 40
MAX_STORIES_PAGE = 100
_DAY = re.compile(r"^\d{8}$")


@dataclass
class RequestContext:
    emu: UpworkState
    user: EmulatedUser
    scopes: frozenset[str]


def _err(message: str) -> GraphQLError:
    return GraphQLError(message, extensions={"classification": "DataFetchingException"})


def _connection(items: list[Any], offset: int, total: int) -> dict[str, Any]:
    end = offset + len(items)
    return {
        "totalCount": total,
        "edges": [{"cursor": str(offset + i + 1), "node": n} for i, n in enumerate(items)],
        "pageInfo": {
            "startCursor": str(offset) if items else None,
            "endCursor": str(end) if items else None,
            "hasNextPage": end < total,
            "hasPreviousPage": offset > 0,
        },
    }


def _day_start(day: str) -> float:
    return datetime.strptime(day, "%Y%m%d").replace(tzinfo=UTC).timestamp()


class Resolvers:
    def __init__(self, ctx: RequestContext) -> None:
        self.ctx = ctx
        self.emu = ctx.emu
        self.user = ctx.user

    def root(self) -> dict[str, Callable[..., Any]]:
        return {
            "user": self.current_user,
            "freelancerProfileByProfileKey": self.profile_by_key,
            "marketplaceJobPostingsSearch": self.job_search,
            "marketplaceJobPosting": self.job_posting,
            "roomList": self.room_list,
            "room": self.room,
            "roomStories": self.room_stories,
            "workDiaryContract": self.work_diary_contract,
            "workDays": self.work_days,
            "timeReport": self.time_report,
            "talentWorkHistory": self.talent_work_history,
            "vendorProposals": self.vendor_proposals,
            "vendorProposal": self.vendor_proposal,
            "createVendorProposal": self.create_vendor_proposal,
        }

    # ------------------------------------------------------------ user and profile

    def current_user(self, info: Info) -> dict[str, Any]:
        user = self.user
        return {**user.user_node(), "freelancerProfile": lambda _info: user.profile_node()}

    def profile_by_key(self, info: Info, profileKey: str) -> dict[str, Any]:
        for user in self.emu.users.values():
            if profileKey in (user.profile_key, user.profile_key.lstrip("~")):
                return user.profile_node()
        raise _err(f"Profile not found for key {profileKey}")

    # ------------------------------------------------------------ jobs

    def job_search(self, info: Info, **args: Any) -> dict[str, Any]:
        flt: dict[str, Any] = args.get("marketPlaceJobFilter") or {}
        now = self.emu.now()
        visible = [j for j in self.emu.jobs if j.get("_published_ts", 0) <= now]
        matched = [j for j in visible if job_matches(j, flt, now, self.emu.ignored_filters)]
        ordered = sort_jobs(matched, args.get("sortAttributes"))
        page, offset = paginate(ordered, flt.get("pagination_eq"), self.emu.max_page_size)
        applied = {p.job_id for p in self._proposals()}
        nodes = [{**j, "applied": j["id"] in applied} for j in page]
        return _connection(nodes, offset, len(ordered))

    def _find_job(self, job_id: str) -> dict[str, Any] | None:
        return next((j for j in self.emu.jobs if job_id in (j["id"], j.get("ciphertext"))), None)

    @staticmethod
    def _posting_node(
        job_id: str, title: str, description: str, job_type: str, open_: bool
    ) -> dict[str, Any]:
        return {
            "id": job_id,
            "content": {"title": title, "description": description},
            "contractTerms": {"contractType": job_type},
            "canClientReceiveContractProposal": open_,
        }

    def job_posting(self, info: Info, id: str) -> dict[str, Any]:
        job = self._find_job(id)
        if job is None:
            raise _err(f"'openingsV2DS', 'getOpening', 'Opening not found for uid={id}'")
        return self._posting_node(
            job["id"],
            job["title"],
            job["description"],
            job["_job_type"],
            bool(job.get("freelancersToHire")),
        )

    # ------------------------------------------------------------ messages

    def _rooms(self) -> list[Room]:
        return [r for r in self.emu.rooms.values() if r.owner_id == self.user.id]

    def _story_node(self, story: Story) -> dict[str, Any]:
        return {
            "id": story.id,
            "roomId": story.room_id,
            "message": story.message,
            "createdDateTime": fmt_upwork_dt(story.created_ts),
            "updatedDateTime": fmt_upwork_dt(story.created_ts),
            "user": {"id": story.user_id, "nid": None, "name": story.user_name},
            "organization": {"id": None, "name": story.org_name} if story.org_name else None,
        }

    def _stories(self, room: Room, pagination: dict[str, Any] | None) -> dict[str, Any]:
        stories = sorted(room.stories, key=lambda s: s.created_ts)
        if pagination is None:
            pagination = {"first": MAX_STORIES_PAGE}
        page, offset = paginate(stories, pagination, MAX_STORIES_PAGE)
        return _connection([self._story_node(s) for s in page], offset, len(stories))

    def _room_node(self, room: Room) -> dict[str, Any]:
        latest = max(room.stories, key=lambda s: s.created_ts, default=None)
        return {
            "id": room.id,
            "roomName": room.name,
            "roomType": room.room_type,
            "topic": room.topic,
            "numUnread": room.num_unread,
            "contractId": room.contract_id,
            "createdDateTime": fmt_upwork_dt(room.created_ts),
            "latestStory": self._story_node(latest) if latest else None,
            "stories": lambda _info, pagination=None: self._stories(room, pagination),
            "vendorProposal": lambda _info: self._proposal_node_by_id(room.proposal_id),
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
        page, offset = paginate(rooms, args.get("pagination"), self.emu.max_page_size)
        return _connection([self._room_node(r) for r in page], offset, len(rooms))

    def room(self, info: Info, id: str) -> dict[str, Any] | None:
        room = self.emu.rooms.get(id)
        if room is None or room.owner_id != self.user.id:
            return None
        return self._room_node(room)

    def room_stories(self, info: Info, **args: Any) -> dict[str, Any]:
        room_id = (args.get("filter") or {}).get("roomId_eq")
        if not room_id:
            raise _err("roomId_eq is required")
        room = self.emu.rooms.get(room_id)
        if room is None or room.owner_id != self.user.id:
            raise _err(f"Room {room_id} not found or not accessible")
        return self._stories(room, args.get("pagination"))

    # ------------------------------------------------------------ work diary

    def _contract(self, contract_id: str) -> Contract:
        contract = self.emu.contracts.get(str(contract_id))
        if contract is None or contract.user_id != self.user.id:
            raise _err(f"Contract {contract_id} not found or not accessible")
        return contract

    def work_diary_contract(self, info: Info, **args: Any) -> dict[str, Any]:
        data = args["workDiaryContractInput"]
        contract = self._contract(data["contractId"])
        day = data["date"]
        cells = [] if not _DAY.match(day) else [c for c in contract.cells if fmt_day(c.ts) == day]
        return {
            "workDiaryTimeCells": [
                {
                    "cellDateTime": date_time_obj(c.ts),
                    "memo": c.memo,
                    "manual": c.manual,
                    "overtime": c.overtime,
                    "activityLevel": c.activity_level,
                }
                for c in sorted(cells, key=lambda c: c.ts)
            ],
            "workDiaryMetadata": {"timezoneOffset": "0", "archivingDateTime": None},
        }

    def work_days(self, info: Info, **args: Any) -> dict[str, Any]:
        data = args["workdaysInput"]
        start, end = data["timeRange"]["rangeStart"], data["timeRange"]["rangeEnd"]
        days: set[str] = set()
        for cid in data["contractIds"]:
            days |= {d for c in self._contract(cid).cells if start <= (d := fmt_day(c.ts)) <= end}
        return {"workDays": sorted(days)}

    def time_report(self, info: Info, **args: Any) -> list[dict[str, Any]]:
        flt = args["filter"]
        start, end = flt["timeReportDate_bt"]["rangeStart"], flt["timeReportDate_bt"]["rangeEnd"]
        contracts = [c for c in self.emu.contracts.values() if c.user_id == self.user.id]
        if flt.get("contractId_eq"):
            contracts = [c for c in contracts if c.id == str(flt["contractId_eq"])]
        rows: list[dict[str, Any]] = []
        for contract in contracts:
            per_day: dict[str, list[str]] = {}
            for cell in contract.cells:
                day = fmt_day(cell.ts)
                if start <= day <= end:
                    per_day.setdefault(day, []).append(cell.memo)
            for day, memos in sorted(per_day.items()):
                hours = round(len(memos) / 6, 2)
                monday = datetime.strptime(day, "%Y%m%d") - timedelta(
                    days=datetime.strptime(day, "%Y%m%d").weekday()
                )
                rows.append(
                    {
                        "dateWorkedOn": day,
                        "weekWorkedOn": monday.strftime("%Y%m%d"),
                        "totalHoursWorked": hours,
                        "totalCharges": money(round(hours * (contract.hourly_rate or 0), 2)),
                        "memo": "; ".join(dict.fromkeys(m for m in memos if m)),
                        "contract": {"id": contract.id, "title": contract.title},
                    }
                )
        return rows

    def talent_work_history(self, info: Info, **args: Any) -> dict[str, Any]:
        statuses = set((args.get("filter") or {}).get("status") or [])
        contracts = [
            c
            for c in self.emu.contracts.values()
            if c.user_id == self.user.id and (not statuses or c.status in statuses)
        ]
        return {
            "workHistoryList": [
                {
                    "contract": {
                        "id": c.id,
                        "title": c.title,
                        "status": c.status,
                        "terms": {
                            "hourlyRate": None if c.hourly_rate is None else str(c.hourly_rate),
                            "fixedAmount": None if c.fixed_amount is None else str(c.fixed_amount),
                            "jobType": c.job_type,
                        },
                    }
                }
                for c in contracts
            ]
        }

    # ------------------------------------------------------------ proposals

    def _proposals(self) -> list[Proposal]:
        return [p for p in self.emu.proposals.values() if p.user_id == self.user.id]

    def _proposal_node(self, p: Proposal) -> dict[str, Any]:
        job = self._find_job(p.job_id)
        return {
            "id": p.id,
            "marketplaceJobPosting": self._posting_node(
                p.job_id,
                p.job_title,
                p.job_description,
                p.job_type,
                bool(job and job.get("freelancersToHire")),
            ),
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
            "viewedByClient": p.viewed_by_client,
            "auditDetails": {
                "createdDateTime": date_time_obj(p.created_ts),
                "modifiedDateTime": date_time_obj(p.modified_ts),
            },
            "status": {"status": p.status, "reason": None},
            "organization": {"id": self.user.rid, "name": self.user.name},
            "annotations": [],
        }

    def _proposal_node_by_id(self, proposal_id: str | None) -> dict[str, Any] | None:
        p = self.emu.proposals.get(proposal_id or "")
        return self._proposal_node(p) if p and p.user_id == self.user.id else None

    def vendor_proposals(self, info: Info, **args: Any) -> dict[str, Any]:
        flt, sort, pagination = args["filter"], args["sortAttribute"], args["pagination"]
        if pagination.get("first", 0) > MAX_PROPOSALS_PAGE:
            raise _err(f"VJCA-6: pagination.first must not exceed {MAX_PROPOSALS_PAGE}")
        items = [p for p in self._proposals() if p.status == flt["status_eq"]]
        if flt.get("jobPostingId_eq"):
            items = [p for p in items if p.job_id == str(flt["jobPostingId_eq"])]
        by_modified = sort["field"] == "MODIFIEDDATETIME"
        items.sort(
            key=lambda p: p.modified_ts if by_modified else p.created_ts,
            reverse=sort.get("sortOrder") != "ASC",
        )
        page, offset = paginate(items, pagination, MAX_PROPOSALS_PAGE)
        return _connection([self._proposal_node(p) for p in page], offset, len(items))

    def vendor_proposal(self, info: Info, id: str) -> dict[str, Any] | None:
        return self._proposal_node_by_id(id)

    def create_vendor_proposal(self, info: Info, **args: Any) -> dict[str, Any]:
        data = args["input"]
        job = self._find_job(str(data["jobPostingId"]))
        if job is None:
            raise _err(f"Job posting {data['jobPostingId']} not found")
        if not job.get("freelancersToHire"):
            raise _err("This job posting is no longer accepting proposals")
        if any(p.job_id == job["id"] for p in self._proposals()):
            raise _err("You have already submitted a proposal to this job posting")
        if not str(data["coverLetter"]).strip():
            raise _err("coverLetter must not be empty")
        proposal = self.emu.record_proposal(
            self.user.id,
            job,
            cover_letter=data["coverLetter"],
            charge_rate=data.get("chargeRate"),
            estimated_duration=data.get("estimatedDurationId"),
        )
        return self._proposal_node(proposal)
