# The tutorial (docs/tutorial.md) is this file, section by section: a small billing module and its tests.
# --8<-- [start:code]
import invoiced
import pytest

API_KEY = "sk_test_invoiced_mock"  # in production: your real key, from your settings


def bill(name, email, amount):
    """Your code: sign a customer up on 30-day terms and invoice them."""
    client = invoiced.Client(API_KEY)
    customer = client.Customer.create(name=name, email=email, payment_terms="NET 30")
    return client.Invoice.create(customer=customer.id, items=[{"name": "Annual plan", "unit_cost": amount}])


def record_check(invoice_id, amount):
    """Your code: a check arrived; apply it to the invoice."""
    client = invoiced.Client(API_KEY)
    invoice = client.Invoice.retrieve(invoice_id)
    return client.Payment.create(customer=invoice.customer, amount=amount, method="check",
                                 applied_to=[{"type": "invoice", "invoice": invoice.id, "amount": amount}])
# --8<-- [end:code]


# --8<-- [start:first-test]
def test_billing_a_customer_opens_an_invoice(invoiced_mock):
    invoice = bill("Acme Inc", "billing@acme.test", 1200)

    assert (invoice.number, invoice.total, invoice.balance) == ("INV-00001", 1200, 1200)
    invoiced_mock.requests.assert_called("POST", "/customers", times=1, json={"payment_terms": "NET 30"})
# --8<-- [end:first-test]


# --8<-- [start:payments]
def test_checks_pay_the_invoice_down(invoiced_mock):
    invoice = bill("Acme Inc", "billing@acme.test", 1200)

    record_check(invoice.id, 200)
    assert invoiced_mock.client.Invoice.retrieve(invoice.id).balance == 1000
    record_check(invoice.id, 1000)
    paid = invoiced_mock.client.Invoice.retrieve(invoice.id)
    assert (paid.balance, paid.paid, paid.status) == (0, True, "paid")
# --8<-- [end:payments]


# --8<-- [start:clock]
@pytest.mark.invoiced_mock(frozen_at="2024-03-01")
def test_an_unpaid_invoice_falls_past_due_after_its_terms(invoiced_mock):
    invoice = bill("Acme Inc", "billing@acme.test", 1200)
    assert invoice.due_date == 1_711_843_200  # 2024-03-31: NET 30 from the frozen "now"

    invoiced_mock.clock.advance(days=31)
    assert invoiced_mock.client.Invoice.retrieve(invoice.id).status == "past_due"
# --8<-- [end:clock]


# --8<-- [start:webhooks]
class PaidInvoices:
    """Your webhook consumer: remembers which invoices were paid, once each."""

    def __init__(self):
        self.paid = set()

    def __call__(self, event):
        if event["type"] == "invoice.paid":
            self.paid.add(event["data"]["object"]["id"])


def test_the_consumer_hears_about_the_payment(invoiced_mock):
    consumer = PaidInvoices()
    invoiced_mock.webhooks(consumer, duplicates=1.0, seed=7)  # every event delivered twice

    invoice = bill("Acme Inc", "billing@acme.test", 1200)
    record_check(invoice.id, 1200)

    assert consumer.paid == {invoice.id}
# --8<-- [end:webhooks]


# --8<-- [start:outage]
def test_an_outage_reaches_your_code_as_the_clients_error(invoiced_mock):
    invoiced_mock.fail_next("POST", "/invoices", status=503)

    with pytest.raises(invoiced.errors.ApiError):
        bill("Acme Inc", "billing@acme.test", 1200)
    invoiced_mock.requests.assert_called("POST", "/invoices", status=503)
# --8<-- [end:outage]
