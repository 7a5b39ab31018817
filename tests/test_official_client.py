"""The official ``invoiced`` 3.0.0 client against the loopback server, exactly as users call it."""

from __future__ import annotations

from urllib.parse import parse_qsl, urlsplit

import invoiced
import pytest


def test_customer_crud(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Acme Inc", email="billing@acme.test", metadata={"icp": "1"})
    assert customer.id == 1 and customer.number == "CUST-00001" and customer.metadata == {"icp": "1"}
    fetched = client.Customer.retrieve(customer.id)
    assert fetched.name == "Acme Inc"
    fetched.payment_terms = "NET 30"
    assert fetched.save() is True and fetched.payment_terms == "NET 30"
    assert client.Customer.retrieve(customer.id).payment_terms == "NET 30"
    assert fetched.delete() is True
    with pytest.raises(invoiced.errors.InvalidRequestError) as error:
        client.Customer.retrieve(customer.id)
    assert error.value.status_code == 404
    assert error.value.error["message"] == f"Customer was not found: {customer.id}"


def test_contacts_through_the_customer(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Acme")
    contact = customer.contacts().create(name="Jane", email="jane@acme.test")
    contacts, metadata = customer.contacts().list()
    assert [c.name for c in contacts] == ["Jane"] and metadata.total_count == 1
    contact.title = "CFO"
    assert contact.save() is True
    assert contact.delete() is True


def test_metadata_limits_raise_invalid_request(client: invoiced.Client) -> None:
    with pytest.raises(invoiced.errors.InvalidRequestError) as error:
        client.Customer.create(name="Acme", metadata={f"k{i}": "v" for i in range(11)})
    assert error.value.error["param"] == "metadata"
    assert client.Customer.list()[1].total_count == 0


def test_250_customers_paged_by_following_next_links(client: invoiced.Client) -> None:
    for i in range(250):
        client.Customer.create(name=f"Customer {i}", metadata={"batch": "one"})
    names: list[str] = []
    params = {"per_page": 100, "metadata": {"batch": "one"}, "sort": "id asc"}
    pages = 0
    while True:
        customers, metadata = client.Customer.list(**params)
        pages += 1
        assert metadata.total_count == 250
        names += [c.name for c in customers]
        if "next" not in metadata.links:
            break
        params = _params_of(metadata.links["next"])
    assert pages == 3 and names == [f"Customer {i}" for i in range(250)]


def _params_of(url: str) -> dict[str, object]:
    """What a caller passes back to ``list(**params)``: the next link's query, brackets re-nested."""
    params: dict[str, object] = {}
    for key, value in parse_qsl(urlsplit(url).query):
        if "[" in key:
            outer, inner = key[:-1].split("[", 1)
            params.setdefault(outer, {})[inner] = value  # type: ignore[index]
        else:
            params[key] = value
    return params


def test_filters_travel_as_the_client_encodes_them(client: invoiced.Client) -> None:
    client.Customer.create(name="Acme Inc", autopay=True)
    client.Customer.create(name="Acme Inc", autopay=False)
    found, metadata = client.Customer.list(filter={"name": "Acme Inc", "autopay": True})
    assert [c.autopay for c in found] == [True] and metadata.total_count == 1
    with pytest.raises(invoiced.errors.InvalidRequestError) as error:
        client.Customer.list(filter={"colour": "red"})
    assert error.value.error["message"] == "Invalid filter parameter: colour"


def test_auth_errors(client: invoiced.Client, live_server) -> None:
    nobody = invoiced.Client("")
    nobody.api_url = live_server.base_url
    with pytest.raises(invoiced.errors.AuthenticationError) as error:
        nobody.Customer.list()
    assert error.value.status_code == 401


def test_faults_reach_the_client_as_its_exceptions(client: invoiced.Client, live_app) -> None:
    live_app.faults.add("POST", "/customers", status=429, api_key=client.api_key)
    with pytest.raises(invoiced.errors.RateLimitError):
        client.Customer.create(name="Acme")
    live_app.faults.add("GET", "/customers", status=500, api_key=client.api_key)
    with pytest.raises(invoiced.errors.ApiError) as error:
        client.Customer.list()
    assert error.value.error["type"] == "api_error"
    assert client.Customer.create(name="Acme").id == 1


def test_idempotency_key_from_the_client(client: invoiced.Client) -> None:
    first = client.Customer.create(name="Acme", idempotency_key="acme-create-1")
    second = client.Customer.create(name="Acme", idempotency_key="acme-create-1")
    assert first.id == second.id and client.Customer.list()[1].total_count == 1


def test_catalogue_through_the_client(client: invoiced.Client) -> None:
    client.TaxRate.create(id="vat", name="VAT", value=20)
    item = client.Item.create(id="paper", name="Paper", unit_cost=4.5, taxes=["vat"])
    assert item.unit_cost == 4.5 and item.taxes[0]["id"] == "vat"
    plan = client.Plan.create(id="starter", name="Starter", interval="month", amount=49)
    assert client.Plan.retrieve("starter").amount == 49 and plan.interval_count == 1
    coupon = client.Coupon.create(id="launch", name="Launch", value=10)
    coupon.name = "Launch offer"
    assert coupon.save() is True
    events, _ = client.Event.list(type="coupon.updated")
    assert events[0].data["previous"] == {"name": "Launch"}
