"""The validators: compiled once, and the fast path (jsonschema_rs) never disagrees with the reference."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock.contract import validation
from invoiced_mock.contract.schemas import build
from invoiced_mock.strategies import from_schema

VALID = {"id": 7, "object": "customer", "name": "Acme", "taxes": [
    {"id": "vat", "object": "tax_rate", "name": "VAT", "value": 20, "is_percent": True}],
    "parent_customer": {"id": 1, "object": "customer", "name": "Parent"}, "metadata": {"k": "v"}}
JUNK = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False), st.text(max_size=5),
                 st.lists(st.integers(), max_size=2), st.dictionaries(st.text(max_size=3), st.integers(), max_size=2))


def mutated() -> st.SearchStrategy[dict[str, Any]]:
    props = build()["customer"]["properties"]
    value = st.sampled_from(sorted(props)).flatmap(
        lambda key: st.tuples(st.just(key), st.one_of(from_schema(props[key]), JUNK)))
    extra = st.tuples(st.text(min_size=1, max_size=8), JUNK)
    return st.lists(st.one_of(value, value, extra), max_size=4).map(lambda kv: {**VALID, **dict(kv)})


@settings(max_examples=80, deadline=None)
@given(mutated())
def test_the_fast_path_agrees_with_the_reference(obj: dict[str, Any]) -> None:
    reference = validation.validator("customer").is_valid(obj)
    assert validation._quickly_valid(obj, "customer") == reference
    assert (validation.violations(obj, "customer") == []) == reference


def test_validators_are_compiled_once() -> None:
    assert validation.validator("customer") is validation.validator("customer")
    assert validation.validator("customer_list") is not validation.validator("customer")


def test_values_json_cannot_hold_fall_back_to_the_reference() -> None:
    assert validation.violations({**VALID, "credit_limit": Decimal("12.50")}, "customer") == []
    found = validation.violations({**VALID, "credit_limit": Decimal("-1")}, "customer")
    assert [(v.path, v.rule) for v in found] == [("$.credit_limit", "minimum")]


def test_an_error_type_outside_the_apis_set_is_a_contract_break() -> None:
    import pytest

    from invoiced_mock.contract import ContractError, validate

    validate({"type": "rate_limit_error", "message": "slow down"}, "error")
    with pytest.raises(ContractError, match=r"\$\.type"):
        validate({"type": "card_error", "message": "declined"}, "error")
