"""Proposal resolvers of the emulated Upwork API: vendorProposals and createJobProposal.

Sources as in ``upwork_schema.graphql``: [UTN-D] alexey72882/UpworkToNotion docs/upwork-api.md
(vendorProposals at most 40 a page, VJCA-6), [UTN-E] its docs/engineering-notes.md and
[UTN-L] src/lib/upwork.ts (createJobProposal: numeric jobReference, selectedContractor
{ id: user.id, oDeskUserID: user.nid }, teamOrgId = organization.id, answers
{ newProposalId status error }, a refusal arrives in `error`).
"""

from __future__ import annotations

from typing import Any

from sandbox.emulators.upwork_resolvers import (
    Info,
    ProposalNodes,
    RequestContext,
    connection,
    err,
    offset_page,
)

MAX_PROPOSALS_PAGE = 40


class ProposalResolvers(ProposalNodes):
    def __init__(self, ctx: RequestContext) -> None:
        super().__init__(ctx)

    def job_posting(self, info: Info, id: str) -> dict[str, Any]:
        job = self.find_job(str(id))
        if job is None:  # [UTN-E]: a ciphertext (or unknown id) is not found
            raise err(f"'openingsV2DS', 'getOpening', 'Opening not found for uid={id}'")
        return self.posting(job["id"], job["title"], job["description"])

    def vendor_proposals(
        self, info: Info, filter: dict[str, Any], sortAttribute: dict[str, Any],
        pagination: dict[str, Any],
    ) -> dict[str, Any]:  # fmt: skip
        if int(pagination.get("first") or 0) > MAX_PROPOSALS_PAGE:
            raise err(f"VJCA-6: pagination.first must not exceed {MAX_PROPOSALS_PAGE}")
        items = [
            p
            for p in self.emu.proposals.values()
            if p.user_id == self.user.id and p.status == filter["status_eq"]
        ]
        if filter.get("jobPostingIds_any"):
            wanted = {str(i) for i in filter["jobPostingIds_any"]}
            items = [p for p in items if p.job_id in wanted]
        by_modified = sortAttribute["field"] == "MODIFIEDDATETIME"
        items.sort(
            key=lambda p: p.modified_ts if by_modified else p.created_ts,
            reverse=sortAttribute.get("sortOrder") != "ASC",
        )
        page, offset = offset_page(items, pagination, MAX_PROPOSALS_PAGE)
        return connection([self.node(p) for p in page], offset, len(items))

    def vendor_proposal(self, info: Info, id: str) -> dict[str, Any] | None:
        return self.node_by_id(str(id))

    def create_job_proposal(self, info: Info, input: dict[str, Any]) -> dict[str, Any]:
        problem = self._refusal(input)
        if problem is not None:
            # [UTN-L]: the mutation answers data with `error` set; status wording unconfirmed.
            return {"newProposalId": None, "status": "FAILURE", "error": problem}
        job = self.find_job(str(input["jobReference"]))
        assert job is not None
        proposal = self.emu.record_proposal(
            self.user.id,
            job,
            cover_letter=input["coverLetter"],
            charge_rate=float(input["chargedAmount"]),
            estimated_duration=(
                str(input["estimatedDuration"]) if input.get("estimatedDuration") else None
            ),
            submitted_input=input,
        )
        return {"newProposalId": proposal.id, "status": "SUCCESS", "error": None}

    def _refusal(self, data: dict[str, Any]) -> str | None:
        """Why Upwork would refuse this input, or None."""
        reference = str(data["jobReference"]).strip()
        if not reference.isdigit():  # [UTN-E]: numeric id, NOT the ciphertext
            return f"Invalid jobReference '{reference}': a numeric job id is expected"
        job = self.find_job(reference)
        if job is None:
            return f"Job posting {reference} not found"
        contractor = data["selectedContractor"]
        if (str(contractor["id"]), contractor["oDeskUserID"]) != (self.user.id, self.user.nid):
            # [UTN-E]: oDeskUserID is the nid, NOT the rid nor the numeric id.
            return "selectedContractor does not match the authenticated user"
        if str(data["teamOrgId"]) != self.user.org_id:
            return "teamOrgId is not an organization of the authenticated user"  # [UTN-E]
        if not job.get("freelancersToHire"):
            return "This job posting is no longer accepting proposals"
        if any(p.job_id == job["id"] and p.user_id == self.user.id
               for p in self.emu.proposals.values()):  # fmt: skip
            return "You have already submitted a proposal to this job posting"
        if float(data["chargedAmount"]) <= 0:
            return "chargedAmount must be greater than 0"
        if not str(data["coverLetter"]).strip():
            return "coverLetter must not be empty"
        for item in data.get("questions") or []:
            if not item["question"].strip() or not item["answer"].strip():
                return "Every screening question needs an answer"
        return None
