"""What a sentence of a proposal claims about the freelancer, in English and Ukrainian.

Only the freelancer's own statements can be false claims: a restatement of the client's
problem ("You need Stripe billing for your Django SaaS"), a question to the client ("Which
plan types do you sell?") and an honest "I haven't used Stripe yet" claim nothing. This module
tells those apart (first person, questions, negated clauses, plans) and finds the numbers,
with what they count, that a claim makes; `core.ai.grounding` checks them against the profile.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass


def _any_of(words: str) -> re.Pattern[str]:
    """Any of the |-separated words or phrases, as whole words, in any case."""
    return re.compile(rf"(?<![\w'’])(?:{words})(?![\w'’])", re.IGNORECASE)


_FIRST_PERSON = _any_of(
    "i|i'm|i’m|i've|i’ve|i'd|i’d|i'll|i’ll|me|my|mine|myself|we|we've|we’ve|we're|we’re|"
    "our|ours|я|мене|мені|мною|мій|моя|моє|мої|моїх|моїм|моїми|мого|моєї|моєму|моїй|мою|"
    "ми|нас|нам|нами|наш|наша|наше|наші|наших|нашим|нашого|нашої|маю|мав|мала|знаю|вмію|"
    "працюю|використовую|пишу|будую|роблю|розробляю|створюю|налаштовую|інтегрую|веду|"
    "керую|допомагаю|володію|спеціалізуюся|спеціалізуюсь|займаюся|займаюсь|зробив|зробила|"
    "створив|створила|розробив|розробила|побудував|побудувала|працював|працювала|"
    "налаштував|налаштувала|інтегрував|інтегрувала|впровадив|впровадила|скоротив|"
    "скоротила|зменшив|зменшила|збільшив|збільшила|пришвидшив|пришвидшила|запустив|"
    "запустила|керував|керувала|вів|вела|очолював|очолювала|використовував|"
    "використовувала|писав|писала|мігрував|мігрувала|зроблю|почну|налаштую|підключу|додам|"
    "напишу|перевірю|буду|розпочну|запропоную|пропоную|можу|дам|покажу|перенесу"
)
_SECOND_PERSON = _any_of(
    "you|you're|you’re|you've|you’ve|your|yours|ви|вас|вам|вами|ваш|ваша|ваше|ваші|вашого|"
    "вашої|вашому|вашим|ваших|вашу|вашій|твій|твоя|твоє|тобі|тебе"
)
_PLAN = _any_of(
    "i'll|i’ll|i will|we'll|we’ll|we will|i would|i'd|i’d|i'm going to|i’m going to|"
    "i plan to|let me|my plan|first step|next step|i propose|i suggest|i can start|зроблю|"
    "почну|налаштую|підключу|додам|напишу|перевірю|буду|розпочну|запропоную|пропоную|"
    "покажу|перенесу|план|першим кроком|перший крок"
)
_NEGATION = _any_of(
    "not|no|never|haven't|haven’t|hasn't|hasn’t|don't|don’t|didn't|didn’t|new to|learning|"
    "не|ні|ніколи|жодного|жодних|вивчаю|новачок"
)
_CLAUSE_BREAK = re.compile(
    r"\s*(?:,(?!\d)|[;:]|—|–|\s-\s)\s*|\s+(?=(?:but|though|although|while|however|whereas|"
    r"але|проте|хоча|однак|зате)\b)",
    re.IGNORECASE,
)
_QUESTION_START = re.compile(
    r"^\W*(?:which|what|how|when|where|who|whom|whose|why|do|does|did|is|are|was|were|"
    r"have|has|had|can|could|would|will|should|shall|may|might|any|are there|is there|"
    r"які|який|яка|яке|якій|якого|як|коли|де|чи|скільки|хто|чому|навіщо|що|куди|звідки)\b",
    re.IGNORECASE,
)
_AFFIRMATIVE = re.compile(
    r"^\W*(?:yes|yep|yeah|sure|absolutely|of course|definitely|certainly|так|звісно|"
    r"звичайно|авжеж|безумовно)\b",
    re.IGNORECASE,
)


def is_question(sentence: str) -> bool:
    """A question to the client (it asks, so it claims nothing)."""
    text = sentence.strip()
    return text.endswith("?") and bool(_QUESTION_START.search(text))


def is_affirmative(answer: str) -> bool:
    """An answer that starts with "yes" (to a question about a skill, a claim of it)."""
    return bool(_AFFIRMATIVE.search(answer))


def speaks_for_self(text: str) -> bool:
    return bool(_FIRST_PERSON.search(text))


def addresses_client(text: str) -> bool:
    return bool(_SECOND_PERSON.search(text))


def is_plan(text: str) -> bool:
    return bool(_PLAN.search(text))


@dataclass(frozen=True)
class Clause:
    text: str
    own: bool  # the freelancer speaks about themself here
    negated: bool  # "I haven't used Stripe yet"


def clauses(sentence: str) -> list[Clause]:
    """The sentence's clauses, each marked as the freelancer's own statement or not.

    A clause without a pronoun of its own belongs to the sentence's speaker when the
    sentence speaks for the freelancer and the clause does not address the client."""
    sentence_is_own = speaks_for_self(sentence)
    parts = [p for p in _CLAUSE_BREAK.split(sentence) if p and p.strip()]
    found: list[Clause] = []
    for part in parts:
        own = speaks_for_self(part) or (sentence_is_own and not addresses_client(part))
        found.append(Clause(part, own, bool(_NEGATION.search(part))))
    return found


# --------------------------------------------------------------------------- numbers

_WORD_NUMBERS: dict[str, str] = {
    **dict.fromkeys(["one", "один", "одна", "одне", "одного", "одну", "одній"], "1"),
    **dict.fromkeys(["two", "два", "дві", "двох", "двом"], "2"),
    **dict.fromkeys(["three", "три", "трьох", "трьом"], "3"),
    **dict.fromkeys(["four", "чотири", "чотирьох"], "4"),
    **dict.fromkeys(["five", "п'ять", "п’ять", "пять", "п'яти", "п’яти"], "5"),
    **dict.fromkeys(["six", "шість", "шести"], "6"),
    **dict.fromkeys(["seven", "сім", "семи"], "7"),
    **dict.fromkeys(["eight", "вісім", "восьми"], "8"),
    **dict.fromkeys(["nine", "дев'ять", "дев’ять", "дев'яти", "дев’яти"], "9"),
    **dict.fromkeys(["ten", "a decade", "десять", "десяти", "десятиліття"], "10"),
    **dict.fromkeys(["eleven", "одинадцять"], "11"),
    **dict.fromkeys(["twelve", "a dozen", "дванадцять"], "12"),
    **dict.fromkeys(["fifteen", "п'ятнадцять", "п’ятнадцять"], "15"),
    **dict.fromkeys(["twenty", "двадцять"], "20"),
    **dict.fromkeys(["thirty", "тридцять"], "30"),
    **dict.fromkeys(["fifty", "п'ятдесят", "п’ятдесят"], "50"),
    **dict.fromkeys(["hundred", "a hundred", "сто"], "100"),
}
_WORDS_ALT = "|".join(sorted((re.escape(w) for w in _WORD_NUMBERS), key=len, reverse=True))
_NUMBER = re.compile(
    rf"(?<![\w.,'’])(?:(\d+(?:[.,]\d+)?)|({_WORDS_ALT}))(?![\w'’])"
    r"(?:\s*\+|\s*(?:plus|or more))?",
    re.IGNORECASE,
)
_UNIT_SYNONYMS: dict[str, str] = {
    **dict.fromkeys(
        ["year", "years", "yrs", "yr", "рік", "роки", "років", "року", "decade", "десятиліття"],
        "year",
    ),
    **dict.fromkeys(["month", "months", "місяць", "місяці", "місяців", "місяця"], "month"),
    **dict.fromkeys(["%", "percent", "per cent", "відсотків", "відсотки", "відсоток"], "%"),
    **dict.fromkeys(["x", "times", "рази", "разів", "раз"], "x"),
}


def _set(words: str) -> frozenset[str]:
    return frozenset(words.split())


# Terms of the offer, not claims about the past: a timeline, hours, a rate.
_OFFER_UNITS = _set(
    "day days week weeks hour hours hrs h minute minutes min sprint sprints call calls "
    "день дні днів дня тиждень тижні тижнів тижня годину години годин хвилин хвилини дзвінок "
    "usd $ dollars доларів minut sprin дзвін тижде хвили годин"
)
_STOP = _set(
    "a an the of in on at for to with and or by from + - plus more than over about around "
    "of my our your their its this that these those such які з у в на для та і й до від по "
    "понад більше ніж близько майже"
)
_TOKEN = re.compile(r"%|[\w'’$]+")


def _unit(word: str) -> str:
    word = word.casefold()
    return _UNIT_SYNONYMS.get(word, word[:5])


@dataclass(frozen=True)
class Quantity:
    """A number as written ("15 years", "fifteen") with what it counts ("year", "%", "clien")."""

    written: str
    value: str
    units: frozenset[str]  # the stems of the next two content words ("%" for percent)
    first: str  # the stem of the first of them ("year" in "15+ years of Django")
    before: str  # the word just before, lower-cased ("postgresql" in "PostgreSQL 15")

    @property
    def is_money(self) -> bool:
        return self.before in {"$", "usd", "€", "£"} or bool(self.units & _CURRENCIES)

    @property
    def is_tenure(self) -> bool:
        return self.first in {"year", "month"} and not self.is_money

    @property
    def is_offer(self) -> bool:
        """A timeline or a rate ("in 6 weeks", "$45 per hour"), not a claim about the past."""
        if self.is_money:
            return bool(self.units & _RATE_WORDS)
        return self.first in _OFFER_UNITS


_CURRENCIES = _set("usd dollars dolla eur euros євро долар гривень грн")
_RATE_WORDS = _set("hour hr h per hourl fixed budge total flat годин годину за ставк")


def _value(digits: str) -> str:
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+", digits):  # 2,000
        return digits.replace(",", "")
    return digits.replace(",", ".")  # 4,2 is how Ukrainian writes 4.2


def quantities(text: str) -> list[Quantity]:
    """Every number in `text`, digits or words, with the words around it."""
    found: list[Quantity] = []
    for match in _NUMBER.finditer(text):
        digits, word = match.group(1), match.group(2)
        value = _value(digits) if digits else _WORD_NUMBERS[word.casefold()]
        after = re.split(r"[.;:!?\n(]", text[match.end() :], maxsplit=1)[0]
        words = [w for w in _TOKEN.findall(after)[:4] if w.casefold() not in _STOP]
        stems = [_unit(w) for w in words[:2]]
        if after.startswith("%"):
            stems = ["%"]
        elif re.match(r"\s*[xх×](?!\w)", after):
            stems = ["x"]
        if word and word.casefold() == "a decade":
            stems = ["year", *stems]
        before_words = _TOKEN.findall(text[: match.start()])
        before = before_words[-1].casefold() if before_words else ""
        if text[: match.start()].rstrip().endswith(("$", "€", "£")):
            before = "$"
        written = " ".join(match.group(0).split())
        unit_word = re.match(r"\s*(%|[\w'’]+)", after)
        if unit_word and _UNIT_SYNONYMS.get(unit_word.group(1).casefold()):
            written = f"{written}{'' if unit_word.group(1) == '%' else ' '}{unit_word.group(1)}"
        first = stems[0] if stems else ""
        found.append(Quantity(written, value, frozenset(stems), first, before))
    return found


def version_like(quantity: Quantity, names: set[str]) -> bool:
    """ "Django 4.2", "PostgreSQL 15": a version of a named tool, not a count of anything."""
    return quantity.before in names and quantity.first not in {"year", "month", "%", "x"}


def backed_by(quantity: Quantity, known: Sequence[Quantity], *, value_only: bool = False) -> bool:
    """Whether a number from the profile (or the job) says the same: equal value and a word
    in common about what it counts ("15 years" is not backed by "PostgreSQL 15")."""
    for other in known:
        if other.value != quantity.value:
            continue
        if quantity.is_tenure:
            if quantity.first == other.first:
                return True
        elif value_only or not quantity.units or quantity.units & other.units:
            return True
    return False


# --------------------------------------------------------------------------- contacts

_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_URL = re.compile(
    r"(?:https?://|www\.)[^\s<>\"')\]]+|\b[\w-]+\.(?:com|io|dev|net|org|app)/[^\s<>\"')\]]*", re.I
)
_HANDLE = re.compile(
    r"(?<![\w@.])@[A-Za-z][\w.]{2,}|\b(?:t\.me|wa\.me|telegram\.me)/\S+|"
    r"\b(?:skype|telegram|whatsapp|viber|signal|discord|телеграм|вайбер)\s*[:\-]?\s*[@+]?[\w.+-]{3,}",
    re.IGNORECASE,
)
_PHONE = re.compile(r"(?<![\w])\+?\d[\d\s().-]{7,}\d(?!\w)")


def contacts(text: str) -> list[str]:
    """E-mail addresses, links, messenger handles and phone numbers in `text`."""
    found: list[str] = []
    for pattern in (_EMAIL, _URL, _HANDLE, _PHONE):
        for match in pattern.finditer(text):
            value = match.group(0).rstrip(".,;:!?")
            if not any(value in seen for seen in found):
                found.append(value)
    return found


def is_link(contact: str) -> bool:
    """A web link (a portfolio page), not an address to write to or a number to call."""
    return bool(_URL.fullmatch(contact)) and not _EMAIL.search(contact)


def url_key(url: str) -> str:
    """A link without scheme, "www." and trailing slash, for comparing two spellings."""
    return re.sub(r"^(?:https?://)?(?:www\.)?", "", url.casefold()).rstrip("/")
