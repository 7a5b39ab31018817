"""Property: any sequence of payments, credit spends, re-applications, adjustments and voids keeps the books.

A plain model predicts each answer (accepted or refused) and the state after it; after every step the
API must agree: ``invoice.balance = total − paid − credited ≥ 0`` with ``paid`` matching the live
payments, the credit balance matching the model and never negative, each payment's ``balance`` =
amount − cash applied.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule

from invoiced_mock import Clock, InvoicedMock
from tests.conftest import EPOCH, Api

TOTALS = (10_000, 2_550, 99)  # the three invoices, in cents
cents = st.integers(min_value=1, max_value=12_000)


def _money(minor: int) -> str:
    return str(Decimal(minor) / 100)


@dataclass
class Paid:
    id: int
    amount: int
    invoice: int | None  # index of the invoice the cash or credit went to
    to_invoice: int
    credit: int = 0  # credit split (adds to the balance)
    spent: int = 0  # applied_credit split (draws on it)
    voided: bool = False


@dataclass
class Model:
    paid: list[int] = field(default_factory=lambda: [0] * len(TOTALS))
    credit: int = 0
    payments: list[Paid] = field(default_factory=list)


class Books(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH)))
        self.customer = self.api.create("/customers", name="Prop")["id"]
        self.invoices = [self.api.create("/invoices", customer=self.customer, items=[
            {"name": "x", "unit_cost": _money(total)}])["id"] for total in TOTALS]
        self.model = Model()

    def _left(self, index: int) -> int:
        return TOTALS[index] - self.model.paid[index]

    def _post(self, paid: Paid, splits: list[dict[str, Any]], ok: bool) -> None:
        response = self.api.post("/payments", json={"customer": self.customer, "amount": _money(paid.amount),
                                                    "applied_to": splits})
        assert response.status_code == (201 if ok else 400), response.get_json()
        if ok:
            paid.id = response.get_json()["id"]
            self.model.payments.append(paid)
            if paid.invoice is not None:
                self.model.paid[paid.invoice] += paid.to_invoice + paid.spent
            self.model.credit += paid.credit - paid.spent

    @rule(index=st.integers(0, len(TOTALS) - 1), amount=cents, overpaid=st.integers(0, 500))
    def pay(self, index: int, amount: int, overpaid: int) -> None:
        splits = [{"type": "invoice", "invoice": self.invoices[index], "amount": _money(amount)}]
        if overpaid:
            splits.append({"type": "credit", "amount": _money(overpaid)})
        paid = Paid(0, amount + overpaid, index, amount, credit=overpaid)
        self._post(paid, splits, amount <= self._left(index))

    @rule(index=st.integers(0, len(TOTALS) - 1), amount=st.integers(1, 600))
    def spend_credit(self, index: int, amount: int) -> None:
        splits = [{"type": "applied_credit", "document_type": "invoice", "invoice": self.invoices[index],
                   "amount": _money(amount)}]
        ok = amount <= self.model.credit and amount <= self._left(index)
        self._post(Paid(0, 0, index, 0, spent=amount), splits, ok)

    @rule(amount=st.integers(-400, 400).filter(bool))
    def adjust(self, amount: int) -> None:
        response = self.api.post("/credit_balance_adjustments", json={"customer": self.customer,
                                                                      "amount": _money(amount)})
        ok = self.model.credit + amount >= 0
        assert response.status_code == (201 if ok else 400)
        self.model.credit += amount if ok else 0

    @rule(pick=st.integers(0, 50))
    def void(self, pick: int) -> None:
        if not self.model.payments:
            return
        paid = self.model.payments[pick % len(self.model.payments)]
        ok = not paid.voided and self.model.credit - paid.credit >= 0
        assert self.api.delete(f"/payments/{paid.id}").status_code == (200 if ok else 400)
        if ok:
            paid.voided = True
            self.model.credit += paid.spent - paid.credit
            if paid.invoice is not None:
                self.model.paid[paid.invoice] -= paid.to_invoice + paid.spent

    @rule(pick=st.integers(0, 50), index=st.integers(0, len(TOTALS) - 1))
    def reapply(self, pick: int, index: int) -> None:
        """Move a cash payment's invoice split to another invoice with a PATCH of ``applied_to``."""
        cash = [p for p in self.model.payments if p.to_invoice and not p.credit and not p.voided]
        if not cash:
            return
        paid = cash[pick % len(cash)]
        assert paid.invoice is not None
        left = self._left(index) + (paid.to_invoice if index == paid.invoice else 0)
        ok = paid.to_invoice <= left
        response = self.api.patch(f"/payments/{paid.id}", json={"applied_to": [
            {"type": "invoice", "invoice": self.invoices[index], "amount": _money(paid.to_invoice)}]})
        assert response.status_code == (200 if ok else 400), response.get_json()
        if ok:
            self.model.paid[paid.invoice] -= paid.to_invoice
            self.model.paid[index] += paid.to_invoice
            paid.invoice = index

    @invariant()
    def books_agree(self) -> None:
        for index, invoice_id in enumerate(self.invoices):
            shown = self.api.get(f"/invoices/{invoice_id}", query_string={
                "include": "amount_paid,amount_credited"}).get_json()
            total, paid, credited = (Decimal(str(shown[k])) for k in ("total", "amount_paid", "amount_credited"))
            balance = Decimal(str(shown["balance"]))
            assert balance == total - paid - credited >= 0
            assert paid * 100 == self.model.paid[index]
            assert shown["paid"] == (balance == 0)
        available = self.api.get(f"/customers/{self.customer}/balance").get_json()["available_credits"]
        assert Decimal(str(available)) * 100 == self.model.credit >= 0
        for payment in self.api.get("/payments", query_string={"include": "applied_to"}).get_json():
            cash = sum(Decimal(str(s["amount"])) for s in payment["applied_to"]
                       if s["type"] in ("invoice", "credit", "estimate", "convenience_fee"))
            assert Decimal(str(payment["balance"])) == Decimal(str(payment["amount"])) - cash


Books.TestCase.settings = settings(max_examples=25, stateful_step_count=12, deadline=None)
TestBooks = Books.TestCase
