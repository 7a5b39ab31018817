"""Payment sources: vaulting cards and bank accounts, the mixed list, deletes and the default source."""

from __future__ import annotations

import hashlib

import invoiced

from tests.conftest import Api


def _customer(api: Api, **extra: object) -> dict:
    return api.create("/customers", name="Acme", email="ap@acme.test", **extra)


def test_card_details_are_derived_from_the_token(api: Api) -> None:
    customer = _customer(api)
    card = api.create(f"/customers/{customer['id']}/payment_sources", method="credit_card",
                      invoiced_token="tok_visa")
    digest = int(hashlib.sha256(b"tok_visa").hexdigest(), 16)
    brands = ("Visa", "MasterCard", "American Express", "Discover")
    assert card["object"] == "card"
    assert card["customer"] == customer["id"]
    assert card["last4"] == f"{digest % 10_000:04d}"
    assert card["brand"] == brands[digest % 4]
    assert card["exp_month"] == digest % 12 + 1
    assert card["exp_year"] == 2023 + 1 + (digest // 12) % 5  # the frozen clock is in 2023
    assert card["funding"] == "credit"
    assert "token" not in card
    again = api.create(f"/customers/{customer['id']}/payment_sources", method="credit_card",
                       gateway_token="tok_visa")
    assert (again["last4"], again["brand"]) == (card["last4"], card["brand"])
    assert again["id"] != card["id"]


def test_ach_creates_a_bank_account_in_the_customers_currency(api: Api) -> None:
    customer = _customer(api, currency="cad")
    bank = api.create(f"/customers/{customer['id']}/payment_sources", method="ach", gateway_token="btok_1")
    assert bank["object"] == "bank_account"
    assert bank["currency"] == "cad"
    assert bank["account_holder_name"] == "Acme"
    assert len(bank["routing_number"]) == 9 and len(bank["last4"]) == 4
    assert bank["verified"] is True


def test_first_source_becomes_default_and_make_default_moves_it(api: Api) -> None:
    customer = _customer(api)
    path = f"/customers/{customer['id']}/payment_sources"
    card = api.create(path, method="credit_card", invoiced_token="tok_1")
    bank = api.create(path, method="ach", invoiced_token="btok_1")
    shown = api.get(f"/customers/{customer['id']}").get_json()["payment_source"]
    assert (shown["object"], shown["id"]) == ("card", card["id"])
    api.create(path, method="ach", invoiced_token="btok_2", make_default=True)
    shown = api.get(f"/customers/{customer['id']}").get_json()["payment_source"]
    assert shown["object"] == "bank_account" and shown["id"] != bank["id"]
    with_source = api.get("/customers", query_string={"payment_source": "true"}).get_json()
    assert [c["id"] for c in with_source] == [customer["id"]]


def test_list_mixes_both_kinds_with_paging_headers(api: Api) -> None:
    customer = _customer(api)
    other = _customer(api)
    path = f"/customers/{customer['id']}/payment_sources"
    api.create(path, method="credit_card", invoiced_token="tok_1")
    api.create(path, method="ach", invoiced_token="btok_1")
    api.create(f"/customers/{other['id']}/payment_sources", method="credit_card", invoiced_token="tok_2")
    response = api.get(path, query_string={"per_page": 1})
    assert response.headers["X-Total-Count"] == "2"
    assert 'rel="next"' in response.headers["Link"]
    everything = api.get(path).get_json()
    assert [s["object"] for s in everything] == ["card", "bank_account"]


def test_delete_through_the_kinds_route_and_default_is_cleared(api: Api) -> None:
    customer = _customer(api)
    path = f"/customers/{customer['id']}/payment_sources"
    card = api.create(path, method="credit_card", invoiced_token="tok_1")
    bank = api.create(path, method="ach", invoiced_token="btok_1")
    # a card id is not a bank account id
    assert api.delete(f"/customers/{customer['id']}/bank_accounts/{card['id'] + 100}").status_code == 404
    assert api.delete(f"/customers/{customer['id']}/cards/{card['id']}").status_code == 204
    assert api.get(f"/customers/{customer['id']}").get_json()["payment_source"] is None
    assert [s["object"] for s in api.get(path).get_json()] == ["bank_account"]
    assert api.delete(f"/customers/{customer['id']}/bank_accounts/{bank['id']}").status_code == 204
    assert api.get(path).get_json() == []
    types = [e["type"] for e in api.get("/events", query_string={"related_to": f"customer,{customer['id']}"})
             .get_json()]
    assert types.count("payment_source.created") == 2 and types.count("payment_source.deleted") == 2


def test_bad_input_is_refused_without_a_write(api: Api) -> None:
    customer = _customer(api)
    path = f"/customers/{customer['id']}/payment_sources"
    cases = [
        ({"invoiced_token": "tok"}, "method"),
        ({"method": "bitcoin", "invoiced_token": "tok"}, "method"),
        ({"method": "credit_card"}, "invoiced_token"),
        ({"method": "credit_card", "invoiced_token": "a", "gateway_token": "b"}, "gateway_token"),
    ]
    for body, param in cases:
        response = api.post(path, json=body)
        assert response.status_code == 400, body
        assert response.get_json()["param"] == param
    assert api.post("/customers/999/payment_sources", json={"method": "ach", "gateway_token": "x"}).status_code == 404
    assert api.get(path).get_json() == []
    assert api.get(f"/customers/{customer['id']}").get_json()["payment_source"] is None


def test_official_client_vaults_lists_and_deletes(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Client Co")
    card = customer.payment_sources().create(method="credit_card", invoiced_token="tok_client")
    bank = customer.payment_sources().create(method="ach", invoiced_token="btok_client")
    assert isinstance(card, invoiced.Card) and isinstance(bank, invoiced.BankAccount)
    sources, metadata = customer.payment_sources().list()
    assert [type(s) for s in sources] == [invoiced.Card, invoiced.BankAccount]
    assert metadata.total_count == 2
    assert card.delete() and bank.delete()
    sources, metadata = customer.payment_sources().list()
    assert sources == [] and metadata.total_count == 0


def test_deleting_a_customer_deletes_its_sources(api: Api) -> None:
    customer = _customer(api)
    card = api.create(f"/customers/{customer['id']}/payment_sources", method="credit_card", invoiced_token="t")
    assert api.delete(f"/customers/{customer['id']}").status_code == 204
    assert api.get(f"/customers/{customer['id']}/cards/{card['id']}").status_code == 404
    assert api.post(f"/customers/{customer['id']}/payment_sources",
                    json={"method": "ach", "gateway_token": "x"}).status_code == 404


def test_form_encoded_source(api: Api) -> None:
    customer = _customer(api)
    response = api.post(f"/customers/{customer['id']}/payment_sources",
                        data={"method": "ach", "gateway_token": "btok", "make_default": "1"})
    assert response.status_code == 201 and response.get_json()["object"] == "bank_account"
