"""Both languages say the same things (same message ids, same variables), every text renders
as Telegram HTML without Fluent's isolation marks, and counts take real plural forms."""

from __future__ import annotations

import pytest
from fluent.syntax import FluentParser, Visitor, ast

from core.i18n import LANGUAGES, LOCALES, TextError, Texts
from sandbox.emulators.telegram_markup import parse_html

# "Edit as text" sends an unescaped `age<=6h`; its fix belongs to the issue-13 branch
# (i13-telegram). Drop this exemption when that lands.
FIXED_ELSEWHERE = {"filters.send_line"}
ISOLATION_MARKS = ("\u2068", "\u2069")


class _Variables(Visitor):
    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.names.add(node.id.name)


def _messages(language: str) -> dict[str, set[str]]:
    """Message id: its variables, read from the .ftl files with Fluent's own parser."""
    messages: dict[str, set[str]] = {}
    for path in sorted((LOCALES / language).glob("*.ftl")):
        resource = FluentParser().parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            assert not isinstance(entry, ast.Junk), (path.name, entry.content)
            if isinstance(entry, ast.Message):
                assert entry.id.name not in messages, entry.id.name
                collect = _Variables()
                collect.visit(entry)
                messages[entry.id.name] = collect.names
    return messages


def _files(language: str) -> set[str]:
    return {path.name for path in (LOCALES / language).glob("*.ftl")}


def test_both_languages_have_the_same_messages_and_variables() -> None:
    english, ukrainian = _messages("en"), _messages("uk")
    assert len(english) > 300
    assert set(english) == set(ukrainian)
    for message_id, variables in english.items():
        assert variables == ukrainian[message_id], message_id
    assert _files("en") == _files("uk") and "offline_drafts.ftl" in _files("en")


def _sample(texts: Texts, key: str, count: int = 3, value: str = "x") -> dict[str, object]:
    counts = texts.counts(key)
    return {name: count if name in counts else value for name in texts.variables(key)}


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_text_renders_as_html_telegram_accepts(language: str) -> None:
    texts = Texts(language)
    assert len(texts.all_keys()) == len(_messages(language))
    for key in texts.all_keys():
        for count in (0, 1, 2, 5, 11, 21, 1000):
            filled = texts(key, **_sample(texts, key, count))
            assert filled.strip() and not any(mark in filled for mark in ISOLATION_MARKS), key
            assert "\ue000" not in filled and "\ue001" not in filled, key  # value markers
            if key not in FIXED_ELSEWHERE:
                parse_html(filled)  # raises "can't parse entities" like Telegram would


@pytest.mark.parametrize("language", LANGUAGES)
def test_values_go_in_as_they_are(language: str) -> None:
    """What str.format put in: no isolation marks, no number grouping, and values longer
    than Fluent's 2,500-character limit for a placeable."""
    texts = Texts(language)
    assert texts("budget.raise", amount=1000).endswith(("$1000 today", "$1000 сьогодні"))
    assert "budget>=1000" in texts("suggest.min_budget", count=2, amount=1000)
    assert " 1000 " in texts("digest.title", count=1000) + " "  # a count is not grouped either
    long = "a" * 5000
    assert long in texts("outcome.replied", title="T", message=long)
    assert texts("workdiary.total", hours=7.5) in {"Total: <b>7.5</b> h", "Разом: <b>7.5</b> год"}


PLURALS = {
    "en": {
        ("digest.title", "count"): {
            0: "0 matching jobs", 1: "1 matching job", 2: "2 matching jobs", 5: "5 matching jobs",
            11: "11 matching jobs", 21: "21 matching jobs",
        },
        ("alert.proposals", "count"): {
            0: "📨 0 proposals so far", 1: "📨 1 proposal so far", 2: "📨 2 proposals so far",
            5: "📨 5 proposals so far", 11: "📨 11 proposals so far", 21: "📨 21 proposals so far",
        },
        ("fw.hires", "hires"): {
            0: "at least 0 hires", 1: "at least 1 hire", 2: "at least 2 hires",
            5: "at least 5 hires", 11: "at least 11 hires", 21: "at least 21 hires",
        },
        ("taste.title", "count"): {
            0: "your 0 decisions", 1: "your 1 decision", 2: "your 2 decisions",
            5: "your 5 decisions", 11: "your 11 decisions", 21: "your 21 decisions",
        },
    },
    "uk": {
        ("digest.title", "count"): {
            0: "0 вакансій", 1: "1 вакансія", 2: "2 вакансії", 5: "5 вакансій",
            11: "11 вакансій", 21: "21 вакансія",
        },
        ("alert.proposals", "count"): {
            0: "0 пропозицій", 1: "1 пропозиція", 2: "2 пропозиції", 5: "5 пропозицій",
            11: "11 пропозицій", 21: "21 пропозиція",
        },
        ("fw.hires", "hires"): {
            0: "щонайменше 0 разів", 1: "щонайменше 1 раз", 2: "щонайменше 2 рази",
            5: "щонайменше 5 разів", 11: "щонайменше 11 разів", 21: "щонайменше 21 раз",
        },
        ("suggest.exclude_word", "count"): {
            0: "пропустили 0 замовлень", 1: "пропустили 1 замовлення",
            2: "пропустили 2 замовлення", 5: "пропустили 5 замовлень",
            11: "пропустили 11 замовлень", 21: "пропустили 21 замовлення",
        },
    },
}  # fmt: skip
CASES = [
    (language, key, variable, count, expected)
    for language, texts in PLURALS.items()
    for (key, variable), forms in texts.items()
    for count, expected in forms.items()
]


@pytest.mark.parametrize(("language", "key", "variable", "count", "expected"), CASES)
def test_counts_take_the_plural_form_of_the_language(
    language: str, key: str, variable: str, count: int, expected: str
) -> None:
    texts = Texts(language)
    text = texts(key, **{**_sample(texts, key), variable: count})
    assert expected in text, text
    if language == "uk" and count % 10 == 1 and count != 11:  # one: no many-form anywhere
        assert "вакансій" not in text and "пропозицій" not in text


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_count_is_a_plural_choice(language: str) -> None:
    """No "1 matching jobs" or "claim(s)": a text that shows a count chooses its form."""
    texts = Texts(language)
    for key in ("digest.title", "email.digest_subject", "draft.removed", "taste.title"):
        assert texts.counts(key), key
    for key in texts.all_keys():
        assert "(s)" not in texts(key, **_sample(texts, key)), key


def test_a_count_must_be_a_number_and_unknown_languages_get_english() -> None:
    with pytest.raises(TextError):
        Texts("uk")("digest.title", count="3")
    with pytest.raises(TextError):
        Texts("en")("start.back")  # $name is missing
    assert Texts("de").language == "en"
    assert Texts("de")("language.set") == "Language set to English."
