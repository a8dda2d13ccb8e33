"""User-facing texts in English and Ukrainian, from the Fluent files in locales/<language>/.

A text's key is its Fluent message id with dots for dashes ("draft.reason.other" is
`draft-reason-other`): Fluent ids cannot hold dots. Values go into the text as str.format
put them; a count that picks a plural form (a select expression's selector) must be a number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from fluent.runtime import FluentBundle
from fluent.runtime.types import fluent_number
from fluent.syntax import FluentParser, Visitor, ast

LOCALES = Path(__file__).parent / "locales"
LANGUAGES = ("en", "uk")
FALLBACK = "en"


class TextError(ValueError):
    """A text that Fluent cannot render (a missing variable, a broken file)."""


# Values go into the Fluent text as these markers and replace them afterwards, in one pass
# (a value is never read for markers): Fluent refuses a placeable over 2,500 characters (its
# guard against runaway nested messages), and a job post or a draft can be longer.
_MARKER = re.compile("\ue000(\\d+)\ue001")


@dataclass(frozen=True)
class Catalogue:
    bundle: FluentBundle
    variables: dict[str, frozenset[str]]  # message id: the variables it uses
    counts: dict[str, frozenset[str]]  # message id: the variables that pick a plural form


class _Variables(Visitor):
    def __init__(self) -> None:
        self.found: set[str] = set()
        self.counts: set[str] = set()

    def visit_VariableReference(self, node: ast.VariableReference) -> None:
        self.found.add(node.id.name)

    def visit_SelectExpression(self, node: ast.SelectExpression) -> None:
        if isinstance(node.selector, ast.VariableReference):
            self.counts.add(node.selector.id.name)
        self.generic_visit(node)


@cache
def catalogue(language: str) -> Catalogue:
    """The language's messages, parsed on first use (the bot, workers and API each need
    one or two languages, some never)."""
    bundle = FluentBundle([language], use_isolating=False)  # no U+2068/U+2069 in Telegram
    variables: dict[str, frozenset[str]] = {}
    counts: dict[str, frozenset[str]] = {}
    for path in sorted((LOCALES / language).glob("*.ftl")):
        resource = FluentParser(with_spans=False).parse(path.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, ast.Junk):
                raise TextError(f"{path.name}: {entry.annotations[0].message}: {entry.content}")
            if isinstance(entry, ast.Message):
                if entry.id.name in variables:
                    raise TextError(f"{path.name}: {entry.id.name} is defined twice")
                collect = _Variables()
                collect.visit(entry)
                variables[entry.id.name] = frozenset(collect.found)
                counts[entry.id.name] = frozenset(collect.counts)
        bundle.add_resource(resource)
    return Catalogue(bundle, variables, counts)


class Texts:
    """Texts in one language, falling back to English for a missing key."""

    def __init__(self, language: str) -> None:
        self.language = language if language in LANGUAGES else FALLBACK

    def __call__(self, key: str, **values: Any) -> str:
        message_id = key.replace(".", "-")
        found = catalogue(self.language)
        if not found.bundle.has_message(message_id):
            found = catalogue(FALLBACK)
        message = found.bundle.get_message(message_id)  # KeyError for an unknown key
        if message.value is None:
            raise TextError(f"{key} has no value")
        arguments: dict[str, Any] = {}
        inserted: list[str] = []
        for name, value in values.items():
            if name not in found.counts[message_id]:
                arguments[name] = f"\ue000{len(inserted)}\ue001"
                inserted.append(format(value, ""))  # exactly what str.format put in
            elif isinstance(value, int | float) and not isinstance(value, bool):
                # 1000, not 1,000: numbers read the same in every text (and as in /filters)
                arguments[name] = fluent_number(value, useGrouping=False)
            else:  # a plural form cannot be picked for "3" or None
                raise TextError(f"{key}: {name} must be a number, not {value!r}")
        text, errors = found.bundle.format_pattern(message.value, arguments)
        if errors:
            raise TextError(f"{key}: {errors[0]}")
        return _MARKER.sub(lambda marker: inserted[int(marker[1])], str(text))

    def all_keys(self) -> list[str]:
        """Every text's key in this language."""
        return [message_id.replace("-", ".") for message_id in catalogue(self.language).variables]

    def knows(self, key: str) -> bool:
        return key.replace(".", "-") in catalogue(self.language).variables

    def variables(self, key: str) -> frozenset[str]:
        """The values the text takes."""
        return catalogue(self.language).variables[key.replace(".", "-")]

    def counts(self, key: str) -> frozenset[str]:
        """The values that must be numbers: they pick the text's plural form."""
        return catalogue(self.language).counts[key.replace(".", "-")]
