"""The analytics page's A/B comparison, skills and live updates, in a real browser.

Acceptance (issue 7, item 3): headless Chromium opens the dashboard through a real
single-use link on a real uvicorn, checks the funnel against the data created here, sees
an alert recorded the way the worker records it appear without a reload, downloads the
CSV and checks its rows, and inspects a saved screenshot for non-empty charts.
"""

from __future__ import annotations

import csv
import io
import json
import math
from collections.abc import AsyncIterator
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from statistics import NormalDist

import aiohttp
import png
import pytest
from playwright.async_api import expect
from redis.asyncio import Redis
from sqlalchemy.ext.asyncio import AsyncEngine, AsyncSession, async_sessionmaker

from api.state import ApiState
from core.ai.ab_test import MIN_APPROVAL_SAMPLE, min_sample_per_arm
from core.config import load_settings
from core.db.base import utcnow
from core.db.models import Job, Match, MatchStatus, Proposal, ProposalStatus, User
from core.infra import live
from core.services import alerts
from core.services.dashboard import create_dashboard_link, issue_session
from core.views import analytics
from core.views.prompt_variants import (
    VariantStats,
    approval_p_value,
    significance_note,
    variant_comparison,
)
from tests.infra.api_server import running_api
from tests.infra.browser import chromium
from tests.infra.dashboard import forged_cookies

SECRET = "dashboard-live-test-secret-key-of-32-bytes"
COOKIE = "scout_session"
BAR_BLUE = (0x3B, 0x6F, 0xD8)
BAR_PURPLE = (0x7A, 0x5A, 0xF8)

# Alice's proposals, one row per job: (variant, final status, outcome, edited).
S, AP, D, R = (
    ProposalStatus.SUBMITTED,
    ProposalStatus.APPROVED,
    ProposalStatus.DRAFT,
    ProposalStatus.REJECTED,
)
PROPOSALS: list[tuple[str, ProposalStatus, str | None, bool]] = [
    # A: 11 drafts, 9 approved (6 of them submitted), 2 edited, 3 replied (1 hired)
    ("A", S, "hired", True),
    ("A", S, "replied", False),
    ("A", S, "replied", False),
    ("A", S, "viewed", True),
    ("A", S, None, False),
    ("A", S, None, False),
    ("A", AP, None, False),
    ("A", AP, None, False),
    ("A", AP, None, False),
    ("A", D, None, False),
    ("A", R, None, False),
    # B: 11 drafts, 3 approved (2 submitted), 5 edited, 1 replied
    ("B", S, "replied", True),
    ("B", S, None, True),
    ("B", AP, None, False),
    ("B", D, None, True),
    ("B", D, None, True),
    ("B", D, None, True),
    ("B", D, None, False),
    ("B", D, None, False),
    ("B", R, None, False),
    ("B", R, None, False),
    ("B", R, None, False),
]
MATCHED, ALERTED = 24, 20  # Alice's matches that passed the filters; of them alerted
FUNNEL = {
    "matched": 24,
    "alerted": 20,
    "drafted": 22,
    "approved": 12,
    "submitted": 8,
    "replied": 4,
    "hired": 1,
}
TOP_SKILLS = [("Python", 24), ("FastAPI", 10), ("Django", 6), ("PostgreSQL", 6)]


@dataclass
class Seeded:
    alice: int
    bob: int
    alice_titles: list[str]
    bob_titles: list[str]
    alice_epoch: str = ""
    bob_epoch: str = ""


def skills_of(n: int) -> list[str]:
    skills = ["python" if n % 3 == 0 else "Python"]
    if n < 10:
        skills.append("FastAPI")
    if 10 <= n < 16:
        skills += ["Django", "DJANGO "]  # twice in one job: counted once
    if n % 4 == 0:
        skills.append("PostgreSQL")
    return skills


async def seed(sessions: async_sessionmaker[AsyncSession]) -> Seeded:
    now = utcnow()
    async with sessions.begin() as session:
        alice = User(telegram_id=2001, username="alice")
        bob = User(telegram_id=2002, username="bob")
        session.add_all([alice, bob])
        await session.flush()

        def job(key: str, title: str, skills: list[str]) -> Job:
            return Job(
                upwork_id=f"live-{key}",
                ciphertext=f"~0{key}",
                url=f"https://www.upwork.com/jobs/~0{key}",
                title=title,
                skills=skills,
            )

        titles = [f"Alice live job {n:02d}" for n in range(MATCHED)]
        jobs = [job(f"a{n}", title, skills_of(n)) for n, title in enumerate(titles)]
        hidden = job("a-filtered", "Alice filtered-out job", ["COBOL", "COBOL", "COBOL"])
        bob_titles = ["Bob private gig", "Bob other gig"]
        bob_jobs = [job(f"b{n}", t, ["Secret Skill"]) for n, t in enumerate(bob_titles)]
        session.add_all([*jobs, hidden, *bob_jobs])
        await session.flush()

        for n, j in enumerate(jobs):
            at = now - timedelta(hours=n)
            session.add(
                Match(
                    user_id=alice.id,
                    job_id=j.id,
                    fit_score=95 - n,
                    status=MatchStatus.ALERTED if n < ALERTED else MatchStatus.NEW,
                    alerted_at=at if n < ALERTED else None,
                    created_at=at,
                )
            )
        session.add(
            Match(
                user_id=alice.id,
                job_id=hidden.id,
                passed_filters=False,
                created_at=now - timedelta(days=40),
            )
        )
        for n, (variant, status, outcome, edited) in enumerate(PROPOSALS):
            common = dict(user_id=alice.id, job_id=jobs[n].id, variant=variant, text="Hi")
            if n % 5 == 0:  # an earlier version: the job still counts once
                session.add(
                    Proposal(
                        **common,
                        version=1,
                        provider="offline",
                        model="offline",
                        status=ProposalStatus.SUPERSEDED,
                    )
                )
            session.add(
                Proposal(
                    **common,
                    version=2 if n % 5 == 0 else 1,
                    provider="offline",
                    model="offline",
                    status=status,
                    outcome=outcome,
                    edits=1 if edited else 0,
                )
            )
        for j in bob_jobs:
            session.add(
                Match(user_id=bob.id, job_id=j.id, fit_score=50, alerted_at=now, created_at=now)
            )
            session.add(
                Proposal(
                    user_id=bob.id,
                    job_id=j.id,
                    version=1,
                    variant="B",
                    provider="offline",
                    model="offline",
                    text="Hi",
                    status=ProposalStatus.SUBMITTED,
                    outcome="hired",
                )
            )
    return Seeded(alice.id, bob.id, titles, bob_titles, alice.session_epoch, bob.session_epoch)


def make_state(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> ApiState:
    settings = load_settings(public_url="http://localhost:8000", secret_key=SECRET)
    return ApiState(settings, engine, sessions, redis)


# --- the numbers behind the page -----------------------------------------------------


async def test_variant_comparison_counts_distinct_jobs_per_variant(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    seeded = await seed(sessions)
    async with sessions() as session:
        a, b = await variant_comparison(session, seeded.alice)
        bob = await variant_comparison(session, seeded.bob)
        nobody = await variant_comparison(session, seeded.bob + 1000)
    assert a == VariantStats("A", proposals=11, approved=9, edited=2, replied=3)
    assert b == VariantStats("B", proposals=11, approved=3, edited=5, replied=1)
    assert a.approval_rate == pytest.approx(9 / 11)
    assert b.edit_rate == pytest.approx(5 / 11)
    assert a.reply_rate == pytest.approx(3 / 11)
    assert bob == [VariantStats("A"), VariantStats("B", 2, 2, 0, 2)]
    assert nobody == [VariantStats("A"), VariantStats("B")]
    assert nobody[0].approval_rate is None


def reference_p(a: VariantStats, b: VariantStats) -> float:
    pooled = (a.approved + b.approved) / (a.proposals + b.proposals)
    se = math.sqrt(pooled * (1 - pooled) * (1 / a.proposals + 1 / b.proposals))
    z = (a.approved / a.proposals - b.approved / b.proposals) / se
    return 2 * (1 - NormalDist().cdf(abs(z)))


@pytest.mark.parametrize(
    ("a", "b"),
    [((13, 21), (7, 20)), ((9, 11), (3, 11)), ((50, 100), (45, 100)), ((1, 3), (2, 3))],
)
def test_p_value_matches_a_reference_z_test(a: tuple[int, int], b: tuple[int, int]) -> None:
    va, vb = VariantStats("A", a[1], a[0]), VariantStats("B", b[1], b[0])
    assert approval_p_value(va, vb) == pytest.approx(reference_p(va, vb), abs=1e-9)
    assert approval_p_value(va, vb) == pytest.approx(approval_p_value(vb, va))


def test_significance_note_in_plain_language() -> None:
    need = MIN_APPROVAL_SAMPLE
    assert need == min_sample_per_arm(0.4, 0.6) == 97  # the most any 20-point gap needs
    likely = significance_note(VariantStats("A", 100, 62), VariantStats("B", 120, 30))
    assert likely == (
        "Variant A is approved more often (62% of 100 vs 25% of 120); "
        "the difference is likely real (p < 0.01)."
    )

    flipped = significance_note(VariantStats("A", 100, 38), VariantStats("B", 100, 50))
    assert flipped.startswith("Variant B is approved more often (50% of 100 vs 38% of 100)")
    assert flipped.endswith("but the difference could still be chance (p = 0.09).")

    few = significance_note(VariantStats("A", need - 1, 80), VariantStats("B", 300, 10))
    assert few == (
        f"Not enough data yet to tell the variants apart: approval rates need {need} drafts "
        f"per variant to show a 20-point difference; the smaller variant has {need - 1}."
    )  # no verdict and no p-value before the sample, however lopsided the rates

    same = significance_note(VariantStats("A", 100, 50), VariantStats("B", 120, 60))
    assert same == "Both variants are approved equally often (50% of 100 vs 50% of 120)."

    all_approved = significance_note(VariantStats("A", need, need), VariantStats("B", need, need))
    assert "equally often" in all_approved

    assert significance_note(VariantStats("A"), VariantStats("B")) == (
        "No drafts yet, so there is nothing to compare."
    )
    one_sided = significance_note(VariantStats("A", 120, 60), VariantStats("B"))
    assert one_sided.startswith("Not enough data yet") and "the smaller variant has 0." in one_sided


async def test_top_skills_merge_case_and_stay_per_user(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    seeded = await seed(sessions)
    async with sessions() as session:
        top = await analytics.top_skills(session, seeded.alice)
        two = await analytics.top_skills(session, seeded.alice, limit=2)
        bob = await analytics.top_skills(session, seeded.bob)
    assert [(s.skill, s.count) for s in top] == TOP_SKILLS  # COBOL was filtered out
    assert [(s.skill, s.count) for s in two] == TOP_SKILLS[:2]
    assert [(s.skill, s.count) for s in bob] == [("Secret Skill", 2)]


async def test_dashboard_bundles_matches_per_day(
    sessions: async_sessionmaker[AsyncSession],
) -> None:
    seeded = await seed(sessions)
    async with sessions() as session:
        data = await analytics.dashboard(session, seeded.alice)
    assert sum(d.alerts for d in data.alerts_per_day) == ALERTED
    assert sum(d.matches for d in data.alerts_per_day) == MATCHED  # the filtered one is old
    assert data.variant_note.startswith(  # 9 of 11 against 3 of 11: still no verdict
        "Not enough data yet to tell the variants apart: approval rates need 97 drafts per "
        "variant to show a 20-point difference; the smaller variant has 11."
    )


# --- the WebSocket -------------------------------------------------------------------


@pytest.fixture
async def live_api(
    engine: AsyncEngine, sessions: async_sessionmaker[AsyncSession], redis: Redis
) -> AsyncIterator[tuple[str, Seeded, Redis]]:
    seeded = await seed(sessions)
    async with running_api(make_state(engine, sessions, redis)) as url:
        yield url, seeded, redis


async def ws_close_code(url: str, headers: dict[str, str]) -> int | None:
    async with (
        aiohttp.ClientSession() as client,
        client.ws_connect(f"{url}/analytics/live", headers=headers) as ws,
    ):
        message = await ws.receive(timeout=10)
        assert message.type in (aiohttp.WSMsgType.CLOSE, aiohttp.WSMsgType.CLOSED), message
        return ws.close_code


async def test_the_websocket_refuses_missing_and_forged_cookies(
    live_api: tuple[str, Seeded, Redis],
) -> None:
    url, seeded, _ = live_api
    assert await ws_close_code(url, {}) == 1008
    for value in [
        *forged_cookies(SECRET, seeded.bob),
        issue_session("some-other-secret", seeded.bob, seeded.bob_epoch),
    ]:
        assert await ws_close_code(url, {"Cookie": f"{COOKIE}={value}"}) == 1008, value
    # A valid cookie, but sent by another site's page (cross-site WebSocket hijacking).
    good = issue_session(SECRET, seeded.alice, seeded.alice_epoch)
    foreign = {"Cookie": f"{COOKIE}={good}", "Origin": "https://evil.example"}
    assert await ws_close_code(url, foreign) == 1008
    # A valid cookie of a user deleted since.
    ghost = issue_session(SECRET, seeded.bob + 1000, seeded.bob_epoch)
    assert await ws_close_code(url, {"Cookie": f"{COOKIE}={ghost}"}) == 1008


async def test_the_websocket_pushes_only_the_users_own_events(
    live_api: tuple[str, Seeded, Redis],
) -> None:
    url, seeded, redis = live_api
    cookie = issue_session(SECRET, seeded.alice, seeded.alice_epoch)
    headers = {"Cookie": f"{COOKIE}={cookie}", "Origin": url}
    async with (
        aiohttp.ClientSession() as client,
        client.ws_connect(f"{url}/analytics/live", headers=headers) as ws,
    ):
        assert json.loads(await ws.receive_str(timeout=10)) == {"type": "ready"}
        await live.publish(redis, seeded.bob, live.alert_event("Bob's", 1, "https://x.test"))
        event = live.alert_event("Für Alice ✓", 77, "https://www.upwork.com/jobs/~0new")
        assert await live.publish(redis, seeded.alice, event)
        assert json.loads(await ws.receive_str(timeout=10)) == event
        draft = live.proposal_event("Für Alice ✓", 2, "B", "https://www.upwork.com/jobs/~0new")
        await live.publish(redis, seeded.alice, draft)
        assert json.loads(await ws.receive_str(timeout=10)) == draft
        await ws.send_str("anything")  # ignored, the socket stays open
        await ws.ping()
    assert ws.closed


async def test_publish_never_raises_when_redis_is_gone() -> None:
    dead = Redis.from_url("redis://127.0.0.1:9/0", socket_connect_timeout=0.2)
    assert await live.publish(dead, 1, {"type": "alert"}) is False
    await dead.aclose()


# --- a real browser ------------------------------------------------------------------


def bar_pixels(image: bytes, box: dict[str, float], colour: tuple[int, int, int]) -> int:
    """Pixels of roughly `colour` inside `box` (page coordinates, device scale 1)."""
    width, height, rows, _ = png.Reader(bytes=image).asRGBA8()
    left, top = int(box["x"]), int(box["y"])
    right = min(width, int(box["x"] + box["width"]))
    bottom = min(height, int(box["y"] + box["height"]))
    found = 0
    for y, row in enumerate(rows):
        if not top <= y < bottom:
            continue
        for x in range(left, right):
            r, g, b = row[4 * x], row[4 * x + 1], row[4 * x + 2]
            if abs(r - colour[0]) + abs(g - colour[1]) + abs(b - colour[2]) < 30:
                found += 1
    return found


@pytest.mark.browser
async def test_live_dashboard_in_a_real_browser(
    engine: AsyncEngine,
    sessions: async_sessionmaker[AsyncSession],
    redis: Redis,
    tmp_path: Path,
) -> None:
    seeded = await seed(sessions)
    state = make_state(engine, sessions, redis)
    async with running_api(state) as url, chromium() as browser:
        context = await browser.new_context(
            viewport={"width": 390, "height": 844}, accept_downloads=True
        )
        page = await context.new_page()
        errors: list[str] = []
        page.on("pageerror", lambda exc: errors.append(str(exc)))  # script errors (and CSP)
        page.on(
            "response",
            lambda r: (
                errors.append(f"{r.status} {r.url}")
                if r.status >= 400 and not r.url.endswith("/favicon.ico")
                else None
            ),
        )
        page.on(
            "console",
            lambda m: (
                errors.append(m.text)
                if m.type == "error" and "Failed to load resource" not in m.text
                else None
            ),
        )
        await page.goto(await create_dashboard_link(redis, url, seeded.alice, seeded.alice_epoch))
        assert page.url == f"{url}/analytics"

        # The funnel, the A/B comparison and the skills, against the data created above.
        for step, count in FUNNEL.items():
            await expect(page.locator(f'[data-step="{step}"] .count')).to_have_text(str(count))
        a = page.locator('#variants [data-variant="A"]')
        b = page.locator('#variants [data-variant="B"]')
        assert await a.locator('[data-field="proposals"]').inner_text() == "11"
        assert await a.locator('[data-field="approved"]').inner_text() == "82% (9)"
        assert await b.locator('[data-field="edited"]').inner_text() == "45% (5)"
        assert await b.locator('[data-field="replied"]').inner_text() == "9% (1)"
        note = await page.inner_text("#variant-note")
        assert note.startswith("Not enough data yet to tell the variants apart")
        assert "need 97 drafts per variant" in note and "the smaller variant has 11." in note
        skills = [
            (await li.locator(".label").inner_text(), int(await li.locator(".count").inner_text()))
            for li in await page.locator("#skills li").all()
        ]
        assert skills == TOP_SKILLS
        body = await page.inner_text("body")
        assert all(title not in body for title in seeded.bob_titles)
        assert "Secret Skill" not in body and "COBOL" not in body
        # Usable on a phone: nothing wider than the screen.
        assert await page.evaluate("document.documentElement.scrollWidth <= innerWidth")

        # Live: an alert recorded the way workers/jobs/alerts.py records it shows up.
        await expect(page.locator('#live-status[data-live="on"]')).to_be_visible(timeout=10_000)
        rows_before = await page.locator("#latest-rows tr").count()
        async with sessions() as session:
            job = Job(
                upwork_id="live-new",
                ciphertext="~0new",
                url="https://www.upwork.com/jobs/~0new",
                title="Brand new <b>live</b> job",
                skills=["Python"],
            )
            session.add(job)
            await session.flush()
            match = Match(user_id=seeded.alice, job_id=job.id, fit_score=99)
            session.add(match)
            await session.commit()
            await alerts.record_sent(session, [match.id], message_id=4242)
            event = live.alert_event(job.title, match.fit_score, job.url)
            assert await live.publish(redis, seeded.alice, event)
        first = page.locator("#latest-rows tr").first
        await expect(first).to_contain_text("Brand new <b>live</b> job", timeout=10_000)
        await expect(first.locator("td").nth(1)).to_have_text("99")
        assert await first.get_by_role("link").get_attribute("href") == job.url
        await expect(page.locator('[data-step="alerted"] .count')).to_have_text("21")
        assert await page.locator("#latest-rows tr").count() == rows_before + 1
        # A draft for it, as workers/jobs/drafting.py announces one.
        draft = live.proposal_event(job.title, 1, "B", job.url)
        assert await live.publish(redis, seeded.alice, draft)
        await expect(first.locator("td").nth(3)).to_have_text("draft (B) · v1")
        await expect(page.locator('[data-step="drafted"] .count')).to_have_text("23")

        # The CSV, downloaded by the browser with its own cookie.
        async with page.expect_download() as info:
            await page.click("text=Export CSV")
        download = await info.value
        assert download.suggested_filename.startswith("scout-matches-")
        saved = tmp_path / download.suggested_filename
        await download.save_as(saved)
        rows = list(csv.DictReader(io.StringIO(saved.read_text(encoding="utf-8"))))
        assert len(rows) == MATCHED + 1 + 1  # the filtered-out match is listed too
        assert rows[0]["job_title"] == "Brand new <b>live</b> job"
        assert rows[0]["status"] == "alerted" and rows[0]["score"] == "99"
        assert {r["job_title"] for r in rows[1:]} >= set(seeded.alice_titles)
        by_title = {r["job_title"]: r for r in rows}
        assert by_title["Alice live job 00"]["proposal_variant"] == "A"
        assert by_title["Alice live job 00"]["proposal_outcome"] == "hired"
        assert by_title["Alice live job 11"]["proposal_status"] == "submitted"
        assert not any(t in saved.read_text(encoding="utf-8") for t in seeded.bob_titles)

        # A screenshot, inspected for bars in both charts.
        await page.evaluate("window.scrollTo(0, 0)")
        shot = tmp_path / "dashboard.png"
        image = await page.screenshot(path=str(shot), full_page=True)
        assert shot.stat().st_size > 10_000
        for chart, colour in (("#alerts-chart", BAR_BLUE), ("#matches-chart", BAR_PURPLE)):
            box = await page.locator(chart).bounding_box()
            assert box is not None and box["width"] > 300 and box["height"] > 80
            assert bar_pixels(image, box, colour) > 200, chart
        assert not errors, errors
        await context.close()
