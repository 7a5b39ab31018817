"""The handle a test holds: one mock app seen through one API key, with every testing aid attached.

The pytest fixtures hand out a :class:`Harness`; it works just as well without pytest::

    with Harness.in_process() as mock:      # requests to api.invoiced.com now reach the mock
        invoiced.Client(mock.api_key).Customer.create(name="Acme")
        mock.requests.assert_called("POST", "/customers", times=1)

``scoped=True`` (the shared server's case) keeps faults and the journal to this key's calls.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from .app import InvoicedMock
from .clock import Clock
from .defaults import DEFAULT_API_KEY
from .factories import Factories
from .faults import Fault
from .journal import Requests
from .snapshots import rolled_back
from .store import Business
from .transport import DEFAULT_BASE_URLS, intercept
from .webhooks import Handler, Webhooks


class Harness:
    """``app`` seen through ``api_key``: factories, journal, faults, clock, webhooks, snapshots, transports."""

    def __init__(self, app: InvoicedMock, api_key: str = DEFAULT_API_KEY, base_url: str = DEFAULT_BASE_URLS[0],
                 *, scoped: bool = False, base_urls: Sequence[str] = ()) -> None:
        self.app = app
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.base_urls = tuple(base_urls) or (self.base_url,)
        self.scoped = scoped
        self.requests = Requests(app.journal, api_key if scoped else None)
        self.factories = Factories(app.business(api_key))
        self._stack = ExitStack()
        self._webhooks: list[Webhooks] = []
        self.world: Any = None  # what a seed function returned, when the mock was seeded

    @classmethod
    @contextmanager
    def in_process(cls, api_key: str = DEFAULT_API_KEY, base_urls: Sequence[str] = DEFAULT_BASE_URLS,
                   app: InvoicedMock | None = None) -> Iterator[Harness]:
        """A fresh mock that answers ``requests`` traffic to ``base_urls`` while the block runs."""
        harness = cls(app or InvoicedMock(), api_key, base_urls[0], base_urls=base_urls)
        with harness:
            harness.intercept()
            yield harness

    # -- state ---------------------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        return self.app.clock

    @property
    def business(self) -> Business:
        return self.app.business(self.api_key)

    @property
    def client(self) -> Any:
        """An official ``invoiced.Client`` on this key, pointed at the mock."""
        import invoiced

        client = invoiced.Client(self.api_key)
        client.api_url = self.base_url
        return client

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Roll the store back to how it is now when the block exits (a scoped harness: its own business)."""
        with rolled_back(self.app.tenants, self.api_key if self.scoped else None):
            yield

    # -- faults --------------------------------------------------------------------------------------

    def fail_next(self, method: str = "*", path: str = "**", *, status: int = 500, times: int | None = 1,
                  message: str | None = None, type: str | None = None, param: str | None = None,
                  kind: str = "respond", delay: float = 0.0) -> Fault:
        """Answer the next ``times`` matching requests with an API error (``times=None``: until cleared).

        ``kind`` as in :mod:`invoiced_mock.faults`; the helpers below name the other kinds.
        """
        return self._fault(method, path, status=status, times=times, message=message, type=type, param=param,
                           kind=kind, delay=delay)

    def drop_connection(self, method: str = "*", path: str = "**", *, times: int | None = 1) -> Fault:
        """Raise ``requests.ConnectionError`` (``httpx.ConnectError``) in process for matching requests;
        over the real server, drop the connection unanswered."""
        return self._fault(method, path, kind="connection_error", times=times)

    def time_out(self, method: str = "*", path: str = "**", *, times: int | None = 1) -> Fault:
        """Raise ``requests.ReadTimeout`` (``httpx.ReadTimeout``) in process for matching requests."""
        return self._fault(method, path, kind="timeout", times=times)

    def add_latency(self, seconds: float, method: str = "*", path: str = "**", *, times: int | None = None) -> Fault:
        """Answer matching requests normally, ``seconds`` late."""
        return self._fault(method, path, kind="delay", delay=seconds, times=times)

    def clear_faults(self) -> None:
        self.app.faults.clear(self.api_key if self.scoped else None)

    def _fault(self, method: str, path: str, **options: Any) -> Fault:
        return self.app.faults.add(method, path, api_key=self.api_key if self.scoped else None, **options)

    # -- webhooks and transports ---------------------------------------------------------------------

    def webhooks(self, handler: Handler, **options: Any) -> Webhooks:
        """Deliver the events the mock emits to ``handler`` (see :class:`~invoiced_mock.webhooks.Webhooks`)."""
        hooks = Webhooks(self.app.tenants.subscribers, self.clock, handler, **options)
        self._webhooks.append(hooks)
        return hooks

    def httpx_transport(self, *, asynchronous: bool = False) -> Any:
        from . import httpx_transport

        return httpx_transport(self.app, asynchronous=asynchronous, base_urls=self.base_urls)

    def intercept(self) -> None:
        """Serve ``requests`` traffic to the base URLs in process until :meth:`close`."""
        self._stack.enter_context(intercept(self.app, self.base_urls))

    def close(self) -> None:
        for hooks in self._webhooks:
            hooks.close()
        self._webhooks.clear()
        self._stack.close()

    def __enter__(self) -> Harness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()
