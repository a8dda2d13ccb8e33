"""Small human pages (OAuth results, errors), rendered from one template."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")


def page(
    request: Request,
    *,
    title: str,
    message: str,
    status: int = 200,
    hint: str | None = None,
) -> HTMLResponse:
    context = {
        "title": title,
        "message": message,
        "hint": hint,
        "kind": "ok" if status < 400 else "error",
        "lang": "en",
    }
    response = templates.TemplateResponse(request, "page.html", context, status_code=status)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response
