"""The handle a test holds: one mock app seen through one API key, with every testing aid attached.

The pytest fixtures hand out a :class:`Harness`; it works just as well without pytest::

    with Harness.in_process() as mock:      # requests to api.invoiced.com now reach the mock
        invoiced.Client(mock.api_key).Customer.create(name="Acme")
        mock.requests.assert_called("POST", "/customers", times=1)

The journal (``.requests``) and stubs are always this key's own; ``scoped=True`` (the shared server's case)
keeps faults and snapshots to this key too. :meth:`Harness.for_key` gives the same handle on another key
the app accepts. :meth:`Harness.verify` (the fixtures call it at teardown) fails on unused stubs and on
webhook handlers that raised.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator, Sequence
from contextlib import ExitStack, contextmanager
from typing import Any

from invoiced_mock.app import InvoicedMock
from invoiced_mock.clock import Clock
from invoiced_mock.control.faults import Fault
from invoiced_mock.control.journal import Call, Requests
from invoiced_mock.control.stubs import Stub
from invoiced_mock.defaults import DEFAULT_API_KEY, env_name
from invoiced_mock.intercept.urllib3_transport import DEFAULT_BASE_URLS, intercept
from invoiced_mock.store.business import Business
from invoiced_mock.store.snapshots import rolled_back
from invoiced_mock.testing.customer_pages import CustomerPages
from invoiced_mock.testing.factories import Factories
from invoiced_mock.testing.webhooks import Handler, Webhooks


class Harness:
    """``app`` seen through ``api_key``: factories, journal, faults, clock, webhooks, snapshots, transports."""

    def __init__(self, app: InvoicedMock, api_key: str = DEFAULT_API_KEY, base_url: str = DEFAULT_BASE_URLS[0],
                 *, scoped: bool = False, base_urls: Sequence[str] = ()) -> None:
        self.app = app
        self.api_key = api_key
        self.base_url = base_url.rstrip("/")
        self.base_urls = tuple(base_urls) or (self.base_url,)
        self.scoped = scoped
        self.requests = Requests(app.journal, api_key)
        self.factories = Factories(app.business(api_key))
        self._stack = ExitStack()
        self._webhooks: list[Webhooks] = []
        self._others: dict[str, Harness] = {}
        self._client: Any = None
        self._customer_pages: CustomerPages | None = None
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
            harness.verify()

    # -- state ---------------------------------------------------------------------------------------

    @property
    def clock(self) -> Clock:
        """The app's one clock: ``freeze``, ``advance``, ``now`` (shared by every key of the app)."""
        return self.app.clock

    @property
    def business(self) -> Business:
        """The store behind this key: its tables, numbering and events."""
        return self.app.business(self.api_key)

    @property
    def client(self) -> Any:
        """An official ``invoiced.Client`` on this key, pointed at the mock (built on first use, then kept)."""
        if self._client is None:
            try:
                import invoiced
            except ImportError as missing:
                raise ImportError("invoiced_mock.client is the official Invoiced client, which is not installed: "
                                  "pip install invoiced") from missing
            self._client = invoiced.Client(self.api_key)
            self._client.api_url = self.base_url
        return self._client

    @property
    def customer_pages(self) -> CustomerPages:
        """This business's customer side: the links its customers open (``payment_url(invoice)``...) and their
        steps through those pages (``pay(invoice, card=...)``, ``approve``, ``sign_up``...), on this harness's
        base URL (see :mod:`invoiced_mock.testing.customer_pages`)."""
        if self._customer_pages is None:
            self._customer_pages = CustomerPages(self.app, self.api_key, self.base_url)
        return self._customer_pages

    def export_key(self, name: str) -> None:
        """Set the environment variable ``name`` to this key until :meth:`close`, then put it back as it was: code
        that reads its key from the environment (``INVOICED_API_KEY``), as in production, reaches the mock."""
        if not env_name(name):
            raise ValueError(f"{name!r} is not an environment variable name")
        self._stack.callback(_put_back, name, os.environ.get(name))
        os.environ[name] = self.api_key

    def for_key(self, api_key: str) -> Harness:
        """The same mock seen through another key it accepts: that key's business, journal, stubs and client."""
        if api_key == self.api_key:
            return self
        if api_key not in self._others:
            if self.app.tenants.get(api_key) is None:  # the app accepts only its ``keys``
                raise ValueError(f"this mock does not accept the API key {api_key!r} (it accepts "
                                 f"{', '.join(map(repr, self.app.tenants.keys()))}); "
                                 f"allow it with @pytest.mark.invoiced_mock(keys=[{api_key!r}])")
            self._others[api_key] = Harness(self.app, api_key, self.base_url, scoped=True, base_urls=self.base_urls)
        return self._others[api_key]

    @property
    def others(self) -> list[Harness]:
        """The harnesses :meth:`for_key` handed out."""
        return list(self._others.values())

    @contextmanager
    def snapshot(self) -> Iterator[None]:
        """Roll the store back to how it is now when the block exits (a scoped harness: its own business)."""
        with rolled_back(self.app.tenants, self.api_key if self.scoped else None):
            yield

    # -- faults --------------------------------------------------------------------------------------

    def fail_next(self, method: str = "*", path: str = "**", *, status: int = 500, times: int | None = 1,
                  message: str | None = None, type: str | None = None, param: str | None = None,
                  kind: str = "respond", delay: float = 0.0) -> Fault:
        """Answer the next matching request with an API error: ``times=1`` by default; ``times=N`` the next N,
        ``times=None`` every one until cleared (for an outage of a given length, :meth:`outage`).

        ``kind`` as in :mod:`invoiced_mock.control.faults`; the helpers below name the other kinds.
        """
        return self._fault(method, path, status=status, times=times, message=message, type=type, param=param,
                           kind=kind, delay=delay)

    def drop_connection(self, method: str = "*", path: str = "**", *, times: int | None = 1) -> Fault:
        """Drop the connection unanswered for the next matching request (``times=1`` by default; ``times=None``:
        every one until cleared): ``requests.ConnectionError`` ("Connection aborted"; httpx:
        ``RemoteProtocolError``), on every route (see ``invoiced_mock/intercept/exchange.py``). The journal
        records each with no status (``None``)."""
        return self._fault(method, path, kind="connection_error", times=times)

    def time_out(self, method: str = "*", path: str = "**", *, times: int | None = 1) -> Fault:
        """Never answer the next matching request (``times=1`` by default; ``times=None``: every one until
        cleared): the client's ``ReadTimeout`` (httpx's too) — in process at once, over the server once the
        client's read timeout passes; a client with no read timeout (or one longer than 75 s) sees the
        connection dropped instead of hanging (see ``invoiced_mock/intercept/exchange.py``). The journal records
        each with no status (``None``)."""
        return self._fault(method, path, kind="timeout", times=times)

    def add_latency(self, seconds: float, method: str = "*", path: str = "**", *, times: int | None = None) -> Fault:
        """Answer matching requests normally, ``seconds`` late: ``times=None`` by default (every one until
        cleared); ``times=N`` the next N."""
        return self._fault(method, path, kind="delay", delay=seconds, times=times)

    def outage(self, seconds: float, method: str = "*", path: str = "**", *, status: int = 503,
               kind: str = "respond", clock: str = "mock", message: str | None = None,
               times: int | None = None) -> Fault:
        """Fail every matching request until ``seconds`` have passed, then serve normally again: seconds of
        the mock's clock (``clock="mock"``: a frozen clock ends it when moved past them) or of real time
        (``clock="wall"``). It answers ``status`` (503 by default), or fails as ``kind`` (``connection_error``,
        ``timeout``...); ``times=None`` by default: every request within the outage (``times=N``: at most N)."""
        return self._fault(method, path, status=status, kind=kind, seconds=seconds, clock=clock, message=message,
                           times=times)

    def clear_faults(self) -> None:
        """Remove the fault rules (a scoped harness: its own key's)."""
        self.app.faults.clear(self.api_key if self.scoped else None)

    def _fault(self, method: str, path: str, **options: Any) -> Fault:
        return self.app.faults.add(method, path, api_key=self.api_key if self.scoped else None, **options)

    # -- stubs ---------------------------------------------------------------------------------------

    def stub(self, method: str, path: str, *, json: Any = None, status: int | Sequence[int] = 200,
             headers: dict[str, str] | None = None, times: int | None = None, required: bool = True,
             match_query: dict[str, Any] | None = None, match_json: Any = None,
             match_headers: dict[str, str] | None = None, answer: Callable[[Call], Any] | None = None) -> Stub:
        """Answer matching requests of this key with a canned body instead of the mock's own answer (see
        :mod:`invoiced_mock.control.stubs`): ``times=None`` by default (every one until cleared; a ``status``
        sequence such as ``[429, 429, 200]``: one answer each, then retired), ``times=N`` the next N. A list
        body of a ``GET`` pages as a list does (``Link``, ``X-Total-Count``). ``match_query``, ``match_json``
        (JSON or form parameters) and ``match_headers`` narrow it to requests holding those values (subsets, as
        ``requests.assert_called`` matches); ``answer(request)`` computes the body, ``(status, body)`` or
        ``(status, body, headers)`` from the request. Unless ``required=False``, a stub not used up by the end
        of the test fails it."""
        return self.app.stubs.add(method, path, json=json, status=status, headers=headers or {}, times=times,
                                  required=required, api_key=self.api_key, match_query=match_query,
                                  match_json=match_json, match_headers=match_headers, answer=answer)

    @property
    def stubs(self) -> list[Stub]:
        """This key's stubs, oldest first, with how often each answered (``hits``)."""
        return self.app.stubs.rules(self.api_key)

    def assert_all_stubs_used(self) -> None:
        """Fail, naming them, if some of this key's stubs answered fewer times than they were meant to."""
        __tracebackhide__ = True  # pytest shows the failure, not the plugin's frames
        self.app.stubs.assert_all_used(self.api_key)

    def clear_stubs(self) -> None:
        """Remove this key's stubs."""
        self.app.stubs.clear(self.api_key)

    # -- webhooks and transports ---------------------------------------------------------------------

    def webhooks(self, handler: Handler, **options: Any) -> Webhooks:
        """Deliver the events the mock emits to ``handler`` (see :class:`~invoiced_mock.testing.webhooks.Webhooks`).
        A handler that raises fails the test at teardown at the latest, unless ``raise_errors=False``."""
        hooks = Webhooks(self.app.tenants.subscribers, self.clock, handler, **options)
        self._webhooks.append(hooks)
        return hooks

    def httpx_transport(self, *, asynchronous: bool = False) -> Any:
        """An httpx transport (``asynchronous=True``: an async one) answering the base URLs from this app."""
        from invoiced_mock.intercept.httpx_transport import httpx_transport

        return httpx_transport(self.app, asynchronous=asynchronous, base_urls=self.base_urls)

    def intercept(self) -> None:
        """Serve ``requests`` traffic to the base URLs in process until :meth:`close`."""
        self._stack.enter_context(intercept(self.app, self.base_urls))

    def verify(self, *, stubs: bool = True) -> None:
        """What the test left wrong, as a failure: a webhook handler that raised (its traceback chained),
        then (``stubs``) stubs not used up. The fixtures call it at teardown; this key's and :meth:`for_key` ones."""
        __tracebackhide__ = True  # pytest shows the failure, not the plugin's frames
        for harness in (self, *self.others):
            for hooks in harness._webhooks:
                hooks.raise_errors_now()
        if stubs:
            for harness in (self, *self.others):
                harness.assert_all_stubs_used()

    def close(self) -> None:
        """Stop delivering webhooks and intercepting requests (the fixtures call it at teardown)."""
        for harness in (*self.others, self):
            for hooks in harness._webhooks:
                hooks.close()
            harness._webhooks.clear()
        self._stack.close()

    def __enter__(self) -> Harness:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _put_back(name: str, value: str | None) -> None:
    if value is None:
        os.environ.pop(name, None)
    else:
        os.environ[name] = value
