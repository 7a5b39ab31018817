"""The Harness without pytest: a context manager that mocks the API for any test framework."""

from __future__ import annotations

import invoiced
import requests

from invoiced_mock.harness import Harness


def test_in_process_serves_the_official_client_and_leaves_nothing_behind() -> None:
    original = requests.Session.get_adapter
    with Harness.in_process(api_key="sk_unittest") as mock:
        customer = invoiced.Client("sk_unittest").Customer.create(name="Acme")
        assert customer.statement_pdf_url == "https://api.invoiced.com/customers/1/statement.pdf"
        mock.requests.assert_called("POST", "/customers", times=1)
        hooks = mock.webhooks(lambda event: None)
    assert requests.Session.get_adapter is original
    assert hooks not in mock.app.tenants.subscribers and mock.app.tenants.subscribers == []


def test_clear_faults_removes_every_rule_of_an_unscoped_harness() -> None:
    with Harness.in_process() as mock:
        mock.fail_next("GET", "/customers", status=500, times=None)
        mock.add_latency(1.0)
        mock.clear_faults()
        assert len(mock.app.faults) == 0
        assert mock.client.Customer.list()[0] == []


def test_a_scoped_harness_scripts_faults_for_its_own_key_only() -> None:
    with Harness.in_process() as shared:
        mine = Harness(shared.app, "sk_mine", scoped=True)
        mine.fail_next("GET", "/customers", status=429, times=None)
        assert requests.get("https://api.invoiced.com/customers", auth=("sk_other", "")).status_code == 200
        assert requests.get("https://api.invoiced.com/customers", auth=("sk_mine", "")).status_code == 429
        assert [str(c) for c in mine.requests] == ["GET /customers → 429"]
        mine.clear_faults()
        assert requests.get("https://api.invoiced.com/customers", auth=("sk_mine", "")).status_code == 200
