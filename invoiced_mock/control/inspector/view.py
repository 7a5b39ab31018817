"""What every inspector page shares: the visit (who looks, at what), links between pages, and turning a
template under ``templates/inspector/`` into a response, or an error into a page a person can read.

Each page gets the clock, who is looking, the token its forms carry (``control/admin.form_token``) and
whether the caller may move the clock, so a template shows a control only to a caller who may use it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urlencode

from invoiced_mock.control import admin
from invoiced_mock.control.inspector.columns import plural
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import ApiError, NotFound, PermissionDenied
from invoiced_mock.formats.html import render
from invoiced_mock.http.response import Response, respond

if TYPE_CHECKING:
    from invoiced_mock.control.sandbox import Sandbox
    from invoiced_mock.http.request import Request
    from invoiced_mock.store.business import Business

PREFIX = "/_mock/ui"
HTML = "text/html; charset=utf-8"
# The resources a billing person opens most, first in every business's menu.
MENU = ("invoice", "customer", "payment", "credit_note", "subscription", "event", "webhook_attempt")


@dataclass(frozen=True)
class Visit:
    """One request to the inspector: the app it looks into, the request, and who sent it."""

    app: Sandbox
    request: Request
    who: admin.Caller

    @property
    def may_move_clock(self) -> bool:
        return admin.may_act_globally(self.who, self.app.admin_token)

    def business(self, key: str) -> Business:
        """The business of ``key``, if the caller may look into it (a key sees only its own)."""
        if self.who.api_key is not None and self.who.api_key != key:
            raise PermissionDenied("A key may inspect only its own business")
        known = self.app.tenants.keys()  # looked up first: in open mode ``get`` would make a business for any key
        business = self.app.tenants.get(key) if key in known else None
        if business is None:
            raise NotFound(f"No business for that key: {masked(key)}")
        return business

    def here(self, **changes: Any) -> str:
        """This page's URL with query parameters changed (None or "": left out)."""
        args = dict(self.request.args.items())
        for name, value in changes.items():
            args[name] = "" if value is None else str(value)
        query = urlencode({k: v for k, v in args.items() if v != ""})
        return quote(self.request.path) + (f"?{query}" if query else "")


def masked(key: str) -> str:
    """An API key as pages print it: whole when short, else its start and end."""
    return key if len(key) <= 8 else f"{key[:7]}…{key[-4:]}"


def business_url(key: str, *rest: Any) -> str:
    return "/".join((PREFIX, "business", quote(key, safe=""), *(quote(str(part), safe="") for part in rest)))


def object_url(key: str, object_name: str, object_id: Any) -> str:
    return business_url(key, "objects", object_name, object_id)


def request_url(key: str | None, number: int) -> str:
    return business_url(key, "requests", number) if key is not None else f"{PREFIX}/requests/{number}"


def page(visit: Visit, template: str, status: int = 200, business: Business | None = None,
         **context: Any) -> Response:
    """``templates/inspector/<template>`` as a whole page, with what every page shows."""
    context.setdefault("error", None)  # a form refused: the page again, the field at fault marked
    context.setdefault("current", "")
    body = render(f"inspector/{template}", ui=PREFIX, now=visit.app.clock.now(), frozen=visit.app.clock.frozen,
                  who="admin" if visit.who.api_key is None else masked(visit.who.api_key),
                  token=admin.form_token(visit.who), may_move_clock=visit.may_move_clock,
                  key=business.api_key if business is not None else None, masked=masked, here=visit.here,
                  business_url=business_url, object_url=object_url, request_url=request_url,
                  menu=[(name, plural(REGISTRY[name])) for name in MENU if name in REGISTRY], **context)
    return respond(status, body.encode(), HTML, [("Cache-Control", "no-store")])


def failed(error: ApiError, visit: Visit | None = None) -> Response:
    """An error as a page: its status, message and the parameter at fault (401 asks the browser to log in)."""
    body = render("inspector/error.html", ui=PREFIX, error=error, status=error.status, reason=_reason(error),
                  signed_in=visit is not None)
    response = respond(error.status, body.encode(), HTML, [("Cache-Control", "no-store")])
    if error.status == 401:
        response.set_header("WWW-Authenticate", 'Basic realm="invoiced-mock inspector"')
    return response


def back(location: str) -> Response:
    """After a form's post: see the page it changed (303, so a reload does not post again)."""
    return respond(303, headers=[("Location", location)])


def _reason(error: ApiError) -> str:
    return {400: "Bad request", 401: "Log in", 403: "Not allowed", 404: "Not found",
            405: "Method not allowed"}.get(error.status, "Error")
