"""State of the Upwork emulator: clock, users, tokens, jobs, rooms, contracts, proposals.

``UpworkEmulator`` (in ``upwork.py``) serves this state over HTTP; tests can also drive it
directly through the helpers below.
"""

from __future__ import annotations

import random
import re
import time
import zlib
from collections.abc import Callable, Iterable
from typing import Any

from sandbox.emulators.upwork_data import (
    READ_SCOPES,
    AccessToken,
    AuthCode,
    Contract,
    DiaryCell,
    EmulatedUser,
    Proposal,
    RefreshToken,
    Room,
    Story,
    new_token,
    snowflake,
)
from sandbox.emulators.upwork_jobs import (
    apply_overrides,
    build_job,
    generate_spec,
    load_sample_specs,
)
from sandbox.emulators.upwork_sample import add_sample_activity
from sandbox.emulators.upwork_search import DEFAULT_IGNORED_FILTERS, DEFAULT_SEARCH_RESULT_CAP


class UpworkState:
    """Everything the emulated Upwork knows, with an injectable clock."""

    def __init__(
        self,
        client_id: str,
        *,
        seed: int,
        sample_jobs: bool,
        sample_activity: bool,
        grant_scopes: Iterable[str] | None,
    ) -> None:
        self.client_id = client_id
        self.grant_scopes: set[str] = set(READ_SCOPES if grant_scopes is None else grant_scopes)
        self.access_token_ttl = 86400
        self.refresh_token_ttl = 14 * 86400
        # A rotated refresh token stays usable this long (observed on Upwork); tests set 0
        # to show nothing relies on it.
        self.refresh_grace = 86400
        # RFC 6749 section 6: a refresh answer MAY carry a new refresh_token. Public Upwork
        # clients meet answers without one (Christopher-I/Upwork-App,
        # OAUTH_TOKEN_REFRESH_DOCUMENTATION.md: node-upwork-oauth2 hands back no
        # refresh_token after a refresh). False: answer without it, the old one stays valid.
        self.rotate_refresh_tokens = True
        self.code_ttl = 600
        self.max_page_size = 50
        # Job search answers at most this many results and ignores paging (upwork_search).
        self.search_result_cap: int | None = DEFAULT_SEARCH_RESULT_CAP
        self.ignored_filters: set[str] = set(DEFAULT_IGNORED_FILTERS)
        self._offset = 0.0
        self.now: Callable[[], float] = self._clock
        self.rng = random.Random(seed)  # job generation only
        self._id_rng = random.Random(seed + 1)  # profile keys, room ids
        self._seq = 0
        self.users: dict[str, EmulatedUser] = {}
        self.authorize_as: str | None = None
        self.codes: dict[str, AuthCode] = {}
        self.access_tokens: dict[str, AccessToken] = {}
        self.refresh_tokens: dict[str, RefreshToken] = {}
        self.jobs: list[dict[str, Any]] = []
        self.rooms: dict[str, Room] = {}
        self.contracts: dict[str, Contract] = {}
        self.proposals: dict[str, Proposal] = {}
        # Root field -> message: the field answers that error (e.g. a scope Upwork withholds).
        self.refused_fields: dict[str, str] = {}
        self.default_user = self.add_user(
            name="Olena Kovalenko",
            email="olena.kovalenko@example.com",
            title="Senior Python Developer | Django, FastAPI, Telegram bots",
            overview=(
                "Backend developer with 8 years of Python. I build APIs with Django and "
                "FastAPI, Telegram bots with aiogram, and data pipelines on PostgreSQL."
            ),
            skills=["Python", "Django", "FastAPI", "PostgreSQL", "Telegram Bot", "Docker"],
            hourly_rate=45.0,
        )
        if sample_jobs:
            start = self.now()
            for spec in load_sample_specs():
                self.jobs.append(build_job(spec, start - spec["age_min"] * 60, self.next_seq()))
        if sample_activity:
            add_sample_activity(self)

    # ------------------------------------------------------------ clock and ids

    def _clock(self) -> float:
        return time.time() + self._offset

    def advance(self, seconds: float) -> None:
        """Move the emulator clock forward (works with the default ``now``)."""
        self._offset += seconds

    def next_seq(self) -> int:
        self._seq += 1
        return self._seq

    def next_id(self) -> str:
        return snowflake(self.now(), self.next_seq())

    # ------------------------------------------------------------ users and tokens

    def add_user(self, name: str, email: str | None = None, **profile: Any) -> EmulatedUser:
        n = len(self.users) + 1
        nid = profile.pop("nid", re.sub(r"[^a-z0-9]", "", name.lower()) or f"user{n}")
        user = EmulatedUser(
            id=profile.pop("id", str(540_749_103_839_944_700 + n)),
            nid=nid,
            rid=profile.pop("rid", str(7_345_120 + n)),
            name=name,
            email=email or f"{nid}@example.com",
            profile_key=profile.pop("profile_key", f"~01{self._id_rng.getrandbits(64):016x}"),
            org_id=profile.pop("org_id", str(540_749_103_848_333_300 + n)),
            **profile,
        )
        self.users[user.id] = user
        return user

    def issue_tokens(
        self, user_id: str | None = None, scopes: Iterable[str] | None = None
    ) -> dict[str, Any]:
        """Tokens as the token endpoint would return them, without the browser dance."""
        uid = user_id or self.default_user.id
        granted = frozenset(self.grant_scopes if scopes is None else scopes)
        return self._issue(uid, self.client_id, granted)

    def _issue(self, user_id: str, client_id: str, scopes: frozenset[str]) -> dict[str, Any]:
        now = self.now()
        access = AccessToken(
            new_token("oauth2v2_"), user_id, client_id, scopes, now + self.access_token_ttl
        )
        refresh = RefreshToken(
            new_token("oauth2v2_"), user_id, client_id, scopes, now + self.refresh_token_ttl
        )
        self.access_tokens[access.token] = access
        self.refresh_tokens[refresh.token] = refresh
        return {
            "access_token": access.token,
            "refresh_token": refresh.token,
            "token_type": "Bearer",
            "expires_in": self.access_token_ttl,
        }

    def revoke(self, token: str) -> None:
        if token in self.access_tokens:
            self.access_tokens[token].revoked = True
        self.refresh_tokens.pop(token, None)

    # ------------------------------------------------------------ data helpers

    def publish_job(self, **overrides: Any) -> dict[str, Any]:
        """Publish a new job now, at the head of the feed; generated defaults use the seed."""
        published = overrides.pop("published_ts", None) or self.now()
        job = build_job(generate_spec(self.rng), published, self.next_seq())
        apply_overrides(job, overrides)
        self.jobs.insert(0, job)
        return job

    def add_room(self, user_id: str | None = None, name: str = "Client", **kw: Any) -> Room:
        room = Room(
            id=f"room_{self._id_rng.getrandbits(96):024x}",
            owner_id=user_id or self.default_user.id,
            name=name,
            created_ts=kw.pop("created_ts", self.now()),
            **kw,
        )
        self.rooms[room.id] = room
        return room

    def add_story(
        self,
        room_id: str,
        message: str,
        *,
        from_user: EmulatedUser | None = None,
        sender_name: str | None = None,
        created_ts: float | None = None,
    ) -> Story:
        """A message in a room, from the room owner (``from_user``) or from a client."""
        room = self.rooms[room_id]
        client = from_user is None
        story = Story(
            id=self.next_id(),
            room_id=room_id,
            user_id=from_user.id if from_user else f"client_{zlib.crc32(room.name.encode())}",
            user_name=from_user.name if from_user else (sender_name or room.name),
            message=message,
            created_ts=self.now() if created_ts is None else created_ts,
            org_name=room.name if client else None,
        )
        room.stories.append(story)
        if client:
            room.num_unread += 1
        return story

    def add_contract(
        self, title: str, client_name: str, user_id: str | None = None, **kw: Any
    ) -> Contract:
        contract = Contract(
            id=str(41_815_400 + self.next_seq()),
            user_id=user_id or self.default_user.id,
            title=title,
            client_name=client_name,
            **kw,
        )
        self.contracts[contract.id] = contract
        return contract

    def log_time(
        self, contract_id: str, start_ts: float, cells: int = 6, memo: str = "", **kw: Any
    ) -> list[DiaryCell]:
        """Add ``cells`` ten-minute work diary cells starting at ``start_ts``."""
        start = start_ts - start_ts % 600
        added = [DiaryCell(ts=start + i * 600, memo=memo, **kw) for i in range(cells)]
        self.contracts[contract_id].cells.extend(added)
        return added

    def record_proposal(
        self,
        user_id: str,
        job: dict[str, Any],
        cover_letter: str,
        charge_rate: float | None = None,
        estimated_duration: str | None = None,
        status: str = "Pending",
        submitted_input: dict[str, Any] | None = None,
    ) -> Proposal:
        now = self.now()
        proposal = Proposal(
            id=self.next_id(),
            user_id=user_id,
            job_id=job["id"],
            job_title=job["title"],
            job_description=job["description"],
            job_type=job.get("_job_type", "FIXED"),
            cover_letter=cover_letter,
            charge_rate=charge_rate,
            created_ts=now,
            modified_ts=now,
            status=status,
            estimated_duration=estimated_duration,
            submitted_input=dict(submitted_input or {}),
        )
        self.proposals[proposal.id] = proposal
        job["totalApplicants"] = (job.get("totalApplicants") or 0) + 1
        return proposal

    def set_proposal_status(self, proposal_id: str, status: str) -> None:
        self.proposals[proposal_id].status = status
        self.proposals[proposal_id].modified_ts = self.now()

    def client_reply(self, proposal_id: str, message: str, client_name: str = "Client") -> Story:
        """The client answers a proposal: opens (or reuses) its room and posts a message."""
        room = self.proposal_room(proposal_id, client_name)
        return self.add_story(room.id, message, sender_name=client_name)

    def proposal_room(self, proposal_id: str, client_name: str = "Client") -> Room:
        """The room a client opens about a proposal (Room.vendorProposal, [UN-T])."""
        proposal = self.proposals[proposal_id]
        if proposal.room_id is None:
            room = self.add_room(proposal.user_id, client_name, topic=proposal.job_title,
                                 room_type="INTERVIEW")  # fmt: skip
            room.proposal_id = proposal.id
            proposal.room_id = room.id
        return self.rooms[proposal.room_id]

    def make_offer(self, proposal_id: str, client_name: str = "Client") -> str:
        """The client sends an offer: the proposal turns Offered, its room lists the offer."""
        room = self.proposal_room(proposal_id, client_name)
        offer_id = str(60_000_000 + self.next_seq())
        room.offer_ids.append(offer_id)
        self.set_proposal_status(proposal_id, "Offered")
        return offer_id
