"""The official Python client against a strict server: strict mode refuses only what clients never send."""

from __future__ import annotations

from collections.abc import Iterator

import invoiced
import pytest

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.server.threads import ServerThread
from tests.conftest import EPOCH, official_client


@pytest.fixture(scope="module")
def strict_server() -> Iterator[ServerThread]:
    with ServerThread(InvoicedMock(clock=Clock(frozen_at=EPOCH), strict=True)) as server:
        yield server


@pytest.fixture
def strict_client(strict_server: ServerThread, request: pytest.FixtureRequest) -> invoiced.Client:
    return official_client(strict_server, request)


def test_crud_and_lists_pass_strict_mode(strict_client: invoiced.Client) -> None:
    customer = strict_client.Customer.create(name="Acme", metadata={"rep": "Jan"}, taxable=False)
    assert strict_client.Customer.retrieve(customer.id, {"expand": "parent_customer"}).name == "Acme"
    customer.name = "Acme Ltd"
    customer.save()
    page, metadata = strict_client.Customer.list(**{"filter": {"taxable": False}, "metadata": {"rep": "Jan"},
                                                  "sort": "name asc", "per_page": 10})
    assert [c.name for c in page] == ["Acme Ltd"]
    assert metadata.total_count == 1
    contact = customer.contacts().create(name="Jan", email="jan@example.com")
    assert contact.customer == customer.id
    contact.delete()
    customer.delete()
    assert strict_client.Customer.list()[0] == []


def test_unknown_parameters_reach_the_client_as_an_error(strict_client: invoiced.Client) -> None:
    with pytest.raises(invoiced.errors.InvalidRequestError, match="Unknown request parameters: nmae"):
        strict_client.Customer.create(name="Acme", nmae="typo")


def test_a_charge_succeeds_in_strict_mode(strict_client: invoiced.Client) -> None:
    customer = strict_client.Customer.create(name="Acme", email="ap@acme.test")
    invoice = strict_client.Invoice.create(customer=customer.id, items=[{"name": "Design", "unit_cost": 300}])
    payment = strict_client.Charge.create(customer=customer.id, method="credit_card", amount=300, currency="usd",
                                          invoiced_token="tok_visa", make_default=True, receipt_email="ap@acme.test",
                                          applied_to=[{"type": "invoice", "invoice": invoice.id, "amount": 300}])
    assert payment.object == "payment" and payment.charge["status"] == "succeeded"
    assert strict_client.Invoice.retrieve(invoice.id).paid is True
    sources, _ = customer.payment_sources().list()
    source = sources[0]
    again = strict_client.Charge.create(customer=customer.id, method="credit_card", amount=5,
                                        payment_source_type=source.object, payment_source_id=source.id,
                                        applied_to=[{"type": "credit", "amount": 5}])
    assert again.amount == 5
    refund = strict_client.Refund.create(again.charge["id"], amount=5)
    assert refund.status == "succeeded"
