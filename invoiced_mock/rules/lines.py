"""Line items (§2.5) and applied rates (§2.6) as clients send them → the stored, normalised shape.

Input shapes accepted for ``discounts``/``taxes``/``shipping`` (document or line level): a list of rate
ids (``["vat"]``), objects ``{"coupon": "X"}``, ``{"coupon": {"id": "X"}}``, ``{"tax_rate": "vat"}``,
``{"amount": 3.85}``, the applied objects a client echoes back (``{"id": 7, "amount": ..}``), or a bare
number (the ``tax``/``discount``/``shipping`` shorthands). Unknown rate ids are refused (400 naming the
parameter); the same rate twice is kept once; a custom (flat) rate of 0 is dropped, as the backend
does. A stored applied rate keeps a snapshot of its coupon/tax rate, so later catalogue edits or
deletions do not change an issued document. ``amount`` is filled in by ``rules/totals.py``.

Lines given with a known ``id`` update that line in place; new lines get new ids; a ``catalog_item``
pre-fills name, description, type, unit cost, taxability, discountability and taxes (explicit fields win).
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from invoiced_mock.core.fields import Array, Bool, Int, Metadata, Number, Str, Timestamp
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import InvalidRequest

if TYPE_CHECKING:
    from invoiced_mock.store.business import Business, Record

RATE_RESOURCE = {"discount": "coupon", "tax": "tax_rate"}
RATE_KEY = {"discount": "coupon", "tax": "tax_rate", "shipping": "shipping_rate"}
_TEXT = Str()
_NUMBER = Number()
_BOOL = Bool()
_META = Metadata()
_TIMESTAMP = Timestamp()
_LIST = Array()
_LINE_FIELDS = {
    "type": _TEXT, "name": _TEXT, "description": _TEXT, "plan": _TEXT,
    "quantity": _NUMBER, "unit_cost": _NUMBER, "discountable": _BOOL, "taxable": _BOOL, "metadata": _META,
    # set on lines a subscription bills (and on prorations)
    "subscription": Int(minimum=1), "period_start": _TIMESTAMP, "period_end": _TIMESTAMP, "prorated": _BOOL,
}
_LINE_ORDER = {name: i for i, name in enumerate(_LINE_FIELDS)}


def rates(business: Business, raw: Any, kind: str, old: list[Record] | None, param: str) -> list[Record]:
    """Normalise one list of applied ``kind`` rates (``discount``, ``tax`` or ``shipping``)."""
    if raw is None or raw == "" or raw == []:  # nothing applied (``[]``: every document's usual case)
        return []
    if isinstance(raw, (int, Decimal, float)) and not isinstance(raw, bool):
        raw = [{"amount": raw}]
    entries = _LIST.coerce(raw, param)
    by_id = {r["id"]: r for r in old or []}
    out: list[Record] = []
    seen: set[str] = set()
    for entry in entries:
        applied = _applied(business, entry, kind, by_id, param)
        rate = applied.get(RATE_KEY[kind])
        if rate is None and applied["amount"] == 0:  # a custom rate of nothing is not kept
            continue
        if rate is not None:
            if rate["id"] in seen:
                continue
            seen.add(rate["id"])
        out.append(applied)
    return out


def _applied(business: Business, entry: Any, kind: str, by_id: dict[Any, Record], param: str) -> Record:
    key = RATE_KEY[kind]
    if not isinstance(entry, dict):
        entry = {key: entry}
    previous = by_id.pop(_int(entry.get("id")), None)  # an id claims its old rate once
    wanted = entry.get(key)
    if isinstance(wanted, dict):
        wanted = wanted.get("id")
    rate = None
    if wanted not in (None, ""):
        if previous is not None and (previous.get(key) or {}).get("id") == str(wanted):
            rate = copy.deepcopy(previous[key])  # never share a piece of the stored record
        else:
            rate = _lookup(business, kind, str(wanted), param)
    elif previous is not None and entry.get("amount") is None:
        rate = copy.deepcopy(previous.get(key))
    applied: Record = {
        "id": previous["id"] if previous else business.next_in_sequence(f"applied_{kind}"),
        "object": kind,
        "amount": Decimal(0),
        key: rate,
        "updated_at": business.clock.now(),
    }
    if rate is None:
        applied["amount"] = _NUMBER.coerce(entry.get("amount", 0), param)
    if kind == "discount":
        expires = entry.get("expires", previous.get("expires") if previous else None)
        applied["expires"] = None if expires in (None, "") else _TIMESTAMP.coerce(expires, param)
    return _keep_stamp(applied, previous)


def _keep_stamp(new: Record, previous: Record | None) -> Record:
    """An unchanged line or rate keeps its ``updated_at``, so an edit elsewhere does not show it as changed."""
    if previous is not None and _without_stamps(new) == _without_stamps(previous):
        new["updated_at"] = previous["updated_at"]
    return new


def _without_stamps(row: Record) -> Record:
    return {k: v for k, v in row.items() if k not in ("updated_at", "amount")}


def _lookup(business: Business, kind: str, rate_id: str, param: str) -> Record:
    name = RATE_RESOURCE.get(kind)
    if name is None:
        raise InvalidRequest(f"Shipping rates are not supported, give an amount: {rate_id}", param)
    resource = REGISTRY[name]
    row = resource.table(business).get(rate_id)
    if row is None:
        raise InvalidRequest(f"No such {resource.label.lower()}: {rate_id}", param)
    return present(business, resource, row)


def _int(value: Any) -> Any:
    try:
        return int(value)
    except (TypeError, ValueError):
        return value


def items(business: Business, raw: Any, old: list[Record] | None, param: str = "items") -> list[Record]:
    """Normalise the ``items`` list: match ids to ``old`` lines, pre-fill from catalogue items."""
    entries = _LIST.coerce(raw if raw not in (None, "") else [], param)
    by_id = {line["id"]: line for line in old or []}
    now = business.clock.now()
    out = []
    for entry in entries:
        if not isinstance(entry, dict):
            raise InvalidRequest("Each line item must be an object", param)
        line_id = entry.get("id")  # an id claims its old line once
        previous = by_id.pop(_int(line_id), None) if line_id is not None and by_id else None
        line = copy.deepcopy(previous) if previous is not None else _blank(business, now)
        catalog_item = entry.get("catalog_item")
        if isinstance(catalog_item, dict):
            catalog_item = catalog_item.get("id")
        if catalog_item not in (None, "") and str(catalog_item) != line.get("catalog_item"):
            _prefill(business, line, str(catalog_item), entry, param)
        given = [name for name in entry if name in _LINE_FIELDS]
        if len(given) > 1:  # in declared order, so the first bad attribute is the one refused
            given.sort(key=_LINE_ORDER.__getitem__)
        for name in given:  # null (as .NET and Java send for unset fields) means the default
            value = entry[name]
            line[name] = _line_defaults().get(name) if value is None else _LINE_FIELDS[name].coerce(value, param)
        line["name"] = (line.get("name") or "").strip()
        line["description"] = (line.get("description") or "").strip()
        for name, kind in (("discounts", "discount"), ("taxes", "tax")):
            if name in entry:
                line[name] = rates(business, entry[name], kind, line.get(name), param)
        line["updated_at"] = now
        out.append(_keep_stamp(line, previous))
    return out


LINE_DEFAULTS: dict[str, Any] = {
    "type": None, "name": "", "description": "", "plan": None, "quantity": Decimal(1), "unit_cost": Decimal(0),
    "discountable": True, "taxable": True, "metadata": {},
}


def _line_defaults() -> dict[str, Any]:
    """A fresh copy of :data:`LINE_DEFAULTS` (its one container, ``metadata``, new; the rest is immutable)."""
    return {**LINE_DEFAULTS, "metadata": {}}


# A new line's attributes in order; ``plan`` is left out, shown only when set (subscription lines). The
# containers (``None`` here) and the stamps are filled in per line by ``_blank``.
_BLANK_LINE: dict[str, Any] = {
    "id": None, "object": "line_item", "catalog_item": None,
    **{name: value for name, value in LINE_DEFAULTS.items() if name != "plan"},
    "amount": Decimal(0), "discounts": None, "taxes": None, "created_at": None, "updated_at": None,
}


def _blank(business: Business, now: int) -> Record:
    line = _BLANK_LINE.copy()
    line["id"] = business.next_in_sequence("line_item")
    line["metadata"], line["discounts"], line["taxes"] = {}, [], []
    line["created_at"] = line["updated_at"] = now
    return line


def _prefill(business: Business, line: Record, item_id: str, entry: dict[str, Any], param: str) -> None:
    resource = REGISTRY["item"]
    item = resource.table(business).get(item_id)
    if item is None:
        raise InvalidRequest(f"No such item: {item_id}", param)
    line["catalog_item"] = item_id
    for name in ("name", "description", "type", "unit_cost", "taxable", "discountable"):
        if name not in entry and item.get(name) is not None:
            line[name] = item[name]
    if "taxes" not in entry:
        line["taxes"] = rates(business, list(item.get("taxes") or []), "tax", None, param)


def rate_ids(applied: list[Record], kind: str) -> set[str]:
    key = RATE_KEY[kind]
    return {r[key]["id"] for r in applied if isinstance(r.get(key), dict)}


def taxes_on_lines(items: list[Record]) -> set[str]:
    """The ids of the tax rates applied on any of the (normalised) lines ``items``."""
    return set().union(*(rate_ids(line["taxes"], "tax") for line in items if line["taxes"]))
