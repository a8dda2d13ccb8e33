"""Requests that end on one of the small human pages: raised anywhere, answered here.

Routes and their dependencies raise instead of returning an error page, so a route's
return type is its success; `install_error_handlers` is the one place that turns each
refusal into its page and status.
"""

from __future__ import annotations

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse

from api.pages import page
from api.rate_limits import RateLimited, rate_limited_page


class PageError(Exception):
    """Answer with `page(title, message)` and `status`; optionally drop a cookie."""

    def __init__(
        self,
        status: int,
        title: str,
        message: str,
        *,
        forget_cookie: tuple[str, str] | None = None,  # (name, path)
    ) -> None:
        super().__init__(f"{status} {title}")
        self.status = status
        self.title = title
        self.message = message
        self.forget_cookie = forget_cookie


async def error_page(request: Request, exc: Exception) -> HTMLResponse:
    assert isinstance(exc, PageError)
    response = page(request, title=exc.title, message=exc.message, status=exc.status)
    if exc.forget_cookie is not None:
        name, path = exc.forget_cookie
        response.delete_cookie(name, path=path)
    return response


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(PageError, error_page)
    app.add_exception_handler(RateLimited, rate_limited_page)
