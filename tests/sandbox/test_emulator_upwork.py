"""The Upwork emulator speaks OAuth 2.0 and GraphQL the way Upwork does, to a real httpx client."""

from __future__ import annotations

import asyncio
import base64
import re
import secrets
from collections.abc import AsyncIterator
from typing import Any
from urllib.parse import parse_qs, urlsplit

import httpx
import pytest

from sandbox.emulators.upwork import AUTHORIZE_PATH, TOKEN_PATH, UpworkEmulator, s256
from sandbox.emulators.upwork_data import fmt_day

REDIRECT = "http://127.0.0.1:8000/oauth/upwork/callback"

# The documents a production client sends (variables shown in the tests below).
JOBS_QUERY = """
query marketplaceJobPostingsSearch(
  $marketPlaceJobFilter: MarketplaceJobPostingsSearchFilter,
  $searchType: MarketplaceJobPostingSearchType,
  $sortAttributes: [MarketplaceJobPostingSearchSortAttribute]
) {
  marketplaceJobPostingsSearch(
    marketPlaceJobFilter: $marketPlaceJobFilter,
    searchType: $searchType,
    sortAttributes: $sortAttributes
  ) {
    totalCount
    edges {
      cursor
      node {
        id ciphertext title description
        skills { name }
        amount { rawValue currency }
        hourlyBudgetMin { rawValue }
        hourlyBudgetMax { rawValue }
        experienceLevel totalApplicants freelancersToHire
        createdDateTime publishedDateTime duration
        client {
          totalSpent { rawValue } totalHires totalReviews totalFeedback verificationStatus
          location { country }
        }
      }
    }
    pageInfo { endCursor hasNextPage }
  }
}
"""
USER_QUERY = "query user { user { id nid rid name email } }"
PROFILE_QUERY = """
query profile {
  user {
    id
    freelancerProfile {
      personalData { title description chargeRate { rawValue currency } profileUrl }
      skills { edges { node { preferredLabel prettyName } } }
    }
  }
}
"""
PROPOSALS_QUERY = """
query vendorProposals(
  $filter: VendorProposalFilter!,
  $sortAttribute: VendorProposalSortAttribute!,
  $pagination: Pagination!
) {
  vendorProposals(filter: $filter, sortAttribute: $sortAttribute, pagination: $pagination) {
    totalCount
    edges {
      node {
        id
        status { status }
        marketplaceJobPosting { id content { title } }
        terms { chargeRate { rawValue currency } }
        auditDetails { createdDateTime { rawValue } modifiedDateTime { rawValue } }
      }
    }
    pageInfo { endCursor hasNextPage }
  }
}
"""
# alexey72882/UpworkToNotion src/lib/upwork.ts submitJobProposal, as sent to the live API.
SUBMIT_MUTATION = """
mutation Submit($input: CreateJobProposalInput!) {
  createJobProposal(input: $input) { newProposalId status error }
}
"""
ROOMS_QUERY = """
query roomList($filter: RoomFilter, $pagination: Pagination, $sortOrder: SortOrder) {
  roomList(filter: $filter, pagination: $pagination, sortOrder: $sortOrder) {
    totalCount
    edges {
      node {
        id roomName topic numUnread
        latestStory { id message createdDateTime user { id name } }
        vendorProposal { id }
        offerIds
      }
    }
    pageInfo { endCursor hasNextPage }
  }
}
"""
STORIES_QUERY = """
query RoomStories($filter: RoomStoryFilter) {
  roomStories(filter: $filter) {
    totalCount
    edges { node { id message createdDateTime user { id name } } }
    pageInfo { endCursor hasNextPage }
  }
}
"""
WORK_DIARY_QUERY = """
query workDiary($person: ID!, $contract: WorkDiaryContractInput!, $days: WorkdaysInput!,
                $report: TimeReportFilter!) {
  talentWorkHistory(filter: {personId: $person, status: [ACTIVE]}) {
    workHistoryList { contract { id title terms { hourlyRate jobType } } }
  }
  workDays(workdaysInput: $days) { workDays }
  workDiaryContract(workDiaryContractInput: $contract) {
    workDiaryTimeCells { cellDateTime { rawValue } memo manual activityLevel }
  }
  timeReport(filter: $report) {
    dateWorkedOn totalHoursWorked totalCharges contract { id title }
  }
}
"""
DATE_RE = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+0000$")


@pytest.fixture
async def emu() -> AsyncIterator[UpworkEmulator]:
    async with UpworkEmulator(redirect_uris=[REDIRECT]) as server:
        yield server


@pytest.fixture
async def http(emu: UpworkEmulator) -> AsyncIterator[httpx.AsyncClient]:
    async with httpx.AsyncClient(base_url=emu.url, follow_redirects=False) as client:
        yield client


def pkce() -> tuple[str, str]:
    verifier = secrets.token_urlsafe(48)
    return verifier, s256(verifier)


def authorize_params(emu: UpworkEmulator, challenge: str | None, state: str) -> dict[str, str]:
    params = {
        "response_type": "code",
        "client_id": emu.client_id,
        "redirect_uri": REDIRECT,
        "state": state,
    }
    if challenge:
        params |= {"code_challenge": challenge, "code_challenge_method": "S256"}
    return params


async def get_code(
    http: httpx.AsyncClient, emu: UpworkEmulator, challenge: str | None = None
) -> str:
    state = secrets.token_urlsafe(16)
    params = authorize_params(emu, challenge, state)
    page = await http.get(AUTHORIZE_PATH, params=params)
    assert page.status_code == 200
    resp = await http.post(AUTHORIZE_PATH, params=params, data={"decision": "authorize"})
    assert resp.status_code == 302
    location = urlsplit(resp.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT
    query = parse_qs(location.query)
    assert query["state"] == [state]
    return query["code"][0]


async def exchange(
    http: httpx.AsyncClient, emu: UpworkEmulator, code: str, verifier: str | None
) -> httpx.Response:
    data = {
        "grant_type": "authorization_code",
        "code": code,
        "redirect_uri": REDIRECT,
        "client_id": emu.client_id,
        "client_secret": emu.client_secret,
    }
    if verifier is not None:
        data["code_verifier"] = verifier
    return await http.post(TOKEN_PATH, data=data)


async def refresh(http: httpx.AsyncClient, emu: UpworkEmulator, token: str) -> httpx.Response:
    data = {
        "grant_type": "refresh_token",
        "refresh_token": token,
        "client_id": emu.client_id,
        "client_secret": emu.client_secret,
    }
    return await http.post(TOKEN_PATH, data=data)


async def gql(
    http: httpx.AsyncClient, token: str | None, query: str, variables: dict[str, Any] | None = None
) -> httpx.Response:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return await http.post(
        "/graphql", json={"query": query, "variables": variables}, headers=headers
    )


def job_vars(**flt: Any) -> dict[str, Any]:
    return {
        "marketPlaceJobFilter": flt,
        "searchType": "USER_JOBS_SEARCH",
        "sortAttributes": [{"field": "RECENCY"}],
    }


# ---------------------------------------------------------------- OAuth


async def test_authorization_code_flow_with_pkce(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    verifier, challenge = pkce()
    page = await http.get(AUTHORIZE_PATH, params=authorize_params(emu, challenge, "s1"))
    assert "Authorize Upwork Scout?" in page.text
    assert ">Authorize</button>" in page.text and ">Deny</button>" in page.text

    code = await get_code(http, emu, challenge)
    resp = await exchange(http, emu, code, verifier)
    assert resp.status_code == 200, resp.text
    tokens = resp.json()
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 86400
    assert tokens["access_token"] and tokens["refresh_token"]

    me = (await gql(http, tokens["access_token"], USER_QUERY)).json()
    assert me["data"]["user"]["id"] == emu.default_user.id
    assert emu.settings_env()["UPWORK_TOKEN_URL"] == emu.url + TOKEN_PATH
    assert me["data"]["user"]["email"] == emu.default_user.email


async def test_authorize_as_other_user_and_basic_auth(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    other = emu.add_user("Taras Melnyk", skills=["React"])
    emu.authorize_as = other.id
    code = await get_code(http, emu)
    basic = base64.b64encode(f"{emu.client_id}:{emu.client_secret}".encode()).decode()
    resp = await http.post(
        TOKEN_PATH,
        data={"grant_type": "authorization_code", "code": code, "redirect_uri": REDIRECT},
        headers={"Authorization": f"Basic {basic}"},
    )
    assert resp.status_code == 200, resp.text
    me = (await gql(http, resp.json()["access_token"], USER_QUERY)).json()
    assert me["data"]["user"]["name"] == "Taras Melnyk"


async def test_deny_redirects_with_access_denied(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    params = authorize_params(emu, None, "st")
    resp = await http.post(AUTHORIZE_PATH, params=params, data={"decision": "deny"})
    assert resp.status_code == 302
    query = parse_qs(urlsplit(resp.headers["location"]).query)
    assert query == {"error": ["access_denied"], "state": ["st"]}


@pytest.mark.parametrize(
    "change",
    [
        {"client_id": "nope"},
        {"redirect_uri": "http://evil.example/cb"},
        {"state": ""},
        {"response_type": "token"},
        {"code_challenge": "x" * 43, "code_challenge_method": "plain"},
        {"scope": "jobs:read"},
    ],
)
async def test_authorize_rejects_bad_params(
    emu: UpworkEmulator, http: httpx.AsyncClient, change: dict[str, str]
) -> None:
    params = authorize_params(emu, None, "st") | change
    assert (await http.get(AUTHORIZE_PATH, params=params)).status_code == 400
    resp = await http.post(AUTHORIZE_PATH, params=params, data={"decision": "authorize"})
    assert resp.status_code == 400


async def test_code_is_single_use(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    verifier, challenge = pkce()
    code = await get_code(http, emu, challenge)
    first = await exchange(http, emu, code, verifier)
    assert first.status_code == 200
    replay = await exchange(http, emu, code, verifier)
    assert replay.status_code == 400
    assert replay.json()["error"] == "invalid_grant"
    # A replayed code revokes what it had issued.
    assert (await gql(http, first.json()["access_token"], USER_QUERY)).status_code == 401


async def test_wrong_or_missing_verifier_rejected(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    verifier, challenge = pkce()
    code = await get_code(http, emu, challenge)
    assert (await exchange(http, emu, code, None)).json()["error"] == "invalid_grant"
    wrong = await exchange(http, emu, code, verifier + "x")
    assert wrong.status_code == 400 and wrong.json()["error"] == "invalid_grant"


async def test_code_expires_and_redirect_must_match(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    code = await get_code(http, emu)
    resp = await http.post(
        TOKEN_PATH,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT + "x",
            "client_id": emu.client_id,
            "client_secret": emu.client_secret,
        },
    )
    assert resp.json()["error"] == "invalid_grant"
    emu.advance(601)
    assert (await exchange(http, emu, code, None)).json()["error"] == "invalid_grant"


async def test_bad_client_is_401(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    code = await get_code(http, emu)
    resp = await http.post(
        TOKEN_PATH,
        data={
            "grant_type": "authorization_code",
            "code": code,
            "redirect_uri": REDIRECT,
            "client_id": emu.client_id,
            "client_secret": "wrong",
        },
    )
    assert resp.status_code == 401
    assert resp.json()["error"] == "invalid_client"
    creds = await http.post(
        TOKEN_PATH,
        data={
            "grant_type": "client_credentials",
            "client_id": emu.client_id,
            "client_secret": emu.client_secret,
        },
    )
    assert creds.json()["error"] == "unauthorized_client"


async def test_refresh_rotates_with_grace(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    first = emu.issue_tokens()
    r1 = await refresh(http, emu, first["refresh_token"])
    assert r1.status_code == 200
    second = r1.json()
    assert second["refresh_token"] != first["refresh_token"]
    assert second["access_token"] != first["access_token"]
    assert second["expires_in"] == 86400

    emu.advance(3600)  # the old refresh token still works inside the grace period
    again = await refresh(http, emu, first["refresh_token"])
    assert again.status_code == 200
    latest = again.json()

    emu.advance(86400)  # 24 h after the first rotation: the old one is dead
    dead = await refresh(http, emu, first["refresh_token"])
    assert dead.status_code == 400 and dead.json()["error"] == "invalid_grant"
    assert (await refresh(http, emu, latest["refresh_token"])).status_code == 200
    # The first access token has expired by now (24 h), the newest one works.
    assert (await gql(http, first["access_token"], USER_QUERY)).status_code == 401


async def test_refresh_token_lives_14_days(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    tokens = emu.issue_tokens()
    emu.advance(14 * 86400 + 1)
    resp = await refresh(http, emu, tokens["refresh_token"])
    assert resp.status_code == 400 and resp.json()["error"] == "invalid_grant"


# ---------------------------------------------------------------- GraphQL basics


async def test_graphql_401_without_valid_token(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    assert (await gql(http, None, USER_QUERY)).status_code == 401
    bad = await gql(http, "oauth2v2_nope", USER_QUERY)
    assert bad.status_code == 401 and bad.json() == {"message": "Authentication failed"}
    token = emu.issue_tokens()["access_token"]
    assert (await gql(http, token, USER_QUERY)).status_code == 200
    emu.advance(86400)
    assert (await gql(http, token, USER_QUERY)).status_code == 401


async def test_unknown_field_is_a_validation_error(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    token = emu.issue_tokens()["access_token"]
    resp = await gql(http, token, "{ user { id nickname } }")
    assert resp.status_code == 200
    error = resp.json()["errors"][0]
    assert error["message"] == (
        "Validation error (FieldUndefined@[user/nickname]) : "
        "Field 'nickname' in type 'CurrentUser' is undefined"
    )
    assert error["locations"] == [{"line": 1, "column": 13}]
    assert error["extensions"]["classification"] == "ValidationError"
    assert "data" not in resp.json()

    bad_arg = await gql(http, token, '{ marketplaceJobPostingsSearch(query: "x") { totalCount } }')
    assert bad_arg.status_code == 200
    assert "UnknownArgument" in bad_arg.json()["errors"][0]["message"]


async def test_missing_scope_is_reported(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    token = emu.issue_tokens(scopes={"common:read", "jobs:read"})["access_token"]
    variables = {
        "filter": {"status_eq": "Pending"},
        "sortAttribute": {"field": "CREATEDDATETIME", "sortOrder": "DESC"},
        "pagination": {"first": 10},
    }
    resp = await gql(http, token, PROPOSALS_QUERY, variables)
    assert resp.status_code == 200
    error = resp.json()["errors"][0]
    assert "oauth2 permissions/scopes" in error["message"]
    assert "Query.vendorProposals" in error["message"]
    assert error["extensions"]["classification"] == "ExecutionAborted"
    assert error["extensions"]["requiredScopes"] == ["proposals:read"]
    # Submitting proposals needs its own scope, not granted by default.
    default = emu.issue_tokens()["access_token"]
    sub = await gql(http, default, SUBMIT_MUTATION, submission(emu, emu.jobs[0]["id"]))
    assert sub.json()["errors"][0]["extensions"]["requiredScopes"] == ["proposals:submit"]


# ---------------------------------------------------------------- job search


async def test_job_search_answers_ten_and_ignores_paging(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    token = emu.issue_tokens()["access_token"]

    async def ids(**pagination: Any) -> list[str]:
        resp = await gql(http, token, JOBS_QUERY, job_vars(pagination_eq=pagination))
        edges = resp.json()["data"]["marketplaceJobPostingsSearch"]["edges"]
        return [e["node"]["id"] for e in edges]

    newest = await ids(after="0", first=7)
    assert len(newest) == 10 < len(emu.jobs)
    assert await ids(after="10", first=50) == newest  # paging has no effect
    assert await ids(first=3) == newest


async def test_job_search_recency_and_pagination(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    # The result cap is off here only to read every sample job's shape through paging.
    emu.search_result_cap = None
    token = emu.issue_tokens()["access_token"]
    seen: list[dict[str, Any]] = []
    after: str | None = "0"
    total = None
    while after is not None:
        variables = job_vars(pagination_eq={"after": after, "first": 7})
        resp = await gql(http, token, JOBS_QUERY, variables)
        assert resp.status_code == 200, resp.text
        conn = resp.json()["data"]["marketplaceJobPostingsSearch"]
        total = conn["totalCount"]
        seen += [e["node"] for e in conn["edges"]]
        assert len(conn["edges"]) <= 7
        after = conn["pageInfo"]["endCursor"] if conn["pageInfo"]["hasNextPage"] else None
    assert total == len(emu.jobs) == len(seen) >= 30
    assert len({j["id"] for j in seen}) == len(seen)
    published = [j["publishedDateTime"] for j in seen]
    assert published == sorted(published, reverse=True)
    for job in seen:
        assert DATE_RE.match(job["publishedDateTime"]) and DATE_RE.match(job["createdDateTime"])
        assert re.fullmatch(r"~02\d{19}", job["ciphertext"])
        assert job["ciphertext"] == "~02" + job["id"]
        assert isinstance(job["amount"]["rawValue"], str)
        assert job["experienceLevel"] in {"ENTRY_LEVEL", "INTERMEDIATE", "EXPERT"}
        assert job["client"]["verificationStatus"] in {"VERIFIED", None}
    assert any(j["freelancersToHire"] == 0 for j in seen)
    assert any(j["client"]["verificationStatus"] is None for j in seen)
    assert any(len(j["client"]["location"]["country"]) == 3 for j in seen)
    assert any(j["amount"]["rawValue"] == "0.0" and j["hourlyBudgetMin"] for j in seen)


async def test_job_search_filters(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    token = emu.issue_tokens()["access_token"]

    async def search(**flt: Any) -> list[dict[str, Any]]:
        resp = await gql(http, token, JOBS_QUERY, job_vars(**flt, pagination_eq={"first": 50}))
        return [e["node"] for e in resp.json()["data"]["marketplaceJobPostingsSearch"]["edges"]]

    django = await search(searchExpression_eq="django")
    assert django and all(
        "django" in (j["title"] + j["description"] + str(j["skills"])).lower() for j in django
    )
    assert len(await search(searchExpression_eq="django OR flutter")) > len(django)
    assert not await search(searchExpression_eq="django -django")
    fixed = await search(jobType_eq="FIXED")
    assert fixed and all(j["hourlyBudgetMin"] is None for j in fixed)
    assert await search(categoryIds_any=["531770282580668418"])
    assert await search(categoryIds_any=["Web, Mobile & Software Dev"]) == []
    # Ignored like on the real service: unverified clients still come back.
    unverified = await search(verifiedPaymentOnly_eq=True)
    assert any(j["client"]["verificationStatus"] is None for j in unverified)
    emu.ignored_filters.discard("verifiedPaymentOnly_eq")
    verified = await search(verifiedPaymentOnly_eq=True)
    assert verified and all(j["client"]["verificationStatus"] == "VERIFIED" for j in verified)


async def test_publish_job_appears_first(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    token = emu.issue_tokens()["access_token"]
    emu.advance(1)
    job = emu.publish_job(title="Need aiogram expert", skills=["Python", "aiogram"], amount=700)
    resp = await gql(http, token, JOBS_QUERY, job_vars(pagination_eq={"first": 3}))
    first = resp.json()["data"]["marketplaceJobPostingsSearch"]["edges"][0]["node"]
    assert first["id"] == job["id"] and first["title"] == "Need aiogram expert"
    assert first["amount"] == {"rawValue": "700.0", "currency": "USD"}
    assert [s["name"] for s in first["skills"]] == ["python", "aiogram"]


async def test_publish_job_is_deterministic_with_seed() -> None:
    a, b = UpworkEmulator(seed=7), UpworkEmulator(seed=7)
    titles_a = [a.publish_job()["title"] for _ in range(5)]
    titles_b = [b.publish_job()["title"] for _ in range(5)]
    assert titles_a == titles_b
    assert a.jobs[0]["title"] == titles_a[-1]


# ---------------------------------------------------------------- failures and observability


async def test_429_injection_with_retry_after(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    token = emu.issue_tokens()["access_token"]
    emu.fail_next(2, status=429, retry_after=3)
    for _ in range(2):
        resp = await gql(http, token, USER_QUERY)
        assert resp.status_code == 429 and resp.headers["Retry-After"] == "3"
    assert (await gql(http, token, USER_QUERY)).status_code == 200
    emu.fail_next(1, status=503, path=TOKEN_PATH, retry_after=5)
    unavailable = await refresh(http, emu, emu.issue_tokens()["refresh_token"])
    assert unavailable.status_code == 503 and unavailable.headers["Retry-After"] == "5"
    statuses = [r.status for r in emu.requests_to("/graphql")]
    assert statuses == [429, 429, 200]
    assert emu.requests_to("/graphql")[0].root_fields == ["user"]
    assert emu.requests_to("/graphql")[0].bearer == token


async def test_request_window_and_rate_limit(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    token = emu.issue_tokens()["access_token"]
    await asyncio.gather(*(gql(http, token, USER_QUERY) for _ in range(6)))
    assert emu.max_requests_in_window(1.0) == 6
    emu.rate_limit_per_second = 3
    results = await asyncio.gather(*(gql(http, token, USER_QUERY) for _ in range(6)))
    assert any(r.status_code == 429 for r in results)


# ---------------------------------------------------------------- proposals, messages, diary


def submission(emu: UpworkEmulator, job_reference: str, **changes: Any) -> dict[str, Any]:
    """createJobProposal's input as UpworkToNotion sends it (docs/engineering-notes.md)."""
    user = emu.default_user
    data = {
        "jobReference": job_reference,
        "coverLetter": "Hello, I can build this.",
        "chargedAmount": 50.0,
        "selectedContractor": {"id": user.id, "oDeskUserID": user.nid},
        "teamOrgId": user.org_id,
    }
    return {"input": data | changes}


async def test_proposal_lifecycle(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    emu.grant_scopes.add("proposals:submit")
    token = emu.issue_tokens()["access_token"]
    job = emu.publish_job(title="Build a FastAPI service")
    questions = [{"question": "Have you used FastAPI?", "answer": "Yes, for five years."}]
    resp = await gql(http, token, SUBMIT_MUTATION, submission(emu, job["id"], questions=questions))
    answer = resp.json()["data"]["createJobProposal"]
    assert answer["error"] is None and answer["newProposalId"]
    stored = emu.proposals[answer["newProposalId"]]
    assert stored.submitted_input["questions"] == questions
    assert stored.charge_rate == 50.0 and stored.status == "Pending"
    emu.client_reply(answer["newProposalId"], "Can we talk tomorrow?", client_name="Ann Lee")
    offer = emu.make_offer(answer["newProposalId"])

    variables = {
        "filter": {"status_eq": "Offered"},
        "sortAttribute": {"field": "CREATEDDATETIME", "sortOrder": "DESC"},
        "pagination": {"first": 10},
    }
    offered = (await gql(http, token, PROPOSALS_QUERY, variables)).json()["data"]
    node = offered["vendorProposals"]["edges"][0]["node"]
    assert node["id"] == answer["newProposalId"] and node["status"]["status"] == "Offered"
    assert node["auditDetails"]["createdDateTime"]["rawValue"].isdigit()
    # UpworkToNotion docs/upwork-api.md: first: 41+ returns VJCA-6.
    too_many = await gql(http, token, PROPOSALS_QUERY, variables | {"pagination": {"first": 41}})
    assert "VJCA-6" in too_many.json()["errors"][0]["message"]

    rooms = (await gql(http, token, ROOMS_QUERY, {"pagination": {"first": 10}})).json()
    first_room = rooms["data"]["roomList"]["edges"][0]["node"]
    assert first_room["vendorProposal"] == {"id": answer["newProposalId"]}
    assert first_room["offerIds"] == [offer]
    assert first_room["latestStory"]["user"]["name"] == "Ann Lee"
    page = {"roomId_eq": first_room["id"], "storyFilter": {"pagination": {"first": 1}}}
    stories = await gql(http, token, STORIES_QUERY, {"filter": page})
    messages = [e["node"]["message"] for e in stories.json()["data"]["roomStories"]["edges"]]
    assert messages == ["Can we talk tomorrow?"]
    # roomStories has no pagination argument of its own (upwork-node generated-operations.ts).
    own_arg = STORIES_QUERY.replace(
        "roomStories(filter: $filter)", "roomStories(filter: $filter, pagination: {first: 1})"
    )
    refused = (await gql(http, token, own_arg, {"filter": page})).json()
    assert "UnknownArgument" in refused["errors"][0]["message"] and "data" not in refused


@pytest.mark.parametrize(
    ("changes", "error"),
    [
        ({"jobReference": "~021978704153911649005"}, "numeric job id"),
        ({"jobReference": "1999999999999999999"}, "not found"),
        ({"selectedContractor": {"id": "1", "oDeskUserID": "someone"}}, "selectedContractor"),
        ({"teamOrgId": "42"}, "teamOrgId"),
        ({"chargedAmount": 0}, "chargedAmount"),
        ({"questions": [{"question": "Why you?", "answer": " "}]}, "answer"),
    ],
)
async def test_create_job_proposal_refuses_bad_input_in_error(
    emu: UpworkEmulator, http: httpx.AsyncClient, changes: dict[str, Any], error: str
) -> None:
    emu.grant_scopes.add("proposals:submit")
    token = emu.issue_tokens()["access_token"]
    job = emu.publish_job()
    body = (await gql(http, token, SUBMIT_MUTATION, submission(emu, job["id"], **changes))).json()
    assert "errors" not in body
    answer = body["data"]["createJobProposal"]
    assert answer["newProposalId"] is None and error in answer["error"]
    assert not emu.proposals or all(p.job_id != job["id"] for p in emu.proposals.values())


async def test_create_job_proposal_without_a_required_input_is_refused_whole(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    emu.grant_scopes.add("proposals:submit")
    token = emu.issue_tokens()["access_token"]
    variables = submission(emu, emu.publish_job()["id"])
    del variables["input"]["jobReference"]
    body = (await gql(http, token, SUBMIT_MUTATION, variables)).json()
    assert "data" not in body and "jobReference" in body["errors"][0]["message"]


async def test_profile_and_work_diary(emu: UpworkEmulator, http: httpx.AsyncClient) -> None:
    token = emu.issue_tokens()["access_token"]
    profile = (await gql(http, token, PROFILE_QUERY)).json()["data"]["user"]["freelancerProfile"]
    assert profile["personalData"]["chargeRate"]["rawValue"] == "45.0"
    skills = [e["node"]["preferredLabel"] for e in profile["skills"]["edges"]]
    assert skills[0] == "Python"

    contract = emu.add_contract("Telegram bot support", "Acme", hourly_rate=30.0)
    now = int(emu.now())
    day_start = now - now % 86400 - 2 * 86400
    emu.log_time(contract.id, day_start + 3600, cells=9, memo="Webhook fixes")
    day = fmt_day(day_start)
    span = {"rangeStart": day, "rangeEnd": day}
    variables = {
        "person": emu.default_user.id,
        "contract": {"contractId": contract.id, "date": day},
        "days": {"contractIds": [contract.id], "timeRange": span},
        "report": {
            "organizationId_eq": emu.default_user.org_id,
            "contractIds": [contract.id],
            "timeReportDate_bt": span,
        },
    }
    data = (await gql(http, token, WORK_DIARY_QUERY, variables)).json()["data"]
    assert contract.id in [
        w["contract"]["id"] for w in data["talentWorkHistory"]["workHistoryList"]
    ]
    assert data["workDays"]["workDays"] == [day]
    assert len(data["workDiaryContract"]["workDiaryTimeCells"]) == 9
    assert data["timeReport"][0]["totalHoursWorked"] == 1.5
    assert data["timeReport"][0]["totalCharges"] == 45.0

    # ISO dates fail silently (UpworkToNotion docs/upwork-api.md).
    iso = f"{day[:4]}-{day[4:6]}-{day[6:]}"
    variables["days"]["timeRange"] = {"rangeStart": iso, "rangeEnd": iso}
    quiet = (await gql(http, token, WORK_DIARY_QUERY, variables)).json()["data"]
    assert quiet["workDays"]["workDays"] == []
    # timeReport's organizationId_eq is required (upwork-node generated-types.ts).
    del variables["report"]["organizationId_eq"]
    refused = (await gql(http, token, WORK_DIARY_QUERY, variables)).json()
    assert "data" not in refused and "organizationId_eq" in refused["errors"][0]["message"]


async def test_a_refused_field_answers_an_error(
    emu: UpworkEmulator, http: httpx.AsyncClient
) -> None:
    token = emu.issue_tokens()["access_token"]
    emu.refused_fields["user"] = "Authorization failed"
    body = (await gql(http, token, USER_QUERY)).json()
    assert body["data"] == {"user": None}
    assert body["errors"][0]["message"] == "Authorization failed"
