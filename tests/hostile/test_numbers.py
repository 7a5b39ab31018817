"""Numbers from hostile clients: range-checked before conversion, NaN and Infinity refused, param named."""

from __future__ import annotations

import pytest

from tests.conftest import Api

JSON = {"Content-Type": "application/json"}


def post_raw(api: Api, path: str, body: str) -> tuple[int, dict]:
    response = api.post(path, data=body, headers=JSON)
    assert response.mimetype == "application/json"
    return response.status_code, response.get_json()


@pytest.mark.parametrize("literal", ["1e400000", "1e5000", "-1e400000", "9" * 5000, "-" + "9" * 5000,
                                     "1" + "0" * 19, "1" * 101 + ".5"])
def test_numbers_out_of_range_are_refused_naming_the_param(api: Api, literal: str) -> None:
    status, body = post_raw(api, "/customers", '{"name": "x", "owner": ' + literal + "}")
    assert (status, body["param"], body["type"]) == (400, "owner", "invalid_request")
    assert "out of range" in body["message"]
    assert api.get("/customers").headers["X-Total-Count"] == "0"


@pytest.mark.parametrize("literal", ["NaN", "Infinity", "-Infinity"])
def test_nan_and_infinity_are_not_json_and_never_stored(api: Api, literal: str) -> None:
    status, body = post_raw(api, "/invoices", '{"customer": ' + literal + "}")
    assert (status, body["param"]) == (400, "customer")
    status, body = post_raw(api, "/customers", '{"name": "x", "metadata": {"rate": ' + literal + "}}")
    assert (status, body["param"]) == (400, "metadata[rate]")
    assert api.get("/customers").get_json() == []


def test_a_number_nested_in_a_line_item_is_named_by_its_path(api: Api) -> None:
    customer = api.create("/customers", name="Acme")
    items = '[{"name": "x", "quantity": 1e999}]'
    status, body = post_raw(api, "/invoices", f'{{"customer": {customer["id"]}, "items": {items}}}')
    assert (status, body["param"]) == (400, "items[0][quantity]")


@pytest.mark.parametrize("param", ["page", "per_page", "filter[id]"])
def test_5000_digit_query_numbers_are_refused_naming_the_param(api: Api, param: str) -> None:
    response = api.get("/customers", query_string={param: "9" * 5000})
    assert response.status_code == 400
    assert response.get_json()["param"] == param


def test_integers_past_64_bits_in_a_query_are_refused(api: Api) -> None:
    response = api.get("/customers", query_string={"filter[id]": str(2**63)})
    assert (response.status_code, response.get_json()["param"]) == (400, "filter[id]")
    assert api.get("/customers", query_string={"filter[id]": str(2**63 - 1)}).status_code == 200


def test_ordinary_numbers_still_work(api: Api) -> None:
    customer = api.create("/customers", name="Acme", metadata={"rate": 1.5, "big": 2**62})
    assert customer["metadata"] == {"rate": 1.5, "big": 2**62}
