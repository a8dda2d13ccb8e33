"""What the AI layer returns, validated (what it reads: core.ai.inputs).

The output models are the single source of their JSON schemas: `strict_json_schema`
(core.ai.strict_schema) turns them into the subset OpenAI's strict structured output
accepts, and the same schema is the Anthropic tool's input schema. Provider output is only
ever read through `Model.model_validate` / `model_validate_json`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Any, Literal

from pydantic import BaseModel, BeforeValidator, Field

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
