from __future__ import annotations

import enum


class AccountStatus(enum.StrEnum):
    ACTIVE = "active"
    NEEDS_RELINK = "needs_relink"
    UNLINKED = "unlinked"


class JobType(enum.StrEnum):
    HOURLY = "hourly"
    FIXED = "fixed"


class ExperienceLevel(enum.StrEnum):
    ENTRY = "entry"
    INTERMEDIATE = "intermediate"
    EXPERT = "expert"


class DeliveryMode(enum.StrEnum):
    INSTANT = "instant"
    DIGEST = "digest"


class MatchStatus(enum.StrEnum):
    NEW = "new"
    ALERTED = "alerted"
    SKIPPED = "skipped"
    DRAFTING = "drafting"
    DRAFTED = "drafted"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    REJECTED = "rejected"


class ProposalStatus(enum.StrEnum):
    DRAFT = "draft"
    SUPERSEDED = "superseded"
    APPROVED = "approved"
    SUBMITTED = "submitted"
    REJECTED = "rejected"


class ProposalOutcome(enum.StrEnum):
    VIEWED = "viewed"
    REPLIED = "replied"
    HIRED = "hired"
