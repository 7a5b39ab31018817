"""The money flows through the official ``invoiced`` client over loopback, as users write them."""

from __future__ import annotations

import invoiced
import pytest


def test_payments_charges_refunds_and_pay(client: invoiced.Client) -> None:
    customer = client.Customer.create(name="Client Money", autopay=True)
    invoice = client.Invoice.create(customer=customer.id, items=[{"name": "Plan", "unit_cost": 100}])

    payment = client.Payment.create(amount=40, applied_to=[{"type": "invoice", "invoice": invoice.id,
                                                            "amount": 40}])
    assert isinstance(payment, invoiced.Payment) and payment.customer == customer.id
    shown = client.Payment.retrieve(payment.id, {"include": "applied_to"})
    assert [(s["type"], s["amount"]) for s in shown.applied_to] == [("invoice", 40)]
    assert client.Invoice.retrieve(invoice.id).balance == 60  # 100 − 40

    payment.notes = "cheque 12"
    assert payment.save()
    assert payment.delete() and payment.voided is True
    assert client.Invoice.retrieve(invoice.id).balance == 100  # the void gave the 40 back

    card = customer.payment_sources().create(method="credit_card", invoiced_token="tok_client")
    assert invoice.pay() and invoice.status == "paid" and invoice.balance == 0

    charged = client.Charge.create(customer=customer.id, method="credit_card", amount=25.5,
                                   payment_source_type="card", payment_source_id=card.id,
                                   applied_to=[{"type": "credit", "amount": 25.5}])
    assert isinstance(charged, invoiced.Payment) and charged.charge["amount"] == 25.5
    refund = client.Refund.create(charged.charge["id"], amount=5.5)
    assert refund.object == "refund" and refund.amount == 5.5
    with pytest.raises(invoiced.errors.InvalidRequestError):
        client.Refund.create(charged.charge["id"], amount=20.01)  # only 25.50 − 5.50 = 20 is left

    adjustment = client.CreditBalanceAdjustment.create(customer=customer.id, amount=4.5)
    assert customer.balance()["available_credits"] == 30  # 25.50 from the charge + 4.50
    assert adjustment.delete()
    payments, metadata = client.Payment.list(filter={"customer": customer.id})
    assert metadata.total_count == 3 and [p.voided for p in payments] == [True, False, False]

    with pytest.raises(invoiced.errors.InvalidRequestError):
        customer.delete()  # it has payments
