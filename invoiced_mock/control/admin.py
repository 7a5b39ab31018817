"""Who may drive the control plane (``/_mock/``), and what of the journal it may see.

A caller is one of three: the **admin** (the server's admin token, as ``Authorization: Bearer T`` or as
HTTP Basic with ``T`` as the user, so a browser can log in), a **tenant** (an API key the app accepts, as
for the API: it reaches only its own business), or **anonymous**. Routes that touch one business are
scoped to the tenant's key; routes that touch every business or the server (global reset, journal and
faults, the clock) need the admin whenever an admin token is set. Without one (a loopback-only server)
anonymous calls keep today's open, global control plane.

Whatever the control plane shows of the journal goes through :func:`redact`: credentials, cookies,
webhook secrets, payment tokens and card numbers never leave the process.

A form the inspector renders carries :func:`form_token`, a MAC of who the page was rendered for under a secret
drawn when the process starts; :func:`check_form_token` refuses a post without the caller's own token (a page
elsewhere cannot read it, so it cannot drive a logged-in browser).
"""

from __future__ import annotations

import hashlib
import hmac
import json
import re
import secrets
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from invoiced_mock.errors import AuthenticationFailed, PermissionDenied
from invoiced_mock.http import auth
from invoiced_mock.store.business import Tenants

if TYPE_CHECKING:
    from invoiced_mock.http.request import Request

REDACTED = "[redacted]"
SECRET_HEADERS = frozenset({"authorization", "proxy-authorization", "cookie", "set-cookie", "x-api-key"})
SECRET_KEY = re.compile(r"secret|token|password|cvc|cvv|account_number|card_number", re.IGNORECASE)
CARD_NUMBER = re.compile(r"\b(?:\d[ -]?){12,18}\d\b")
_FORM_SECRET = secrets.token_bytes(32)  # per process: a restarted sandbox asks for its pages again


@dataclass(frozen=True)
class Caller:
    admin: bool
    api_key: str | None  # the tenant's key; None for the admin or anonymous

    @property
    def scope(self) -> str | None:
        """The business a scoped route acts on: the tenant's key, or None for every business."""
        return self.api_key


def caller(request: Request, tenants: Tenants, admin_token: str | None) -> Caller:
    """Who is calling; 401 for a credential that is not an ASCII key, a key the app does not accept, an
    anonymous call once a token is set, or (once a token is set) a credential that is neither the token nor
    the key of a business the server holds: a mistyped token never becomes a fresh business."""
    key = auth.sent_key_or_none(request)
    if admin_token is not None and key is not None and _same(key, admin_token):
        return Caller(admin=True, api_key=None)
    if key is not None:
        if admin_token is not None and tenants.known(key) is None:
            raise AuthenticationFailed("This is neither the admin token nor the API key of a business this server "
                                       "holds (make an API call with a new key before driving it here)")
        if tenants.get(key) is None:
            raise auth.unknown(key)
        return Caller(admin=False, api_key=key)
    if admin_token is not None:
        raise AuthenticationFailed("The control plane needs an API key (for its own business) or the admin token "
                                   "(Authorization: Bearer <token>)")
    return Caller(admin=True, api_key=None)  # open: a loopback-only server without a token


def may_act_globally(who: Caller, admin_token: str | None) -> bool:
    """Whether ``who`` may use the routes that touch every business (the clock): the admin, or anyone while no
    admin token is set."""
    return admin_token is None or who.admin


def _same(sent: str, token: str) -> bool:
    """Constant-time comparison of any two strings (``hmac.compare_digest`` refuses non-ASCII ``str``)."""
    return hmac.compare_digest(sent.encode("utf-8", "surrogatepass"), token.encode("utf-8", "surrogatepass"))


def require_admin(who: Caller, admin_token: str | None, what: str) -> None:
    """Refuse a tenant a route that touches every business, once an admin token is set."""
    if not may_act_globally(who, admin_token):
        raise PermissionDenied(f"{what} is shared by every business: it needs the admin token "
                               "(Authorization: Bearer <token>)")


def redact(value: Any, key: str = "") -> Any:
    """``value`` with every secret replaced by ``[redacted]`` (by key name, or a card number in any string)."""
    if isinstance(value, dict):
        return {k: REDACTED if SECRET_KEY.search(str(k)) and v not in (None, "") else redact(v, str(k))
                for k, v in value.items()}
    if isinstance(value, list):
        return [redact(item, key) for item in value]
    if isinstance(value, str) and CARD_NUMBER.search(value):
        return CARD_NUMBER.sub(REDACTED, value)
    return value


def redact_call(call: dict[str, Any]) -> dict[str, Any]:
    """A journal entry as the control plane shows it (the raw body shown as its redacted parameters)."""
    headers = {k: REDACTED if k.lower() in SECRET_HEADERS else v for k, v in call["headers"].items()}
    headers.pop("Authorization", None)
    shown = redact({k: v for k, v in call.items() if k not in ("headers", "body")})
    if "body" in call:
        raw = call["body"]
        shown["body"] = json.dumps(shown["json"]) if call.get("json") is not None else redact(raw)
    return {**shown, "headers": headers}


def form_token(who: Caller) -> str:
    """The token the inspector's forms carry for ``who`` (the admin's, or one per API key)."""
    identity = b"admin" if who.api_key is None else b"key:" + who.api_key.encode("utf-8", "surrogatepass")
    return hmac.new(_FORM_SECRET, identity, hashlib.sha256).hexdigest()[:32]


def check_form_token(who: Caller, token: str | None) -> None:
    """Refuse a form post that does not carry ``who``'s own token."""
    if not token or not hmac.compare_digest(token.encode("utf-8", "replace"), form_token(who).encode()):
        raise PermissionDenied("This form is out of date or was not sent from the inspector's own page: "
                               "open the page again and resend it")
