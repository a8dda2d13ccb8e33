"""What `core.ai.grounding` reads from a profile and from a job, worked out once per text.

A worker grounds every draft of a profile against the same vocabulary: the profile's canonical
skills, the vocabulary skills it does not back and the numbers it states stay the same from one
draft to the next, and so do the job's. Each is a pure function of its text, remembered for
the last few hundred texts."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from core.ai import claims
from core.ai import offline_rules as rules
from core.ai.claims import Quantity
from core.ai.skill_terms import VOCABULARY, Term, TermIndex, implied

# A label of the vocabulary, and each of its words: a tool's name, not a proper name.
VOCABULARY_TOOL_NAMES = frozenset(
    {t.label.casefold() for t in VOCABULARY.values()}
    | {w.casefold() for t in VOCABULARY.values() for w in t.label.split()}
)

VOCABULARY_INDEX = TermIndex(VOCABULARY.values())
PROFILES_KEPT = 32


@dataclass(frozen=True)
class ProfileFacts:
    keys: frozenset[str]  # canonical skill names the profile backs, with what they imply
    unbacked: TermIndex  # the vocabulary's terms it does not back, in vocabulary order
    numbers: tuple[Quantity, ...]


def backs(keys: frozenset[str], text: str, low: str | None, term: Term) -> bool:
    """The profile lists the skill (or a synonym), or its text (`low`: lowered) mentions it."""
    return bool(term.keys & keys) or term.found_in(text, low)


# A few: a draft job grounds its letter once or twice (the check's retry), and a profile's
# unbacked vocabulary is a whole TermIndex (~37 KiB: 256 of them held 9 MiB, which
# `scout run all` cannot spare under its 250 MB; bench/memory.py).
@lru_cache(maxsize=PROFILES_KEPT)
def profile_facts(skills: tuple[str, ...], text: str) -> ProfileFacts:
    """`skills`: the profile's listed skills; `text`: all its text (see `Grounder`)."""
    keys: set[str] = set()
    for skill in skills:
        keys |= rules.canonical(skill)
    keys |= {name.lower() for name in rules.find_skills(text)}
    frozen = frozenset(implied(keys))
    mentioned = {id(t) for t in VOCABULARY_INDEX.found(text)}
    unbacked = TermIndex(
        t for t in VOCABULARY.values() if not (t.keys & frozen or id(t) in mentioned)
    )
    return ProfileFacts(frozen, unbacked, tuple(claims.quantities(text)))


@dataclass(frozen=True)
class JobFacts:
    keys: frozenset[str]  # the vocabulary's labels (case-folded) the job's text names
    numbers: tuple[Quantity, ...]


@lru_cache(maxsize=PROFILES_KEPT)
def job_facts(text: str) -> JobFacts:
    """`text`: the job's title and description."""
    keys = frozenset(t.label.casefold() for t in VOCABULARY_INDEX.found(text))
    return JobFacts(keys, tuple(claims.quantities(text)))


@lru_cache(maxsize=PROFILES_KEPT)
def link_keys(text: str) -> frozenset[str]:
    """The links `text` gives, compared without scheme and "www."."""
    return frozenset(claims.url_key(u) for u in claims.contacts(text))
