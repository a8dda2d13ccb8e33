"""A text's language from its script and its commonest words, without a model."""

from __future__ import annotations

import re

_SCRIPTS: tuple[tuple[str, str], ...] = (
    ("ar", "\u0600-\u06ff"),
    ("he", "\u0590-\u05ff"),
    ("el", "\u0370-\u03ff"),
    ("hi", "\u0900-\u097f"),
    ("th", "\u0e00-\u0e7f"),
    ("ko", "\uac00-\ud7af"),
    ("ja", "\u3040-\u30ff"),
    ("zh", "\u4e00-\u9fff"),
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_STOPWORDS: dict[str, frozenset[str]] = {
    "en": _words("the and for with you are this that will have need our"),
    "es": _words("el los las para con que una por del necesitamos estamos"),
    "de": _words("der die das und mit für ist wir sie nicht eine suchen"),
    "fr": _words("le les des pour avec est nous une dans vous sur cherchons"),
    "pt": _words("os as para com uma não são você estamos precisamos"),
    "it": _words("il gli per con una sono che della cerchiamo abbiamo"),
    "pl": _words("na się jest dla nie oraz szukamy potrzebujemy który"),
    "nl": _words("de het een voor met zijn wij niet naar zoeken"),
}
_UK_WORDS = _words("що як це для та або потрібно шукаємо розробник також")
_RU_WORDS = _words("что как это для или нужно ищем разработчик также")


def detect_language(text: str) -> str:
    """A best guess at the ISO 639-1 code of `text`; "en" when unsure."""
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    cyrillic = sum(1 for c in letters if "\u0400" <= c <= "\u04ff")
    if cyrillic * 3 > len(letters):
        return _cyrillic_language(text.lower())
    for code, chars in _SCRIPTS:
        if len(re.findall(f"[{chars}]", text)) * 3 > len(letters):
            return code
    words = re.findall(r"[^\W\d_]+", text.lower())
    counts = {code: sum(1 for w in words if w in stop) for code, stop in _STOPWORDS.items()}
    best = max(counts, key=lambda code: counts[code])
    return best if counts[best] > counts["en"] else "en"


def _cyrillic_language(text: str) -> str:
    words = re.findall(r"[^\W\d_]+", text)
    uk = sum(text.count(c) for c in "іїєґ") + 2 * sum(1 for w in words if w in _UK_WORDS)
    ru = sum(text.count(c) for c in "ыэъё") + 2 * sum(1 for w in words if w in _RU_WORDS)
    return "ru" if ru > uk else "uk"
