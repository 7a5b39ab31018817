import invoiced
import pytest
import requests

from invoiced_mock import Harness
from invoiced_mock.contract import ContractError, assert_valid_response, validate


def invoiced_body(**changes):
    """A real invoice body, as the mock answers it, with your changes."""
    with Harness.in_process() as mock:
        customer = mock.client.Customer.create(name="Acme")
        invoice = mock.client.Invoice.create(customer=customer.id, items=[{"name": "Work", "unit_cost": 5}])
        body = mock.requests.last.response
    return {**body, "id": invoice.id, **changes}


def test_a_hand_written_stub_body_is_checked_against_the_schema():
    stub = invoiced_body(status="overdue")  # what your test was about to stub GET /invoices/7 with

    with pytest.raises(ContractError, match=r"\$\.status"):
        validate(stub, "invoice")  # no invoice has that status: the stub would test a state that cannot happen


def test_any_response_is_checked_against_its_endpoints_schema(invoiced_mock):
    invoiced_mock.client.Customer.create(name="Acme")

    answer = requests.get("https://api.invoiced.com/customers", auth=(invoiced_mock.api_key, ""))
    assert_valid_response(answer)  # customer_list.json: the schema of GET /customers


@pytest.mark.invoiced_mock(strict=True)
def test_strict_mode_refuses_what_the_real_api_would_ignore(invoiced_mock):
    with pytest.raises(invoiced.errors.InvalidRequestError) as refused:
        invoiced_mock.client.Customer.create(name="Acme", colour="blue")  # a typo the real API would drop

    assert refused.value.error["param"] == "colour"
