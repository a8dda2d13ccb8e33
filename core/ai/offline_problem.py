"""What the client actually needs, read from the post, and what to do about it first.

Plain rules, no network: the first sentences that say what the client needs ("we need a
developer to build…", "looking for someone to fix…", "потрібно …") give the problem in the
client's own words, turned to the second person; a table of verbs picks a first step.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.ai.sentences import split_sentences

MAX_PROBLEM_WORDS = 22
SENTENCES_READ = 8

_NEED = re.compile(
    r"\b(?:need(?:s|ed)?|looking\s+for|look\s+for|require(?:s)?|seeking|searching\s+for|"
    r"hire|hiring)\b|потрібн\w*|треба|шукаємо|шукаю|необхідн\w*",
    re.IGNORECASE,
)
# weaker: "wants members to book classes" says what the client's users do, not the job
_WANT = re.compile(r"\b(?:want(?:s)?|would\s+like)\b|хочемо|хочу", re.IGNORECASE)
_TO = re.compile(r"\b(?:to|who\s+(?:can|will)|that\s+can|щоб)\s+", re.IGNORECASE)
_WHO = re.compile(r"(?<!\w)(?:який|яка|які|яке)\s+", re.IGNORECASE)
_HELP = re.compile(r"\bhelp(?:\s+us|\s+me)?\s+(?:with|to|on)\s+", re.IGNORECASE)
_PERSON = {
    "our": "your", "we": "you", "us": "you", "my": "your", "i": "you", "me": "you",
    "ours": "yours", "we're": "you're", "i'm": "you're", "we've": "you've",
    "наш": "ваш", "наша": "ваша", "наше": "ваше", "наші": "ваші", "нашого": "вашого",
    "нашої": "вашої", "нашому": "вашому", "нашим": "вашим", "нам": "вам", "мені": "вам",
    "мій": "ваш", "моя": "ваша", "моє": "ваше", "мої": "ваші",
}  # fmt: skip
_WORD = re.compile(r"[\w']+", re.UNICODE)

# (pattern, English first step, Ukrainian first step); the first that matches wins
_STEPS: tuple[tuple[re.Pattern[str], str, str], ...] = tuple(
    (re.compile(pattern, re.IGNORECASE), en, uk)
    for pattern, en, uk in (
        (
            r"\b(?:fix|debug|bugs?|errors?|crash\w*|broken|issues?)\b|виправ|помилк|баг",
            "reproduce the problem on a copy of your setup and find its cause before changing "
            "anything",
            "відтворю проблему на копії вашого середовища й знайду її причину, перш "
            "ніж щось змінювати",
        ),
        (
            r"\b(?:migrat\w*|upgrad\w*|port(?:ing)?|mov(?:e|ing))\b|міграц|перен|оновл",
            "list what must keep working after the move and check it on a copy first",
            "складу перелік того, що має працювати після перенесення, і перевірю це на копії",
        ),
        (
            r"\b(?:speed|slow|performance|optimi[sz]\w*|faster|load\s+time)\b|швидк|оптиміз",
            "measure where the time goes, so the first change targets the biggest delay",
            "виміряю, де втрачається час, щоб першою змінити найбільшу затримку",
        ),
        (
            r"\b(?:scrap\w*|crawl\w*|extract\w*|collect\w*)\b|збира|парс",
            "check the source pages and agree with you on the exact fields and output format",
            "перегляну сторінки-джерела й погоджу з вами точні поля та формат результату",
        ),
        (
            r"\b(?:integrat\w*|connect\w*|sync\w*|webhooks?)\b|інтеграц|підключ|синхрон",
            "check the access and API documentation on both sides and agree on what data flows "
            "where",
            "перевірю доступи й документацію API з обох боків і погоджу, які дані куди йдуть",
        ),
        (
            r"\b(?:design\w*|logo|brand\w*|mockups?|wireframes?|redesign|screens?|ui|ux|"
            r"layouts?|prototypes?)\b|дизайн|логотип|екран",
            "ask about your audience and the references you like, then show first concepts",
            "розпитаю про вашу аудиторію та приклади, що вам подобаються, і покажу перші ескізи",
        ),
        (
            r"\b(?:write|writing|articles?|blog|posts?|copy|content|translat\w*)\b|текст|стат|"
            r"переклад",
            "agree on the audience, tone and outline before writing",
            "погоджу аудиторію, тон і план, перш ніж писати",
        ),
        (
            r"\b(?:automat\w*|scripts?|bots?|workflows?)\b|автоматиз|бот|скрипт",
            "map the steps done by hand today and confirm which ones to automate first",
            "розпишу кроки, які зараз робляться вручну, і погоджу, які автоматизувати першими",
        ),
        (
            r"\b(?:analy[sz]\w*|dashboards?|reports?|data|insights?)\b|аналіз|звіт|дашборд|дан",
            "look at the data you have and agree on the questions the result must answer",
            "перегляну ваші дані й погоджу питання, на які має відповісти результат",
        ),
        (
            r"\b(?:build\w*|develop\w*|creat\w*|implement\w*|add\w*|make|set\s+up|setup)\b|"
            r"створ|розроб|зроб|додат|налашт",
            "agree with you on the scope of a first milestone I can deliver quickly",
            "погоджу з вами обсяг першого етапу, який можна швидко здати",
        ),
    )
)
_DEFAULT_STEP = (
    "go through the details with you and agree on the first milestone",
    "обговорю з вами деталі й погоджу перший етап",
)


def _second_person(text: str) -> str:
    def swap(match: re.Match[str]) -> str:
        word = match.group(0)
        swapped = _PERSON.get(word.lower())
        if swapped is None:
            return word
        return swapped.capitalize() if word[0].isupper() and word.lower() != "i" else swapped

    return _WORD.sub(swap, text)


def _clip(text: str) -> str:
    words = text.split()
    clipped = " ".join(words[:MAX_PROBLEM_WORDS])
    return clipped.rstrip(" ,;:-–—.!?") + ("…" if len(words) > MAX_PROBLEM_WORDS else "")


@dataclass(frozen=True)
class Problem:
    kind: str  # "to": a verb phrase · "who": what a person will do · "with" · "object" · "title"
    text: str


def _what(sentence: str, need_words: re.Pattern[str]) -> Problem | None:
    """The part of a "we need …" sentence that says what is needed, or None."""
    need = need_words.search(sentence)
    if need is None:
        return None
    rest = sentence[need.end() :]
    helped = _HELP.search(rest)
    if helped is not None and helped.start() < 40:
        return Problem("with", rest[helped.end() :])
    to = _TO.search(rest)
    if to is not None and to.start() < 80:
        return Problem("to", rest[to.end() :])
    who = _WHO.search(rest)
    if who is not None and who.start() < 80:
        return Problem("who", rest[who.end() :])
    rest = rest.lstrip(" :,-–—")
    return Problem("object", rest) if rest else None


def problems(title: str, description: str) -> list[Problem]:
    """Candidate statements of the client's problem, best first, in the second person."""
    found: list[Problem] = []
    sentences = split_sentences(" ".join(description.split()))[:SENTENCES_READ]
    for need_words in (_NEED, _WANT):
        for sentence in sentences:
            what = _what(sentence, need_words)
            if what and len(what.text.split()) >= 2:
                found.append(Problem(what.kind, _clip(_second_person(what.text))))
    plain_title = " ".join(title.split()).rstrip(" .!?")
    if plain_title:
        found.append(Problem("title", _clip(plain_title)))
    return list(dict.fromkeys(p for p in found if p.text))


def first_step(problem: str, description: str, language: str) -> str:
    """What to do first, for the kind of work the problem (else the post) describes;
    the problem's first words (its verb) weigh most."""
    lead = " ".join(problem.split()[:3])
    for text in (lead, problem, description):
        for pattern, english, ukrainian in _STEPS:
            if pattern.search(text):
                return ukrainian if language == "uk" else english
    return _DEFAULT_STEP[1] if language == "uk" else _DEFAULT_STEP[0]
