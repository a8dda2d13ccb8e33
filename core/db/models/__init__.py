"""Every table of the data model; importing this module registers them all."""

from core.db.base import Base
from core.db.models.activity import AIRequest, AuditLog, Event, OAuthState
from core.db.models.enums import (
    AccountStatus,
    DeliveryMode,
    ExperienceLevel,
    JobType,
    MatchStatus,
    ProposalOutcome,
    ProposalStatus,
)
from core.db.models.freelancer_profile import FreelancerProfile
from core.db.models.job import Job, JobAnalysis
from core.db.models.match import Match
from core.db.models.proposal import Proposal
from core.db.models.search_profile import SearchProfile
from core.db.models.security import RecoveryCode
from core.db.models.taste import TasteEvent, TasteModel, TastePrior, TasteSuggestion
from core.db.models.upwork_account import UpworkAccount
from core.db.models.user import User

__all__ = [
    "AIRequest",
    "AccountStatus",
    "AuditLog",
    "DeliveryMode",
    "Event",
    "ExperienceLevel",
    "FreelancerProfile",
    "Job",
    "JobAnalysis",
    "JobType",
    "Match",
    "MatchStatus",
    "OAuthState",
    "Proposal",
    "ProposalOutcome",
    "ProposalStatus",
    "RecoveryCode",
    "SearchProfile",
    "TasteEvent",
    "TasteModel",
    "TastePrior",
    "TasteSuggestion",
    "UpworkAccount",
    "User",
]

# Ids are never handed out twice: SQLite otherwise reuses the largest id after a delete,
# and an erased user's id would pass to the next newcomer (PostgreSQL never reuses).
for _table in Base.metadata.tables.values():
    if "id" in _table.c and _table.c.id.autoincrement is True:
        _table.dialect_kwargs["sqlite_autoincrement"] = True
