"""Check a proposal draft against the freelancer's profile before anyone sees it.

A model may still claim a skill the freelancer does not have, however the prompt is worded.
`ground` finds every known skill the letter and the answers mention (the job's skills, the
analysis's required skills, what the draft says it claims, and the offline vocabulary with its
synonyms) and removes each sentence, and each answer, that names one the profile does not
back (neither in its skills nor in its headline or bio). Years of experience the profile does
not state, and employers neither the profile nor the job names, go the same way. Matching is
whole-word and case-insensitive (names of one or two characters, like "Go" or "R", must match
as written: lower-cased they are ordinary words).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from itertools import takewhile

from core.ai import offline_rules as rules
from core.ai.schemas import JobAnalysis, JobInput, ProfileInput, ProposalDraft, ScreeningAnswer

MIN_LETTER_WORDS = 8


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Listed "skills" that are ordinary words: never treated as a skill to look for in prose.
_NOT_SKILLS = _words(
    "i a an the and or to of in on at for with by it is be my me you your we our us "
    "yes no other others none n/a english"
)
_BEFORE = r"(?<![\w+#.])"
_AFTER = r"(?![\w+#])"
_NAME_WORD = r"[A-ZА-ЯІЇЄҐ][\w&'.-]*"
_NAME = rf"({_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,3}})"
_YEARS = re.compile(
    r"(?<![\w.,])(\d{1,2})(?:[.,]\d)?\s*\+?\s*(?:-\s*)?"
    r"(?:years?|yrs?|років|роки|рік|року|лет|года?)(?!\w)",
    re.IGNORECASE,
)
_EMPLOYER = re.compile(
    r"(?i:\b(?:work(?:ed|ing|s)?|employed|interned|engineer|developer|designer|consultant|"
    r"contractor|role|position|career|years?|months?)\s+(?:at|for)"
    r"|(?<!\w)(?:працю\w*|стажу\w*)\s+(?:у|в|на|для))"
    rf"[ \t]+{_NAME}"
)
_NOT_EMPLOYERS = _words(
    "you your yours upwork the this that these those our my me us it them a an "
    "вас вам вами ваш вашої вашому вашого вашу вашій"
)
_LIST_MARKER = re.compile(r"^(\s*(?:\d{1,2}[.)]|[-*•·])\s+)(.*)$")
_BREAK = re.compile(r"(?:(?<=[.!?…])|(?<=[.!?…][\"'»”)\]]))\s+")
_ABBREVIATION = re.compile(r"(?:^|[\s(])(?:\w\.){1,3}$|\b(?:etc|approx|incl|vs|e\.g|i\.e)\.$")

_WEB = ("javascript", "html", "css")
# A profile that lists the key backs these too (canonical names, lower-case).
IMPLIES: dict[str, tuple[str, ...]] = {
    "django": ("python",),
    "flask": ("python",),
    "fastapi": ("python",),
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
    "express": ("node.js", "javascript"),
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


@dataclass(frozen=True)
class GroundedDraft:
    """The draft the freelancer is shown: every unbacked claim taken out, and named."""

    cover_letter: str
    answers: list[ScreeningAnswer]
    removed_claims: list[str] = field(default_factory=list)


def _alias_regex(alias: str) -> str:
    return re.escape(alias).replace(r"\ ", r"[\s\-]+")


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
        terms[name.lower()] = Term(name, frozenset({name.lower()}), re.compile(pattern, re.I))
    return terms


VOCABULARY: dict[str, Term] = _vocabulary()


def known_terms(job: JobInput, analysis: JobAnalysis, claimed: Iterable[str] = ()) -> list[Term]:
    """The offline vocabulary, then every skill the job lists, the analysis requires or the
    draft claims (as written; names the vocabulary knows also bring their synonyms)."""
    terms = list(VOCABULARY.values())
    seen = {(t.label.casefold(), t.pattern.pattern) for t in terms}
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
            terms.append(Term(label, keys, pattern))
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


class Grounder:
    """What one profile backs, for one job: answers `claims(text)` with the unbacked ones."""

    def __init__(
        self,
        profile: ProfileInput,
        job: JobInput,
        analysis: JobAnalysis,
        claimed: Iterable[str] = (),
    ) -> None:
        self.profile = profile
        self.profile_text = "\n".join([*profile.skills, profile.headline, profile.bio])
        self.profile_keys: set[str] = set()
        for skill in profile.skills:
            self.profile_keys |= rules.canonical(skill)
        self.profile_keys |= {name.lower() for name in rules.find_skills(self.profile_text)}
        self.profile_keys = implied(self.profile_keys)
        self.terms = known_terms(job, analysis, claimed)
        self.foreign = [t for t in self.terms if not self.backs(t)]
        job_text = f"{job.title}\n{job.description}"
        # Years of experience come from the profile only: "the 5+ years you asked for"
        # is the classic invented claim. Employers may also be the client, named in the job.
        self._numbers = set(re.findall(r"\d+", self.profile_text))
        self._names = f"{self.profile_text}\n{job_text}".casefold()

    def backs(self, term: Term) -> bool:
        """The profile lists the skill (or a synonym), or its text mentions it."""
        return bool(term.keys & self.profile_keys) or bool(term.pattern.search(self.profile_text))

    def has_skill(self, name: str) -> bool:
        """Whether the profile backs a skill named by the freelancer or the job."""
        keys = rules.canonical(name)
        pattern = name_pattern(name)
        if not keys or pattern is None:
            return False
        vocab = [VOCABULARY[k] for k in keys if k in VOCABULARY]
        return all(self.backs(t) for t in vocab) and self.backs(
            Term(name, frozenset(keys), pattern)
        )

    def foreign_skills(self, text: str) -> list[str]:
        """Skills `text` names that the profile does not back."""
        return [t.label for t in self.foreign if t.pattern.search(text)]

    def claims(self, text: str) -> list[str]:
        """The unbacked claims `text` makes: skills, years of experience, employers."""
        found = self.foreign_skills(text)
        for match in _YEARS.finditer(text):
            if match.group(1) not in self._numbers:
                found.append(" ".join(match.group(0).split()))
        for match in _EMPLOYER.finditer(text):
            name = match.group(1).rstrip(".'-")
            first = name.split()[0]
            if first.casefold() in _NOT_EMPLOYERS or _mentions(self._names, first):
                continue
            found.append(name)
        return list(dict.fromkeys(found))


def _mentions(haystack: str, word: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(word.casefold())}(?!\w)", haystack) is not None


def split_sentences(text: str) -> list[str]:
    """Sentences of one line of text (an abbreviation like "e.g." does not end one)."""
    pieces = [p for p in _BREAK.split(text.strip()) if p]
    sentences: list[str] = []
    for piece in pieces:
        if sentences and _ABBREVIATION.search(sentences[-1]):
            sentences[-1] = f"{sentences[-1]} {piece}"
        else:
            sentences.append(piece)
    return sentences


def word_count(text: str) -> int:
    """Words as a reader counts them: runs of characters between spaces."""
    return len(text.split())


def _unique(items: Iterable[str]) -> list[str]:
    seen: set[str] = set()
    kept: list[str] = []
    for item in items:
        if item.casefold() not in seen:
            seen.add(item.casefold())
            kept.append(item)
    return kept


def clean_letter(letter: str, grounder: Grounder) -> tuple[str, list[str]]:
    """The letter without the sentences that make unbacked claims, and those claims."""
    removed: list[str] = []
    entries: list[tuple[str | None, bool]] = []  # (kept text or None if removed, list item)
    for line in letter.split("\n"):
        found = _LIST_MARKER.match(line)
        marker, body = (found.group(1), found.group(2)) if found else ("", line)
        if not body.strip():
            entries.append(("", False))
            continue
        kept: list[str] = []
        for sentence in split_sentences(body):
            claims = grounder.claims(sentence)
            if claims:
                removed.extend(claims)
            else:
                kept.append(sentence)
        entries.append((marker + " ".join(kept) if kept else None, found is not None))
    lines: list[str] = []
    for i, (text, _) in enumerate(entries):
        if text is None:
            continue
        if text.endswith(":"):  # a heading ("My plan:") whose items were all removed
            items = list(takewhile(lambda entry: entry[1], entries[i + 1 :]))
            if items and all(item is None for item, _ in items):
                continue
        lines.append(text)
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip(), removed


def safe_letter(grounder: Grounder, language: str) -> str:
    """A short letter built only from the profile, for when nothing else survives."""
    profile = grounder.profile
    headline = profile.headline.strip().rstrip(".")
    skills = ", ".join(profile.skills[:6])
    if language == "uk":
        parts = [
            "Вітаю!",
            "Дякую за ваш допис: охоче допоможу з цим завданням.",
            f"Коротко про мене: {headline}." if headline else "",
            f"Мої навички: {skills}." if skills else "",
            "Обговоримо деталі на короткому дзвінку?",
        ]
    else:
        parts = [
            "Hello,",
            "Thank you for your post: I have read it carefully and would be glad to help.",
            f"In short: {headline}." if headline else "",
            f"My skills: {skills}." if skills else "",
            "Could we discuss the details in a short call?",
        ]
    sentences = [p for p in parts if p and not grounder.claims(p)]
    return f"{sentences[0]}\n\n" + " ".join(sentences[1:])


def ground(
    draft: ProposalDraft, profile: ProfileInput, job: JobInput, analysis: JobAnalysis
) -> GroundedDraft:
    """The draft with every claim the profile does not back removed (see the module doc)."""
    grounder = Grounder(profile, job, analysis, draft.skills_claimed)
    letter, removed = clean_letter(draft.cover_letter, grounder)
    if removed and word_count(letter) < MIN_LETTER_WORDS:
        letter = safe_letter(grounder, analysis.language)
    answers: list[ScreeningAnswer] = []
    for answer in draft.answers:
        # A question about a skill the profile lacks: even "Yes." would be a false claim.
        claims = grounder.claims(answer.answer) + grounder.foreign_skills(answer.question)
        if claims:
            removed.extend(claims)
        else:
            answers.append(answer)
    return GroundedDraft(letter, answers, _unique(removed))
