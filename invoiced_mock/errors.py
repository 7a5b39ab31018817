"""Every error the mock can answer with, in Invoiced's dialect: ``{type, message, param}``.

Models raise these; the HTTP layer turns them into responses. Nothing here knows about requests.
"""

from __future__ import annotations

from typing import Any

RETRY_AFTER_SECONDS = 0  # sent on every 429: a retrying client may go again at once, waiting only its own backoff


class ApiError(Exception):
    """An error the API reports to the caller."""

    status: int = 400
    type: str = "invalid_request"

    def __init__(self, message: str, param: str | None = None, *, status: int | None = None,
                 type: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.param = param
        if status is not None:
            self.status = status
            self.type = type or type_for_status(status)
        elif type is not None:
            self.type = type

    def body(self) -> dict[str, Any]:
        body: dict[str, Any] = {"type": self.type, "message": self.message}
        if self.param is not None:
            body["param"] = self.param
        return body

    def headers(self) -> dict[str, str]:
        """Headers sent with this error: ``Retry-After`` on a 429, which urllib3's ``Retry`` (and others) read."""
        return {"Retry-After": str(RETRY_AFTER_SECONDS)} if self.status == 429 else {}


# Every ``type`` an API error carries (the backend's ApiHttpException::getErrorType): a closed set.
ERROR_TYPES = ("invalid_request", "rate_limit_error", "api_error")


def type_for_status(status: int) -> str:
    """The ``type`` the real API pairs with a status code."""
    if status == 429:
        return "rate_limit_error"
    if status >= 500:
        return "api_error"
    return "invalid_request"


class InvalidRequest(ApiError):
    status = 400


class AuthenticationFailed(ApiError):
    status = 401


class PermissionDenied(ApiError):
    status = 403


class NotFound(ApiError):
    status = 404

    @classmethod
    def object(cls, label: str, object_id: Any) -> NotFound:
        return cls(f"{label} was not found: {object_id}")


class MethodNotAllowed(ApiError):
    status = 405


class TooLarge(ApiError):
    """413: a body, part, field or query over one of the documented size limits."""

    status = 413


class ServerError(ApiError):
    status = 500
    type = "api_error"
