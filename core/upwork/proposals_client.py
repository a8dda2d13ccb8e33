"""The freelancer's own proposals on Upwork: submit one, read their states and replies."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from core.upwork import queries
from core.upwork.models import ProposalReply, ProposalState
from core.upwork.transport import GraphQLTransport

# Upwork's statuses; "Pending" is a submitted proposal not yet acted on.
OPEN_STATUSES = ("Pending", "Activated", "Offered", "Hired", "Declined")
MAX_PAGE = 40  # Upwork refuses larger vendorProposals pages


class UpworkProposals:
    def __init__(self, transport: GraphQLTransport) -> None:
        self._transport = transport

    async def submit(
        self, token: str, *, job_id: str, cover_letter: str, charge_rate: Decimal | None
    ) -> str:
        payload: dict[str, Any] = {"jobPostingId": job_id, "coverLetter": cover_letter}
        if charge_rate is not None:
            payload["chargeRate"] = float(charge_rate)
        data = await self._transport.execute(
            queries.SUBMIT_PROPOSAL, {"input": payload}, access_token=token
        )
        return str(data["createVendorProposal"]["id"])

    async def states(self, token: str, status: str) -> list[ProposalState]:
        variables = {
            "filter": {"status_eq": status},
            "sort": {"field": "CREATEDDATETIME", "sortOrder": "DESC"},
            "pagination": {"first": MAX_PAGE, "after": "0"},
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
                    viewed=bool(node.get("viewedByClient")),
                )
            )
        return found

    async def replies(self, token: str) -> list[ProposalReply]:
        variables = {"pagination": {"first": 50, "after": "0"}}
        data = await self._transport.execute(queries.PROPOSAL_ROOMS, variables, access_token=token)
        replies = []
        for edge in (data.get("roomList") or {}).get("edges") or []:
            node = (edge or {}).get("node") or {}
            proposal = node.get("vendorProposal") or {}
            story = node.get("latestStory") or {}
            author = story.get("user") or {}
            if proposal.get("id") and story:
                replies.append(
                    ProposalReply(
                        proposal_id=str(proposal["id"]),
                        room_id=str(node.get("id")),
                        author_id=str(author.get("id") or ""),
                        author=str(author.get("name") or ""),
                        message=str(story.get("message") or ""),
                    )
                )
        return replies
