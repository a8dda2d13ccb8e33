"""UpworkClient and GraphQLTransport against the Upwork emulator: real HTTP, real Redis.

Every document UpworkClient sends goes through the emulator's graphql-java style validation
(tests/core/test_upwork_schema.py validates every document in core/ on its own); a spy on the
emulator's GraphQL runner records each answer it produced, so the tests can assert directly
that none of them carried a validation error.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Any

import httpx
import pytest
from redis.asyncio import Redis

import sandbox.emulators.upwork as upwork_emulator
from core.upwork import queries
from core.upwork.client import MAX_CACHE_SECONDS, UpworkClient
from core.upwork.errors import (
    UpworkAuthError,
    UpworkQueryError,
    UpworkScopeError,
    UpworkUnavailable,
)
from core.upwork.models import JobPosting
from core.upwork.transport import GraphQLTransport
from sandbox.emulators.upwork import GRAPHQL_PATH, UpworkEmulator
from sandbox.emulators.upwork_data import READ_SCOPES

# Every GraphQL document the product sends (module constants that are whole operations).
DOCUMENTS: dict[str, str] = {
    name: value
    for name, value in vars(queries).items()
    if name.isupper()
    and isinstance(value, str)
    and value.lstrip().startswith(("query", "mutation"))
}
# The ones UpworkClient sends (other clients, e.g. proposals, have their own tests).
CLIENT_DOCUMENTS = (
    "JOB_SEARCH", "CURRENT_USER", "CURRENT_ORGANIZATION", "OWN_PROFILE", "ROOMS",
    "ROOM_STORIES", "ACTIVE_CONTRACTS", "WORK_DAYS", "WORK_DIARY",
)  # fmt: skip


@dataclass
class Answer:
    """One GraphQL answer the emulator produced (after its HTTP-level checks passed)."""

    query: str
    body: dict[str, Any]

    @property
    def errors(self) -> list[dict[str, Any]]:
        return list(self.body.get("errors") or [])


@pytest.fixture
async def emu() -> AsyncIterator[UpworkEmulator]:
    async with UpworkEmulator() as server:
        yield server


@pytest.fixture
def answers(monkeypatch: pytest.MonkeyPatch) -> list[Answer]:
    """Spy (pass-through) on the emulator's parse/validate/execute step."""
    seen: list[Answer] = []
    real = upwork_emulator.run_graphql

    def recording(query: str, *args: Any) -> tuple[dict[str, Any], str, list[str]]:
        body, operation, fields = real(query, *args)
        seen.append(Answer(query, body))
        return body, operation, fields

    monkeypatch.setattr(upwork_emulator, "run_graphql", recording)
    return seen


@pytest.fixture
async def http() -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(timeout=10) as client:
        yield client


@pytest.fixture
def transport(emu: UpworkEmulator, http: httpx.AsyncClient) -> GraphQLTransport:
    return GraphQLTransport(http, emu.graphql_url)


@pytest.fixture
def client(transport: GraphQLTransport, redis: Redis) -> UpworkClient:
    return UpworkClient(transport, cache=redis)


def read_token(emu: UpworkEmulator, scopes: set[str] | frozenset[str] = READ_SCOPES) -> str:
    token: str = emu.issue_tokens(scopes=scopes)["access_token"]
    return token


def validation_errors(answers: list[Answer]) -> list[dict[str, Any]]:
    return [
        error
        for answer in answers
        for error in answer.errors
        if (error.get("extensions") or {}).get("classification")
        in {"ValidationError", "InvalidSyntax"}
    ]


# ---------------------------------------------------------------- documents and parsing


async def test_every_client_method_is_accepted_and_parsed(
    emu: UpworkEmulator, client: UpworkClient, answers: list[Answer]
) -> None:
    token = read_token(emu)

    me = await client.current_user(token)
    assert me["id"] == emu.default_user.id
    assert me["name"] == "Olena Kovalenko"
    assert me["email"] == emu.default_user.email
    assert me["nid"] == emu.default_user.nid
    assert await client.organization_id(token) == emu.default_user.org_id

    await _check_job_search(emu, client, token)
    await _check_own_profile(client, token)
    await _check_messages(emu, client, token)
    await _check_time_report(emu, client, token)

    # Directly: the emulator answered every document, and no answer carried any error.
    assert answers, "the spy saw no GraphQL request"
    assert validation_errors(answers) == []
    assert [a.errors for a in answers if a.errors] == []
    sent = {a.query for a in answers}
    unsent = [name for name in CLIENT_DOCUMENTS if DOCUMENTS[name] not in sent]
    assert unsent == [], "UpworkClient did not exercise these documents"
    assert {r.status for r in emu.requests_to(GRAPHQL_PATH)} == {200}


async def _check_job_search(emu: UpworkEmulator, client: UpworkClient, token: str) -> None:
    first = await client.search_jobs(token, first=10)
    assert len(first.jobs) == 10
    assert all(isinstance(job, JobPosting) for job in first.jobs)
    assert first.total == len(emu.jobs) == 31
    assert first.has_next_page and first.end_cursor == "10"
    stamps = [job.posted_at for job in first.jobs]
    assert all(stamps) and stamps == sorted(stamps, reverse=True)  # type: ignore[type-var]

    newest = first.jobs[0]  # the bundled sample's newest job: hourly $45-80, expert
    assert newest.title == "Senior Django developer for SaaS billing module"
    assert newest.url == f"https://www.upwork.com/jobs/~02{newest.upwork_id}"
    assert newest.ciphertext.startswith("~02")
    assert newest.job_type == "hourly"
    assert newest.hourly_min == Decimal("45.0") and isinstance(newest.hourly_min, Decimal)
    assert newest.hourly_max == Decimal("80.0")
    assert newest.raw["amount"]["rawValue"] == "0.0"
    assert newest.budget is None  # "0.0" means not set
    assert newest.experience_level == "expert"
    assert newest.skills[:2] == ["django", "python"]
    assert newest.client_total_spent == Decimal("48210.5")
    assert newest.client_rating == Decimal("4.92")
    assert newest.client_payment_verified is True
    assert newest.client_country == "United States"
    assert newest.total_applicants == 14 and newest.freelancers_to_hire == 1
    assert newest.posted_at is not None and newest.posted_at.tzinfo is not None

    fixed = first.jobs[1]  # fixed $1500
    assert fixed.job_type == "fixed"
    assert fixed.budget == Decimal("1500.0") and fixed.currency == "USD"
    assert fixed.raw["hourlyBudgetMin"] is None
    assert fixed.hourly_min is None and fixed.hourly_max is None

    unverified = first.jobs[4]  # a client without payment verification, country as a code
    assert unverified.client_payment_verified is False
    assert unverified.client_country == "AUS"

    # The live API answers its newest ~10 and ignores paging: the "next page" is the same.
    second = await client.search_jobs(token, first=10, after=first.end_cursor)
    assert [j.upwork_id for j in second.jobs] == [j.upwork_id for j in first.jobs]
    hourly_dev = await client.search_jobs(
        token, job_type="hourly", experience_level="expert",
        category_ids=["531770282580668418"],
    )  # fmt: skip
    assert hourly_dev.jobs and all(
        j.job_type == "hourly" and j.experience_level == "expert" for j in hourly_dev.jobs
    )

    # With the cap off (only to reach every sample job's shape), paging walks the feed.
    emu.search_result_cap = None
    every: list[JobPosting] = []
    cursor: str | None = None
    while True:
        page = await client.search_jobs(token, first=10, after=cursor)
        every += page.jobs
        cursor = page.end_cursor
        if not page.has_next_page:
            break
    emu.search_result_cap = 10
    assert len(every) == 31 == len({j.upwork_id for j in every})
    free = next(j for j in every if j.raw["amount"]["rawValue"] == "0.0" and not j.hourly_min)
    assert free.budget is None and free.hourly_max is None and free.job_type is None

    published = emu.publish_job(
        title="Aiogram 3 bot for a dental clinic", amount=750, skills=["Python", "aiogram"]
    )
    latest = await client.search_jobs(token, first=5)
    assert latest.total == 32
    head = latest.jobs[0]
    assert head.upwork_id == published["id"]
    assert head.title == "Aiogram 3 bot for a dental clinic"
    assert head.budget == Decimal("750.0") and head.job_type == "fixed"
    assert head.url == f"https://www.upwork.com/jobs/{published['ciphertext']}"
    assert head.url.startswith("https://www.upwork.com/jobs/~02")
    assert latest.jobs[1].upwork_id == newest.upwork_id

    found = await client.search_jobs(token, expression="aiogram dental", first=10)
    assert [j.upwork_id for j in found.jobs] == [published["id"]]
    hourly = await client.search_jobs(token, job_type="hourly", first=50)
    assert hourly.jobs and all(j.raw["amount"]["rawValue"] == "0.0" for j in hourly.jobs)


async def _check_own_profile(client: UpworkClient, token: str) -> None:
    profile = await client.own_profile(token)
    assert profile.name == "Olena Kovalenko"
    assert profile.headline == "Senior Python Developer | Django, FastAPI, Telegram bots"
    assert profile.overview.startswith("Backend developer with 8 years of Python.")
    assert profile.skills == [
        "Python",
        "Django",
        "FastAPI",
        "PostgreSQL",
        "Telegram Bot",
        "Docker",
    ]
    assert profile.hourly_rate == Decimal("45.0") and isinstance(profile.hourly_rate, Decimal)


async def _check_messages(emu: UpworkEmulator, client: UpworkClient, token: str) -> None:
    acme = emu.add_room(name="Acme Corp", topic="Landing page")
    emu.add_story(acme.id, "Can you start Monday?", sender_name="Bob Stone",
                  created_ts=emu.now() - 3600)  # fmt: skip

    page = await client.rooms(token, first=2)
    assert [r.name for r in page.rooms] == ["Lena Fischer", "Acme Corp"]
    assert page.has_next_page and page.end_cursor == "2"
    acme_room = page.rooms[1]
    assert acme_room.id == acme.id and acme_room.unread == 1
    assert acme_room.latest is not None
    assert acme_room.latest.message == "Can you start Monday?"
    assert acme_room.latest.author == "Bob Stone"
    assert acme_room.latest.created_at is not None
    expected = datetime.fromtimestamp(int(emu.now() - 3600), UTC)
    assert abs(acme_room.latest.created_at - expected) <= timedelta(seconds=2)

    rest = await client.rooms(token, after=page.end_cursor, first=2)
    assert [r.name for r in rest.rooms] == ["Northwind Analytics"]
    assert not rest.has_next_page
    northwind = rest.rooms[0]
    assert northwind.unread == 2
    assert northwind.latest is not None and northwind.latest.message == "Thanks, the fix works."

    stories = await client.room_stories(token, northwind.id, first=10)
    assert [(s.author, s.message) for s in stories] == [
        ("Mark Jensen", "Hi Olena, the invoice export fails for March."),
        ("Olena Kovalenko", "Looking into it now, will report back today."),
        ("Mark Jensen", "Thanks, the fix works."),
    ]
    times = [s.created_at for s in stories]
    assert all(times) and times == sorted(times)  # type: ignore[type-var]
    assert len(await client.room_stories(token, northwind.id, first=2)) == 2


async def _check_time_report(emu: UpworkEmulator, client: UpworkClient, token: str) -> None:
    # A contract of our own on fixed past days: 9 cells = 1.5 h, 4 cells = 0.67 h (rounded).
    contract = emu.add_contract("Telegram bot MVP", "Acme Corp", hourly_rate=50.0)
    day1 = datetime(2025, 3, 3, 9, tzinfo=UTC)
    emu.log_time(contract.id, day1.timestamp(), cells=9, memo="Handlers")
    emu.log_time(contract.id, (day1 + timedelta(days=1)).timestamp(), cells=4, memo="Deploy")
    emu.log_time(contract.id, (day1 + timedelta(days=9)).timestamp(), cells=6)  # outside

    entries = await client.time_report(token, date(2025, 3, 1), date(2025, 3, 7))
    assert [(e.contract_id, e.contract_title, e.day, e.hours) for e in entries] == [
        (contract.id, "Telegram bot MVP", date(2025, 3, 3), 1.5),
        (contract.id, "Telegram bot MVP", date(2025, 3, 4), 0.67),
    ]

    # The sample contract: 18 cells yesterday (3 h) and 3 today (0.5 h), in UTC.
    today = datetime.fromtimestamp(emu.now(), UTC).date()
    recent = await client.time_report(token, today - timedelta(days=1), today)
    sample = {(e.day, e.hours) for e in recent if e.contract_title == "Django backend maintenance"}
    assert sample == {(today - timedelta(days=1), 3.0), (today, 0.5)}


# ---------------------------------------------------------------- typed errors


@pytest.mark.parametrize(
    ("method", "granted", "missing"),
    [
        ("search_jobs", {"common:read"}, "jobs:read"),
        ("own_profile", {"common:read", "jobs:read"}, "profile:read"),
        ("rooms", {"common:read", "profile:read"}, "messages:read"),
        ("time_report", {"common:read", "messages:read"}, "workdiary:read"),
        ("current_user", {"jobs:read"}, "common:read"),
    ],
)
async def test_missing_scope_is_a_scope_error(
    emu: UpworkEmulator,
    client: UpworkClient,
    answers: list[Answer],
    method: str,
    granted: set[str],
    missing: str,
) -> None:
    token = read_token(emu, granted)
    calls: dict[str, Any] = {
        "search_jobs": lambda: client.search_jobs(token),
        "own_profile": lambda: client.own_profile(token),
        "rooms": lambda: client.rooms(token),
        "time_report": lambda: client.time_report(
            token, date(2025, 3, 1), date(2025, 3, 7), person_id=emu.default_user.id
        ),
        "current_user": lambda: client.current_user(token),
    }
    with pytest.raises(UpworkScopeError) as caught:
        await calls[method]()
    assert caught.value.scope == missing
    assert "permissions/scopes" in str(caught.value)
    assert len(emu.requests_to(GRAPHQL_PATH)) == 1  # not retried
    assert validation_errors(answers) == []  # refused for scope, not for shape


async def test_revoked_expired_or_unknown_token_is_an_auth_error(
    emu: UpworkEmulator, client: UpworkClient
) -> None:
    revoked = read_token(emu)
    assert (await client.current_user(revoked))["id"] == emu.default_user.id
    emu.revoke(revoked)
    with pytest.raises(UpworkAuthError):
        await client.current_user(revoked)

    with pytest.raises(UpworkAuthError):
        await client.own_profile("oauth2v2_" + "0" * 32)

    expiring = read_token(emu)
    emu.advance(86400)
    with pytest.raises(UpworkAuthError):
        await client.search_jobs(expiring)

    statuses = [r.status for r in emu.requests_to(GRAPHQL_PATH)]
    assert statuses == [200, 401, 401, 401]  # a 401 is never retried


@pytest.mark.parametrize(
    ("document", "kind"),
    [
        ("query Broken { user { id nonexistentField } }", "FieldUndefined"),
        ("query Broken { user { id ", "Invalid Syntax"),
        ("query Broken($n: Int) { user { id } }", "UnusedVariable"),
    ],
)
async def test_invalid_query_is_a_query_error(
    emu: UpworkEmulator, transport: GraphQLTransport, document: str, kind: str
) -> None:
    with pytest.raises(UpworkQueryError) as caught:
        await transport.execute(document, None, access_token=read_token(emu))
    assert kind in str(caught.value)
    assert len(emu.requests_to(GRAPHQL_PATH)) == 1  # a bug is not retried


async def test_429_is_retried_after_retry_after(
    emu: UpworkEmulator, client: UpworkClient, caplog: pytest.LogCaptureFixture
) -> None:
    token = read_token(emu)
    emu.fail_next(1, 429, retry_after=1)
    with caplog.at_level(logging.WARNING, logger="core.upwork.transport"):
        me = await client.current_user(token)
    assert me["id"] == emu.default_user.id
    sent = emu.requests_to(GRAPHQL_PATH)
    assert [r.status for r in sent] == [429, 200]
    assert sent[1].monotonic - sent[0].monotonic >= 0.99  # waited for Retry-After: 1
    [retry] = [r for r in caplog.records if r.getMessage() == "upwork request retried"]
    assert (retry.reason, retry.attempt, retry.wait_s >= 1) == (  # type: ignore[attr-defined]
        "Upwork rate limit (429)",
        1,
        True,
    )
    assert token not in caplog.text


@pytest.mark.parametrize("attempts", [2, 4])
async def test_persistent_503_is_unavailable_after_the_configured_attempts(
    emu: UpworkEmulator, http: httpx.AsyncClient, attempts: int
) -> None:
    client = UpworkClient(GraphQLTransport(http, emu.graphql_url, attempts=attempts))
    emu.fail_next(10, 503, retry_after=0)
    with pytest.raises(UpworkUnavailable):
        await client.current_user(read_token(emu))
    assert [r.status for r in emu.requests_to(GRAPHQL_PATH)] == [503] * attempts


async def test_a_mutation_is_never_repeated_after_an_answer_that_may_have_been_lost(
    emu: UpworkEmulator, transport: GraphQLTransport
) -> None:
    token = read_token(emu, READ_SCOPES | {"proposals:submit"})
    me, job = emu.default_user, emu.publish_job()
    submission = {
        "input": {
            "jobReference": job["id"], "coverLetter": "Hello", "chargedAmount": 40.0,
            "selectedContractor": {"id": me.id, "oDeskUserID": me.nid}, "teamOrgId": me.org_id,
        }
    }  # fmt: skip
    emu.fail_next(1, 503, retry_after=0)
    with pytest.raises(UpworkUnavailable):
        await transport.execute(queries.SUBMIT_PROPOSAL, submission, access_token=token)
    assert [r.status for r in emu.requests_to(GRAPHQL_PATH)] == [503]
    # A 429 is refused before anything happens: that one is retried.
    emu.fail_next(1, 429, retry_after=0)
    data = await transport.execute(queries.SUBMIT_PROPOSAL, submission, access_token=token)
    assert data["createJobProposal"]["newProposalId"] in emu.proposals
    assert [r.status for r in emu.requests_to(GRAPHQL_PATH)] == [503, 429, 200]


# ---------------------------------------------------------------- cache


async def test_own_profile_is_cached_in_redis_at_most_24h(
    emu: UpworkEmulator, client: UpworkClient, redis: Redis
) -> None:
    token = read_token(emu)
    first = await client.own_profile(token, cache_key="account-7")
    emu.default_user.title = "Changed upstream"  # a second GraphQL call would see this
    second = await client.own_profile(token, cache_key="account-7")
    assert second == first
    assert second.headline == "Senior Python Developer | Django, FastAPI, Telegram bots"
    assert len(emu.requests_to(GRAPHQL_PATH)) == 1

    keys = [k async for k in redis.scan_iter(match="scout:upwork:cache:*")]
    assert len(keys) == 1
    ttl = await redis.ttl(keys[0])
    assert 0 < ttl <= MAX_CACHE_SECONDS == 24 * 3600

    # Without a cache key (or for another account) the answer is fetched again.
    fresh = await client.own_profile(token)
    assert fresh.headline == "Changed upstream"
    other = await client.own_profile(token, cache_key="account-8")
    assert other.headline == "Changed upstream"
    assert len(emu.requests_to(GRAPHQL_PATH)) == 3
