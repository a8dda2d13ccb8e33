"""A full flow (link, MFA, alert, draft, approve) as a real process: no secret in its logs."""

from __future__ import annotations

import time
from pathlib import Path

import httpx
import pyotp

from sandbox.emulators.openai_api import OpenAIEmulator
from sandbox.emulators.telegram import TelegramEmulator
from sandbox.emulators.upwork import UpworkEmulator
from tests.infra.postgres import free_port
from tests.infra.process import ScoutProcess

USER = 4711


async def test_full_flow_logs_carry_no_secret(tmp_path: Path) -> None:
    async with TelegramEmulator() as tg, UpworkEmulator(sample_jobs=False) as upwork, \
            OpenAIEmulator() as openai:  # fmt: skip
        port = free_port()
        env = {
            "BOT_TOKEN": tg.token, "TELEGRAM_API_URL": tg.url, "API_PORT": str(port),
            "PUBLIC_URL": f"http://127.0.0.1:{port}", "POLL_INTERVAL_SECONDS": "1",
            "OPENAI_API_KEY": openai.api_key, "OPENAI_BASE_URL": f"{openai.url}/v1",
            "AI_PROVIDERS": "openai,offline", "LOG_LEVEL": "DEBUG", **upwork.settings_env(),
        }  # fmt: skip
        scout = await ScoutProcess(["run", "all"], cwd=tmp_path, env=env).start()
        try:
            await scout.wait_for(lambda line: str(line.get("msg", "")).startswith("Uvicorn"))

            async def say(text: str) -> str:
                await tg.send_message(USER, text)
                return (await tg.next_message(USER, timeout=20)).text or ""

            await say("/start")
            await tg.send_message(USER, "/link")
            [button] = (await tg.next_message(USER)).buttons
            async with httpx.AsyncClient(follow_redirects=False) as browser:
                state = button["url"].split("state=")[1]  # the confirmation page's button:
                start = await browser.post(button["url"].split("?")[0], data={"state": state})
                consent = await browser.post(
                    start.headers["location"], data={"decision": "authorize"}
                )
                linked = await browser.get(consent.headers["location"])
            assert linked.status_code == 200
            await tg.next_message(USER, timeout=20)  # "Linked as …"

            await tg.send_message(USER, "/mfa")
            status = await tg.next_message(USER)
            assert status.message_id is not None
            turn_on = tg.message(USER, status.message_id).callback_data("Turn on")
            await tg.press_button(USER, status.message_id, turn_on)
            photo = await tg.next_call("sendPhoto", chat_id=USER)
            caption = str(photo.params["caption"])
            secret = caption.split("<code>")[1].split("</code>")[0].replace(" ", "")
            totp = pyotp.TOTP(secret)
            enabled = await say(totp.now())
            codes = [line.strip() for line in enabled.splitlines() if len(line.strip()) == 11]
            assert len(codes) == 10

            await say("/profile Python developer\nSkills: Python, FastAPI\nRate: 50")
            await say("/filters platypus score>=0")
            upwork.publish_job(title="Platypus FastAPI service", skills=["Python", "FastAPI"],
                               verified=True, hourly_min="40", hourly_max="60")  # fmt: skip
            alert = await tg.next_message(USER, timeout=30)
            assert alert.message_id is not None
            draft_data = tg.message(USER, alert.message_id).callback_data("Draft proposal")
            await tg.press_button(USER, alert.message_id, draft_data)
            draft = await tg.wait_for(lambda r: "Draft v1" in (r.text or ""), timeout=30)
            assert draft.message_id is not None
            approve = tg.message(USER, draft.message_id).callback_data("Approve")
            await tg.press_button(USER, draft.message_id, approve)
            await tg.wait_for(lambda r: "6-digit code" in (r.text or ""), timeout=20)
            await tg.send_message(USER, totp.at(time.time() + 30))
            await tg.wait_for(lambda r: "Ready to send" in (r.text or ""), timeout=30)
        finally:
            assert await scout.stop() == 0

        secrets = [tg.token, tg.token.split(":", 1)[1], openai.api_key, upwork.client_secret,
                   secret, *codes, *(c.replace("-", "") for c in codes)]  # fmt: skip
        secrets += list(upwork.access_tokens) + list(upwork.refresh_tokens)
        secrets += [p.read_text().strip() for p in (tmp_path / "data" / "keys").iterdir()]
        output = "\n".join(scout.raw)
        assert len(scout.raw) > 50  # the run did log, at DEBUG
        leaked = [s[:6] + "…" for s in secrets if s and s in output]
        assert leaked == [], f"secrets found in the logs: {leaked}"
