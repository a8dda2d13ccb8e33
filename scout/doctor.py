"""Print one line per dependency; exit 1 when a required one fails."""

from __future__ import annotations

from core.config import Settings
from core.services.doctor import run_checks
from scout.setup import prepare


async def doctor(settings: Settings) -> int:
    settings = prepare(settings, "doctor", level="WARNING")
    findings = await run_checks(settings)
    width = max(len(f.check.name) for f in findings)
    for finding in findings:
        check = finding.check
        state = "ok" if check.ok else ("FAILING" if finding.required else "skipped/failing")
        print(f"{check.name:<{width}}  {state:<15}  {check.detail}")
    return 1 if any(f.required and not f.check.ok for f in findings) else 0
