"""Small human pages (OAuth results, errors), rendered from one template."""

from __future__ import annotations

from pathlib import Path

from fastapi import Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates

templates = Jinja2Templates(directory=Path(__file__).parent / "templates")

STRICT_CSP = (
    "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; "
    "form-action 'none'; frame-ancestors 'none'"
)


def secure_html(response: HTMLResponse, csp: str = STRICT_CSP) -> HTMLResponse:
    """Headers every HTML page gets: not cached, not framed, not sniffed, a strict CSP."""
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["X-Frame-Options"] = "DENY"
    response.headers["Content-Security-Policy"] = csp
    return response


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
    return secure_html(
        templates.TemplateResponse(request, "page.html", context, status_code=status)
    )
