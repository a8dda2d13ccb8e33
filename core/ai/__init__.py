"""The AI layer: one provider interface (OpenAI, Anthropic, offline), fallback in the order
of AI_PROVIDERS, every call recorded in `ai_requests`.

Importing this package does not import the OpenAI or Anthropic SDKs; the providers import
them when they are built.
"""

from core.ai.grounding import GroundedDraft, ground
from core.ai.inputs import DraftRequest, JobInput, ProfileInput, SearchInput
from core.ai.offline import OfflineProvider
from core.ai.pricing import cost_usd
from core.ai.provider import AIProviderClient, AIProviderError, Completion, TaskInputs
from core.ai.provider_setup import build_providers
from core.ai.schemas import FitScore, JobAnalysis, ProposalDraft, ScreeningAnswer
from core.ai.service import AIResult, AIService, AIUnavailableError
from core.ai.strict_schema import strict_json_schema

__all__ = [
    "AIProviderClient",
    "AIProviderError",
    "AIResult",
    "AIService",
    "AIUnavailableError",
    "Completion",
    "DraftRequest",
    "FitScore",
    "GroundedDraft",
    "JobAnalysis",
    "JobInput",
    "OfflineProvider",
    "ProfileInput",
    "ProposalDraft",
    "ScreeningAnswer",
    "SearchInput",
    "TaskInputs",
    "build_providers",
    "cost_usd",
    "ground",
    "strict_json_schema",
]
