"""A resource's objects as a table: the columns of ``columns.py``, sorted, filtered by status and customer,
searched, and paged through every object.

The rows come from the API's own list machinery (``core.query``): the same filters and orders as
``GET /invoices?filter[status]=past_due&sort=total desc``, read one page at a time from an index when no
filter applies. The search looks in each object as the API shows it, so it reads every object the
filters leave (the one step whose cost grows with the business).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from invoiced_mock.control.inspector import cells
from invoiced_mock.control.inspector.columns import Column, columns, plural
from invoiced_mock.control.inspector.view import Visit, page
from invoiced_mock.core.fields import Str
from invoiced_mock.core.presenter import present
from invoiced_mock.core.query import ListQuery, run
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import InvalidRequest, NotFound
from invoiced_mock.formats.json_bodies import dumps
from invoiced_mock.http import pagination

if TYPE_CHECKING:
    from collections.abc import Sequence

    from invoiced_mock.core.resource import Resource
    from invoiced_mock.http.response import Response
    from invoiced_mock.store.business import Business, Record

PER_PAGE = (25, 50, 100)
MAX_CUSTOMERS_LISTED = 500  # more customers than this: the filter takes an id instead of offering a list


@dataclass(frozen=True)
class Filters:
    """What the person asked for: ``status``, ``customer`` (an id), ``q`` (text), ``sort`` (``total desc``)."""

    status: str
    customer: str
    q: str
    sort: str

    def query(self, resource: Resource) -> ListQuery:
        wanted = {name: value for name, value in (("status", self.status), ("customer", self.customer))
                  if value and name in resource.by_name}
        return ListQuery.from_params({"filter": wanted, "sort": self.sort or "id desc"})


def listing(visit: Visit, key: str, name: str) -> Response:
    business = visit.business(key)
    resource = REGISTRY.get(name)
    if resource is None:
        raise NotFound(f"No such resource: {name}")
    args = visit.request.args
    filters = Filters(args.get("status", ""), args.get("customer", ""), args.get("q", "").strip(),
                      _sort(resource, args.get("sort", "")))
    shown = columns(resource)
    with business.lock:
        records = _matching(business, resource, filters)
        number = pagination.page_of({"page": args.get("page"), "per_page": args.get("per_page") or 50}, len(records))
        number = pagination.Page(min(number.number, number.last), number.per_page, number.total)
        start, stop = number.bounds
        rows = [_row(business, resource, record, shown) for record in records[start:stop]]
        total = len(resource.table(business))
        customers = _customers(business) if "customer" in resource.by_name else None
    return page(visit, "list.html", business=business, current=resource.object, resource=resource,
                title=plural(resource), columns=shown,
                rows=rows, page=number, first=start + 1 if rows else 0, last_shown=start + len(rows), total=total,
                filters=filters, statuses=_statuses(resource), customers=customers, per_page_choices=PER_PAGE,
                sortable={c.name for c in shown if _sortable(resource, c)})


def _matching(business: Business, resource: Resource, filters: Filters) -> Sequence[Record]:
    try:
        records = run(business, resource, resource.table(business), filters.query(resource))
    except InvalidRequest as error:  # the API names filter[status]; this page's field is status
        param = error.param or ""
        raise InvalidRequest(error.message, param[7:-1] if param.startswith("filter[") else param) from None
    if not filters.q:
        return records
    needle = filters.q.lower()
    return [r for r in records if needle in dumps(present(business, resource, r)).lower()]


def _row(business: Business, resource: Resource, record: Record, shown: tuple[Column, ...]) -> dict[str, Any]:
    presented = present(business, resource, record)
    return {"id": record["id"], "cells": [cells.cell(business, resource, record, presented, c) for c in shown],
            "record": record}


def _sort(resource: Resource, sort: str) -> str:
    """``total`` or ``total desc`` on a column this list can sort by; refused (param ``sort``) otherwise."""
    if not sort:
        return ""
    name, _, direction = sort.strip().partition(" ")
    sortable = {c.name for c in columns(resource) if _sortable(resource, c)}
    if name not in sortable or direction.strip().lower() not in ("", "asc", "desc"):
        raise InvalidRequest(f"sort takes one of {', '.join(sorted(sortable))}, then asc or desc", "sort")
    return sort.strip()


def _sortable(resource: Resource, column: Column) -> bool:
    """Sorted on stored values: an attribute the clock refreshes (an invoice's status) cannot be."""
    return column.name in resource.by_name and column.name not in resource.live


def _statuses(resource: Resource) -> tuple[str, ...]:
    field = resource.by_name.get("status")
    if field is None or not isinstance(field.type, Str):
        return ()
    return field.type.choices or ()


def _customers(business: Business) -> list[tuple[Any, str]] | None:
    """The customers to filter by, by name; None when there are too many to list (an id is typed instead)."""
    table = REGISTRY["customer"].table(business)
    if len(table) > MAX_CUSTOMERS_LISTED:
        return None
    return sorted(((c["id"], str(c.get("name") or c["id"])) for c in table.all()), key=lambda pair: pair[1].lower())
