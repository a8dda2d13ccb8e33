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
from dataclasses import dataclass
from decimal import Decimal

from core.ai import offline_rules as rules
from core.ai.grounding import Grounder
from core.ai.inputs import DraftRequest
from core.ai.offline_problem import Problem, first_step, problems
from core.ai.schemas import ProposalDraft, ScreeningAnswer
from core.ai.sentences import split_sentences, word_count
from core.ai.skill_terms import implied, name_pattern

CORE = 100  # priority of the parts a letter never loses
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


@dataclass(frozen=True)
class Texts:
    problem: dict[str, str]  # by Problem.kind, each takes {problem}
    first_step: str  # {step}
    problem_title: str  # {title}
    problem_generic: str
    problem_skills: str  # {skills}
    summary: str  # {summary}
    skills_relevant: str  # {skills}
    skills_core: str  # {skills}
    headline: str  # {headline}
    highlight: str  # {skills}
    plan_intro: str
    plan_steps: tuple[str, str, str]  # the second takes {with_skills}
    with_skills: str  # {skills}
    question_a: str  # {title}: a question about this project, never "a short call"
    question_b: str  # {title}
    question_generic_a: str
    question_generic_b: str
    quote: tuple[str, str]
    conjunction: str
    answer_yes: str  # {skills}
    answer_missing: str  # {skills}
    answer_missing_bare: str
    answer_rate: str  # {rate}
    answer_timing: str
    answer_general: str  # {facts}
    answer_fallback: str


EN = Texts(
    problem={
        "to": "You need to {problem}.",
        "who": "You need someone who will {problem}.",
        "with": "You need help with {problem}.",
        "object": "You need {problem}.",
        "title": "You need help with “{problem}”.",
    },
    first_step="First, I would {step}.",
    problem_title="I see you need help with {title}.",
    problem_generic="I see you need a reliable hand with your project.",
    problem_skills="I see you need help with a project built on {skills}.",
    summary="As I understand the brief: {summary}",
    skills_relevant="My skills that fit this job: {skills}.",
    skills_core="My core skills: {skills}.",
    headline="A bit about me: {headline}.",
    highlight="I would also like to highlight my work with {skills}.",
    plan_intro="Here is how I would approach it:",
    plan_steps=(
        "1. Clarify the requirements and agree on the scope and the first milestone.",
        "2. Build it step by step{with_skills} and share progress regularly.",
        "3. Test everything, hand it over and help with the launch.",
    ),
    with_skills=" with {skills}",
    question_a="About “{title}”: what should be working by the end of the first week?",
    question_b=(
        "If this plan works for you, one question about “{title}”: what should be working "
        "by the end of the first week?"
    ),
    question_generic_a="What should be working by the end of the first week?",
    question_generic_b=(
        "If this plan works for you: what should be working by the end of the first week?"
    ),
    quote=("“", "”"),
    conjunction="and",
    answer_yes="Yes, I work with {skills}.",
    answer_missing=(
        "That is not in my profile yet; the closest experience I can offer is {skills}."
    ),
    answer_missing_bare="That is not part of my experience yet; happy to discuss it in a call.",
    answer_rate="My hourly rate is {rate}.",
    answer_timing="Let's agree on the timeline together once the first milestone is set.",
    answer_general="{facts}",
    answer_fallback="Happy to go through this with you before we start.",
)
UK = Texts(
    problem={
        "to": "Вам потрібно {problem}.",
        "who": "Вам потрібен виконавець, який {problem}.",
        "with": "Вам потрібна допомога з {problem}.",
        "object": "Вам потрібно: {problem}.",
        "title": "Вам потрібна допомога з «{problem}».",
    },
    first_step="Спершу я {step}.",
    problem_title="Бачу, що вам потрібна допомога з {title}.",
    problem_generic="Бачу, що вам потрібна надійна допомога з вашим проєктом.",
    problem_skills="Бачу, що вам потрібна допомога з проєктом на {skills}.",
    summary="Наскільки я розумію завдання: {summary}",
    skills_relevant="Мої навички, що підходять для цієї роботи: {skills}.",
    skills_core="Мої основні навички: {skills}.",
    headline="Коротко про мене: {headline}.",
    highlight="Окремо хочу згадати мою роботу з {skills}.",
    plan_intro="Як я підійду до роботи:",
    plan_steps=(
        "1. Уточню вимоги, погоджу обсяг робіт і перший етап.",
        "2. Поетапно зроблю роботу{with_skills} і регулярно показуватиму прогрес.",
        "3. Протестую, передам результат і допоможу із запуском.",
    ),
    with_skills=" з {skills}",
    question_a="Щодо «{title}»: що має запрацювати до кінця першого тижня?",
    question_b=(
        "Якщо план вам підходить, одне питання щодо «{title}»: що має запрацювати до кінця "
        "першого тижня?"
    ),
    question_generic_a="Що має запрацювати до кінця першого тижня?",
    question_generic_b="Якщо план вам підходить: що має запрацювати до кінця першого тижня?",
    quote=("«", "»"),
    conjunction="та",
    answer_yes="Так, я працюю з {skills}.",
    answer_missing="Цього поки немає в моєму профілі; найближчий мій досвід: {skills}.",
    answer_missing_bare="Цього поки немає в моєму досвіді; охоче обговорю це на дзвінку.",
    answer_rate="Моя погодинна ставка: {rate}.",
    answer_timing="Терміни пропоную погодити разом, щойно визначимо перший етап.",
    answer_general="{facts}",
    answer_fallback="Охоче розберу це з вами до початку роботи.",
)
TEXTS: dict[str, Texts] = {"en": EN, "uk": UK}


@dataclass(frozen=True)
class Part:
    paragraph: int
    priority: int  # the lowest goes first when the letter is too long
    text: str


def wants_shorter(instruction: str | None) -> bool:
    return bool(instruction and _SHORTER.search(instruction))


def can_follow(instruction: str | None) -> bool:
    """Whether the offline writer can do what was asked: make it shorter, or mention a
    skill (from the profile). Anything else it says plainly it cannot do."""
    if not instruction or wants_shorter(instruction):
        return True
    return any(rules.find_skills(m.group("what")) for m in _MENTION.finditer(instruction))


def _sentence(text: str) -> str:
    text = " ".join(text.split()).rstrip(" ,;:")
    return text if not text or text[-1] in ".!?…" else text + "."


def _clip_words(text: str, limit: int) -> str:
    words = text.split()
    return text if len(words) <= limit else " ".join(words[:limit]).rstrip(" ,;:") + "…"


class Drafter:
    """One offline draft (see the module doc)."""

    def __init__(self, request: DraftRequest) -> None:
        self.request = request
        self.profile = request.profile
        self.language = request.analysis.language if request.analysis.language in TEXTS else "en"
        self.t = TEXTS[self.language]
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
            _sentence(_clip_words(s, BIO_SENTENCE_WORDS))
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
        return f"{', '.join(shown[:-1])} {self.t.conjunction} {shown[-1]}"

    # ----------------------------------------------------------------- the letter

    def _problem(self) -> Problem | None:
        """The client's problem in their words, without any skill the profile lacks."""
        job = self.request.job
        for candidate in problems(job.title, job.description):
            text = self._without_foreign_skills(candidate.text)
            # Judged as the letter will say it ("You need to …"): the client's own words
            # ("six months of statements") are no claim about the freelancer.
            said = self.t.problem[candidate.kind].format(problem=text)
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
            first = t.problem_generic
            step = first_step("", self.request.job.description, self.language)
        else:
            first = t.problem[problem.kind].format(problem=problem.text)
            step = first_step(problem.text, self.request.job.description, self.language)
        return first, step

    def _question(self) -> str:
        """A question about this project (its title, without skills the profile lacks)."""
        t, arm_b = self.t, self.request.variant == "B"
        title = self._without_foreign_skills(self.request.job.title).strip(" .?!:")
        if not 2 <= len(title.split()) <= TITLE_WORDS:
            return t.question_generic_b if arm_b else t.question_generic_a
        return (t.question_b if arm_b else t.question_a).format(title=title)

    def parts(self) -> list[Part]:
        t = self.t
        variant = self.request.variant
        first, step = self._opening()
        skills = self.relevant or self.profile.skills[:4]
        skills_template = t.skills_relevant if self.relevant else t.skills_core
        skills_line = skills_template.format(skills=self._listing(skills)) if skills else None
        headline = self.profile.headline.strip().rstrip(".")
        mention = self._skills_to_mention()

        parts = [Part(1, CORE, first)]  # no greeting formula: the client's outcome first
        proof = 2
        if variant == "B":
            with_skills = t.with_skills.format(skills=self._listing(skills, 3)) if skills else ""
            steps = [s.format(with_skills=with_skills) for s in t.plan_steps]
            steps[0] = f"1. {step[0].upper()}{step[1:]}."
            parts += [Part(3, 56, t.plan_intro)]
            parts += [Part(3, p, s) for p, s in zip((CORE, 52, 40), steps, strict=True)]
        else:
            parts.append(Part(3, CORE, t.first_step.format(step=step)))
        if skills_line:
            parts.append(Part(proof, 60, skills_line))
        if headline:
            parts.append(Part(proof, 50, t.headline.format(headline=headline)))
        for priority, sentence in zip((35, 10), self.bio[:2], strict=False):
            parts.append(Part(proof, priority, sentence))
        if mention:
            parts.append(Part(proof, 80, t.highlight.format(skills=self._listing(mention))))
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
            letter = render([Part(1, CORE, self.t.problem_generic), *generic])
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
                return t.answer_missing.format(skills=self._listing(skills, 3))
            return t.answer_missing_bare
        if asked:
            return " ".join(
                x for x in (t.answer_yes.format(skills=self._listing(asked)), facts) if x
            )
        if _RATE.search(question) and rate:
            return t.answer_rate.format(rate=f"${_money(rate)}")
        if _TIMING.search(question):
            return t.answer_timing
        return t.answer_general.format(facts=facts) if facts else t.answer_fallback

    def _facts(self, skills: list[str]) -> str:
        """A bio sentence about `skills` (or the most relevant one), else the headline."""
        patterns = [p for p in (name_pattern(s) for s in skills) if p is not None]
        about = [s for s in self.bio if any(p.search(s) for p in patterns)]
        if about or self.bio:
            return (about or self.bio)[0]
        headline = self.profile.headline.strip().rstrip(".")
        return self.t.headline.format(headline=headline) if headline else ""

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


GAP = "\0"  # where a skill the profile lacks was taken out of the client's words
_JOINERS = {"and", "or", "&", "/", "та", "і", "й", "або", "with", "using", "on", "in", "з", "на"}
_ARTICLE_BEFORE = {"for", "with", "to", "in", "into", "on", "of", "from", "that", "which", "where"}


def close_gaps(text: str) -> str:
    """The text without its gaps and the words that only joined them ("an iOS and Android
    app" without both skills is "an app", "a Stripe-based module" is "a module")."""
    text = re.sub(GAP + r"(?:-(?:based|powered|driven|related|specific))?", f" {GAP} ", text)
    tokens = text.split()
    kept: list[str] = []
    for i, token in enumerate(tokens):
        bare = token.lower().strip(",;")
        near_gap = (i > 0 and tokens[i - 1] == GAP) or (
            i + 1 < len(tokens) and tokens[i + 1] == GAP
        )
        if token == GAP or (token in {",", ";"} and near_gap):
            continue
        if bare in _JOINERS and near_gap:
            continue
        kept.append(token)
    words: list[str] = []
    for i, word in enumerate(kept):
        following = kept[i + 1].lower() if i + 1 < len(kept) else ""
        if word.lower() in {"a", "an"} and (not following or following in _ARTICLE_BEFORE):
            continue
        if word.lower() in {"a", "an"} and following:
            word = "an" if following[0] in "aeiou" else "a"
        words.append(word)
    while words and words[-1].lower().strip(",;") in _JOINERS | _ARTICLE_BEFORE:
        words.pop()
    return " ".join(words).strip(" ,;:-–—")


def _money(amount: Decimal) -> str:
    return f"{amount:.0f}" if amount == amount.to_integral_value() else f"{amount:.2f}"


def trim(parts: list[Part], limit: int) -> list[Part]:
    """Drop the least important parts (the later of equals first) until `limit` words fit."""
    kept = list(parts)
    while word_count(render(kept)) > limit:
        optional = [p for p in kept if p.priority < CORE]
        if not optional:
            break
        lowest = min(p.priority for p in optional)
        kept.remove([p for p in optional if p.priority == lowest][-1])
    return kept


def render(parts: list[Part]) -> str:
    """Paragraphs in order; plan steps ("1. ...") on their own lines, a heading without
    steps left out."""
    paragraphs: list[str] = []
    for number in sorted({p.paragraph for p in parts}):
        texts = [p.text for p in parts if p.paragraph == number]
        steps = [x for x in texts if re.match(r"\d+\.\s", x)]
        if steps:
            heads = [x for x in texts if x not in steps]
            paragraphs.append("\n".join([" ".join(heads), *steps]).strip())
        elif texts and not (len(texts) == 1 and texts[0].endswith(":")):
            paragraphs.append(" ".join(texts))
    return "\n\n".join(paragraphs)


def draft(request: DraftRequest) -> ProposalDraft:
    """The offline proposal draft for `request`."""
    return Drafter(request).draft()
