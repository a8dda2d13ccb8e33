"""The narrower searches the feed widens with when one broad request may have missed jobs.

A slice is one job search: a users' search expression or one top-level category, possibly
narrowed further by job type and experience level. Slices come from the union of the
active users' searches (deduplicated, most users first), so their number depends on how
many different searches exist, never on the number of requests a cycle may make: the
feed spends at most a fixed number of them per cycle and resumes where it stopped.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.models import SearchProfile, User

# Upwork's top-level categories by the numeric id `categoryIds_any` needs (names silently
# match nothing): alexey72882/UpworkToNotion src/lib/upwork.ts, CATEGORY_ID_MAP.
CATEGORY_IDS: tuple[str, ...] = (
    "531770282580668418",  # Web, Mobile & Software Dev
    "531770282580668421",  # Design & Creative
    "531770282580668419",  # IT & Networking
    "531770282580668422",  # Sales & Marketing
    "531770282580668420",  # Data Science & Analytics
    "531770282580668423",  # Writing
    "531770282584862722",  # Engineering & Architecture
    "531770282584862721",  # Accounting & Consulting
    "531770282580668416",  # Admin Support
    "531770282580668417",  # Customer Service
    "531770282584862723",  # Legal
    "531770282584862720",  # Translation
)
JOB_TYPES = ("HOURLY", "FIXED")
LEVELS = ("ENTRY_LEVEL", "INTERMEDIATE", "EXPERT")


@dataclass(frozen=True)
class Slice:
    expression: str | None = None
    category_id: str | None = None
    job_type: str | None = None
    experience_level: str | None = None

    def split(self) -> list[Slice]:
        """Six disjoint slices that together hold this one; none when already that fine."""
        if self.job_type is not None:
            return []
        return [replace(self, job_type=t, experience_level=lv) for t in JOB_TYPES for lv in LEVELS]


def expression_for(include_keywords: Iterable[str]) -> str | None:
    """Upwork's search syntax for "any of these words or phrases"."""
    terms = set()
    for keyword in include_keywords:
        words = keyword.lower().replace('"', " ").split()  # Upwork's search ignores case
        if words:
            terms.add(f'"{" ".join(words)}"' if len(words) > 1 else words[0])
    return " OR ".join(sorted(terms)) or None


def top_level_slices(keyword_lists: Sequence[Sequence[str]]) -> list[Slice]:
    """Users' expressions, most users first; categories too when a search has no words."""
    counts = Counter(expression_for(keywords) for keywords in keyword_lists)
    ranked = sorted((e for e in counts if e), key=lambda e: (-counts[e], e))
    slices = [Slice(expression=e) for e in ranked]
    if None in counts or not slices:
        slices += [Slice(category_id=c) for c in CATEGORY_IDS]
    return slices


async def active_search_keywords(session: AsyncSession) -> list[list[str]]:
    rows = await session.scalars(
        select(SearchProfile.include_keywords)
        .join(User, User.id == SearchProfile.user_id)
        .where(User.is_active.is_(True), User.paused.is_(False))
    )
    return [list(keywords or []) for keywords in rows]
