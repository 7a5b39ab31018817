"""A state machine over one invoice's life: edits, money in and out, voids, the clock.

After every step the invoice as the API shows it must agree with a model kept by hand: the balance is
total − paid − credited (0 once voided), paid means issued with nothing left to pay, a paid invoice is
closed, and the status follows §3.3 on the mock's clock.
"""

from __future__ import annotations

import functools
import json
from decimal import Decimal
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.documents import settle_invoice
from tests.conftest import API_KEY, EPOCH, Api

CENTS = st.integers(min_value=1, max_value=50_000)


@functools.cache
def _world() -> tuple[InvoicedMock, Api]:
    """One app (and clock, which only moves forward) for every example; each example has its own invoice."""
    app = InvoicedMock(clock=Clock(frozen_at=EPOCH))
    return app, Api(app)


class InvoiceLife(RuleBasedStateMachine):
    @initialize(cents=CENTS, draft=st.booleans())
    def start(self, cents: int, draft: bool) -> None:
        self.app, self.api = _world()
        self.clock = self.app.clock
        self.business = self.app.business(API_KEY)
        self.due_date = self.clock.now() + 30 * 86_400
        customer = self.api.create("/customers", name="Life")
        body = self.api.create("/invoices", customer=customer["id"], draft=draft, payment_terms="NET 30",
                               items=[{"name": "x", "unit_cost": str(Decimal(cents) / 100)}])
        self.id = body["id"]
        self.total, self.paid, self.credited = Decimal(cents) / 100, Decimal(0), Decimal(0)
        self.draft, self.voided = draft, False

    def shown(self) -> dict[str, Any]:
        response = self.api.get(f"/invoices/{self.id}", query_string={"include": "amount_paid,amount_credited"})
        return json.loads(response.get_data(as_text=True), parse_float=Decimal)

    def due(self) -> Decimal:
        return self.total - self.paid - self.credited

    @rule(cents=CENTS)
    def reprice(self, cents: int) -> None:
        new_total = Decimal(cents) / 100
        closed = self.shown()["closed"]
        response = self.api.patch(f"/invoices/{self.id}", json={"items": [{"name": "x", "unit_cost": str(new_total)}]})
        if self.voided or closed:
            assert response.status_code == 400
        else:
            assert response.status_code == 200, response.get_json()
            self.total = new_total

    @rule(share=st.integers(min_value=1, max_value=100), kind=st.sampled_from(("paid", "credited")))
    def settle(self, share: int, kind: str) -> None:
        amount = (self.due() * share / 100).quantize(Decimal("0.01"))
        if amount <= 0:  # nothing due (a reprice below what was applied leaves the invoice overpaid)
            return
        try:
            with self.business.transaction():
                settle_invoice(self.business, self.id, **{kind: amount})
        except InvalidRequest:
            assert self.voided or amount > max(self.due(), Decimal(0))
            return
        assert not self.voided
        setattr(self, kind, getattr(self, kind) + amount)
        if amount > 0:
            self.draft = False

    @precondition(lambda self: self.paid > 0)
    @rule()
    def refund_payment(self) -> None:
        with self.business.transaction():
            settle_invoice(self.business, self.id, paid=-self.paid)
        self.paid = Decimal(0)

    @rule()
    def void(self) -> None:
        response = self.api.post(f"/invoices/{self.id}/void")
        if self.voided or self.paid > 0 or self.credited > 0:
            assert response.status_code == 400
        else:
            assert response.status_code == 200
            self.voided = True

    @rule(days=st.integers(min_value=1, max_value=40))
    def wait(self, days: int) -> None:
        self.clock.advance(days=days)

    @invariant()
    def agrees_with_the_model(self) -> None:
        if not hasattr(self, "id"):
            return
        shown = self.shown()
        balance = Decimal(0) if self.voided else self.due()
        assert Decimal(shown["balance"]) == balance
        assert (Decimal(shown["amount_paid"]), Decimal(shown["amount_credited"])) == (self.paid, self.credited)
        paid = not self.voided and not self.draft and balance <= 0
        assert shown["paid"] == paid
        if paid:
            assert shown["closed"]
        overdue = self.clock.now() > self.due_date
        expected = ("voided" if self.voided else "draft" if self.draft else "paid" if paid
                    else "past_due" if overdue else "not_sent")
        assert shown["status"] == expected


InvoiceLife.TestCase.settings = settings(max_examples=25, stateful_step_count=12, deadline=None)
test_invoice_life = InvoiceLife.TestCase
