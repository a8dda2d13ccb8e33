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
from core.ai.grounding_facts import (
    VOCABULARY_INDEX,
    VOCABULARY_TOOL_NAMES,
    backs,
    job_facts,
    link_keys,
    profile_facts,
)
from core.ai.inputs import JobInput, ProfileInput
from core.ai.name_claims import unbacked_names
from core.ai.schemas import JobAnalysis, ProposalDraft, ScreeningAnswer
from core.ai.sentences import LIST_MARKER, split_sentences, unique, word_count
from core.ai.skill_terms import VOCABULARY, Term, TermIndex, job_terms, name_pattern

MIN_LETTER_WORDS = 8


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
        return unique(r.claim for r in self.removed)


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
        self._profile_low = rules.lowered(self.profile_text)
        facts = profile_facts(tuple(profile.skills), self.profile_text)
        self.profile_keys = facts.keys
        self._extra = job_terms(job, analysis, claimed)  # the vocabulary's are worked out once
        self.terms = [*VOCABULARY.values(), *self._extra]
        self._extra_index = TermIndex(self._extra)
        extra_foreign = TermIndex(t for t in self._extra if not self.backs(t))
        self._foreign = (facts.unbacked, extra_foreign)  # in this order
        self.foreign = [*facts.unbacked.terms, *extra_foreign.terms]
        job_text = f"{job.title}\n{job.description}"
        self.job_text = job_text
        job_low, known = rules.lowered(job_text), job_facts(job_text)
        self._job_keys = set(known.keys)
        self._job_keys |= {t.label.casefold() for t in self._extra if t.found_in(job_text, job_low)}
        self._job_keys |= {s.casefold() for s in [*job.skills, *analysis.required_skills]}
        self._profile_numbers = facts.numbers
        self._job_numbers = known.numbers
        self._names = f"{self.profile_text}\n{job_text}".casefold()
        self._links = link_keys(self._names)
        self._tool_names = (
            VOCABULARY_TOOL_NAMES
            | {t.label.casefold() for t in self._extra}
            | {w.casefold() for t in self._extra for w in t.label.split()}
        )

    def backs(self, term: Term) -> bool:
        """The profile lists the skill (or a synonym), or its text mentions it."""
        return backs(self.profile_keys, self.profile_text, self._profile_low, term)

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
        return [t.label for index in self._foreign for t in index.found(text)]

    def claims(self, text: str) -> list[str]:
        """The unbacked claims `text` makes (labels only), sentence by sentence."""
        found = [f.claim for s in split_sentences(text) for f in self.findings(s)]
        return list(dict.fromkeys(found))

    def findings(self, sentence: str) -> list[Removal]:
        """The unbacked claims one sentence makes about the freelancer."""
        found_marker = LIST_MARKER.match(sentence)
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
        return unbacked_names(clause, sentence, self._names, self._tool_names, self._names_skill)

    def _names_skill(self, word: str) -> bool:
        """Whether a known skill's pattern finds something in `word`."""
        return bool(VOCABULARY_INDEX.found(word) or self._extra_index.found(word))


def clean_letter(letter: str, grounder: Grounder) -> tuple[str, list[Removal]]:
    """The letter without the sentences that make unbacked claims, and those claims."""
    removed: list[Removal] = []
    entries: list[tuple[str | None, bool]] = []  # (kept text or None if removed, list item)
    for line in letter.split("\n"):
        found = LIST_MARKER.match(line)
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
