"""Print one line per dependency; exit 1 when a required one fails."""

from __future__ import annotations

from core.config import Settings
from core.logs import configure_logging
from core.services.doctor import run_checks


async def doctor(settings: Settings) -> int:
    configure_logging(level="WARNING", fmt=settings.log_format,
                      secrets=settings.secret_values(), service="doctor")  # fmt: skip
    findings = await run_checks(settings)
    width = max(len(f.check.name) for f in findings)
    for finding in findings:
        check = finding.check
        state = "ok" if check.ok else ("FAILING" if finding.required else "skipped/failing")
        print(f"{check.name:<{width}}  {state:<15}  {check.detail}")
    return 1 if any(f.required and not f.check.ok for f in findings) else 0
