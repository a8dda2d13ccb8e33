"""`score >= N` means the same whoever scores: a model judges only the skills-and-scope
points and code adds the rest with the weights in core.ai.fit_weights, which the offline
scorer uses too (it has no copy of its own). Checked on the 30 job/profile pairs of
tests/fixtures/offline_ai_cases.json through the AI service, with the OpenAI and Anthropic
emulators answering the same skills judgement the offline scorer makes."""

from __future__ import annotations

import pytest
from sqlalchemy.ext.asyncio import AsyncSession, async_sessionmaker

from core.ai import fit_weights
from core.ai.inputs import SearchInput
from core.ai.offline import analyse, score, skills_estimate
from core.ai.service import AIService
from core.config.settings import AIProvider
from sandbox.emulators.anthropic_api import AnthropicEmulator
from sandbox.emulators.openai_api import OpenAIEmulator
from tests.infra.ai import PAIRS, job_input, make_settings, profile_input

THRESHOLDS = [floor for floor, _ in fit_weights.BANDS] + [50, 70]


async def test_every_provider_gives_a_pair_the_same_score(
    sessions: async_sessionmaker[AsyncSession],
    emulators: tuple[OpenAIEmulator, AnthropicEmulator],
) -> None:
    openai_emu, anthropic_emu = emulators
    services = {
        provider: AIService(make_settings(*emulators, [provider]), sessions)
        for provider in (AIProvider.OPENAI, AIProvider.ANTHROPIC, AIProvider.OFFLINE)
    }
    scores: list[int] = []
    for profile_name, case in PAIRS:
        job, profile = job_input(case), profile_input(profile_name)
        analysis = analyse(job)
        search = SearchInput(include_keywords=profile.skills[:2])
        judged = skills_estimate(job, analysis, profile)
        answer = {"reasons": [judged.reason], "skills_score": judged.points}
        openai_emu.responder = anthropic_emu.responder = lambda request, a=answer: a
        results = {
            provider: await service.score_fit(
                job, analysis, profile, search, user_id=None, ledger=[]
            )
            for provider, service in services.items()
        }
        assert {r.provider for r in results.values()} == {"openai", "anthropic", "offline"}
        values = {r.value.score for r in results.values()}
        assert len(values) == 1, (case["id"], profile_name, results)
        [value] = values
        assert value == score(job, analysis, profile, search).score
        for n in THRESHOLDS:  # so any `score>=N` filter keeps or drops the job for all three
            assert len({r.value.score >= n for r in results.values()}) == 1
        scores.append(value)
    for service in services.values():
        await service.close()
    assert openai_emu.request_count == anthropic_emu.request_count == len(PAIRS)
    assert len({fit_weights.band(s) for s in scores}) == 4  # the pairs cover every band


def test_the_offline_scorer_reads_the_shared_weights(monkeypatch: pytest.MonkeyPatch) -> None:
    """A change in core.ai.fit_weights moves the offline score by the same points as a
    model's: there is no second copy of the weights."""
    profile_name, case = PAIRS[0]
    job, profile = job_input(case), profile_input(profile_name)
    analysis, search = analyse(job), SearchInput()
    judged = skills_estimate(job, analysis, profile).points
    before = score(job, analysis, profile, search).score
    assert before == fit_weights.total(judged, job, analysis, profile, search)
    risk = analysis.client_risk
    monkeypatch.setitem(fit_weights.CLIENT_POINTS, risk, fit_weights.CLIENT_POINTS[risk] - 7)
    monkeypatch.setattr(fit_weights, "SEARCH_NO_TERMS", fit_weights.SEARCH_NO_TERMS - 3)
    after = score(job, analysis, profile, search).score
    assert after == fit_weights.total(judged, job, analysis, profile, search) == before - 10
