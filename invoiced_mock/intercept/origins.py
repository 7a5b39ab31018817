"""Which URLs the in-process transports answer, and from which app: the process-wide routing table.

An entry is a base URL (scheme, host, port and an optional path prefix) and either an app (the mock answers)
or ``None`` (the guard: the URL belongs to the real Invoiced API and no mock is active, so the request fails
with :class:`RealApiBlocked`). Interceptions stack: the most recent one wins, and within one the longest
base; guard entries sit below every interception. The transports (``intercept/urllib3_transport.py`` for urllib3 and
requests, ``intercept/httpx_transport.py``) consult this table; nothing here knows a client library.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING, NamedTuple
from urllib.parse import urlsplit

from invoiced_mock.http.paths import merge_slashes

if TYPE_CHECKING:
    from invoiced_mock.app import InvoicedMock

DEFAULT_PORTS = {"http": 80, "https": 443}
Origin = tuple[str, str, int]


class RealApiBlocked(RuntimeError):
    """A request to the real Invoiced API from a test that has no mock active (the guard)."""

    def __init__(self, method: str, url: str) -> None:
        super().__init__(
            f"invoiced-mock: {method} {url} would reach the real Invoiced API from a test that does not use the "
            "mock. Ask for the `invoiced_mock` fixture (or `invoiced_mock_server` and point the client at its "
            "base_url); to allow real calls, pass --invoiced-mock-allow-real-api or set the ini option "
            "invoiced_mock_allow_real_api = true.")


class Base(NamedTuple):  # plain tuples, not dataclasses: the guard loads this module at every pytest start
    """A base URL taken apart: requests under ``origin`` whose path starts with ``prefix``."""

    url: str
    origin: Origin
    prefix: str  # "" or "/something", never a trailing slash

    @classmethod
    def parse(cls, url: str) -> Base:
        parts = urlsplit(url.strip())
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            raise ValueError(f"a base URL needs an http(s) scheme and a host, not {url!r}")
        port = parts.port or DEFAULT_PORTS[scheme]
        prefix = merge_slashes(parts.path).rstrip("/")
        return cls(url.strip().rstrip("/"), (scheme, parts.hostname.lower(), port), prefix)

    def holds(self, path: str) -> bool:
        """Whether a request path (no query) lives under this base."""
        return not self.prefix or path == self.prefix or path.startswith(self.prefix + "/")



class Group:
    """One interception (or the guard): its bases, longest first, and the app answering them. Groups are
    told apart by identity: two interceptions of the same URLs are two groups."""

    __slots__ = ("app", "bases")

    def __init__(self, bases: tuple[Base, ...], app: InvoicedMock | None) -> None:
        self.bases = bases
        self.app = app

    @classmethod
    def of(cls, base_urls: tuple[str, ...] | list[str], app: InvoicedMock | None) -> Group:
        bases = {base.url.lower(): base for base in map(Base.parse, base_urls)}
        return cls(tuple(sorted(bases.values(), key=lambda b: len(b.prefix), reverse=True)), app)


class Routes:
    """The active groups. Reads take no lock: they see one immutable tuple, replaced whole on every change."""

    def __init__(self) -> None:
        self.groups: tuple[Group, ...] = ()  # highest priority first
        self.origins: frozenset[Origin] = frozenset()
        self.lock = threading.Lock()

    def add(self, group: Group) -> None:
        with self.lock:
            if group.app is None:  # the guard goes below every interception
                self._set((*self.groups, group))
            else:
                self._set((group, *self.groups))

    def remove(self, group: Group) -> None:
        with self.lock:
            self._set(tuple(g for g in self.groups if g is not group))

    def _set(self, groups: tuple[Group, ...]) -> None:
        self.groups = groups
        self.origins = frozenset(base.origin for group in groups for base in group.bases)

    def find(self, origin: Origin, path: str) -> tuple[Base, InvoicedMock | None] | None:
        """The base and app for a request to ``origin`` with this path (query excluded), or None: not ours."""
        if origin not in self.origins:
            return None
        merged = merge_slashes(path) if "//" in path else path
        for group in self.groups:
            for base in group.bases:
                if base.origin == origin and base.holds(merged):
                    return base, group.app
        return None

    def find_url(self, url: str) -> tuple[Base, InvoicedMock | None] | None:
        parts = urlsplit(url)
        scheme = parts.scheme.lower()
        if scheme not in DEFAULT_PORTS or not parts.hostname:
            return None
        try:
            port = parts.port or DEFAULT_PORTS[scheme]
        except ValueError:
            return None
        return self.find((scheme, parts.hostname.lower(), port), parts.path or "/")

    def __bool__(self) -> bool:
        return bool(self.groups)


ROUTES = Routes()
