from __future__ import annotations


class UpworkError(Exception):
    """Base of every failure talking to Upwork."""


class UpworkAuthError(UpworkError):
    """The access token was refused (HTTP 401 or an authentication error)."""


class UpworkScopeError(UpworkError):
    """The account's token lacks a scope this call needs."""

    def __init__(self, message: str, scope: str | None = None) -> None:
        super().__init__(message)
        self.scope = scope


class UpworkRateLimited(UpworkError):
    """Upwork answered 429 (or said so in errors[]) after our retries."""


class UpworkQueryError(UpworkError):
    """The query itself is wrong: unknown field, bad argument. A bug, not weather."""


class UpworkUnavailable(UpworkError):
    """Network failure or 5xx after our retries: try again later."""


class OAuthError(UpworkError):
    """The token endpoint refused a grant (`error` is OAuth's code, e.g. invalid_grant)."""

    def __init__(self, error: str, description: str = "", status: int | None = None) -> None:
        super().__init__(f"{error}: {description}" if description else error)
        self.error = error
        self.description = description
        self.status = status

    @property
    def permanent(self) -> bool:
        return self.error in {"invalid_grant", "invalid_client", "unauthorized_client"}
