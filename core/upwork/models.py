"""What the product reads from Upwork, normalised from the API's shapes."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any

JOB_URL = "https://www.upwork.com/jobs/{ciphertext}"
LEVELS = {"ENTRY_LEVEL": "entry", "INTERMEDIATE": "intermediate", "EXPERT": "expert"}


def money(value: Any) -> Decimal | None:
    """`rawValue` is a string; "0.0" (or nothing) means not set."""
    raw = value.get("rawValue") if isinstance(value, dict) else None
    try:
        amount = Decimal(str(raw)) if raw is not None else None
    except InvalidOperation:
        return None
    return amount if amount else None


def timestamp(value: Any) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.strptime(value, "%Y-%m-%dT%H:%M:%S%z")
    except ValueError:
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00"))
        except ValueError:
            return None


@dataclass(frozen=True)
class JobPosting:
    upwork_id: str
    ciphertext: str
    title: str
    description: str
    skills: list[str]
    job_type: str | None
    experience_level: str | None
    budget: Decimal | None
    hourly_min: Decimal | None
    hourly_max: Decimal | None
    currency: str | None
    total_applicants: int | None
    freelancers_to_hire: int | None
    client_total_spent: Decimal | None
    client_total_hires: int | None
    client_rating: Decimal | None
    client_reviews: int | None
    client_payment_verified: bool
    client_country: str | None
    posted_at: datetime | None
    raw: dict[str, Any] = field(repr=False, default_factory=dict)

    @property
    def url(self) -> str:
        return JOB_URL.format(ciphertext=self.ciphertext)

    @classmethod
    def from_node(cls, node: dict[str, Any]) -> JobPosting:
        client = node.get("client") or {}
        budget = money(node.get("amount"))
        hourly_min, hourly_max = (
            money(node.get("hourlyBudgetMin")),
            money(node.get("hourlyBudgetMax")),
        )
        job_type = "hourly" if (hourly_min or hourly_max) else ("fixed" if budget else None)
        feedback = client.get("totalFeedback")
        return cls(
            upwork_id=str(node["id"]),
            ciphertext=str(node.get("ciphertext") or ""),
            title=str(node.get("title") or "").strip(),
            description=str(node.get("description") or ""),
            skills=[s["name"] for s in node.get("skills") or [] if s and s.get("name")],
            job_type=job_type,
            experience_level=LEVELS.get(str(node.get("experienceLevel"))),
            budget=budget,
            hourly_min=hourly_min,
            hourly_max=hourly_max,
            currency=(node.get("amount") or {}).get("currency"),
            total_applicants=node.get("totalApplicants"),
            freelancers_to_hire=node.get("freelancersToHire"),
            client_total_spent=money(client.get("totalSpent")),
            client_total_hires=client.get("totalHires"),
            client_rating=Decimal(str(feedback)) if feedback else None,
            client_reviews=client.get("totalReviews"),
            client_payment_verified=client.get("verificationStatus") == "VERIFIED",
            client_country=(client.get("location") or {}).get("country"),
            posted_at=timestamp(node.get("publishedDateTime") or node.get("createdDateTime")),
            raw=node,
        )


@dataclass(frozen=True)
class JobPage:
    jobs: list[JobPosting]
    end_cursor: str | None
    has_next_page: bool
    total: int | None


@dataclass(frozen=True)
class OwnProfile:
    name: str
    headline: str
    overview: str
    skills: list[str]
    hourly_rate: Decimal | None


@dataclass(frozen=True)
class Story:
    id: str
    author: str
    message: str
    created_at: datetime | None


@dataclass(frozen=True)
class Room:
    id: str
    name: str
    unread: int
    latest: Story | None


@dataclass(frozen=True)
class RoomPage:
    rooms: list[Room]
    end_cursor: str | None
    has_next_page: bool


@dataclass(frozen=True)
class TimeEntry:
    contract_id: str
    contract_title: str
    day: date
    hours: float


@dataclass(frozen=True)
class ProposalState:
    id: str
    job_id: str | None
    status: str


@dataclass(frozen=True)
class ProposalReply:
    """A room opened about one of the user's proposals: its offers and (author id, text)s."""

    proposal_id: str
    room_id: str
    offers: int
    messages: list[tuple[str, str]]

    def reply_from_others(self, own_user_id: str | None) -> str | None:
        """The newest message someone other than the freelancer wrote, if any."""
        others = [text for author, text in self.messages if author and author != own_user_id]
        return others[-1] if others else None
