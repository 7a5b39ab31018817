"""Factories: any declared resource in one line, linked, through the same rules as the API."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock import InvoicedMock
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.testing.factories import Factories, Made
from tests.conftest import Api


@pytest.fixture
def factories(api: Api) -> Factories:
    return Factories(api.app.business(api.api_key))


def test_a_factory_object_is_exactly_what_the_api_returns_for_it(api: Api, factories: Factories) -> None:
    customer = factories.customer(name="Acme", email="billing@acme.test", metadata={"crm": "42"})
    assert customer == api.get(f"/customers/{customer['id']}", base_url="https://api.invoiced.com").get_json()
    assert customer["number"] == "CUST-00001"


def test_required_attributes_get_plain_values_and_required_parents_are_made(api: Api, factories: Factories) -> None:
    contact = factories.contact()
    assert contact["name"] == "Contact 1"
    assert api.get(f"/customers/{contact['customer']}").get_json()["name"] == "Customer 1"
    coupon = factories.coupon()
    assert (coupon["name"], coupon["value"]) == ("Coupon 1", 100)


def test_children_named_by_path_are_created_linked_to_the_new_object(api: Api, factories: Factories) -> None:
    customer = factories.customer(name="Acme", contacts=[{"name": "Ann"}, {"name": "Bob"}])
    assert isinstance(customer, Made)
    assert [c["name"] for c in customer.related["contacts"]] == ["Ann", "Bob"]
    listed = api.get(f"/customers/{customer['id']}/contacts").get_json()
    assert listed == customer.related["contacts"]


def test_an_object_stands_for_its_id_when_passed_to_another_factory(api: Api, factories: Factories) -> None:
    acme = factories.customer(name="Acme")
    contact = factories.contact(customer=acme, name="Ann")
    assert contact["customer"] == acme["id"]
    item = factories.item(id="gold", name="Gold")
    plan = factories.plan(catalog_item=item, amount=100, interval="month")
    assert plan["catalog_item"] == "gold"


def test_a_factory_obeys_the_resources_rules_and_writes_nothing_when_refused(api: Api,
                                                                            factories: Factories) -> None:
    with pytest.raises(InvalidRequest, match="Amount is missing"):
        factories.plan(name="Gold", interval="month")
    with pytest.raises(InvalidRequest):
        factories.customer(name="Acme", contacts=[{"name": "x" * 300}])
    assert api.get("/customers").get_json() == []  # the parent went with the refused child


def test_many_and_unknown_names(factories: Factories) -> None:
    assert [c["number"] for c in factories.many("customer", 3)] == ["CUST-00001", "CUST-00002", "CUST-00003"]
    with pytest.raises(AttributeError, match="no resource called 'widget'"):
        factories.widget()


def test_a_callable_child_spec_sees_the_siblings_made_before_it(api: Api, factories: Factories) -> None:
    customer = factories.customer(name="Acme", contacts=[
        {"name": "Ann"},
        lambda made: {"name": f"Deputy of {made.related['contacts'][0]['name']}"},
    ])
    assert [c["name"] for c in customer.related["contacts"]] == ["Ann", "Deputy of Ann"]
    assert customer == api.get("/customers/1", base_url="https://api.invoiced.com").get_json()


@settings(max_examples=25, deadline=None)
@given(name=st.text(min_size=1, max_size=60).filter(str.strip),
       contacts=st.lists(st.text(min_size=1, max_size=20).filter(str.strip), max_size=3))
def test_whatever_is_made_reads_back_the_same_through_the_api(name: str, contacts: list[str]) -> None:
    app = InvoicedMock()
    factories = Factories(app.business("sk_property"))
    made = factories.customer(name=name, contacts=[{"name": c} for c in contacts])
    api = Api(app, "sk_property")
    assert made == api.get(f"/customers/{made['id']}", base_url="https://api.invoiced.com").get_json()
    listed = api.get(f"/customers/{made['id']}/contacts", base_url="https://api.invoiced.com").get_json()
    assert listed == made.related.get("contacts", [])


def test_a_customer_with_two_invoices_and_a_partial_payment_in_one_call(api: Api, factories: Factories) -> None:
    acme = factories.customer(
        name="Acme",
        invoices=[{"items": [{"name": "Design", "unit_cost": 300}]}, {"items": [{"name": "Hosting", "quantity": 2,
                                                                               "unit_cost": "24.99"}]}],
        payments=[lambda made: {"amount": 120, "applied_to": [
            {"type": "invoice", "invoice": made.related["invoices"][0]["id"], "amount": 100},
            {"type": "credit", "amount": 20}]}],
    )
    design, hosting = acme.related["invoices"]
    (payment,) = acme.related["payments"]
    assert (design["total"], hosting["total"]) == (300, 49.98)
    assert (payment["customer"], payment["balance"]) == (acme["id"], 0)
    assert api.get(f"/invoices/{design['id']}").get_json()["balance"] == 200
    balance = api.get(f"/customers/{acme['id']}/balance").get_json()
    assert (balance["total_outstanding"], balance["available_credits"]) == (249.98, 20)
    with pytest.raises(InvalidRequest):  # over-applied: the whole graph is refused, nothing is left behind
        factories.customer(name="Beta", invoices=[{"items": [{"unit_cost": 10}]}],
                           payments=[{"amount": 5, "applied_to": [{"type": "credit", "amount": 6}]}])
    assert [c["name"] for c in api.get("/customers").get_json()] == ["Acme"]


def test_notes_means_the_attribute_and_the_children_take_the_parents_name(api: Api, factories: Factories) -> None:
    customer = factories.customer(name="Acme", notes="VIP", customer_notes=[{"notes": "called them"}])
    assert customer["notes"] == "VIP"
    assert [n["notes"] for n in customer.related["customer_notes"]] == ["called them"]
    invoice = factories.invoice(customer=customer, notes="Thanks!")
    assert api.get(f"/invoices/{invoice['id']}").get_json()["notes"] == "Thanks!"
    assert api.get(f"/customers/{customer['id']}/notes").get_json()[0]["notes"] == "called them"
