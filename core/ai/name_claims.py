"""Names a letter may claim: the employers, clients and tools it names that neither the
profile nor the job does ("the team at Monzo", "Prisma")."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import lru_cache

from core.ai.skill_terms import word_set

_NAME_WORD = r"[A-ZА-ЯІЇЄҐ][\w&'.-]*"
_NAME = rf"({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
_EMPLOYER = re.compile(
    r"(?i:\b(?:work(?:ed|ing|s)?|employed|interned|engineer|developer|designer|consultant|"
    r"contractor|role|position|career|years?|months?)\s+(?:at|for)"
    r"|(?<!\w)(?:працю\w*|стажу\w*)\s+(?:у|в|на|для))"
    rf"[ \t]+{_NAME}"
)
_NOT_EMPLOYERS = word_set(
    "you your yours upwork the this that these those our my me us it them a an "
    "вас вам вами ваш вашої вашому вашого вашу вашій"
)


# A capitalised word inside a clause: a name (of an employer, a client, a tool).
_PROPER = re.compile(r"(?<![\w.@/-])[A-ZА-ЯІЇЄҐ][\w+#.]*[\w+#]|(?<![\w.@/])[A-Z](?![\w'’])")
_COMMON_NAMES = word_set(
    "i i'm i've i'd i'll a monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "english ukrainian upwork utc cet est pst gmt eu us uk usa europe ok okay hi hello thanks "
    "dear best regards понеділок вівторок середа четвер пʼятниця субота неділя англійська "
    "українська"
)
_ACRONYMS = word_set(
    "api apis rest json csv pdf ui ux mvp saas crud ci cd qa pr prs url urls http https sql "
    "seo etl erp crm cms b2b b2c kpi roi faq orm sdk cli db dbs ssr spa pwa sla aws ml ai "
    "llm llms jwt oauth sso tdd e2e ide ios"
)


def _opens(sentence: str, clause: str, at: int) -> bool:
    """Whether the word at `at` in `clause` is the sentence's first (capitalised anyway)."""
    if _LETTER.search(clause[:at]):
        return False
    start = _LETTER.search(sentence)
    return start is not None and sentence[start.start() :].startswith(clause[at:])


_LETTER = re.compile(r"[^\W\d_]")


# Keyed by whole texts, which an entry keeps alive: enough for one job's checks.
@lru_cache(maxsize=1024)
def _mentions(haystack: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", haystack) is not None


def unbacked_names(
    clause: str,
    sentence: str,
    known: str,
    tool_names: frozenset[str],
    is_skill: Callable[[str], bool],
) -> list[tuple[str, str]]:
    """Employers, clients and tools the freelancer names in `clause` that `known` (the
    profile's and the job's text, case-folded) does not: (name, "employer" | "name")."""
    found: list[tuple[str, str]] = []
    for match in _EMPLOYER.finditer(clause):
        name = match.group(1).rstrip(".'-")
        first = name.split()[0]
        if first.casefold() in _NOT_EMPLOYERS or _mentions(known, first):
            continue
        found.append((name, "employer"))
    listed = {n.casefold() for n, _ in found for n in n.split()}
    for match in _PROPER.finditer(clause):
        word = match.group(0)
        key = word.casefold()
        if key in listed or key in _COMMON_NAMES or _opens(sentence, clause, match.start()):
            continue
        if key in tool_names or _mentions(known, word):
            continue
        if is_skill(word):  # a skill: checked as one
            continue
        if re.fullmatch(r"[A-ZА-ЯІЇЄҐ]{2,5}s?", word) and key in _ACRONYMS:
            continue
        found.append((word, "name"))
    return found
