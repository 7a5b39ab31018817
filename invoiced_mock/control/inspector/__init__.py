"""The web inspector at ``/_mock/ui``: the sandbox for a person, as server-rendered HTML (no script).

    GET  /_mock/ui                                         the businesses the caller may see
    GET  /_mock/ui/clock[?amount=&unit=]                   the clock, and what a move will change
    POST /_mock/ui/clock                                   advance, freeze or unfreeze (who may move the clock)
    GET  /_mock/ui/requests[/<n>]                          every key's request log (admin), one request
    GET  /_mock/ui/business/<key>                          one business at a glance
    GET  /_mock/ui/business/<key>/objects/<object>         a resource's objects: columns, filters, paging
    GET  /_mock/ui/business/<key>/objects/<object>/<id>    one object: fields, related, timeline, requests
    GET  …/objects/<object>/<id>/pdf|payment|csv           its documents, as the API serves them
    GET  /_mock/ui/business/<key>/requests[/<n>]           the business's request log, one request
    GET  /_mock/ui/business/<key>/sandbox                  faults and stubs beside the traffic they changed
    POST /_mock/ui/business/<key>/faults|stubs             add one; …/faults|stubs/<id>/remove removes one
    GET  /_mock/ui/business/<key>/reset                    what a reset deletes; POST resets
    POST /_mock/ui/business/<key>/webhook_attempts/<id>/retry   redeliver a webhook

Behind the control plane's auth (``control/admin.py``: a key sees its own business, the admin every one).
Every form posts back with the caller's token (the control plane's entry, ``control/browsers.py``, has already
refused a post from another origin) and is answered with a 303 to the page it changed; what a caller may not
do is not shown, and is refused with a page saying why.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from invoiced_mock.control import admin
from invoiced_mock.control.inspector import clock, home, lists, log, objects, overrides
from invoiced_mock.control.inspector.view import PREFIX, Visit, failed
from invoiced_mock.errors import ApiError, MethodNotAllowed, NotFound

if TYPE_CHECKING:
    from invoiced_mock.control.sandbox import Sandbox
    from invoiced_mock.http.request import Request
    from invoiced_mock.http.response import Response

Page = Callable[[Visit, str, list[str]], "Response"]

# (first part, number of parts) of the path after ``/_mock/ui`` (``key`` is empty) or after
# ``/_mock/ui/business/<key>`` → what answers it.
PAGES: dict[tuple[str, int], Page] = {
    ("", 0): lambda v, key, p: home.index(v),
    ("clock", 1): lambda v, key, p: clock.clock_page(v),
    ("requests", 1): lambda v, key, p: log.log_page(v, None),
    ("requests", 2): lambda v, key, p: log.request_page(v, None, p[1]),
}
ACTIONS: dict[tuple[str, int], Page] = {
    ("clock", 1): lambda v, key, p: clock.move(v),
}
BUSINESS_PAGES: dict[tuple[str, int], Page] = {
    ("", 0): lambda v, key, p: home.overview(v, key),
    ("objects", 2): lambda v, key, p: lists.listing(v, key, p[1]),
    ("objects", 3): lambda v, key, p: objects.object_page(v, key, p[1], p[2]),
    ("objects", 4): lambda v, key, p: objects.document(v, key, p[1], p[2], p[3]),
    ("requests", 1): lambda v, key, p: log.log_page(v, key),
    ("requests", 2): lambda v, key, p: log.request_page(v, key, p[1]),
    ("sandbox", 1): lambda v, key, p: overrides.overrides_page(v, key),
    ("reset", 1): lambda v, key, p: home.reset_page(v, key),
}
BUSINESS_ACTIONS: dict[tuple[str, int], Page] = {
    ("reset", 1): lambda v, key, p: home.reset(v, key),
    ("faults", 1): lambda v, key, p: overrides.add_fault(v, key),
    ("stubs", 1): lambda v, key, p: overrides.add_stub(v, key),
    ("faults", 3): lambda v, key, p: overrides.remove(v, key, "faults", p[1]),
    ("stubs", 3): lambda v, key, p: overrides.remove(v, key, "stubs", p[1]),
    ("webhook_attempts", 3): lambda v, key, p: objects.redeliver(v, key, p[1]),
}
LAST_WORD = {"faults": "remove", "stubs": "remove", "webhook_attempts": "retry"}  # of a three-part action


def handle(app: Sandbox, request: Request, who: admin.Caller) -> Response:
    visit = Visit(app, request, who)
    try:
        return _route(visit)
    except ApiError as error:
        return failed(error, visit)


def unauthorised(error: ApiError) -> Response:
    """An error before the caller is known (a 401 asks the browser to log in), as a page."""
    return failed(error)


def _route(visit: Visit) -> Response:
    request = visit.request
    parts = [p for p in request.path[len(PREFIX):].split("/") if p]
    key, rest = (parts[1], parts[2:]) if len(parts) >= 2 and parts[0] == "business" else ("", parts)
    shape = (rest[0] if rest else "", len(rest))
    if request.method == "POST":
        admin.check_form_token(visit.who, request.form.get("token"))
        action = (BUSINESS_ACTIONS if key else ACTIONS).get(shape)
        if action is None or (len(rest) == 3 and rest[2] != LAST_WORD.get(rest[0])):
            raise NotFound(f"Request was not recognized: POST {request.path}")
        return action(visit, key, rest)
    if request.method not in ("GET", "HEAD"):
        raise MethodNotAllowed(f"Method not allowed: {request.method} {request.path}")
    view = (BUSINESS_PAGES if key else PAGES).get(shape)
    if view is None:
        raise NotFound(f"Request was not recognized: GET {request.path}")
    return view(visit, key, rest)
