"""The first pages: every business the caller may see, one business at a glance (its objects by resource,
its rules, its journal), and resetting a business, behind a page that says what it deletes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from invoiced_mock.control.inspector.columns import plural
from invoiced_mock.control.inspector.view import Visit, back, business_url, page
from invoiced_mock.core.resource import REGISTRY

if TYPE_CHECKING:
    from invoiced_mock.http.response import Response
    from invoiced_mock.store.business import Business


def index(visit: Visit) -> Response:
    app = visit.app
    keys = app.tenants.keys() if visit.who.api_key is None else [visit.who.api_key]
    rows = []
    for key in keys:
        business = app.tenants.get(key)
        if business is not None:
            rows.append((key, sum(len(t) for t in business.tables.values()), len(app.journal.calls(key))))
    return page(visit, "home.html", current="home", businesses=rows,
                faults=len(app.faults.rules(visit.who.api_key)), stubs=len(app.stubs.rules(visit.who.api_key)))


def overview(visit: Visit, key: str) -> Response:
    business = visit.business(key)
    return page(visit, "business.html", business=business, current="overview", resources=_counts(business),
                requests=len(visit.app.journal.calls(key)), faults=len(visit.app.faults.rules(key)),
                stubs=len(visit.app.stubs.rules(key)))


def reset_page(visit: Visit, key: str) -> Response:
    business = visit.business(key)
    return page(visit, "reset.html", business=business, current="overview", resources=_counts(business),
                requests=len(visit.app.journal.calls(key)), faults=len(visit.app.faults.rules(key)),
                stubs=len(visit.app.stubs.rules(key)))


def reset(visit: Visit, key: str) -> Response:
    visit.business(key)
    visit.app.reset(key)
    return back(business_url(key))


def _counts(business: Business) -> list[tuple[str, str, int]]:
    """(object, plural label, count) of each resource the business holds rows of, by label."""
    found = [(name, plural(REGISTRY[name]), len(table)) for name, table in business.tables.items()
             if len(table) and name in REGISTRY]
    return sorted(found, key=lambda row: row[1])
