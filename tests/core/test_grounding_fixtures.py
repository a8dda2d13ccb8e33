"""The grounding check against labelled sentences: at least 95 % right in each language."""

from __future__ import annotations

import pytest

from core.ai.grounding import Grounder
from tests.grounding_fixtures import ANALYSIS, ENGLISH, JOB, PROFILE, REMOVE, UKRAINIAN

TARGET = 0.95


@pytest.mark.parametrize(("language", "cases"), [("en", ENGLISH), ("uk", UKRAINIAN)])
def test_grounding_fixture_accuracy(language: str, cases: list[tuple[str, str]]) -> None:
    assert len(cases) >= 50
    grounder = Grounder(PROFILE, JOB, ANALYSIS.model_copy(update={"language": language}))
    failures = []
    for sentence, label in cases:
        findings = grounder.findings(sentence)
        if bool(findings) != (label == REMOVE):
            failures.append(f"expected {label}: {sentence!r} -> {findings}")
    accuracy = 1 - len(failures) / len(cases)
    print(f"\n{language}: {accuracy:.1%} of {len(cases)}", *failures, sep="\n  ")
    assert accuracy >= TARGET, "\n".join(failures)


def test_the_fixture_set_is_large_and_balanced() -> None:
    cases = ENGLISH + UKRAINIAN
    assert len(cases) >= 100
    for language in (ENGLISH, UKRAINIAN):
        removes = sum(label == REMOVE for _, label in language)
        assert 0.3 < removes / len(language) < 0.7
