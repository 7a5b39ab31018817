"""requests' TLS file checks on calls the mock answers: run once per interception, not on every call.

On each send to an https URL, requests' ``HTTPAdapter`` looks its CA bundle and client certificate up on disk
(``os.path.isdir``/``exists``: three system calls a call when ``verify`` is a path). No TLS happens in process,
but the checks are the caller's and fail as on the wire: a missing bundle is requests' ``OSError``. While the
transport's hooks are in, a check that passed for a routed origin is remembered with what it decided, keyed on
what it depends on (URL origin, ``verify``, ``cert``), and forgotten when an interception ends. A failing check
is never remembered, so it fails on every call. Why: on a virtual machine those system calls were about a
twentieth of a ``Customer.retrieve`` through the official client, all of it time a ``responses`` stub skips.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import Any

from requests.adapters import HTTPAdapter

from invoiced_mock.intercept.origins import DEFAULT_PORTS, ROUTES

# HTTPAdapter's methods that run the checks; the second exists from requests 2.32 on.
CERT_VERIFY = "cert_verify"
POOL_KEY = "build_connection_pool_key_attributes"


class _Assignments:
    """Stands in for a connection pool while ``cert_verify`` runs: records what it sets, reads through."""

    def __init__(self, pool: Any) -> None:
        object.__setattr__(self, "pool", pool)
        object.__setattr__(self, "assigned", {})

    def __setattr__(self, name: str, value: Any) -> None:
        self.assigned[name] = value

    def __getattr__(self, name: str) -> Any:
        return self.assigned[name] if name in self.assigned else getattr(self.pool, name)


class TlsChecks:
    """The two wrapped ``HTTPAdapter`` methods and what they remember; ``install``/``uninstall`` by the hooks."""

    def __init__(self) -> None:
        self.saved: dict[str, Callable[..., Any]] = {}
        self.verified: dict[Hashable, dict[str, Any]] = {}
        self.pool_keys: dict[Hashable, tuple[dict[str, Any], dict[str, Any]]] = {}

    def install(self) -> None:
        for name, wrap in ((CERT_VERIFY, self._cert_verify), (POOL_KEY, self._pool_key)):
            if name in HTTPAdapter.__dict__:
                self.saved[name] = HTTPAdapter.__dict__[name]
                setattr(HTTPAdapter, name, wrap(self.saved[name]))

    def uninstall(self) -> None:
        for name, original in self.saved.items():
            setattr(HTTPAdapter, name, original)
        self.saved.clear()
        self.forget()

    def forget(self) -> None:
        self.verified.clear()
        self.pool_keys.clear()

    def _cert_verify(self, original: Callable[..., None]) -> Callable[..., None]:
        def cert_verify(adapter: HTTPAdapter, conn: Any, url: str, verify: Any, cert: Any) -> None:
            if not getattr(conn, "answered_in_memory", False):
                return original(adapter, conn, url, verify, cert)
            key = (url[:5].lower() == "https", verify, cert)
            try:
                decided = self.verified.get(key)
            except TypeError:  # an unhashable verify or cert: checked every time
                return original(adapter, conn, url, verify, cert)
            if decided is None:
                probe = _Assignments(conn)
                original(adapter, probe, url, verify, cert)
                decided = self.verified[key] = probe.assigned
            for name, value in decided.items():
                setattr(conn, name, value)
            return None

        return cert_verify

    def _pool_key(self, original: Callable[..., tuple[dict[str, Any], dict[str, Any]]]) -> Callable[..., Any]:
        def build_connection_pool_key_attributes(adapter: HTTPAdapter, request: Any, verify: Any,
                                                 cert: Any = None) -> tuple[dict[str, Any], dict[str, Any]]:
            scheme, _, rest = (request.url or "").partition("://")
            key = (scheme, rest.partition("/")[0], verify, cert)
            try:
                known = self.pool_keys.get(key)
            except TypeError:
                return original(adapter, request, verify, cert)
            if known is None:
                host, pool = original(adapter, request, verify, cert)
                if not _routed(host):
                    return host, pool
                known = self.pool_keys[key] = (host, pool)
            return dict(known[0]), dict(known[1])

        return build_connection_pool_key_attributes


def _routed(host: dict[str, Any]) -> bool:
    scheme = str(host.get("scheme") or "")
    return (scheme, str(host.get("host") or "").lower(), host.get("port") or DEFAULT_PORTS.get(scheme, 0)) \
        in ROUTES.origins


TLS_CHECKS = TlsChecks()
