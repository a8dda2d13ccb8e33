"""What the AI layer reads: the job, the freelancer's profile, a search and a draft request,
built from database rows."""

from __future__ import annotations

from decimal import Decimal
from typing import Annotated, Any

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

from core.ai.schemas import JobAnalysis, Variant

INSTRUCTION_MAX = 300


def _instruction(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return " ".join(value.split()) or None


class JobInput(BaseModel):
    """The facts of a job the AI layer reads; built from `Job` or `JobPosting`."""

    model_config = ConfigDict(frozen=True)

    title: str
    description: str = ""
    skills: list[str] = Field(default_factory=list)
    job_type: str | None = None
    budget: Decimal | None = None
    hourly_min: Decimal | None = None
    hourly_max: Decimal | None = None
    currency: str | None = None
    experience_level: str | None = None
    total_applicants: int | None = None
    client_total_spent: Decimal | None = None
    client_total_hires: int | None = None
    client_rating: Decimal | None = None
    client_reviews: int | None = None
    client_payment_verified: bool = False
    client_country: str | None = None

    @classmethod
    def from_job(cls, job: object) -> JobInput:
        """Read the same-named attributes of a `core.db.models.Job` or a `JobPosting`."""
        return cls.model_validate(_attributes(job, cls.model_fields))


def _portfolio_items(value: object) -> list[str]:
    """Portfolio entries as one line each ("title: description url"), from the stored dicts."""
    if not isinstance(value, list):
        return []
    items: list[str] = []
    for entry in value[:10]:
        if isinstance(entry, dict):
            parts = [str(entry.get(k) or "") for k in ("title", "description", "url", "link")]
            text = " ".join(p for p in parts if p)
        else:
            text = str(entry)
        if text.strip():
            items.append(" ".join(text.split())[:400])
    return items


class ProfileInput(BaseModel):
    """What the freelancer offers."""

    model_config = ConfigDict(frozen=True)

    headline: str = ""
    skills: list[str] = Field(default_factory=list)
    hourly_rate: Decimal | None = None
    bio: str = ""
    portfolio: Annotated[list[str], BeforeValidator(_portfolio_items)] = Field(default_factory=list)
    tone: str = ""

    @classmethod
    def from_profile(cls, profile: object) -> ProfileInput:
        """From a `FreelancerProfile` row (or Upwork's `OwnProfile`, whose bio is `overview`)."""
        data = _attributes(profile, cls.model_fields)
        if "bio" not in data and isinstance(getattr(profile, "overview", None), str):
            data["bio"] = profile.overview  # type: ignore[attr-defined]
        return cls.model_validate(data)


class SearchInput(BaseModel):
    """The terms of the user's search that let a job through."""

    model_config = ConfigDict(frozen=True)

    include_keywords: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)

    @classmethod
    def from_search(cls, search: object) -> SearchInput:
        """From a `SearchProfile` row."""
        return cls.model_validate(_attributes(search, cls.model_fields))


def _attributes(obj: object, names: dict[str, Any]) -> dict[str, Any]:
    found = {name: getattr(obj, name, None) for name in names}
    return {name: value for name, value in found.items() if value is not None}


class DraftRequest(BaseModel):
    """Everything a proposal draft is written from.

    `instruction` is what the freelancer typed ("shorter", "mention my Django work"): it is
    untrusted text, kept short and always delimited in prompts. `previous_draft` is the
    version being revised, if any.
    """

    model_config = ConfigDict(frozen=True)

    job: JobInput
    analysis: JobAnalysis
    profile: ProfileInput
    variant: Variant = "A"
    instruction: Annotated[
        Annotated[str, Field(max_length=INSTRUCTION_MAX)] | None, BeforeValidator(_instruction)
    ] = None
    max_words: int = Field(default=180, ge=50, le=600)
    previous_draft: str | None = None
    # A different angle for a Regenerate without instruction (trusted: chosen by code).
    angle: str | None = None
    # What the freelancer typed into an earlier version themself: confirmed facts.
    confirmed_facts: list[str] = Field(default_factory=list)
