"""Proposal drafts without a network: templates filled from the profile only.

Deterministic: the same request always gives the same draft. Variant A is problem-first and
concise, variant B opens on the problem and then shows a numbered plan. Letters are written
in English or Ukrainian (any other job language gets English). Nothing about the freelancer
comes from anywhere but the profile: skills are the overlap of the profile's and the job's,
proof is a sentence of the bio or the headline, and a skill the freelancer asks to mention
appears only if the profile has it. The job's own words (title, summary) open the letter
only when they name no skill the profile lacks.
"""

from __future__ import annotations

import re

from core.ai import offline_rules as rules
from core.ai.grounding import Grounder
from core.ai.inputs import DraftRequest
from core.ai.offline_parts import (
    CORE,
    GAP,
    Part,
    clip_words,
    close_gaps,
    money,
    render,
    sentence,
    trim,
)
from core.ai.offline_problem import Problem, first_step, problems
from core.ai.schemas import ProposalDraft, ScreeningAnswer
from core.ai.sentences import split_sentences, word_count
from core.ai.skill_terms import implied, name_pattern
from core.i18n import Texts

SHORTER = 0.6  # "shorter": at most this share of the words the letter would have had
TITLE_WORDS = 12
BIO_SENTENCE_WORDS = 40

_SHORTER = re.compile(
    r"\b(?:short(?:er|en)?|brief(?:er)?|concise|fewer\s+words|less\s+words|too\s+long|"
    r"trim|condense)\b|коротш|скороти|скорот|стисл|коротк|короче|менше\s+слів",
    re.IGNORECASE,
)
_MENTION = re.compile(
    r"(?:\b(?:mention|include|highlight|emphasi[sz]e|add|talk\s+about|stress|show)\b|"
    r"згада\w*|згадк\w*|додай\w*|додати|підкресл\w*|наголос\w*|вкаж\w*|розкажи\w*)"
    r"\s+(?P<what>[^.;!?\n]+)",
    re.IGNORECASE,
)
_RATE = re.compile(
    r"\b(?:rate|price|pricing|cost|charge|budget|fee|quote)\b|ставк|цін|вартіст|оплат",
    re.IGNORECASE,
)
_TIMING = re.compile(
    r"\b(?:start|available|availability|timeline|how\s+long|deadline|when|hours)\b|"
    r"коли|термін|строк|доступн|годин",
    re.IGNORECASE,
)


def wants_shorter(instruction: str | None) -> bool:
    return bool(instruction and _SHORTER.search(instruction))


def can_follow(instruction: str | None) -> bool:
    """Whether the offline writer can do what was asked: make it shorter, or mention a
    skill (from the profile). Anything else it says plainly it cannot do."""
    if not instruction or wants_shorter(instruction):
        return True
    return any(rules.find_skills(m.group("what")) for m in _MENTION.finditer(instruction))


class Drafter:
    """One offline draft (see the module doc)."""

    def __init__(self, request: DraftRequest) -> None:
        self.request = request
        self.profile = request.profile
        self.t = Texts(request.analysis.language)  # English for any other language
        self.language = self.t.language
        self.grounder = Grounder(request.profile, request.job, request.analysis)
        self.relevant = self._relevant_skills()
        self.bio = self._bio_sentences()

    # ----------------------------------------------------------------- facts from the profile

    def _relevant_skills(self) -> list[str]:
        """Profile skills (as the freelancer wrote them) that the job asks for."""
        job, analysis = self.request.job, self.request.analysis
        wanted: set[str] = set()
        for skill in [*job.skills, *analysis.required_skills]:
            wanted |= rules.canonical(skill)
        wanted |= {n.lower() for n in rules.find_skills(f"{job.title}\n{job.description}")}
        direct = [s for s in self.profile.skills if rules.canonical(s) & wanted]
        return direct or [s for s in self.profile.skills if implied(rules.canonical(s)) & wanted]

    def _bio_sentences(self) -> list[str]:
        """Bio sentences, those naming a relevant skill first."""
        sentences = [
            sentence(clip_words(s, BIO_SENTENCE_WORDS))
            for line in self.profile.bio.splitlines()
            for s in split_sentences(line)
            if len(s.split()) >= 3
        ]
        patterns = [p for p in (name_pattern(s) for s in self.relevant) if p is not None]
        relevant = [s for s in sentences if any(p.search(s) for p in patterns)]
        return relevant + [s for s in sentences if s not in relevant]

    def _skills_to_mention(self) -> list[str]:
        """Skills the instruction asks to mention, if the profile has them (never others)."""
        instruction = self.request.instruction or ""
        found: list[str] = []
        for match in _MENTION.finditer(instruction):
            what = match.group("what")
            named = {n.lower() for n in rules.find_skills(what)}
            for skill in self.profile.skills:
                pattern = name_pattern(skill)
                if (pattern is not None and pattern.search(what)) or rules.canonical(skill) & named:
                    found.append(skill)
            for name in rules.find_skills(what):
                covered = any(name.lower() in rules.canonical(s) for s in found)
                if not covered and self.grounder.has_skill(name):
                    found.append(name)
        return list(dict.fromkeys(found))

    def _listing(self, skills: list[str], limit: int = 5) -> str:
        shown = skills[:limit]
        if len(shown) < 2:
            return "".join(shown)
        return self.t("offline.listing", head=", ".join(shown[:-1]), last=shown[-1])

    # ----------------------------------------------------------------- the letter

    def _problem(self) -> Problem | None:
        """The client's problem in their words, without any skill the profile lacks."""
        job = self.request.job
        for candidate in problems(job.title, job.description):
            text = self._without_foreign_skills(candidate.text)
            # Judged as the letter will say it ("You need to …"): the client's own words
            # ("six months of statements") are no claim about the freelancer.
            said = self.t(f"offline.problem.{candidate.kind}", problem=text)
            if len(text.split()) >= 2 and not self.grounder.claims(said):
                return Problem(candidate.kind, text)
        return None

    def _without_foreign_skills(self, text: str) -> str:
        for term in self.grounder.foreign:
            text = term.pattern.sub(GAP, text)
        return close_gaps(text)

    def _opening(self) -> tuple[str, str]:
        """The problem sentence, and the first thing I would do about it (a verb phrase)."""
        t = self.t
        problem = self._problem()
        if problem is None:
            first = t("offline.problem_generic")
            step = first_step("", self.request.job.description, self.language)
        else:
            first = t(f"offline.problem.{problem.kind}", problem=problem.text)
            step = first_step(problem.text, self.request.job.description, self.language)
        return first, step

    def _question(self) -> str:
        """A question about this project (its title, without skills the profile lacks)."""
        t, arm_b = self.t, self.request.variant == "B"
        title = self._without_foreign_skills(self.request.job.title).strip(" .?!:")
        if not 2 <= len(title.split()) <= TITLE_WORDS:
            return t("offline.question_generic_b" if arm_b else "offline.question_generic_a")
        return t("offline.question_b" if arm_b else "offline.question_a", title=title)

    def parts(self) -> list[Part]:
        t = self.t
        variant = self.request.variant
        first, step = self._opening()
        skills = self.relevant or self.profile.skills[:4]
        skills_key = "offline.skills_relevant" if self.relevant else "offline.skills_core"
        skills_line = t(skills_key, skills=self._listing(skills)) if skills else None
        headline = self.profile.headline.strip().rstrip(".")
        mention = self._skills_to_mention()

        parts = [Part(1, CORE, first)]  # no greeting formula: the client's outcome first
        proof = 2
        if variant == "B":
            build = (
                t("offline.plan_build_with", skills=self._listing(skills, 3))
                if skills
                else t("offline.plan_build")
            )
            steps = [f"1. {step[0].upper()}{step[1:]}.", build, t("offline.plan_launch")]
            parts += [Part(3, 56, t("offline.plan_intro"))]
            parts += [Part(3, p, s) for p, s in zip((CORE, 52, 40), steps, strict=True)]
        else:
            parts.append(Part(3, CORE, t("offline.first_step", step=step)))
        if skills_line:
            parts.append(Part(proof, 60, skills_line))
        if headline:
            parts.append(Part(proof, 50, t("offline.headline", headline=headline)))
        for priority, said in zip((35, 10), self.bio[:2], strict=False):
            parts.append(Part(proof, priority, said))
        if mention:
            parts.append(Part(proof, 80, t("offline.highlight", skills=self._listing(mention))))
            mentioned = [p for p in (name_pattern(s) for s in mention) if p is not None]
            evidence = next((s for s in self.bio if any(p.search(s) for p in mentioned)), None)
            if evidence and evidence not in self.bio[:2]:
                parts.append(Part(proof, 75, evidence))
        parts.append(Part(4, CORE, self._question()))
        return parts

    def letter(self) -> str:
        parts = self.parts()
        limit = self.request.max_words
        if wants_shorter(self.request.instruction):
            natural = word_count(render(trim(parts, limit)))
            limit = min(limit, int(natural * SHORTER))
            if self.request.previous_draft:
                limit = min(limit, int(word_count(self.request.previous_draft) * SHORTER))
        letter = render(trim(parts, limit))
        if word_count(letter) > self.request.max_words:  # only an extreme title gets here
            generic = [p for p in parts if p.priority == CORE and p.paragraph != 1]
            letter = render([Part(1, CORE, self.t("offline.problem_generic")), *generic])
        return letter

    # ----------------------------------------------------------------- screening answers

    def answer(self, question: str) -> str:
        t = self.t
        asked = [s for s in self.profile.skills if (p := name_pattern(s)) and p.search(question)]
        for name in rules.find_skills(question):
            if self.grounder.has_skill(name) and not any(
                name.lower() in implied(rules.canonical(s)) for s in asked
            ):
                asked.append(name)
        facts = self._facts(asked)
        rate = self.profile.hourly_rate
        if self.grounder.foreign_skills(question):  # never "yes" to a skill the profile lacks
            skills = asked or self.relevant or self.profile.skills[:3]
            if skills:
                return t("offline.answer_missing", skills=self._listing(skills, 3))
            return t("offline.answer_missing_bare")
        if asked:
            return " ".join(
                x for x in (t("offline.answer_yes", skills=self._listing(asked)), facts) if x
            )
        if _RATE.search(question) and rate:
            return t("offline.answer_rate", rate=f"${money(rate)}")
        if _TIMING.search(question):
            return t("offline.answer_timing")
        return facts or t("offline.answer_fallback")

    def _facts(self, skills: list[str]) -> str:
        """A bio sentence about `skills` (or the most relevant one), else the headline."""
        patterns = [p for p in (name_pattern(s) for s in skills) if p is not None]
        about = [s for s in self.bio if any(p.search(s) for p in patterns)]
        if about or self.bio:
            return (about or self.bio)[0]
        headline = self.profile.headline.strip().rstrip(".")
        return self.t("offline.headline", headline=headline) if headline else ""

    def draft(self) -> ProposalDraft:
        questions = self.request.analysis.screening_questions[:10]
        letter = self.letter()
        answers = [ScreeningAnswer(question=q, answer=self.answer(q)) for q in questions]
        written = "\n".join([letter, *(a.answer for a in answers)])
        claimed = [
            skill
            for skill in dict.fromkeys([*self.profile.skills, *self._skills_to_mention()])
            if (pattern := name_pattern(skill)) is not None and pattern.search(written)
        ]
        return ProposalDraft(cover_letter=letter, answers=answers, skills_claimed=claimed[:30])


def draft(request: DraftRequest) -> ProposalDraft:
    """The offline proposal draft for `request`."""
    return Drafter(request).draft()
