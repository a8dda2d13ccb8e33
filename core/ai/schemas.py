"""What the AI layer returns (validated) and what it reads (inputs built from DB rows).

The output models are the single source of their JSON schemas: `strict_json_schema` turns
them into the subset OpenAI's strict structured output accepts, and the same schema is the
Anthropic tool's input schema. Provider output is only ever read through
`Model.model_validate` / `model_validate_json`.
"""

from __future__ import annotations

import copy
import functools
import re
from collections.abc import Callable
from decimal import Decimal
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field

SUMMARY_MAX = 500
REASON_MAX = 140
ITEM_MAX = 200  # skills, red flags, questions


def _clip(text: str, limit: int) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def clip_text(limit: int) -> Callable[[Any], Any]:
    """Trim whitespace and shorten over-long text, so a verbose model is not a failure."""

    def clip(value: Any) -> Any:
        return _clip(value, limit) if isinstance(value, str) else value

    return clip


def clip_list(max_items: int, item_limit: int) -> Callable[[Any], Any]:
    """Drop blank and duplicate items, shorten each, keep the first `max_items`."""

    def clip(value: Any) -> Any:
        if not isinstance(value, list):
            return value
        seen: set[str] = set()
        kept: list[Any] = []
        for item in value:
            if not isinstance(item, str):
                kept.append(item)  # left for validation to reject
                continue
            item = _clip(item, item_limit)
            if item and item.casefold() not in seen:
                seen.add(item.casefold())
                kept.append(item)
        return kept[:max_items]

    return clip


def _language(value: Any) -> Any:
    return value.strip().lower() if isinstance(value, str) else value


Item = Annotated[str, Field(max_length=ITEM_MAX)]
Reason = Annotated[str, Field(max_length=REASON_MAX)]


class JobAnalysis(BaseModel):
    """The reading of one job post, shared by every user."""

    summary: Annotated[
        str,
        BeforeValidator(clip_text(SUMMARY_MAX)),
        Field(
            max_length=SUMMARY_MAX,
            description="What the client wants, in one or two plain sentences.",
        ),
    ]
    required_skills: Annotated[
        list[Item],
        BeforeValidator(clip_list(15, ITEM_MAX)),
        Field(max_length=15, description="Skills the work needs, most important first."),
    ]
    red_flags: Annotated[
        list[Item],
        BeforeValidator(clip_list(8, ITEM_MAX)),
        Field(
            max_length=8,
            description="Warning signs (unpaid tests, contact or payment outside Upwork, "
            "budget far too low for the scope, ...); empty when none.",
        ),
    ]
    client_risk: Literal["low", "medium", "high"] = Field(
        description="Risk of working with this client, from their history and the post."
    )
    language: Annotated[
        str,
        Field(pattern=r"^[a-z]{2}$", description="ISO 639-1 code of the post's language."),
        BeforeValidator(_language),
    ]
    screening_questions: Annotated[
        list[Item],
        BeforeValidator(clip_list(10, ITEM_MAX)),
        Field(max_length=10, description="Questions the client asks applicants to answer."),
    ]


class FitScore(BaseModel):
    """How well one job fits one freelancer."""

    score: int = Field(ge=0, le=100, description="0 = no fit, 100 = perfect fit.")
    reasons: Annotated[
        list[Reason],
        BeforeValidator(clip_list(3, REASON_MAX)),
        Field(min_length=1, max_length=3, description="One to three short reasons."),
    ]


class FitJudgement(BaseModel):
    """What a model judges of a fit: its reasons first, then the skills-and-scope points;
    the rest of the score is added in code (core.ai.fit_weights)."""

    reasons: Annotated[
        list[Reason],
        BeforeValidator(clip_list(3, REASON_MAX)),
        Field(
            min_length=1,
            max_length=3,
            description="One to three short reasons, written before deciding the points.",
        ),
    ]
    skills_score: int = Field(
        ge=0,
        le=55,
        description="0-55: how well the freelancer's skills and experience cover the job's "
        "required skills and scope. 55 = all of them, 27 = half, 0 = none.",
    )


# --------------------------------------------------------------------------- proposals

LETTER_MAX = 6000
ANSWER_MAX = 1500
INSTRUCTION_MAX = 300
Variant = Literal["A", "B"]
_PARAGRAPH_BREAKS = re.compile(r"\n\s*\n\s*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?…])\s")


def _letter(value: Any) -> Any:
    """Tidy a letter without losing its paragraphs; cut an over-long one after a sentence."""
    if not isinstance(value, str):
        return value
    lines = [" ".join(line.split()) for line in value.replace("\r\n", "\n").split("\n")]
    text = _PARAGRAPH_BREAKS.sub("\n\n", "\n".join(lines)).strip()
    if len(text) > LETTER_MAX:
        head = text[:LETTER_MAX]
        ends = [m.start() for m in _SENTENCE_BREAK.finditer(head)]
        text = head[: ends[-1]] if ends else head[: LETTER_MAX - 1] + "…"
    return text.strip()


def _answers(value: Any) -> Any:
    """Drop answers without text (a model may leave one blank); keep the first ten."""
    if not isinstance(value, list):
        return value
    kept = [
        item
        for item in value
        if not (isinstance(item, dict) and isinstance(item.get("answer"), str))
        or item["answer"].strip()
    ]
    return kept[:10]


def _instruction(value: Any) -> Any:
    if not isinstance(value, str):
        return value
    return " ".join(value.split()) or None


class ScreeningAnswer(BaseModel):
    """The answer to one of the client's screening questions."""

    question: Annotated[
        str,
        BeforeValidator(clip_text(ITEM_MAX)),
        Field(max_length=ITEM_MAX, description="The client's question, as written in the post."),
    ]
    answer: Annotated[
        str,
        BeforeValidator(clip_text(ANSWER_MAX)),
        Field(
            min_length=1,
            max_length=ANSWER_MAX,
            description="The freelancer's answer, only from facts in their profile.",
        ),
    ]


class ProposalDraft(BaseModel):
    """A proposal the freelancer reads, edits and approves before anything is sent."""

    cover_letter: Annotated[
        str,
        BeforeValidator(_letter),
        Field(
            min_length=1,
            max_length=LETTER_MAX,
            description="The cover letter, plain text; paragraphs separated by blank lines.",
        ),
    ]
    answers: Annotated[
        list[ScreeningAnswer],
        BeforeValidator(_answers),
        Field(max_length=10, description="One answer per screening question, in order."),
    ]
    skills_claimed: Annotated[
        list[Item],
        BeforeValidator(clip_list(30, ITEM_MAX)),
        Field(
            max_length=30,
            description="Every skill, technology or tool the letter or the answers say the "
            "freelancer has or will use.",
        ),
    ]


# --------------------------------------------------------------------------- JSON schema

_MOVED_TO_DESCRIPTION = {
    "minLength": "at least {} characters",
    "maxLength": "at most {} characters",
}
_DROPPED = {"title", "default"}


def _strict(node: Any) -> Any:
    if isinstance(node, list):
        return [_strict(item) for item in node]
    if not isinstance(node, dict):
        return node
    out: dict[str, Any] = {}
    hints: list[str] = []
    for key, value in node.items():
        if key in _DROPPED:
            continue
        if key in _MOVED_TO_DESCRIPTION:
            hints.append(_MOVED_TO_DESCRIPTION[key].format(value))
            continue
        if key in ("properties", "$defs"):
            out[key] = {name: _strict(sub) for name, sub in value.items()}
        else:
            out[key] = _strict(value)
    if hints:
        description = str(out.get("description", "")).rstrip()
        hint = "; ".join(hints).capitalize() + "."
        out["description"] = f"{description} {hint}".strip()
    if out.get("type") == "object" or "properties" in out:
        out["additionalProperties"] = False
        out["required"] = list(out.get("properties", {}))
    return out


def strict_json_schema(model: type[BaseModel]) -> dict[str, Any]:
    """The model's JSON schema in the form OpenAI strict mode (and Anthropic tools) accept.

    Every object gets `additionalProperties: false` and all its properties required;
    `minLength`/`maxLength` (not supported by strict mode) become words in the description
    (the validators trim long text instead); titles and defaults are dropped.
    """
    return copy.deepcopy(_strict_schema(model))


@functools.cache
def _strict_schema(model: type[BaseModel]) -> dict[str, Any]:
    """Built once per model: pydantic's schema generation cost ~5 ms of CPU per AI call."""
    return dict(_strict(copy.deepcopy(model.model_json_schema())))


# --------------------------------------------------------------------------- inputs


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
