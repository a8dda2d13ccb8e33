"""Print one line per dependency; exit 1 when a required one fails.

`--live` adds one line per Upwork read operation, run with a linked account's token.
"""

from __future__ import annotations

from core.config import Settings
from core.diagnostics.doctor import Finding, run_checks
from core.diagnostics.doctor_live import live_checks
from core.infra.embedded_redis import EmbeddedRedis
from scout.startup import prepare


async def _live(settings: Settings, telegram_id: int | None) -> list[Finding]:
    if settings.redis_url is not None:
        checks = await live_checks(settings, settings.redis_url.get_secret_value(),
                                   telegram_id=telegram_id)  # fmt: skip
        return [Finding(check, True) for check in checks]
    embedded = EmbeddedRedis(settings.data_dir)  # the rate limit and token lock live in Redis
    await embedded.start()
    try:
        checks = await live_checks(settings, embedded.url, telegram_id=telegram_id)
    finally:
        await embedded.stop()
    return [Finding(check, True) for check in checks]


async def doctor(settings: Settings, *, live: bool = False, telegram_id: int | None = None) -> int:
    settings = prepare(settings, "doctor", level="WARNING")
    findings = await run_checks(settings)
    if live:
        findings += await _live(settings, telegram_id)
    width = max(len(f.check.name) for f in findings)
    for finding in findings:
        check = finding.check
        state = "ok" if check.ok else ("FAILING" if finding.required else "skipped/failing")
        print(f"{check.name:<{width}}  {state:<15}  {check.detail}")
    return 1 if any(f.required and not f.check.ok for f in findings) else 0
