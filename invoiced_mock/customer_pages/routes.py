"""Which customer page answers a path under ``/portal/``; a wrong link is a plain 404 page.

    /portal/<public id>/<kind>/<client id>[/<page>[/<arg>]]

The business is found by its public id, the object by its client id (``rules/customer_links.py``), then the
page by ``(kind, page)`` and the method. What time has made due runs first, as before an API call.
"""

from __future__ import annotations

from collections.abc import Callable

from invoiced_mock.core import schedule
from invoiced_mock.customer_pages import documents, pages, paying, sign_up, statements
from invoiced_mock.customer_pages.visit import Site, Visit
from invoiced_mock.errors import ApiError
from invoiced_mock.http.request import Request
from invoiced_mock.http.response import Response
from invoiced_mock.rules import customer_links

Handler = Callable[[Visit], Response]
PREFIX = customer_links.PREFIX + "/"

# (kind, page) → method → handler; a page that takes an argument (a receipt's payment id) is marked in ARGUMENTS.
ROUTES: dict[tuple[str, str], dict[str, Handler]] = {
    **documents.ROUTES,
    **paying.ROUTES,
    **statements.ROUTES,
    **sign_up.ROUTES,
}
ARGUMENTS = frozenset({"receipts"})


def owns(request: Request) -> bool:
    return request.path.startswith(PREFIX)


def handle(site: Site, request: Request) -> Response:
    parts = request.path[len(PREFIX):].split("/")
    if len(parts) < 3 or len(parts) > 5 or (len(parts) == 5 and parts[3] not in ARGUMENTS):
        return pages.not_found()
    public, kind, client_id, *rest = parts
    page, arg = [*rest, "", ""][:2]
    methods = ROUTES.get((kind, page))
    business = site.tenants.by_public_id(public)
    if methods is None or business is None or (page in ARGUMENTS) != bool(arg):
        return pages.not_found()
    schedule.catch_up(business)
    record = customer_links.find(business, kind, client_id)
    if record is None:
        return pages.not_found()
    method = "GET" if request.method == "HEAD" else request.method
    handler = methods.get(method)
    if handler is None:
        response = pages.message(405, "Method not allowed", f"This page does not take a {request.method}.")
        response.headers.append(("Allow", ", ".join(sorted({*methods, "HEAD"} if "GET" in methods else methods))))
        return response
    visit = Visit(site, request, business, kind, record, f"{PREFIX}{public}/{kind}/{client_id}", page, arg or None)
    try:
        return handler(visit)
    except pages.Refused:
        return pages.message(403, "This form has expired", "Go back, reload the page and try again.")
    except ApiError as error:  # what the API would refuse (a missing extra: 501 naming it)
        return pages.message(error.status, "This page cannot be shown", error.message)
