"""Who is calling: the API key from HTTP Basic (key as user, empty password) or a Bearer token.

A key is printable ASCII, as every key the API issues is: anything else (``Bearer adm_é``, a control
character) is a 401, never a new business and never an error further down.
"""

from __future__ import annotations

from functools import lru_cache
from typing import TYPE_CHECKING

from werkzeug.datastructures import Authorization

from invoiced_mock.errors import AuthenticationFailed

if TYPE_CHECKING:
    from invoiced_mock.http.request import Request

MISSING = ("You must provide an API key. Use HTTP Basic authentication with your API key as the "
           "username and an empty password.")


class NotAKey(AuthenticationFailed):
    """A credential was sent, but it cannot be an API key (not printable ASCII)."""

    def __init__(self) -> None:
        super().__init__("API keys are printable ASCII: this Authorization header holds other characters")


def api_key(request: Request) -> str:
    """The caller's API key, or a 401 error."""
    return _key_in(request.environ.get("HTTP_AUTHORIZATION"))


@lru_cache(maxsize=256)  # a client sends the same header on every call; a refusal raises, and is not kept
def _key_in(header: str | None) -> str:
    """The key in werkzeug's reading of an Authorization header, or a 401 error."""
    auth = Authorization.from_header(header)
    key = ""
    if auth is not None and auth.type == "basic":
        key = auth.username or auth.password or ""
    elif auth is not None and auth.type == "bearer":
        key = auth.token or ""
    if not key:
        raise AuthenticationFailed(MISSING)
    if not (key.isascii() and key.isprintable()):
        raise NotAKey
    return key


def api_key_or_none(request: Request) -> str | None:
    """The caller's API key when one was sent (the control plane and fault scoping accept anonymous calls)."""
    try:
        return api_key(request)
    except AuthenticationFailed:
        return None


def sent_key_or_none(request: Request) -> str | None:
    """The caller's API key, or None when no credential was sent at all; a credential that is not a key
    (not printable ASCII) is still a 401."""
    try:
        return api_key(request)
    except NotAKey:
        raise
    except AuthenticationFailed:
        return None


def unknown(key: str, help: str = "") -> AuthenticationFailed:
    """The 401 for a key the mock does not accept. Like the API, it masks the key, unless ``help`` (the test
    fixture's explanation of which keys it accepts and how to allow another; ``{key}`` in it stands for the
    key used) is given: then it names the key whole."""
    if help:
        return AuthenticationFailed(f"We could not authenticate you with the API Key: {key}. "
                                    + help.replace("{key}", repr(key)))
    masked = key[:3] + "*" * max(len(key) - 6, 0) + key[-3:] if len(key) > 6 else "*" * len(key)
    return AuthenticationFailed(f"We could not authenticate you with the API Key: {masked}")
