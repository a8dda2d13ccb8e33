"""The skills a letter may name: the offline vocabulary with synonyms, the job's own skill
names, and what a listed skill implies (Django -> Python). Whole-word patterns; names of one or
two characters must match as written."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from core.ai import offline_rules as rules
from core.ai.inputs import JobInput
from core.ai.schemas import JobAnalysis


def word_set(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Listed "skills" that are ordinary words: never treated as a skill to look for in prose.
_NOT_SKILLS = word_set(
    "i a an the and or to of in on at for with by it is be my me you your we our us "
    "yes no other others none n/a english"
)
_BEFORE = r"(?<![\w+#.])"
_AFTER = r"(?![\w+#])"


_WEB = ("javascript", "html", "css")
# A profile that lists the key backs these too (canonical names, lower-case).
IMPLIES: dict[str, tuple[str, ...]] = {
    "django": ("python", "rest api"),
    "flask": ("python", "rest api"),
    "fastapi": ("python", "rest api"),
    "pandas": ("python",),
    "numpy": ("python",),
    "scrapy": ("python", "web scraping"),
    "beautiful soup": ("python", "web scraping"),
    "pytorch": ("python", "machine learning", "deep learning"),
    "tensorflow": ("python", "machine learning", "deep learning"),
    "deep learning": ("machine learning",),
    "postgresql": ("sql",),
    "mysql": ("sql",),
    "typescript": ("javascript",),
    "react": _WEB,
    "next.js": ("react", *_WEB),
    "react native": ("react", "javascript"),
    "vue.js": _WEB,
    "angular": ("typescript", *_WEB),
    "node.js": ("javascript",),
    "express": ("node.js", "javascript", "rest api"),
    "tailwind css": ("css",),
    "laravel": ("php",),
    "woocommerce": ("wordpress",),
    "ruby on rails": ("ruby",),
    "spring boot": ("java",),
}


@dataclass(frozen=True)
class Term:
    """A skill to look for in text: the name to report and the pattern that finds it."""

    label: str
    keys: frozenset[str]
    pattern: re.Pattern[str]
    # Lower-cased words, one of which a text holds wherever `pattern` matches it (see
    # `rules.needles`); empty: none known, the pattern is always searched.
    needles: tuple[str, ...] = ()

    def found_in(self, text: str, low: str | None) -> bool:
        """`pattern.search(text)`, skipped when `low` (`rules.lowered(text)`) cannot match."""
        return rules.may_match(self.needles, low) and self.pattern.search(text) is not None


# Where a match of any term can start: a run of these characters (the lookbehind's).
_RUN = re.compile(r"(?<![\w+#.])[\w+#.]+")
_RUN_START = re.compile(r"[\w+#.]+")


def _run_start(needle: str) -> str:
    found = _RUN_START.match(needle)
    return found.group(0) if found else ""


class TermIndex:
    """Terms, in order, found in a text through the words their matches start with: the
    patterns worth searching are those whose needles (their leading run of word characters)
    begin a run of the lower-cased text, which a few dictionary lookups tell."""

    def __init__(self, terms: Iterable[Term]) -> None:
        self.terms = list(terms)
        self._always: list[int] = []  # no needles known: always searched
        self._by_start: dict[str, list[int]] = {}
        for i, term in enumerate(self.terms):
            starts = {_run_start(n) for n in term.needles}
            if not starts or "" in starts:
                self._always.append(i)
            for start in starts - {""}:
                self._by_start.setdefault(start, []).append(i)

    def found(self, text: str) -> list[Term]:
        """The terms whose pattern finds something in `text`."""
        low = rules.lowered(text)
        if low is None:
            return [t for t in self.terms if t.pattern.search(text)]
        worth = set(self._always)
        for run in _RUN.findall(low):
            for end in range(1, len(run) + 1):
                if hits := self._by_start.get(run[:end]):
                    worth.update(hits)
        return [self.terms[i] for i in sorted(worth) if self.terms[i].pattern.search(text)]


def _alias_regex(alias: str) -> str:
    return re.escape(alias).replace(r"\ ", r"[\s\-]+")


@lru_cache(maxsize=2048)
def name_pattern(name: str) -> re.Pattern[str] | None:
    """A whole-word pattern for one skill name as written (None for a blank name)."""
    name = " ".join(name.split())
    if not name:
        return None
    body = _BEFORE + _alias_regex(name) + _AFTER
    return re.compile(body) if len(name) <= 2 else re.compile(body, re.IGNORECASE)


def _vocabulary() -> dict[str, Term]:
    terms: dict[str, Term] = {}
    for name, aliases in rules.SKILLS.items():
        names = sorted({a.lower() for a in aliases}, key=len, reverse=True)
        body = "|".join(_alias_regex(a) for a in names)
        pattern = f"{_BEFORE}(?:{body}){_AFTER}"
        if len(name) > 2:  # "Go" is found as "golang" only: "go" is an English word
            pattern = f"{_BEFORE}(?:{_alias_regex(name.lower())}|{body}){_AFTER}"
            names = [name.lower(), *names]
        terms[name.lower()] = Term(
            name, frozenset({name.lower()}), re.compile(pattern, re.I), rules.needles(names)
        )
    return terms


VOCABULARY: dict[str, Term] = _vocabulary()
_VOCABULARY_SEEN = frozenset((t.label.casefold(), t.pattern.pattern) for t in VOCABULARY.values())


def job_terms(job: JobInput, analysis: JobAnalysis, claimed: Iterable[str] = ()) -> list[Term]:
    """Every skill the job lists, the analysis requires or the draft claims that the offline
    vocabulary does not hold as it is (as written; names the vocabulary knows also bring
    their synonyms): grounding checks these besides the vocabulary."""
    terms: list[Term] = []
    seen = set(_VOCABULARY_SEEN)
    for name in [*job.skills, *analysis.required_skills, *claimed]:
        name = " ".join(name.split())
        if not name or name.casefold() in _NOT_SKILLS:
            continue
        keys = frozenset(rules.canonical(name))
        pattern = name_pattern(name)
        vocab = [VOCABULARY[k] for k in keys if k in VOCABULARY]
        label = vocab[0].label if len(vocab) == 1 and len(keys) == 1 else name
        if pattern is not None and (label.casefold(), pattern.pattern) not in seen:
            seen.add((label.casefold(), pattern.pattern))
            terms.append(Term(label, keys, pattern, rules.needles([name])))
    return terms


def implied(keys: Iterable[str]) -> set[str]:
    """Canonical skill names with everything they imply (Django -> Python, ...)."""
    found = set(keys)
    pending = list(found)
    while pending:
        for key in IMPLIES.get(pending.pop(), ()):
            if key not in found:
                found.add(key)
                pending.append(key)
    return found
