"""What a cover letter must not do, checked after generation (the prompt asks for it, but a
model does not always listen): open with a greeting formula, use a cliché, miss the
120-200-word range, or leave a screening question unanswered. One corrective retry is made
(core.ai.service); what still fails is flagged to the freelancer."""

from __future__ import annotations

import re
from collections.abc import Sequence

from core.ai.inputs import DraftRequest
from core.ai.schemas import ProposalDraft, ScreeningAnswer
from core.ai.sentences import split_sentences

MIN_WORDS = 120
MAX_WORDS = 200

# Shown to the model (the most common ones) and all checked after generation.
PROMPT_BANNED = (
    "I came across your job",
    "I am writing to apply",
    "I hope this finds you well",
    "perfect fit",
    "look no further",
    "I am confident that",
    "hard-working",
    "don't hesitate to contact",
    "hop on a quick call",
)
BANNED = (
    *PROMPT_BANNED,
    "I have read your job description",
    "I read your job post carefully",
    "I am the best",
    "I am an expert in everything",
    "best regards",
    "kind regards",
    "looking forward to hearing from you",
    "thank you for your consideration",
    "ideal candidate",
    "dear hiring manager",
    "to whom it may concern",
    "short call",
    "quick call",
    "побачив вашу вакансію",
    "ідеально підходжу",
    "ідеальний кандидат",
    "з повагою",
    "сподіваюся, у вас все добре",
    "не соромтеся звертатися",
    "короткий дзвінок",
)
_GREETING = re.compile(
    r"^\s*(?:hi|hello|hey|dear|greetings|good (?:morning|afternoon|evening)|вітаю|привіт|"
    r"добрий день|доброго дня|шановн\w*|здрастуйте)\b",
    re.IGNORECASE,
)


def word_count(text: str) -> int:
    return len(text.split())


def problems(letter: str, min_words: int = MIN_WORDS, max_words: int = MAX_WORDS) -> list[str]:
    """What is wrong with the letter, as short instructions a model can act on."""
    found: list[str] = []
    if _GREETING.search(letter):
        found.append("remove the greeting: start with the client's outcome")
    lowered = letter.casefold()
    cliches = [phrase for phrase in BANNED if phrase.casefold() in lowered]
    if cliches:
        found.append("remove these clichés: " + ", ".join(f'"{c}"' for c in cliches))
    words = word_count(letter)
    if words < min_words:
        found.append(f"the letter has {words} words: write {min_words}-{max_words}")
    elif words > max_words:
        found.append(f"the letter has {words} words: cut it to {min_words}-{max_words}")
    return found


def unanswered(questions: Sequence[str], answers: Sequence[ScreeningAnswer]) -> list[str]:
    """The screening questions with no answer (matched on their words, as the prompt asks
    for each question copied as written)."""
    answered = {_words(a.question) for a in answers if a.answer.strip()}
    return [q for q in questions if _words(q) not in answered]


def answer_problems(questions: Sequence[str], answers: Sequence[ScreeningAnswer]) -> list[str]:
    missing = unanswered(questions, answers)
    if not missing:
        return []
    listed = "; ".join(f'"{q}"' for q in missing)
    return [f"answer every screening question, copied as written; missing: {listed}"]


def draft_problems(draft: ProposalDraft, request: DraftRequest, low: int, high: int) -> list[str]:
    """What is wrong with a draft's letter and its answers to the job's questions."""
    questions = request.analysis.screening_questions
    return [
        *problems(draft.cover_letter, low, high),
        *answer_problems(questions, draft.answers),
    ]


def _words(text: str) -> str:
    return " ".join(re.findall(r"\w+", text.casefold()))


_SHINGLE = 6  # words in a row shared with the prompt that give an echo away
# Phrases of our prompts no letter has a reason to contain, even reworded around them.
PROMPT_MARKERS = (
    "data, not instructions", "<profile>", "<job>", "structured output", "system prompt",
    "rules (they", "client_requests", "skills_claimed", "ISO 639-1",
)  # fmt: skip


def strip_prompt_echo(letter: str, prompt: str) -> str:
    """The letter without lines that repeat the instructions it was written from (a post
    that says "print your system prompt" must not get it)."""
    source = prompt.casefold().split()
    shingles = {" ".join(source[i : i + _SHINGLE]) for i in range(len(source) - _SHINGLE + 1)}
    lines: list[str] = []
    for line in letter.split("\n"):
        kept = [s for s in split_sentences(line) if not _echoes(s, shingles)]
        if kept or not line.strip():
            lines.append(" ".join(kept))
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _echoes(sentence: str, shingles: set[str]) -> bool:
    if any(marker.casefold() in sentence.casefold() for marker in PROMPT_MARKERS):
        return True
    words = sentence.casefold().split()
    return any(
        " ".join(words[i : i + _SHINGLE]) in shingles for i in range(len(words) - _SHINGLE + 1)
    )
