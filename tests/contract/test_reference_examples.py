"""Every example of the API reference validates against its shipped schema, and any corruption of it fails at
its JSON path: a string where a number is, an unknown enum value, an unknown attribute, at any depth."""

from __future__ import annotations

import copy
from collections.abc import Iterator
from typing import Any

import pytest

from invoiced_mock.contract import ContractError, names, validate, violations
from invoiced_mock.contract.validation import validator

from .reference_bodies import EXAMPLES

# Objects that hold the user's own keys (metadata) or a free record of old values: any attribute goes.
OPEN = {"metadata", "previous"}


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_each_reference_example_validates(example: str) -> None:
    schema, body = EXAMPLES[example]
    validate(body, schema)


def test_every_shape_the_api_returns_has_a_schema() -> None:
    shipped = set(names())
    assert {schema for schema, _ in EXAMPLES.values()} <= shipped
    assert {"customer_balance", "discount", "tax", "ship_to", "subscription_preview", "subscription_addon",
            "line_item", "applied_payment", "payment_source", "tier", "shipping"} <= shipped


def _paths(value: Any, path: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], Any]]:
    yield path, value
    if isinstance(value, dict):
        for key, item in value.items():
            if key not in OPEN:
                yield from _paths(item, (*path, key))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            yield from _paths(item, (*path, i))


def _json_path(path: tuple[Any, ...]) -> str:
    return "$" + "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in path)


def _corrupted(body: Any, path: tuple[Any, ...], change: Any) -> Any:
    copied = copy.deepcopy(body)
    parent = copied
    for step in path[:-1]:
        parent = parent[step]
    if path:
        parent[path[-1]] = change(parent[path[-1]])
        return copied
    return change(copied)


def _corruptions(schema: str, body: Any) -> Iterator[tuple[str, str, Any]]:
    """(what, JSON path, corrupted body) for every place in ``body`` a wrong value can go."""
    for path, value in _paths(body):
        if isinstance(value, dict):
            yield "unknown attribute", _json_path(path), _corrupted(body, path, lambda d: {**d, "colour": "red"})
        elif isinstance(value, (int, float)) and not isinstance(value, bool):
            yield "string for a number", _json_path(path), _corrupted(body, path, lambda _: "twelve")
        elif isinstance(value, str) and _closed_set(schema, body, path):
            yield "unknown enum value", _json_path(path), _corrupted(body, path, lambda _: "no_such_value")


def _closed_set(schema: str, body: Any, path: tuple[Any, ...]) -> bool:
    """Whether the published schema allows only listed values at ``path`` (``enum`` or ``const``, in any branch):
    asked of the validator itself, with a value no schema could take, so no list of enum names is kept here."""
    probe = _corrupted(body, path, lambda _: [["probe"]])
    errors = [e for top in validator(schema).iter_errors(probe) for e in _flattened(top)]
    return any(e.json_path == _json_path(path) and e.validator in ("enum", "const") for e in errors)


def _flattened(error: Any) -> list[Any]:
    return [error, *(e for sub in error.context for e in _flattened(sub))]


@pytest.mark.parametrize("example", sorted(EXAMPLES))
def test_a_corruption_at_any_depth_fails_at_its_path(example: str) -> None:
    schema, body = EXAMPLES[example]
    missed = []
    for what, path, corrupted in _corruptions(schema, body):
        found = violations(corrupted, schema)
        if not any(v.path == path for v in found):
            missed.append(f"{what} at {path}: {[str(v) for v in found] or 'accepted'}")
    assert missed == []


def test_a_wrong_line_item_quantity_names_its_path() -> None:
    schema, invoice = EXAMPLES["invoicing/invoices/object"]
    broken = copy.deepcopy(invoice)
    broken["items"][0]["quantity"] = "two"
    with pytest.raises(ContractError, match=r"invoice: \$\.items\[0\]\.quantity: 'two' is not of type"):
        validate(broken, schema)


def test_an_event_carries_the_object_its_type_names() -> None:
    _, event = EXAMPLES["events/object"]
    as_customer = {**event, "type": "customer.updated"}
    found = violations(as_customer, "event")
    assert found and all(v.path.startswith("$.data.object") for v in found)
    assert "$.data.object.object" in {v.path for v in found}  # an invoice is no customer
