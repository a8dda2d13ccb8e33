"""Requests a client may safely make of every applicant ("start your proposal with 'Blue
Whale'", "include the word PINEAPPLE") - the classic filter for bots - told apart from
injections. They are found by code, never by a model reading the post: only a short
payload of plain words is accepted, and nothing that reads like an order to the AI, a link or
a contact, so a post cannot smuggle "ignore your rules" in as its "code word"."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_QUOTED = r"[\"“”'‘’«]([^\"“”'‘’«»\n]{1,60})[\"“”'‘’»]"
_WORD = r"([A-Za-zА-Яа-яІіЇїЄєҐґ0-9-]{2,30})"
_OPENING = re.compile(
    r"(?:start|begin|open)\s+(?:your\s+)?(?:proposal|cover\s+letter|application|reply|"
    r"response|message)\s+with\s+(?:the\s+(?:words?|phrase)\s+)?(?:" + _QUOTED + "|" + _WORD + ")"
    r"|(?:почніть|починайте)\s+(?:свою\s+)?(?:пропозицію|лист|відгук|заявку)\s+(?:зі?\s+)?"
    r"(?:(?:слов\w*|слів|фрази)\s+)?(?:" + _QUOTED + "|" + _WORD + ")",
    re.IGNORECASE,
)
_CODE_WORD = re.compile(
    r"(?:include|mention|write|use|put|add)\s+(?:the\s+)?(?:code\s*word|secret\s+word|"
    r"keyword|word|phrase)\s+(?:" + _QUOTED + "|" + _WORD + ")"
    r"|(?:code\s*word|secret\s+word)\s*(?:is|:|-)\s*(?:" + _QUOTED + "|" + _WORD + ")"
    r"|(?:кодове\s+слово|напишіть\s+слово|вкажіть\s+слово)\s*(?:—|-|:)?\s*(?:"
    + _QUOTED
    + "|"
    + _WORD
    + ")",
    re.IGNORECASE,
)
_UNSAFE = re.compile(
    r"ignore|instruction|prompt|system|assistant|score|rating|reveal|password|api|token|"
    r"https?:|www\.|@|\.com|telegram|whatsapp|skype|email|e-mail|phone|profile|"
    r"ігнор|інструкц|промпт|систем|пароль",
    re.IGNORECASE,
)
MAX_PAYLOAD_WORDS = 6


@dataclass(frozen=True)
class ClientRequests:
    opening: str | None = None
    code_words: list[str] = field(default_factory=list)


def _payload(match: re.Match[str]) -> str | None:
    value = next((g for g in match.groups() if g), None)
    if value is None:
        return None
    value = " ".join(value.split()).strip(" .,:;!?")
    if not value or len(value.split()) > MAX_PAYLOAD_WORDS or _UNSAFE.search(value):
        return None
    return value


def client_requests(description: str) -> ClientRequests:
    """The safe requests in a job post (at most one opening and three code words)."""
    opening = next(
        (p for m in _OPENING.finditer(description) if (p := _payload(m)) is not None), None
    )
    words: list[str] = []
    for match in _CODE_WORD.finditer(description):
        payload = _payload(match)
        if payload and payload != opening and payload not in words:
            words.append(payload)
    return ClientRequests(opening, words[:3])


def apply(letter: str, requests: ClientRequests) -> str:
    """The letter with every safe request met (a model that forgot is corrected in code)."""
    if requests.opening and not letter.lstrip().casefold().startswith(requests.opening.casefold()):
        letter = f"{requests.opening}\n\n{letter.lstrip()}"
    missing = [w for w in requests.code_words if w.casefold() not in letter.casefold()]
    if missing:
        letter = f"{letter.rstrip()}\n\n" + " ".join(missing)
    return letter
