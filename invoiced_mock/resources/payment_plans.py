"""Payment plans (§2.18): one per invoice, reached only as ``/invoices/<id>/payment_plan``.

``PUT`` (Python, Ruby, PHP) or ``POST`` (Go, Java, .NET) sets or replaces the plan, ``GET`` shows it,
``DELETE`` cancels it (204) and detaches it from the invoice. While a plan is attached the invoice's
total is frozen (``invoices.py``) and its due date is the last installment's. Rules: ``rules/payment_plans.py``.
"""

from __future__ import annotations

import copy
from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Entries, Ref, Shape, Str
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Empty, Field, One, Reply, Resource
from invoiced_mock.errors import InvalidRequest, NotFound
from invoiced_mock.resources.embedded import APPROVAL, INSTALLMENT
from invoiced_mock.rules import payment_plans
from invoiced_mock.store.business import Business, Record


class PaymentPlans(Resource):
    object = "payment_plan"
    path = "payment_plan"
    label = "Payment Plan"
    parent = "invoice"
    parent_field = "invoice"
    operations = frozenset()
    fields = (
        Field("invoice", Ref(resource="invoice"), read_only=True),
        Field("status", Str(choices=("pending_signup", "active", "finished", "canceled")), read_only=True),
        Field("installments", Entries(of=INSTALLMENT), required=True),
        Field("approval", APPROVAL, read_only=True),
        Field("autopay", Bool(), default=False),
        Field("require_approval", Bool(), default=False, write_only=True),
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        invoice = crud.load(business, REGISTRY["invoice"], record["invoice"])
        if invoice.get("voided") or invoice.get("draft") or invoice.get("paid") or invoice.get("closed"):
            raise InvalidRequest("A payment plan can only be set on an issued, open, unpaid invoice.")
        record["installments"] = payment_plans.schedule(business, record["installments"], invoice["balance"],
                                                        invoice.get("currency"))
        record["status"] = "pending_signup" if record.get("require_approval") else "active"

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        _attach(business, record["invoice"], record["id"], record["installments"][-1]["date"])

    def on_delete(self, business: Business, record: Record) -> None:
        _attach(business, record["invoice"], None, None)

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        invoice = REGISTRY["invoice"].table(business).get(record["invoice"])
        status = "finished" if invoice is not None and invoice.get("paid") else record["status"]
        return {"installments": payment_plans.with_balances(record, invoice), "status": status}


def _attach(business: Business, invoice_id: int, plan_id: int | None, due_date: int | None) -> None:
    """Point the invoice at its plan (or at none); the due date follows the plan's last installment."""
    resource = REGISTRY["invoice"]
    old = crud.load(business, resource, invoice_id)
    record = copy.deepcopy(old)
    record["payment_plan"] = plan_id
    if due_date is not None:
        record["due_date"] = due_date
    record["updated_at"] = business.clock.now()
    resource.settle(business, record, old)  # type: ignore[attr-defined]
    crud.save(business, resource, record, old)


def _current(business: Business, invoice: Record) -> Record:
    plan = REGISTRY["payment_plan"].table(business).get(invoice.get("payment_plan"))
    if plan is None:
        raise NotFound(f"Invoice {invoice.get('number') or invoice['id']} does not have a payment plan")
    return plan


def set_plan(business: Business, invoice: Record, params: dict[str, Any]) -> Reply:
    resource = REGISTRY["payment_plan"]
    if invoice.get("payment_plan") is not None:
        crud.delete(business, resource, _current(business, invoice))
    return One(resource, crud.create(business, resource, params, invoice["id"]))


def show_plan(business: Business, invoice: Record, params: dict[str, Any]) -> Reply:
    return One(REGISTRY["payment_plan"], _current(business, invoice))


def cancel_plan(business: Business, invoice: Record, params: dict[str, Any]) -> Reply:
    crud.delete(business, REGISTRY["payment_plan"], _current(business, invoice))
    return Empty()


# The routes on invoices, one line each in ``invoices.py``.
PLAN = Shape(properties=(("installments", Entries(of=INSTALLMENT)), ("autopay", Bool()), ("require_approval", Bool())),
             required=("installments",))
PUT = Action("payment_plan", "PUT", set_plan, returns="payment_plan", body=PLAN, params=PLAN.names)
POST = Action("payment_plan", "POST", set_plan, returns="payment_plan", body=PLAN, params=PLAN.names)
GET = Action("payment_plan", "GET", show_plan, returns="payment_plan", params=())
DELETE = Action("payment_plan", "DELETE", cancel_plan, returns="", status=204, params=())
