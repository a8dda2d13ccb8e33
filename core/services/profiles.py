"""The freelancer profile: the only facts a proposal may claim."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import FreelancerProfile, User
from core.upwork.models import OwnProfile

MAX_TEXT = 4000
MAX_SKILLS = 50
_SKILLS_LINE = re.compile(r"^\s*(skills|навички)\s*:\s*(.+)$", re.IGNORECASE)
_RATE_LINE = re.compile(
    r"^\s*(rate|ставка)\s*:\s*\$?\s*(\d+(?:[.,]\d{1,2})?)\s*(?:\$|usd)?\s*(?:/\s*h\w*)?\s*$",
    re.IGNORECASE,
)


class ProfileTextError(ValueError):
    pass


@dataclass(frozen=True)
class ProfileDraft:
    headline: str
    skills: list[str]
    hourly_rate: Decimal | None
    bio: str


def parse_profile_text(text: str) -> ProfileDraft:
    """First line: headline; `Skills: a, b`; `Rate: 50`; everything else: the bio."""
    text = text.strip()
    if not text:
        raise ProfileTextError("empty")
    if len(text) > MAX_TEXT:
        raise ProfileTextError("too_long")
    lines = text.splitlines()
    headline, rest = lines[0].strip()[:255], lines[1:]
    skills: list[str] = []
    rate: Decimal | None = None
    bio: list[str] = []
    for line in rest:
        if match := _SKILLS_LINE.match(line):
            skills += [s.strip()[:60] for s in re.split(r"[,;]", match.group(2)) if s.strip()]
        elif match := _RATE_LINE.match(line):
            try:
                rate = Decimal(match.group(2).replace(",", "."))
            except InvalidOperation:
                raise ProfileTextError("bad_rate") from None
        else:
            bio.append(line)
    if len(skills) > MAX_SKILLS:
        raise ProfileTextError("too_many_skills")
    unique = list(dict.fromkeys(skills))
    return ProfileDraft(headline, unique, rate, "\n".join(bio).strip())


async def get_profile(session: AsyncSession, user: User) -> FreelancerProfile | None:
    return await session.scalar(
        select(FreelancerProfile).where(FreelancerProfile.user_id == user.id)
    )


async def save_profile(
    session: AsyncSession, user: User, draft: ProfileDraft, *, source: str
) -> FreelancerProfile:
    profile = await get_profile(session, user)
    if profile is None:
        profile = FreelancerProfile(user_id=user.id, language=user.language)
        session.add(profile)
    profile.headline = draft.headline
    profile.skills = draft.skills
    profile.hourly_rate = draft.hourly_rate
    profile.bio = draft.bio
    profile.source = source
    profile.updated_at = utcnow()
    await session.commit()
    return profile


def draft_from_upwork(own: OwnProfile) -> ProfileDraft:
    return ProfileDraft(
        headline=own.headline[:255] or own.name,
        skills=list(dict.fromkeys(own.skills))[:MAX_SKILLS],
        hourly_rate=own.hourly_rate,
        bio=own.overview[:MAX_TEXT],
    )
