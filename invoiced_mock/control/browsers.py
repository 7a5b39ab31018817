"""What a browser may do on the control plane (``/_mock/``), whatever the token: checked at its entry, before
any route, so that every page of the inspector and every JSON route keep it.

- **Host**: only the names the server is known by — an IP address (the bound one or any other: a page
  cannot take an address), ``localhost``, the name the app was built with (``SERVER_NAME``) and the names
  given to ``allowed_hosts`` (``serve --allowed-host``). Any other name is DNS rebinding: a page whose own
  name now points at this server, reading the journal as if it were the page's origin.
- **Writes from another site or origin**: refused by ``http/sites.py`` (``Sec-Fetch-Site``, ``Origin``).
- **Writes**: JSON bodies only (or none). The types a page elsewhere can send without asking first
  (``text/plain``, forms) are refused; the inspector's own posts are forms, and the inspector checks the
  form token each carries (``control/admin.check_form_token``) before it acts.
- **Every answer** forbids framing (``X-Frame-Options``, CSP ``frame-ancestors``), sniffing, reading from
  other origins (``Cross-Origin-Resource-Policy``) and caching.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Collection

from invoiced_mock.errors import ApiError, PermissionDenied
from invoiced_mock.http.request import Request
from invoiced_mock.http.response import Response
from invoiced_mock.http.sites import SAFE_METHODS, cross_site, host_name

LOCAL_NAMES = frozenset({"localhost"})
JSON_TYPES = frozenset({"", "application/json"})
FORM_TYPES = frozenset({"application/x-www-form-urlencoded", "multipart/form-data", "text/plain"})
HEADERS = (
    ("X-Frame-Options", "DENY"),
    ("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self'; "
                                "form-action 'self'; frame-ancestors 'none'; base-uri 'none'"),
    ("X-Content-Type-Options", "nosniff"),
    ("Cross-Origin-Resource-Policy", "same-origin"),
    ("Referrer-Policy", "same-origin"),
    ("Cache-Control", "no-store"),
)


def check(request: Request, allowed_hosts: Collection[str], form_route: bool) -> None:
    """Refuse what no page of another site may do; ``form_route``: the inspector, whose forms post."""
    _check_host(request, allowed_hosts)
    refused = cross_site(request.environ)
    if refused is not None:
        raise refused
    if request.method in SAFE_METHODS:
        return
    mimetype = request.mimetype
    if form_route and mimetype in FORM_TYPES | {""}:
        return  # the inspector refuses a form without the caller's token (``control/inspector``)
    if mimetype in JSON_TYPES or mimetype.endswith("+json"):
        return
    raise ApiError("The control plane takes JSON: send Content-Type: application/json", "Content-Type", status=415)


def secured(response: Response) -> Response:
    """``response`` with the headers every answer of the control plane carries."""
    for name, value in HEADERS:
        response.set_header(name, value)
    return response


def _check_host(request: Request, allowed_hosts: Collection[str]) -> None:
    sent = request.environ.get("HTTP_HOST")
    if sent is None:
        return  # HTTP/1.0 without Host: no browser sends that
    name = host_name(sent)
    if name in LOCAL_NAMES or name in allowed_hosts or name == str(request.environ.get("SERVER_NAME", "")).lower():
        return
    try:
        ipaddress.ip_address(name)
    except ValueError:
        raise PermissionDenied(f"The control plane answers its own names only, not {name[:100]}: start the server "
                               f"with --allowed-host {name[:100]} if that name is yours", "Host") from None
