"""Which site a request comes from: a browser's write from another site (or origin) is refused.

A browser sends ``Sec-Fetch-Site`` and ``Origin`` with every write; no API client does. A page on any other
origin — another site, another port of the same machine, a sandboxed frame (``Origin: null``) — must not
change the sandbox through the browser of someone who can reach it, whether or not that browser holds a
key (a browser that logged into the inspector sends the key itself). Reads are left alone: without CORS
headers another origin cannot read an answer.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from invoiced_mock.errors import PermissionDenied

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
OWN_SITE = frozenset({"same-origin", "none"})  # ``none``: typed in the address bar, a bookmark
DEFAULT_PORTS = {"http": "80", "https": "443"}


def cross_site(environ: dict[str, Any]) -> PermissionDenied | None:
    """The refusal of a write a browser sent from another origin, or None."""
    if environ.get("REQUEST_METHOD", "GET") in SAFE_METHODS:
        return None
    fetch_site = environ.get("HTTP_SEC_FETCH_SITE")
    if fetch_site is not None and fetch_site.strip().lower() not in OWN_SITE:
        return PermissionDenied(f"A page of another site ({fetch_site}) may not change the sandbox: "
                                "call it from code, or from its own pages", "Sec-Fetch-Site")
    origin = environ.get("HTTP_ORIGIN")
    if origin is not None and not _same_origin(origin, environ):
        return PermissionDenied(f"A page of another origin ({origin[:100]}) may not change the sandbox: "
                                "call it from code, or from its own pages", "Origin")
    return None


def _same_origin(origin: str, environ: dict[str, Any]) -> bool:
    """Whether ``origin`` names the host and port the request was sent to (by its ``Host``)."""
    try:
        parts = urlsplit(origin.strip())
        port = parts.port
    except ValueError:
        return False
    if not parts.hostname or parts.scheme not in DEFAULT_PORTS:
        return False  # ``null`` and anything else that is not a web origin
    scheme = environ.get("wsgi.url_scheme", "http")
    host = environ.get("HTTP_HOST") or environ.get("SERVER_NAME", "")
    return _netloc(parts.hostname, str(port) if port is not None else DEFAULT_PORTS[parts.scheme]) == _netloc(
        *_split_host(host, DEFAULT_PORTS.get(scheme, "80")))


def host_name(host: str) -> str:
    """The name or address in a ``Host`` header, without its port or brackets, lower case."""
    return _split_host(host, "")[0]


def _split_host(host: str, default_port: str) -> tuple[str, str]:
    host = host.strip().lower()
    if host.startswith("["):  # [::1]:8080
        name, _, rest = host[1:].partition("]")
        return name, rest.removeprefix(":") or default_port
    name, colon, port = host.rpartition(":")
    if not colon or not port.isdigit() or ":" in name:
        return host, default_port
    return name, port


def _netloc(name: str, port: str) -> str:
    return f"{name.strip('[]').lower()}:{int(port) if port.isdigit() else port}"
