"""After consistent skips of a pattern, a one-tap filter change: "Add -wordpress?".

A pattern is a word of the job (title word or skill), a client country or a fixed-budget
band. It is offered once the user skipped SUGGEST_AFTER jobs with it in the last WINDOW and
went for none; offered, accepted or dismissed, it is not offered again for QUIET_FOR.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import timedelta
from decimal import Decimal

from redis.asyncio import Redis
from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession

from core.db.base import utcnow
from core.db.models import SearchProfile, TasteEvent, TasteSuggestion, User
from core.i18n import Texts
from core.matching.countries import country_name
from core.services import searches, taste
from core.services.taste import SIGNALS

SUGGEST_AFTER = 5
WINDOW = timedelta(days=60)
QUIET_FOR = timedelta(days=30)
PENDING_FOR = timedelta(days=1)
_KIND_ORDER = {"word": 0, "budget": 1, "country": 2}


def _patterns(words: list[str], features: dict[str, float]) -> set[str]:
    found = {f"word:{word}" for word in words}
    for key in features:
        if key.startswith(("country:", "budget:<")):
            found.add(key)
    return found


def _token(pattern: str) -> str:
    kind, _, value = pattern.partition(":")
    if kind == "word":
        return f"-{value}"
    if kind == "country":
        return f"country!={value}"
    return f"budget>={value.lstrip('<')}"


def _already_filtered(pattern: str, search: SearchProfile, own: frozenset[str]) -> bool:
    """Filtered already, or a word of the user's own skills or search terms (excluding it
    would cut what they look for)."""
    kind, _, value = pattern.partition(":")
    if kind == "word":
        mine = {k.casefold() for k in (*search.include_keywords, *search.skills, *own)}
        words = {w for term in mine for w in term.split()}
        return value in words or value in {k.casefold() for k in search.exclude_keywords}
    if kind == "country":
        return value in search.excluded_countries
    floor = search.fixed_budget_min
    return floor is not None and floor >= Decimal(value.lstrip("<"))


@dataclass(frozen=True)
class Offer:
    suggestion_id: int
    pattern: str
    skips: int


async def offer_after_skip(session: AsyncSession, user: User) -> Offer | None:
    """A suggestion to offer now, stored as offered (committed), or None.

    Runs after every Skip and most find no pattern skipped often enough: the search and the
    skills are read only once one is."""
    now = utcnow()
    # Columns, not entities: an active user has thousands of taps in the window.
    events = await session.execute(
        select(TasteEvent.kind, TasteEvent.words, TasteEvent.features).where(
            TasteEvent.user_id == user.id, TasteEvent.created_at > now - WINDOW
        )
    )
    skipped: Counter[str] = Counter()
    wanted: set[str] = set()
    for kind, words, features in events:
        if kind == "skip":
            skipped.update(_patterns(words, features))
        elif SIGNALS.get(kind, (False, 0))[0]:
            wanted |= _patterns(words, features)
    ranked = sorted(
        (p for p, n in skipped.items() if n >= SUGGEST_AFTER and p not in wanted),
        key=lambda p: (-skipped[p], _KIND_ORDER[p.partition(":")[0]], p),
    )
    if not ranked:
        return None
    search = await searches.primary_search(session, user)
    if search is None:
        return None
    recent = (
        await session.execute(
            select(
                TasteSuggestion.pattern, TasteSuggestion.status, TasteSuggestion.offered_at
            ).where(
                TasteSuggestion.user_id == user.id, TasteSuggestion.offered_at > now - QUIET_FOR
            )
        )
    ).all()
    if any(status == "offered" and at > now - PENDING_FOR for _, status, at in recent):
        return None  # one open question at a time
    quiet = {pattern for pattern, _, _ in recent}
    own = await taste.user_skills(session, user.id)
    for pattern in ranked:
        if pattern in quiet or _already_filtered(pattern, search, own):
            continue
        return await _store(session, user.id, pattern, skipped[pattern])
    return None


async def _store(session: AsyncSession, user_id: int, pattern: str, count: int) -> Offer:
    row = await session.scalar(
        select(TasteSuggestion).where(
            TasteSuggestion.user_id == user_id, TasteSuggestion.pattern == pattern
        )
    )
    if row is None:
        row = TasteSuggestion(user_id=user_id, pattern=pattern, token=_token(pattern))
        session.add(row)
    row.status, row.offered_at, row.decided_at = "offered", utcnow(), None
    await session.commit()
    return Offer(row.id, pattern, count)


def offer_text(offer: Offer, texts: Texts) -> str:
    kind, _, value = offer.pattern.partition(":")
    count = offer.skips
    if kind == "word":
        return texts("suggest.exclude_word", count=count, word=value)
    if kind == "country":
        name = country_name(value, texts.language)
        return texts("suggest.exclude_country", count=count, country=name, code=value)
    return texts("suggest.min_budget", count=count, amount=value.lstrip("<"))


@dataclass(frozen=True)
class Decision:
    ok: bool
    token: str = ""
    search_name: str = ""


async def decide(
    session: AsyncSession, redis: Redis, user: User, suggestion_id: int, accept: bool
) -> Decision:
    """Accept (the primary search gains the token) or dismiss; once (committed)."""
    row = await session.get(TasteSuggestion, suggestion_id)
    if row is None or row.user_id != user.id or row.status != "offered":
        return Decision(False)
    row.status, row.decided_at = ("accepted" if accept else "dismissed"), utcnow()
    search = await searches.primary_search(session, user)
    if not accept or search is None:
        await session.commit()
        return Decision(True, row.token)
    kind, _, value = row.pattern.partition(":")
    if kind == "word":
        search.exclude_keywords = [*search.exclude_keywords, value]
    elif kind == "country":
        search.excluded_countries = [*search.excluded_countries, value]
    else:
        search.fixed_budget_min = Decimal(value.lstrip("<"))
    await searches.save(session, redis, search)  # commits, and matching picks it up
    return Decision(True, row.token, search.name)
