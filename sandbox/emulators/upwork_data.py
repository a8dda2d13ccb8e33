"""In-memory state of the Upwork emulator: users, tokens, rooms, contracts, proposals."""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

# Scope keys used by the emulator, with the permission names shown on Upwork's API key form.
# The first two and the last are real names; the others are plausible stand-ins.
SCOPES: dict[str, str] = {
    "common:read": "Common Entities - Read-Only Access",
    "jobs:read": "Read marketplace Job Postings",
    "profile:read": "Freelancer Profile - Read-Only Access",
    "messages:read": "Messages - Read-Only Access",
    "workdiary:read": "Work Diary and Time Sheet - Read-Only Access",
    "proposals:read": "Job Proposals - Read-Only Access",
    "proposals:submit": "Submit Proposal",
}
READ_SCOPES: frozenset[str] = frozenset(s for s in SCOPES if s != "proposals:submit")
ALL_SCOPES: frozenset[str] = frozenset(SCOPES)

UPWORK_EPOCH_MS = 1_262_304_000_000  # 2010-01-01, base of the snowflake-like ids


def fmt_upwork_dt(ts: float) -> str:
    """The job-search date format: ``2025-10-16T06:06:47+0000``."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y-%m-%dT%H:%M:%S+0000")


def fmt_day(ts: float) -> str:
    """Work diary dates: ``yyyyMMdd`` in UTC."""
    return datetime.fromtimestamp(ts, UTC).strftime("%Y%m%d")


def date_time_obj(ts: float) -> dict[str, str]:
    """The ``DateTime`` object type: rawValue is epoch seconds as a string."""
    return {
        "rawValue": str(int(ts)),
        "displayValue": datetime.fromtimestamp(ts, UTC).isoformat().replace("+00:00", "Z"),
    }


def money(value: float | str | None, currency: str = "USD") -> dict[str, str]:
    """``Money`` with Upwork's string rawValue ("0.0" when not set)."""
    raw = "0.0" if value in (None, "") else str(float(value))
    return {"rawValue": raw, "currency": currency, "displayValue": raw}


def snowflake(ts: float, seq: int) -> str:
    """A 19-digit numeric id that grows with time, like Upwork's job and story ids."""
    return str(((int(ts * 1000) - UPWORK_EPOCH_MS) << 22) | (seq & 0x3FFFFF))


def new_token(prefix: str) -> str:
    return prefix + secrets.token_hex(16)


@dataclass
class EmulatedUser:
    id: str
    nid: str
    rid: str
    name: str
    email: str
    profile_key: str
    org_id: str
    title: str = "Python developer"
    overview: str = ""
    skills: list[str] = field(default_factory=list)
    hourly_rate: float = 40.0
    country: str = "Ukraine"
    city: str = "Kyiv"
    timezone: str = "Europe/Kyiv"
    job_success_score: float = 96.0
    total_hours: float = 1240.0
    total_jobs: int = 37

    @property
    def first_name(self) -> str:
        return self.name.split(" ")[0]

    @property
    def last_name(self) -> str:
        parts = self.name.split(" ", 1)
        return parts[1] if len(parts) > 1 else ""

    @property
    def public_url(self) -> str:
        return f"https://www.upwork.com/freelancers/{self.profile_key}"

    def user_node(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "nid": self.nid,
            "rid": self.rid,
            "name": self.name,
            "email": self.email,
            "photoUrl": f"https://www.upwork.com/profile-portraits/c1{self.rid}.jpg",
            "ciphertext": self.profile_key,
        }

    def organization_node(self) -> dict[str, Any]:
        """The freelancer's personal organization ([UTN-E]: what teamOrgId takes)."""
        return {"id": self.org_id, "rid": str(int(self.rid) + 1), "name": self.name}

    def profile_node(self) -> dict[str, Any]:
        """FreelancerProfile: skills is a connection of Skill nodes ([UN-T])."""
        return {
            "fullName": self.name,
            "firstName": self.first_name,
            "lastName": self.last_name,
            "personalData": {
                "firstName": self.first_name,
                "lastName": self.last_name,
                "title": self.title,
                "description": self.overview,
                "chargeRate": money(self.hourly_rate),
                "profileUrl": self.public_url,
            },
            "skills": {
                "edges": [
                    {
                        "node": {
                            "id": str(1_031_626_700_000_000_000 + i),
                            "ontologyId": "upwork:" + re.sub(r"[^a-z0-9]", "", s.lower()),
                            "preferredLabel": s,
                            # A legacy skill's pretty name; not every skill has one.
                            "prettyName": s if i % 2 == 0 else None,
                        }
                    }
                    for i, s in enumerate(self.skills)
                ]
            },
        }


@dataclass
class AuthCode:
    code: str
    client_id: str
    redirect_uri: str
    user_id: str
    scopes: frozenset[str]
    code_challenge: str | None
    expires_at: float
    used: bool = False


@dataclass
class AccessToken:
    token: str
    user_id: str
    client_id: str
    scopes: frozenset[str]
    expires_at: float
    revoked: bool = False


@dataclass
class RefreshToken:
    token: str
    user_id: str
    client_id: str
    scopes: frozenset[str]
    expires_at: float
    superseded_at: float | None = None
    replaced_by: str | None = None


@dataclass
class Story:
    id: str
    room_id: str
    user_id: str
    user_name: str
    message: str
    created_ts: float
    org_name: str | None = None


@dataclass
class Room:
    id: str
    owner_id: str
    name: str
    topic: str = ""
    room_type: str = "ONE_ON_ONE"
    contract_id: str | None = None
    proposal_id: str | None = None
    created_ts: float = 0.0
    num_unread: int = 0
    offer_ids: list[str] = field(default_factory=list)
    stories: list[Story] = field(default_factory=list)


@dataclass
class DiaryCell:
    ts: float
    memo: str = ""
    manual: bool = False
    overtime: bool = False
    activity_level: int = 7


@dataclass
class Contract:
    id: str
    user_id: str
    title: str
    client_name: str
    hourly_rate: float | None = 40.0
    fixed_amount: float | None = None
    status: str = "ACTIVE"
    cells: list[DiaryCell] = field(default_factory=list)

    @property
    def job_type(self) -> str:
        return "HOURLY" if self.hourly_rate is not None else "FIXED"


@dataclass
class Proposal:
    id: str
    user_id: str
    job_id: str
    job_title: str
    job_description: str
    job_type: str
    cover_letter: str
    charge_rate: float | None
    created_ts: float
    modified_ts: float
    status: str = "Pending"
    client_name: str = "Client"
    estimated_duration: str | None = None
    room_id: str | None = None
    # What createJobProposal received, as sent (tests check the inputs).
    submitted_input: dict[str, Any] = field(default_factory=dict)
