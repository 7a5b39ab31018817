"""invoiced_mock.strategies: every payload they draw is accepted (201) and echoed back; graphs link up."""

from __future__ import annotations

import itertools
from decimal import Decimal
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from invoiced_mock import strategies
from invoiced_mock.contract import validate
from invoiced_mock.core.fields import RefList, Str
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.resources import catalogue
from tests.conftest import Api

catalogue.load_all()
CREATABLE = sorted(n for n, r in REGISTRY.items() if "create" in r.operations and not r.parent and r.drawable)
NESTED = sorted(n for n, r in REGISTRY.items() if "create" in r.operations and r.parent
                and "create" in REGISTRY[r.parent].operations)  # a thread's notes: the thread comes from a send
FAST = settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
_keys = itertools.count()


def expected(name: str, key: str, sent: Any) -> Any:
    """What the API shows for an attribute that was sent as ``sent`` (declared normalisations only)."""
    f = REGISTRY[name].by_name[key]
    if isinstance(f.type, Str) and f.type.lower:
        return sent.lower()
    if key == "number":  # document numbers are trimmed (core/crud.py _assign_number)
        return sent.strip() or None
    return sent


def echoed(name: str, payload: dict[str, Any], shown: dict[str, Any]) -> None:
    for key, sent in payload.items():
        f = REGISTRY[name].by_name[key]
        if f.write_only or f.hidden:  # accepted, shown only with include= (an invoice's ``sent``)
            continue
        if isinstance(f.type, RefList):
            assert [t["id"] for t in shown[key]] == [str(s) for s in sent]
            continue
        want = expected(name, key, sent)
        if key == "number" and want is None:
            assert shown[key], "an empty number is assigned from the sequence"
            continue
        assert contains(shown[key], want), (key, sent, shown[key])


def contains(shown: Any, sent: Any) -> bool:
    """Everything sent comes back; the server may add to an object what it fills in (ids, defaults)."""
    if isinstance(sent, dict):
        return (not sent and shown is None) or (isinstance(shown, dict) and all(
            k in shown and contains(shown[k], v) for k, v in sent.items()))
    if isinstance(sent, list) and sent and all(isinstance(item, dict) for item in sent):
        return isinstance(shown, list) and len(shown) == len(sent) and all(map(contains, shown, sent))
    return shown == sent or (sent == "" and shown is None)  # "" means unset, as the clients treat it


@pytest.mark.parametrize("name", CREATABLE)
def test_every_drawn_create_payload_is_accepted_and_echoed(app: Any, name: str) -> None:
    """Drawn with whatever it must reference created first (an invoice needs a customer)."""
    @FAST
    @given(steps=strategies.graph(name, per_object=1))
    def check(steps: list[strategies.Step]) -> None:
        api = Api(app, f"sk_strategies_{next(_keys)}")  # a fresh business: chosen ids and numbers are free

        def post(path: str, payload: dict[str, Any]) -> dict[str, Any]:
            response = api.post(path, json=payload)
            assert response.status_code == 201, (path, payload, response.get_json())
            return response.get_json()

        created = strategies.create_all(steps, post)  # a drawn webhook URL names any host: refused only at delivery
        leaf, shown = steps[-1], created[-1]
        assert leaf.object == name
        validate(shown, name)
        echoed(name, leaf.payload, shown)

    check()


def test_references_are_drawn_from_the_given_ids(app: Any) -> None:
    @FAST
    @given(payload=strategies.create_payload("customer", refs={"tax_rate": ["vat", "gst"]}))
    def check(payload: dict[str, Any]) -> None:
        assert set(payload.get("taxes", [])) <= {"vat", "gst"}
        api = Api(app, f"sk_refs_{next(_keys)}")
        api.create("/tax_rates", id="vat", name="VAT", value=20)
        api.create("/tax_rates", id="gst", name="GST", value=5)
        response = api.post("/customers", json=payload)
        assert response.status_code == 201, response.get_json()
        echoed("customer", payload, response.get_json())

    check()


def test_a_graph_cannot_reach_what_lives_under_an_object_the_api_does_not_create() -> None:
    with pytest.raises(ValueError, match="email_thread_note lives under email_thread"):
        strategies.graph("email_thread_note")


def test_a_required_reference_without_ids_is_refused() -> None:
    from invoiced_mock.core.fields import Ref
    from invoiced_mock.core.resource import Field, Resource, register

    @register
    class Widgets(Resource):  # declared only here: removed from the registry below
        object = "widget_for_test"
        path = "widgets_for_test"
        label = "Widget"
        fields = (Field("customer", Ref(resource="customer"), required=True),)

    try:
        with pytest.raises(ValueError, match=r"widget_for_test\.customer needs ids of customer"):
            strategies.create_payload("widget_for_test")
    finally:
        del REGISTRY["widget_for_test"]


@pytest.mark.parametrize("name", NESTED)
def test_graphs_create_parents_first_and_link_children(app: Any, name: str) -> None:
    @FAST
    @given(steps=strategies.graph(name, per_object=3))
    def check(steps: list[strategies.Step]) -> None:
        api = Api(app, f"sk_graph_{next(_keys)}")
        resource = REGISTRY[name]
        assert steps[0].object == resource.parent
        assert 1 <= sum(s.object == name for s in steps) <= 3

        def post(path: str, payload: dict[str, Any]) -> dict[str, Any]:
            response = api.post(path, json=payload)
            assert response.status_code == 201, (path, payload, response.get_json())
            return response.get_json()

        created = strategies.create_all(steps, post)
        parent_id = created[0]["id"]
        for step, obj in zip(steps[1:], created[1:], strict=True):
            assert obj[resource.parent_field] == parent_id
            echoed(step.object, step.payload, obj)
        listed = api.get(f"/{REGISTRY[resource.parent].path}/{parent_id}/{resource.path}").get_json()
        assert len(listed) == len(steps) - 1

    check()


@settings(max_examples=60, deadline=None)
@given(st.data())
def test_numbers_are_json_money_with_at_most_two_decimals(data: st.DataObject) -> None:
    value = data.draw(strategies.from_schema({"type": "number", "minimum": 0}))
    assert value >= 0
    assert Decimal(str(value)) == Decimal(str(value)).quantize(Decimal("0.01"))


@settings(max_examples=30, deadline=None)
@given(st.data())
def test_drawn_narrows_the_published_schema_and_never_adds_to_it(data: st.DataObject) -> None:
    invoice = data.draw(strategies.create_payload("invoice", refs={"customer": [1]}))
    assert not {"discounts", "taxes", "shipping", "discount", "closed"} & set(invoice)
    assert all(line["name"] in ("Design", "Hosting", "Support") for line in invoice.get("items", []))
    validate_request = strategies.build()["invoice_create"]  # still inside what the API publishes
    from jsonschema import Draft202012Validator

    assert Draft202012Validator(validate_request).is_valid(invoice)
    note = data.draw(strategies.create_payload("credit_note", refs={"customer": [1]}))
    assert "payment_terms" not in note and "invoice" not in note  # credit notes publish no terms
