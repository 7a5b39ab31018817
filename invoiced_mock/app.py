"""The WSGI application: one linear pipeline from request to journal.

    authenticate → tenant (catch up with the clock) → fault hook → route → parse → handler (in a transaction)
    → serialise → journal

Each step is a call into the module that owns it; nothing here knows a business rule. Requests under
``/_mock/`` are the control plane (``http/control.py``): they drive the mock itself and skip the pipeline.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from typing import Any

from werkzeug import Request, Response

from . import idempotency, resources
from .clock import Clock
from .contract import checks
from .core import schedule
from .core.operations import Operation, perform, unknown_params
from .errors import ApiError, InvalidRequest, ServerError
from .faults import Fault, Faults
from .http import auth, control, params, responses
from .http.routing import Router
from .journal import Call, Journal, decode
from .store import Business, Tenants

log = logging.getLogger(__name__)
OPENAPI_PATH = "/openapi.json"


class InvoicedMock:
    """An in-memory Invoiced API. ``keys``: accept only those API keys. ``strict``: hold the mock to its
    published contract — refuse unknown request parameters (400 naming them) and answer 500 should a
    response body break its schema (see ``invoiced_mock/contract``).
    """

    def __init__(self, keys: Iterable[str] | None = None, clock: Clock | None = None, strict: bool = False) -> None:
        resources.load_all()
        self.strict = strict
        self.clock = clock or Clock()
        self.tenants = Tenants(self.clock, tuple(keys) if keys is not None else None)
        self.router = Router()
        self._openapi: dict[str, Any] | None = None
        self.faults = Faults()
        self.journal = Journal()
        self.clock.on_advance(self._catch_up_all)

    def business(self, api_key: str) -> Business:
        """The business behind ``api_key`` (created if needed, even in strict mode)."""
        business = self.tenants.get(api_key)
        return business if business is not None else self.tenants.add(api_key)

    def __call__(self, environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
        request = Request(environ)
        if control.owns(request):
            return control.handle(self, request)(environ, start_response)
        response, api_key, operation = self.handle(request)
        self._journal(request, response, api_key, operation)
        return response(environ, start_response)

    def network_fault(self, environ: dict[str, Any]) -> Fault | None:
        """The ``connection_error`` or ``timeout`` scripted for this request (journaled with status 0), or
        None to go on and call the app. Transports call it first: only they can drop a connection."""
        request = Request(environ)
        if control.owns(request):  # a fault on /** must never lock the caller out of removing it
            return None
        api_key = auth.api_key_or_none(request)
        fault = self.faults.take(request.method, request.path, api_key, kinds=("connection_error", "timeout"))
        if fault is not None:
            self._journal(request, None, api_key, None, extra={"fault": fault.kind})
        return fault

    def handle(self, request: Request) -> tuple[Response, str | None, Operation | None]:
        api_key: str | None = None
        operation: Operation | None = None
        try:
            if request.path == OPENAPI_PATH and request.method in ("GET", "HEAD"):  # public, before auth
                return responses.json_response(self.openapi(), 200, request), None, None
            api_key = auth.api_key(request)
            business = self.tenants.get(api_key)
            if business is None:
                raise auth.unknown(api_key)
            business.base_url = request.root_url.rstrip("/")
            schedule.catch_up(business)
            self._inject_fault(request, api_key)
            operation, args = self.router.match(request.method, request.path)
            return self._answer(request, business, operation, args), api_key, operation
        except ApiError as error:
            return self._error(request, error), api_key, operation
        except Exception:  # a bug in the mock still answers in the API's dialect
            log.exception("unhandled error in %s %s", request.method, request.path)
            error = ServerError("An unexpected error occurred in invoiced-mock.")
            return responses.error_response(error, request), api_key, operation

    def _catch_up_all(self, now: int) -> None:
        """After ``clock.advance``: every business does what fell due (renewals), in time order per business."""
        for business in self.tenants.all():
            schedule.catch_up(business)

    def openapi(self) -> dict[str, Any]:
        """The OpenAPI 3.1 document of this mock's routes (built once)."""
        if self._openapi is None:
            from .contract.openapi import build

            self._openapi = build(self.router)
        return self._openapi

    def _check(self, request: Request, response: Response, schema: str | None) -> None:
        """Record a body breaking ``schema`` (suite audit); in strict mode refuse it with a 500 saying how."""
        if schema is None or response.mimetype != responses.JSON or not (self.strict or checks.AUDIT.enabled):
            return
        found = checks.check_body(response.get_data(), schema)
        if not found:
            return
        if checks.AUDIT.enabled:
            checks.AUDIT.record(f"{request.method} {request.path} → {response.status_code}", found)
        if self.strict:
            log.error("contract violation in %s %s: %s", request.method, request.path, found)
            raise ServerError(f"invoiced-mock broke its own contract: {found[0]}")

    def _error(self, request: Request, error: ApiError) -> Response:
        response = responses.error_response(error, request)
        try:
            self._check(request, response, "error")
        except ServerError as broken:
            return responses.error_response(broken, request)
        return response

    def _inject_fault(self, request: Request, api_key: str) -> None:
        fault = self.faults.take(request.method, request.path, api_key, kinds=("respond", "delay"))
        if fault is None:
            return
        if fault.kind == "delay":
            self.faults.sleep(fault.delay)
            return
        raise fault.error()

    def _answer(self, request: Request, business: Business, operation: Operation, args: dict[str, Any]) -> Response:
        key = request.headers.get("Idempotency-Key")
        if key is None:
            return self._run(request, business, operation, args)
        idempotency.check_key(key, request.method)
        body = request.get_data()
        print_ = idempotency.fingerprint(request.method, request.path, body)
        with business.lock:
            stored = idempotency.lookup(business, key, print_)
            if stored is not None:
                return Response(stored.body, status=stored.status, headers=stored.headers)
            response = self._run(request, business, operation, args)
            idempotency.remember(business, key, idempotency.Stored(
                print_, response.status_code, list(response.headers.items()), response.get_data()))
            return response

    def _run(self, request: Request, business: Business, operation: Operation, args: dict[str, Any]) -> Response:
        query = params.nest(request.args.items(multi=True))
        body = params.parse_body(request)
        merged = {**query, **body}
        if self.strict and (unknown := unknown_params(operation, merged)):
            raise InvalidRequest(f"Unknown request parameters: {', '.join(unknown)}", unknown[0])
        with business.transaction():  # rendered inside: a strict-mode contract break rolls the writes back
            reply = perform(business, operation, args, merged)
            response = responses.render(reply, request, business, merged)
            self._check(request, response, checks.schema_for(reply, response.get_data(), operation))
        return response

    def _journal(self, request: Request, response: Response | None, api_key: str | None,
                 operation: Operation | None, extra: dict[str, Any] | None = None) -> None:
        status = response.status_code if response is not None else 0
        self.journal.record(Call(
            method=request.method,
            path=request.path,
            query=params.nest(request.args.items(multi=True)),
            json=decode(request.get_data()),
            headers=dict(request.headers.items()),
            status=status,
            response=decode(response.get_data()) if response is not None and status != 204 else None,
            api_key=api_key,
            operation=operation.name if operation else None,
            timestamp=self.clock.now(),
            extra=extra or {},
        ))
