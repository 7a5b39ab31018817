"""Merchant accounts: gateway connections whose credentials are accepted but never shown."""

from __future__ import annotations

import invoiced

from tests.conftest import Api


def test_credentials_are_never_shown_and_gateway_is_fixed(api: Api) -> None:
    account = api.create("/merchant_accounts", gateway="stripe", gateway_id="acct_1", credentials={"key": "sk"},
                         top_up_threshold_num_of_days=14)
    assert "credentials" not in account and account["top_up_threshold_num_of_days"] == 14
    moved = api.patch(f"/merchant_accounts/{account['id']}", json={"gateway": "adyen"})
    assert moved.status_code == 400 and moved.get_json()["param"] == "gateway"
    assert api.patch(f"/merchant_accounts/{account['id']}", json={"settings": "x"}).get_json()["param"] == "settings"


def test_merchant_accounts_through_the_client(client: invoiced.Client) -> None:
    account = client.MerchantAccount.create(gateway="invoiced", gateway_id="user_test", name="Test Company")
    assert client.MerchantAccount.retrieve(account.id).settings == {}
    assert account.delete() is True
