"""`GET /analytics/export?format=csv|json`: the signed-in user's matches as a download."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime
from typing import Annotated, Literal

from fastapi import Query
from fastapi.responses import Response

from api.deps import SessionDep, StateDep
from api.routes.analytics.session import (
    SECURITY_HEADERS,
    SessionCookie,
    dashboard_router,
    dashboard_user,
)
from core.services import taste
from core.views import analytics

router = dashboard_router()

EXPORT_FIELDS = (
    "job_title",
    "job_url",
    "score",
    "status",
    "alerted_at",
    "proposal_status",
    "proposal_variant",
    "proposal_outcome",
)


def _csv_cell(value: object) -> str:
    text = "" if value is None else str(value)
    # A title like "=HYPERLINK(...)" must stay text in a spreadsheet (CSV injection).
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r") else text


@router.get("/export", summary="The user's matches as CSV or JSON")
async def export(
    app: StateDep,
    session: SessionDep,
    fmt: Annotated[Literal["csv", "json"], Query(alias="format")] = "csv",
    cookie: SessionCookie = None,
) -> Response:
    user_id = await dashboard_user(app, session, cookie)
    rows = [row.as_dict() for row in await analytics.match_rows(session, user_id)]
    now = datetime.now(UTC)
    filename = f"scout-matches-{now:%Y-%m-%d}.{fmt}"
    headers = {**SECURITY_HEADERS, "Content-Disposition": f'attachment; filename="{filename}"'}
    if fmt == "json":
        body = {
            "exported_at": now.isoformat(),
            "matches": rows,
            "taste": await taste.export(session, user_id),  # the learned model is theirs too
        }
        return Response(
            json.dumps(body, ensure_ascii=False, indent=1),
            media_type="application/json",
            headers=headers,
        )
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(EXPORT_FIELDS)
    for row in rows:
        writer.writerow([_csv_cell(row[name]) for name in EXPORT_FIELDS])
    return Response(out.getvalue(), media_type="text/csv; charset=utf-8", headers=headers)
