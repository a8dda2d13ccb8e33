"""Answers of plausible size for the OpenAI emulator, so that token counts (and so the
cost at list prices) look like a real model's: a two-sentence job summary, a fit score
with reasons, a cover letter of about 180 words. The emulator's default answers are
schema-valid but tiny and do not honour `pattern`, which the job analysis has."""

from __future__ import annotations

import hashlib
from typing import Any

from sandbox.emulators.openai_api import OpenAIEmulator

_LETTER = (
    "Hello, I read your post carefully and I understand that you need a reliable person "
    "who can take this work from a rough description to a finished, tested result. "
    "I have done similar projects for several clients over the last years and I always "
    "start with a short call to agree on scope, milestones and how we will check the "
    "result together.\n\n"
    "For this job I would begin by reviewing what you already have, then propose a plan "
    "with clear steps and estimates, and share progress every day so there are no "
    "surprises. I write down decisions and leave documentation behind, so your team can "
    "carry on without me.\n\n"
    "I am available to start this week and can commit the hours the work needs. If you "
    "have questions about my earlier work, I am happy to walk you through it. Thank you "
    "for considering my proposal; I look forward to hearing from you."
)


def _schema_name(body: dict[str, Any]) -> str:
    response_format = body.get("response_format") or {}
    return str((response_format.get("json_schema") or {}).get("name", ""))


def answer(body: dict[str, Any]) -> dict[str, Any] | None:
    name = _schema_name(body)
    prompt = str(body.get("messages", ""))
    if name == "JobAnalysis":
        return {
            "summary": "The client needs an experienced freelancer to deliver the work "
            "described in the post, with clear communication and tested results.",
            "required_skills": ["Python", "PostgreSQL", "REST API"],
            "red_flags": [],
            "client_risk": "low",
            "language": "en",
            "screening_questions": [],
        }
    if name == "FitJudgement":  # the skills points; core.ai.fit_weights adds the rest
        return {
            "reasons": [
                "The required skills overlap with the freelancer's profile.",
                "The freelancer has done similar work before.",
            ],
            "skills_score": hashlib.sha256(prompt.encode()).digest()[0] % 56,  # 0..55
        }
    if name == "FitScore":
        score = 30 + hashlib.sha256(prompt.encode()).digest()[0] % 66  # 30..95, per prompt
        return {
            "score": score,
            "reasons": [
                "The required skills overlap with the freelancer's profile.",
                "The budget is in line with the freelancer's usual rate.",
            ],
        }
    if name == "ProposalDraft":
        return {"cover_letter": _LETTER, "answers": [], "skills_claimed": []}
    return None


def plausible(openai: OpenAIEmulator) -> OpenAIEmulator:
    openai.responder = answer
    return openai
