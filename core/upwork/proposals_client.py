"""The freelancer's own proposals on Upwork: submit one, read their states and rooms."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from core.upwork import queries
from core.upwork.errors import UpworkError
from core.upwork.models import ProposalReply, ProposalState
from core.upwork.transport import GraphQLTransport

# Upwork's statuses (UpworkToNotion docs/upwork-api.md, seen live).
STATUSES = ("Pending", "Activated", "Accepted", "Offered", "Hired", "Declined", "Withdrawn",
            "Archived")  # fmt: skip
MAX_PAGE = 40  # vendorProposals refuses larger pages (VJCA-6)
ROOMS_PAGE = 50


class ProposalRefused(UpworkError):
    """createJobProposal answered with its own `error` field: Upwork's words, for the user."""


@dataclass(frozen=True)
class Submission:
    """What createJobProposal takes (UpworkToNotion docs/engineering-notes.md, src/lib/upwork.ts).

    `job_reference` is the job's numeric id (never the ciphertext), `charged_amount` the bid
    for a fixed-price job or the hourly rate, `contractor_id` / `contractor_nid` the user's
    id and nid, `team_org_id` the organization id.
    """

    job_reference: str
    cover_letter: str
    charged_amount: Decimal
    contractor_id: str
    contractor_nid: str
    team_org_id: str
    questions: list[tuple[str, str]] = field(default_factory=list)

    def as_input(self) -> dict[str, Any]:
        # milestones / estimatedDuration are left out: no source shows their inner shape, and
        # the live-confirmed input above is accepted without them, fixed price or hourly (as
        # Upwork's own upwork-agent-plugin submits); see the emulator schema's notes.
        payload: dict[str, Any] = {
            "jobReference": self.job_reference,
            "coverLetter": self.cover_letter,
            "chargedAmount": float(self.charged_amount),
            "selectedContractor": {"id": self.contractor_id, "oDeskUserID": self.contractor_nid},
            "teamOrgId": self.team_org_id,
        }
        if self.questions:
            payload["questions"] = [{"question": q, "answer": a} for q, a in self.questions]
        return payload


class UpworkProposals:
    def __init__(self, transport: GraphQLTransport) -> None:
        self._transport = transport

    async def submit(self, token: str, submission: Submission) -> str:
        """The new proposal's id; ProposalRefused carries Upwork's `error` text."""
        data = await self._transport.execute(
            queries.SUBMIT_PROPOSAL, {"input": submission.as_input()}, access_token=token
        )
        result = data.get("createJobProposal") or {}
        if result.get("error") or not result.get("newProposalId"):
            raise ProposalRefused(str(result.get("error") or "Upwork returned no proposal id"))
        return str(result["newProposalId"])

    async def states(
        self, token: str, status: str, *, first: int = MAX_PAGE
    ) -> list[ProposalState]:
        variables = {
            "filter": {"status_eq": status},
            "sort": {"field": "CREATEDDATETIME", "sortOrder": "DESC"},
            "pagination": {"first": min(first, MAX_PAGE), "after": "0"},
        }
        data = await self._transport.execute(queries.OWN_PROPOSALS, variables, access_token=token)
        found = []
        for edge in (data.get("vendorProposals") or {}).get("edges") or []:
            node = (edge or {}).get("node") or {}
            posting = node.get("marketplaceJobPosting") or {}
            found.append(
                ProposalState(
                    id=str(node.get("id")),
                    job_id=str(posting["id"]) if posting.get("id") else None,
                    status=str((node.get("status") or {}).get("status") or status),
                )
            )
        return found

    async def replies(self, token: str, *, first: int = ROOMS_PAGE) -> list[ProposalReply]:
        """One entry per room opened about a proposal, with its newest message, if any."""
        variables = {"pagination": {"first": first, "after": "0"}}
        data = await self._transport.execute(queries.PROPOSAL_ROOMS, variables, access_token=token)
        rooms = []
        for edge in (data.get("roomList") or {}).get("edges") or []:
            node = (edge or {}).get("node") or {}
            proposal = node.get("vendorProposal") or {}
            if not proposal.get("id"):
                continue
            stories = [
                (e or {}).get("node") or {} for e in (node.get("stories") or {}).get("edges") or []
            ]
            rooms.append(
                ProposalReply(
                    proposal_id=str(proposal["id"]),
                    room_id=str(node.get("id")),
                    offers=len(node.get("offerIds") or []),
                    messages=[
                        (str((s.get("user") or {}).get("id") or ""), str(s.get("message") or ""))
                        for s in stories
                    ],
                )
            )
        return rooms
