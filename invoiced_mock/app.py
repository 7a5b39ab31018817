"""The WSGI application: one linear pipeline from request to journal.

    authenticate → tenant (catch up with the clock) → fault hook → stub → route → parse → handler (in a
    transaction) → serialise → journal

Each step is a call into the module that owns it; nothing here knows a business rule. Requests under
``/_mock/`` are the control plane (``control/plane.py``): they drive the mock itself and skip the pipeline.
Requests under ``/portal/`` are the customer's pages (``customer_pages/``): a browser with no API key, let in
by the client id in the link; they too skip the pipeline (and the journal, faults and stubs of the API).
"""

from __future__ import annotations

import logging
import time
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from invoiced_mock.clock import Clock
from invoiced_mock.contract import checks
from invoiced_mock.control import plane as control
from invoiced_mock.control.faults import NETWORK_KINDS, Fault, Faults
from invoiced_mock.control.journal import Call, Journal
from invoiced_mock.control.stubs import Stubs
from invoiced_mock.core import notices, schedule
from invoiced_mock.core.operations import Operation, perform, unknown_params
from invoiced_mock.core.presenter import View
from invoiced_mock.core.resource import REGISTRY, Reply
from invoiced_mock.customer_pages import routes as customer_pages
from invoiced_mock.errors import ApiError, InvalidRequest, ServerError
from invoiced_mock.http import auth, limits, params, render, routing, sites
from invoiced_mock.http.environ_keys import BODY_PARAMS, EDGE_WAITS, FAULTED, RECORDED, STUBBED
from invoiced_mock.http.request import Request
from invoiced_mock.http.response import Response, respond
from invoiced_mock.resources import catalogue
from invoiced_mock.store import idempotency
from invoiced_mock.store.business import Business, Tenants
from invoiced_mock.store.ceilings import Ceilings

if TYPE_CHECKING:
    from invoiced_mock.store.persistence import SqliteState

log = logging.getLogger(__name__)
OPENAPI_PATH = "/openapi.json"


class InvoicedMock:
    """An in-memory Invoiced API. ``keys``: accept only those API keys. ``strict``: hold the mock to its
    published contract — refuse unknown request parameters (400 naming them) and answer 500 should a
    response body break its schema (see ``invoiced_mock/contract``). ``admin_token``: lock the control
    plane's global routes (``control/admin.py``). ``state``: keep every business in that SQLite file
    (``store/persistence.py``). ``allowed_hosts``: names the control plane answers to besides ``localhost``
    and IP addresses (``control/browsers.py``; any other ``Host`` is taken for DNS rebinding). ``ceilings``:
    how many businesses, events and idempotency keys it keeps (``store/ceilings.py``).
    """

    # Said after the API's 401 for a key not in ``keys``; the pytest fixture explains how to allow one.
    key_help: str = ""

    def __init__(self, keys: Iterable[str] | None = None, clock: Clock | None = None, strict: bool = False,
                 admin_token: str | None = None, state: str | Path | None = None,
                 allowed_hosts: Iterable[str] = (), ceilings: Ceilings | None = None) -> None:
        catalogue.load_all()
        self.strict = strict
        self.admin_token = admin_token  # once set, the control plane's global routes need it (control/admin.py)
        self.allowed_hosts = frozenset(name.lower().strip("[]") for name in allowed_hosts)
        self.clock = clock or Clock()
        self.tenants = Tenants(self.clock, tuple(keys) if keys is not None else None, ceilings)
        self.router = routing.shared()  # built once per process, like everything derived from the declarations
        self.faults = Faults(mock=lambda: self.clock.now())  # an outage in mock time reads this app's clock
        self.stubs = Stubs()
        self.journal = Journal()
        self.clock.on_advance(self._catch_up_all)
        self.state: SqliteState | None = None
        if state is not None:  # durable: load what the file holds, then write every commit through
            from invoiced_mock.store.persistence import SqliteState

            self.state = SqliteState(state, REGISTRY)  # StateFileError when it cannot be used
            try:
                self.state.load(self.tenants, self.clock)
            except BaseException:
                self.state.close()
                raise

    def business(self, api_key: str) -> Business:
        """The business behind ``api_key`` (created if needed, even when ``keys`` restricts who may call)."""
        business = self.tenants.get(api_key)
        return business if business is not None else self.tenants.add(api_key)

    def close(self) -> None:
        """Let go of the state file (its WAL folded back in, its lock released); an app without one has nothing
        to close."""
        if self.state is not None:
            self.state.close()

    def __enter__(self) -> InvoicedMock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def reset(self, api_key: str | None = None) -> None:
        """Empty one business (or all) with its faults, stubs and journal: what ``/_mock/reset`` does."""
        self.tenants.reset(api_key)
        self.faults.clear(api_key)
        self.stubs.clear(api_key)
        self.journal.clear(api_key)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        return render.send(self.respond_to(environ), environ, start_response)

    def respond_to(self, environ: dict[str, Any]) -> Response:
        """The answer to the request ``environ`` holds: the app without WSGI's ``start_response``, for the
        in-process transports (``intercept/exchange.py``). Still to be :func:`~http.answer.finished` for the wire."""
        try:
            return self._respond(Request(environ))
        except Exception:  # the last resort: whatever broke, the caller still gets JSON, never HTML
            log.exception("unhandled error around %s %s", environ.get("REQUEST_METHOD"), environ.get("PATH_INFO"))
            return render.error_response(ServerError("An unexpected error occurred in invoiced-mock."))

    def _respond(self, request: Request) -> Response:
        started = time.perf_counter()
        refused = limits.refusal(request)  # refused before any parsing
        sent = limits.read_body(request)  # within the limits, read before any form parsing: the journal keeps it
        refused = refused or params.nesting_refusal(request, sent)
        if refused is None:
            if control.owns(request):
                return control.handle(self, request)
            if customer_pages.owns(request):  # the customer's pages check their forms' origin themselves
                return customer_pages.handle(self, request)
            refused = sites.cross_site(request.environ)  # a write from a page elsewhere (the plane checks its own)
        if refused is not None:
            response = render.error_response(refused, request)
            self._journal(request, response, auth.api_key_or_none(request), None, sent, refused=True,
                          started=started)
            return response
        with notices.collecting() as noticed:  # what the request set off beyond its answer (core/notices.py)
            response, api_key, operation = self.handle(request)
        self._journal(request, response, api_key, operation, sent, noticed or None, started=started)
        return response

    def network_fault(self, environ: dict[str, Any]) -> Fault | None:
        """The network fault scripted for this request, or None. Transports call it first and carry it out
        (``invoiced_mock/intercept/exchange.py``): a ``delay`` after calling the app, any other kind instead of calling
        it (journaled here with no status: None)."""
        request = Request(environ)
        if control.owns(request) or customer_pages.owns(request):  # faults script the API: not these
            return None
        api_key = auth.api_key_or_none(request)
        fault = self.faults.take(request.method, request.path, api_key, kinds=NETWORK_KINDS)
        if fault is not None and fault.kind != "delay":
            self._journal(request, None, api_key, None, limits.read_body(request),
                          extra={"fault": fault.kind, "fault_id": fault.id})
        return fault

    def handle(self, request: Request) -> tuple[Response, str | None, Operation | None]:
        api_key: str | None = None
        operation: Operation | None = None
        try:
            if request.path == OPENAPI_PATH and request.method in ("GET", "HEAD"):  # public, before auth
                return render.json_response(self.openapi(), 200, request), None, None
            api_key = auth.api_key(request)
            business = self.tenants.get(api_key)
            if business is None:
                raise auth.unknown(api_key, self.key_help)
            business.base_url = request.root_url.rstrip("/")
            schedule.catch_up(business)
            self._inject_fault(request, api_key)
            stubbed = self._stubbed(request, api_key)
            if stubbed is not None:
                return stubbed, api_key, None
            operation, args = self.router.match(request.method, request.path)
            return self._answer(request, business, operation, args), api_key, operation
        except ApiError as error:
            return self._error(request, error), api_key, operation
        except Exception:  # a bug in the mock still answers in the API's dialect
            log.exception("unhandled error in %s %s", request.method, request.path)
            failure = ServerError("An unexpected error occurred in invoiced-mock.")
            return render.error_response(failure, request), api_key, operation

    def _catch_up_all(self, now: int) -> None:
        """After ``clock.advance``: every business does what fell due (renewals), in time order per business."""
        for business in self.tenants.all():
            schedule.catch_up(business)

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI 3.1 document of this mock's routes (built once per process, shared: do not mutate)."""
        from invoiced_mock.contract.openapi import build, document

        return document() if self.router is routing.shared() else build(self.router)

    def _check(self, request: Request, response: Response, schema: str | None) -> None:
        """Record a body breaking ``schema`` (suite audit); in strict mode refuse it with a 500 saying how."""
        if schema is None or response.mimetype != render.JSON or not (self.strict or checks.AUDIT.enabled):
            return
        found = checks.check_body(response.body, schema)
        if not found:
            return
        if checks.AUDIT.enabled:
            checks.AUDIT.record(f"{request.method} {request.path} → {response.status}", found)
        if self.strict:
            log.error("contract violation in %s %s: %s", request.method, request.path, found)
            raise ServerError(f"invoiced-mock broke its own contract: {found[0]}")

    def _error(self, request: Request, error: ApiError) -> Response:
        response = render.error_response(error, request)
        try:
            self._check(request, response, "error")
        except ServerError as broken:
            return render.error_response(broken, request)
        return response

    def _inject_fault(self, request: Request, api_key: str) -> None:
        kinds = ("respond",) if request.environ.get(EDGE_WAITS) else ("respond", "delay")
        fault = self.faults.take(request.method, request.path, api_key, kinds=kinds)
        if fault is None:
            return
        request.environ[FAULTED] = fault
        if fault.kind == "delay":
            self.faults.sleep(fault.delay)
            return
        raise fault.error()

    def _stubbed(self, request: Request, api_key: str) -> Response | None:
        """The canned answer of a stub matching this request (``control/stubs.py``), or None to go on to the route.
        A list body of a ``GET`` is one page of a list, as the API answers one."""
        if not len(self.stubs):  # the usual case, on every request
            return None
        seen: list[Call] = []

        def as_call() -> Call:  # built once, only for a stub that reads the request
            if not seen:
                seen.append(self._call(request, api_key, None, limits.read_body(request), None))
            return seen[0]

        stub = self.stubs.take(request.method, request.path, api_key, as_call)
        if stub is None:
            return None
        request.environ[STUBBED] = stub.id
        status, body, headers = stub.respond(as_call)
        if body is None:
            response = respond(status)
        elif isinstance(body, list) and request.method == "GET" and status < 300:
            listed = body
            response = render.paged(request, params.parse_query(request), len(listed),
                                    lambda start, end: listed[start:end], status)
        else:
            response = render.json_response(body, status, request)
        for name, value in headers.items():  # a stub's own Content-Type (or Link) replaces the mock's
            response.set_header(name, value)
        return response

    def _answer(self, request: Request, business: Business, operation: Operation, args: dict[str, Any]) -> Response:
        key = request.environ.get("HTTP_IDEMPOTENCY_KEY")
        if key is None:
            return self._run(request, business, operation, args)
        idempotency.check_key(key, request.method)
        body = limits.read_body(request)
        print_ = idempotency.fingerprint(request.method, request.path, body)
        with business.lock:
            stored = idempotency.lookup(business, key, print_)
            if stored is not None:
                return Response(stored.status, list(stored.headers), stored.body)
            response = self._run(request, business, operation, args)
            idempotency.remember(business, key, idempotency.Stored(
                print_, response.status, list(response.headers), response.body))
            return response

    def _run(self, request: Request, business: Business, operation: Operation, args: dict[str, Any]) -> Response:
        query = params.parse_query(request)
        body = self._body_params(request)
        merged = {**query, **body}
        if self.strict and (unknown := unknown_params(operation, merged)):
            raise InvalidRequest(f"Unknown request parameters: {', '.join(unknown)}", unknown[0])
        view = View.from_params(merged)  # shaping options are refused before the handler writes anything
        with business.transaction():  # rendered inside: a strict-mode contract break rolls the writes back
            first = business.sequences.get("event", 0)
            reply = perform(business, operation, args, merged)
            last = business.sequences.get("event", 0)
            response = render.render(reply, request, business, merged, view)
            if self.strict or checks.AUDIT.enabled:
                failed = response.status >= 400  # an answer that is an error (a declined charge) is one
                schema = "error" if failed else checks.schema_for(reply, response.body, operation)
                self._check(request, self._as_published(reply, request, business, merged, view, response), schema)
        request.environ[RECORDED] = range(first + 1, last + 1)  # committed: the journal links the request to them
        return response

    @staticmethod
    def _as_published(reply: Reply, request: Request, business: Business, params: dict[str, Any], view: View,
                      response: Response) -> Response:
        """The answer the contract holds for: the objects before any ``exclude=`` (a caller may leave out
        whatever it likes, even the ``object`` that tells a card from a bank account)."""
        if not view.exclude:
            return response
        return render.render(reply, request, business, {k: v for k, v in params.items() if k != "exclude"})

    @staticmethod
    def _body_params(request: Request) -> dict[str, Any]:
        """The body as params (``http/params.py``), parsed once per request: an upload's stream reads only once."""
        if BODY_PARAMS not in request.environ:
            request.environ[BODY_PARAMS] = params.parse_body(request)
        parsed: dict[str, Any] = request.environ[BODY_PARAMS]
        return parsed

    def _form_params(self, request: Request) -> dict[str, Any] | None:
        """A form body's params, nested as the handler reads them; None when the parser refused the body."""
        try:
            return self._body_params(request)
        except Exception:  # a body the parser refuses is still journaled: ``body`` keeps its raw text
            return None

    def _journal(self, request: Request, response: Response | None, api_key: str | None,
                 operation: Operation | None, sent: bytes, extra: dict[str, Any] | None = None, *,
                 refused: bool = False, started: float | None = None) -> None:
        """Record the call. Bodies are kept raw and decoded when a test reads them (``journal.Call``), but a
        form body is kept as the params the handler parsed, in the nested shape a JSON body has; a ``refused``
        one only raw: parsing it is the work its refusal saved (20,000 pairs cost 26 ms). ``started``: when the
        app took the request (``perf_counter``), for its duration."""
        duration = None if started is None else time.perf_counter() - started
        answered = response.body if response is not None and response.status != 204 else b""
        environ = request.environ
        if environ.get(STUBBED):
            extra = {**(extra or {}), "stub": environ[STUBBED]}  # the number of the stub that answered
        if environ.get(FAULTED) is not None:
            fault = environ[FAULTED]
            extra = {**(extra or {}), "fault": fault.kind, "fault_id": fault.id}
        call = self._call(request, api_key, operation, sent, response, answered, extra, refused=refused,
                          duration=duration, events=environ.get(RECORDED, range(0)))
        self.journal.record(call, size=len(sent) + len(answered))

    def _call(self, request: Request, api_key: str | None, operation: Operation | None, sent: bytes,
              response: Response | None, answered: bytes = b"", extra: dict[str, Any] | None = None, *,
              refused: bool = False, duration: float | None = None, events: range = range(0)) -> Call:
        """The request as the journal keeps it (and as a stub's callable is given it, before any answer)."""
        form = request.mimetype in params.FORM_TYPES
        parsed = self._form_params(request) if form and not refused else None
        status = response.status if response is not None else None  # None: no answer reached the client
        return Call.from_wire(
            request.method, request.path, request.environ.get("QUERY_STRING", ""), request.header_pairs,
            sent, answered or None, form, parsed, status, api_key,
            operation.name if operation else None, self.clock.now(), extra or {}, duration, events)
