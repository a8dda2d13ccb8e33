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

from core.ai import claims
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


@dataclass(frozen=True)
class Removal:
    """One claim taken out: what it claimed, why (a reason code), and the sentence it was in.

    Reason codes: skill, tenure, number, employer, name, contact, answer."""

    claim: str
    reason: str
    sentence: str


@dataclass(frozen=True)
class GroundedDraft:
    """The draft the freelancer is shown: every unbacked claim taken out, and named."""

    cover_letter: str
    answers: list[ScreeningAnswer]
    removed: list[Removal] = field(default_factory=list)

    @property
    def removed_claims(self) -> list[str]:
        return _unique(r.claim for r in self.removed)


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
    """What one profile backs, for one job: answers `findings(sentence)` with the unbacked
    claims the sentence makes (see the module doc and `core.ai.claims`)."""

    def __init__(
        self,
        profile: ProfileInput,
        job: JobInput,
        analysis: JobAnalysis,
        claimed: Iterable[str] = (),
        confirmed: Iterable[str] = (),
    ) -> None:
        self.profile = profile
        # Facts the freelancer typed into a draft themself count as profile facts.
        self.profile_text = "\n".join(
            [*profile.skills, profile.headline, profile.bio, *profile.portfolio, *confirmed]
        )
        self.profile_keys: set[str] = set()
        for skill in profile.skills:
            self.profile_keys |= rules.canonical(skill)
        self.profile_keys |= {name.lower() for name in rules.find_skills(self.profile_text)}
        self.profile_keys = implied(self.profile_keys)
        self.terms = known_terms(job, analysis, claimed)
        self.foreign = [t for t in self.terms if not self.backs(t)]
        job_text = f"{job.title}\n{job.description}"
        self.job_text = job_text
        self._job_keys = {t.label.casefold() for t in self.terms if t.pattern.search(job_text)}
        self._job_keys |= {s.casefold() for s in [*job.skills, *analysis.required_skills]}
        self._profile_numbers = claims.quantities(self.profile_text)
        self._job_numbers = claims.quantities(job_text)
        self._names = f"{self.profile_text}\n{job_text}".casefold()
        self._links = {claims.url_key(u) for u in claims.contacts(self._names)}
        self._tool_names = {t.label.casefold() for t in self.terms} | {
            w.casefold() for t in self.terms for w in t.label.split()
        }

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
        """The unbacked claims `text` makes (labels only), sentence by sentence."""
        found = [f.claim for s in split_sentences(text) for f in self.findings(s)]
        return list(dict.fromkeys(found))

    def findings(self, sentence: str) -> list[Removal]:
        """The unbacked claims one sentence makes about the freelancer."""
        found_marker = _LIST_MARKER.match(sentence)
        sentence = found_marker.group(2) if found_marker else sentence  # "1." counts nothing
        found = [Removal(c, "contact", sentence) for c in self._contacts(sentence)]
        if claims.is_question(sentence):
            return found
        own = claims.speaks_for_self(sentence)
        plan = claims.is_plan(sentence)
        for clause in claims.clauses(sentence):
            if clause.own and not clause.negated:
                found += self._clause_findings(clause.text, sentence, plan)
            elif not clause.negated and not claims.addresses_client(clause.text):
                found += self._impersonal_findings(clause.text, sentence, own)
        return found

    def _impersonal_findings(self, clause: str, sentence: str, own: bool) -> list[Removal]:
        """A clause without a person ("Add Terraform for the infra.", "Ten years of Django
        behind every line."): a tool the job never named, or a tenure, is still a claim."""
        found = [
            Removal(label, "skill", sentence)
            for label in self.foreign_skills(clause)
            if label.casefold() not in self._job_keys
        ]
        names = self._proper_names(clause, sentence)
        found += [Removal(name, reason, sentence) for name, reason in names]
        if not own:
            found += [
                Removal(q.written, "tenure", sentence)
                for q in claims.quantities(clause)
                if q.is_tenure and not claims.backed_by(q, self._profile_numbers)
            ]
        return found

    def _clause_findings(self, clause: str, sentence: str, plan: bool) -> list[Removal]:
        found: list[Removal] = []
        for label in self.foreign_skills(clause):
            if not (plan and label.casefold() in self._job_keys):  # "I'll add Stripe", asked for
                found.append(Removal(label, "skill", sentence))
        names = {w.casefold() for w in re.findall(r"[\w.+#-]+", clause)} & self._tool_names
        for quantity in claims.quantities(clause):
            if quantity.is_offer or claims.version_like(quantity, names):
                continue
            if claims.backed_by(quantity, self._profile_numbers):
                continue
            if quantity.is_tenure:
                found.append(Removal(quantity.written, "tenure", sentence))
            elif not claims.backed_by(quantity, self._job_numbers, value_only=True):
                found.append(Removal(quantity.written, "number", sentence))
        for name, reason in self._proper_names(clause, sentence):
            found.append(Removal(name, reason, sentence))
        return found

    def _contacts(self, sentence: str) -> list[str]:
        """Contact details (never allowed before a contract on Upwork, even the profile's
        own) and links the profile and the job do not give."""
        found = []
        for contact in claims.contacts(sentence):
            if not claims.is_link(contact) or claims.url_key(contact) not in self._links:
                found.append(contact)
        return found

    def _proper_names(self, clause: str, sentence: str) -> list[tuple[str, str]]:
        """Employers, clients and tools the freelancer names that neither the profile nor
        the job does ("the team at Monzo", "Prisma")."""
        found: list[tuple[str, str]] = []
        for match in _EMPLOYER.finditer(clause):
            name = match.group(1).rstrip(".'-")
            first = name.split()[0]
            if first.casefold() in _NOT_EMPLOYERS or _mentions(self._names, first):
                continue
            found.append((name, "employer"))
        listed = {n.casefold() for n, _ in found for n in n.split()}
        for match in _PROPER.finditer(clause):
            word = match.group(0)
            key = word.casefold()
            if key in listed or key in _COMMON_NAMES or _opens(sentence, clause, match.start()):
                continue
            if key in self._tool_names or _mentions(self._names, word):
                continue
            if any(t.pattern.search(word) for t in self.terms):  # a skill: checked as one
                continue
            if re.fullmatch(r"[A-ZА-ЯІЇЄҐ]{2,5}s?", word) and key in _ACRONYMS:
                continue
            found.append((word, "name"))
        return found


# A capitalised word inside a clause: a name (of an employer, a client, a tool).
_PROPER = re.compile(r"(?<![\w.@/-])[A-ZА-ЯІЇЄҐ][\w+#.]*[\w+#]|(?<![\w.@/])[A-Z](?![\w'’])")
_COMMON_NAMES = _words(
    "i i'm i've i'd i'll a monday tuesday wednesday thursday friday saturday sunday "
    "january february march april may june july august september october november december "
    "english ukrainian upwork utc cet est pst gmt eu us uk usa europe ok okay hi hello thanks "
    "dear best regards понеділок вівторок середа четвер пʼятниця субота неділя англійська "
    "українська"
)
_ACRONYMS = _words(
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


def clean_letter(letter: str, grounder: Grounder) -> tuple[str, list[Removal]]:
    """The letter without the sentences that make unbacked claims, and those claims."""
    removed: list[Removal] = []
    entries: list[tuple[str | None, bool]] = []  # (kept text or None if removed, list item)
    for line in letter.split("\n"):
        found = _LIST_MARKER.match(line)
        marker, body = (found.group(1), found.group(2)) if found else ("", line)
        if not body.strip():
            entries.append(("", False))
            continue
        kept: list[str] = []
        for sentence in split_sentences(body):
            findings = grounder.findings(sentence)
            if findings:
                removed.extend(findings)
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
            "Дякую за ваш допис: охоче допоможу з цим завданням.",
            f"Коротко про мене: {headline}." if headline else "",
            f"Мої навички: {skills}." if skills else "",
            "З чого для вас найважливіше почати?",
        ]
    else:
        parts = [
            "I have read your post and would be glad to help.",
            f"In short: {headline}." if headline else "",
            f"My skills: {skills}." if skills else "",
            "What matters most to you to get done first?",
        ]
    sentences = [p for p in parts if p and not grounder.claims(p)]
    return " ".join(sentences)


def ground(
    draft: ProposalDraft,
    profile: ProfileInput,
    job: JobInput,
    analysis: JobAnalysis,
    confirmed: Iterable[str] = (),
) -> GroundedDraft:
    """The draft with every claim the profile does not back removed (see the module doc).

    `confirmed` is text the freelancer wrote themself (their edit of an earlier version):
    what it states is theirs to state, so it backs claims like the profile does."""
    grounder = Grounder(profile, job, analysis, draft.skills_claimed, confirmed)
    letter, removed = clean_letter(draft.cover_letter, grounder)
    if (removed or not letter) and word_count(letter) < MIN_LETTER_WORDS:
        letter = safe_letter(grounder, analysis.language)
    answers: list[ScreeningAnswer] = []
    for answer in draft.answers:
        found = [f for s in split_sentences(answer.answer) for f in grounder.findings(s)]
        # "Yes." to "Have you used Kubernetes?" claims Kubernetes.
        if claims.is_affirmative(answer.answer):
            found += [
                Removal(label, "skill", answer.answer)
                for label in grounder.foreign_skills(answer.question)
            ]
        if found:  # the removal is shown with its question; the freelancer answers it
            removed.extend(Removal(f.claim, f.reason, answer.question) for f in found)
        else:
            answers.append(answer)
    return GroundedDraft(letter, answers, removed)
