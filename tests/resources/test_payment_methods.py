"""Payment methods: a fixed set seeded on first use, read and updated only; the seed survives rollbacks."""

from __future__ import annotations

import invoiced

from invoiced_mock.resources.payment_methods import METHODS
from tests.conftest import EPOCH, Api


def test_every_business_has_the_fixed_set(api: Api) -> None:
    listed = api.get("/payment_methods?per_page=100")
    assert listed.headers["X-Total-Count"] == "12"
    assert sorted(m["id"] for m in listed.get_json()) == sorted(METHODS)
    card = api.get("/payment_methods/credit_card").get_json()
    assert card == {"id": "credit_card", "name": None, "enabled": False, "order": 0, "meta": None, "gateway": None,
                    "merchant_account": None, "min": None, "max": None, "convenience_fee": 0,
                    "created_at": EPOCH, "updated_at": EPOCH}
    assert api.get("/payment_methods/bitcoin").status_code == 404
    assert api.post("/payment_methods", json={"id": "bitcoin"}).status_code == 405
    assert api.delete("/payment_methods/ach").status_code == 405
    other = api.get("/payment_methods", auth=("sk_other_business", "")).headers["X-Total-Count"]
    assert other == "12"


def test_updates_check_their_references(api: Api) -> None:
    unknown = api.patch("/payment_methods/credit_card", json={"merchant_account": 5})
    assert unknown.status_code == 400 and unknown.get_json()["param"] == "merchant_account"
    account = api.create("/merchant_accounts", gateway="stripe", gateway_id="acct_1", credentials={"key": "sk"})
    assert "credentials" not in account
    card = api.patch("/payment_methods/credit_card", json={"enabled": True, "merchant_account": account["id"],
                                                           "gateway": "stripe", "min": 100}).get_json()
    assert (card["enabled"], card["merchant_account"], card["min"]) == (True, account["id"], 100)
    expanded = api.get("/payment_methods/credit_card?expand=merchant_account").get_json()
    assert expanded["merchant_account"]["gateway_id"] == "acct_1"
    blocked = api.delete(f"/merchant_accounts/{account['id']}")
    assert blocked.status_code == 400 and "assigned to 1 payment method(s)" in blocked.get_json()["message"]
    api.patch("/payment_methods/credit_card", json={"merchant_account": None})
    assert api.delete(f"/merchant_accounts/{account['id']}").status_code == 204


def test_limits_and_convenience_fees(api: Api) -> None:
    for change, param, message in (
            ({"min": -1}, "min", "Minimum cannot be less than 0."),
            ({"max": -1}, "max", "Maximum cannot be less than 0."),
            ({"min": 500, "max": 500}, "min", "Minimum must be less than maximum."),
            ({"max": 1_000_000_001}, "max", "Maximum can be no more than 10000000."),
            ({"convenience_fee": 401}, "convenience_fee", "Convenience fee should be between 0 and 4%."),
            ({"convenience_fee": -1}, "convenience_fee", "Convenience fee should be between 0 and 4%.")):
        refused = api.patch("/payment_methods/ach", json=change)
        assert refused.status_code == 400 and refused.get_json() == {
            "type": "invalid_request", "message": message, "param": param}, change
    ok = api.patch("/payment_methods/ach", json={"min": 100, "max": 1_000_000_000, "convenience_fee": 400})
    assert ok.status_code == 200 and ok.get_json()["max"] == 1_000_000_000
    assert api.patch("/payment_methods/ach", json={"max": None, "min": 5_000}).get_json()["min"] == 5_000


def test_a_refused_first_request_does_not_lose_the_set(api: Api) -> None:
    refused = api.patch("/payment_methods/paypal", json={"enabled": "maybe"})  # the very first use
    assert refused.status_code == 400 and refused.get_json()["param"] == "enabled"
    assert api.get("/payment_methods").headers["X-Total-Count"] == "12"
    assert api.get("/payment_methods/paypal").get_json()["enabled"] is False


def test_payment_methods_through_the_client(client: invoiced.Client) -> None:
    card = client.PaymentMethod.retrieve("credit_card")
    assert card.enabled is False
    card.enabled = True
    card.meta = "Visa and Mastercard"
    assert card.save() is True and card.enabled is True
    methods, meta = client.PaymentMethod.list()
    assert meta.total_count == 12 and {m.id for m in methods if m.enabled} == {"credit_card"}
