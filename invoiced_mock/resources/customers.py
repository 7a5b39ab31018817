"""Customers: the account every document, payment and contact belongs to."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Array, Bool, Email, Int, Number, Ref, RefList, Shape, Str
from invoiced_mock.core.resource import METADATA, REGISTRY, TIMESTAMPS, Action, Field, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.document_views import ACCOUNTING_SYNC
from invoiced_mock.resources.embedded import CUSTOMER_BALANCE, PAYMENT_SOURCE
from invoiced_mock.resources.invoices import Invoices
from invoiced_mock.rules import billing, customer_balance, customer_links, dunning, sending
from invoiced_mock.store.business import Business, Record

# Resources whose existence for a customer blocks deleting it.
TRANSACTIONS = ("invoice", "credit_note", "estimate", "payment", "credit_balance_adjustment")
# A mailing address, as customers and contacts both carry it.
ADDRESS = (
    Field("address1", Str(max_length=255)),
    Field("address2", Str(max_length=255)),
    Field("city", Str(max_length=255)),
    Field("state", Str(max_length=255)),
    Field("postal_code", Str(max_length=32)),
    Field("country", Str(max_length=2)),
)
CUSTOMER_TYPES = ("company", "person", "government", "non_profit")


class Customers(Resource):
    object = "customer"
    path = "customers"
    label = "Customer"
    number_format = "CUST-%05d"
    list_params = ("payment_source", "open_balance")
    indexed = ("parent_customer",)
    unique = (customer_links.CLIENT_ID,)
    timed = ("chase",)
    # the chasing cadence's progress: the invoice it chases and the steps done (``rules/dunning.py``)
    internal = (customer_links.CLIENT_ID_FIELD,
                Field("chased", Shape(properties=(("invoice", Int()), ("steps", Array())))))
    filter_indexed = ("name", "number", "email")
    sort_indexed = ("name",)
    actions = (
        sending.STATEMENT_EMAILS,
        sending.STATEMENT_TEXT_MESSAGES,
        sending.STATEMENT_LETTERS,
        billing.bill_action(Invoices.fields),
        billing.CONSOLIDATE,
        Action("balance", "GET", customer_balance.balance, returns=CUSTOMER_BALANCE, params=("currency",)),
        ACCOUNTING_SYNC,
    )
    fields = (
        Field("name", Str(max_length=255), required=True),
        Field("number", Str(max_length=32)),
        Field("email", Email()),
        Field("type", Str(choices=CUSTOMER_TYPES), default="company"),
        Field("autopay", Bool(), default=False),
        Field("autopay_delay_days", Int(minimum=-1)),
        Field("payment_terms", Str(max_length=255)),
        Field("payment_source", PAYMENT_SOURCE, read_only=True),
        Field("attention_to", Str(max_length=255)),
        *ADDRESS,
        Field("language", Str(max_length=2)),
        Field("currency", Str(max_length=3, lower=True)),
        Field("chase", Bool(), default=True),
        Field("chasing_cadence", Int()),
        Field("next_chase_step", Int()),
        Field("phone", Str(max_length=255)),
        Field("credit_hold", Bool(), default=False),
        Field("credit_limit", Number(minimum=0)),
        Field("owner", Int()),
        Field("taxable", Bool(), default=True),
        Field("taxes", RefList(resource="tax_rate"), default=list),
        Field("tax_id", Str(max_length=255)),
        Field("avalara_entity_use_code", Str(max_length=255)),
        Field("avalara_exemption_number", Str(max_length=255)),
        Field("parent_customer", Ref(resource="customer")),
        Field("bill_to_parent", Bool(), default=False),
        Field("consolidated", Bool(), default=False),
        Field("active", Bool(), default=True),
        Field("notes", Str()),
        Field("sign_up_page", Int()),
        Field("sign_up_url", Str(), read_only=True),
        Field("statement_pdf_url", Str(), read_only=True),
        Field("statement_url", Str(), read_only=True),
        Field("convenience_fee", Bool(), default=True),
        Field("surcharging", Bool(), default=True),
        Field("late_fee_schedule", Int()),
        Field("ach_gateway", Int()),
        Field("cc_gateway", Int()),
        Field("disabled_payment_methods", Array(of=Str()), default=list, write_only=True),
        METADATA,
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:
            customer_links.assign(record)
        if old is not None and record.get("parent_customer") == record["id"]:
            raise InvalidRequest("A customer cannot be its own parent", "parent_customer")

    def timeline(self, business: Business, record: Record) -> dict[str, int | None]:
        return {"chase": dunning.next_chase(business, record)}

    def when_due(self, business: Business, record: Record, kind: str, instant: int) -> None:
        dunning.chase(business, record, instant)

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        base = f"{business.base_url}/customers/{record['id']}"
        sign_up = customer_links.url(business, "sign_up", record) if record.get("sign_up_page") else None
        return {"statement_pdf_url": f"{base}/statement.pdf", "sign_up_url": sign_up,
                "statement_url": customer_links.url(business, "statements", record)}

    def check_delete(self, business: Business, record: Record) -> None:
        for name in TRANSACTIONS:
            if name in REGISTRY and REGISTRY[name].table(business).where("customer", record["id"]):
                raise InvalidRequest("This customer cannot be deleted because it has transactions "
                                     "or active subscriptions.")
        if "subscription" in REGISTRY:
            active = [s for s in REGISTRY["subscription"].table(business).where("customer", record["id"])
                      if not s.get("canceled_at")]
            if active:
                raise InvalidRequest("This customer cannot be deleted because it has transactions "
                                     "or active subscriptions.")

    def on_delete(self, business: Business, record: Record) -> None:
        crud.cascade(business, self, record)

    def list_filter(self, business: Business, params: dict[str, Any]) -> Callable[[Record], bool] | None:
        checks: list[Callable[[Record], bool]] = []
        if params.get("payment_source") not in (None, ""):
            wanted = Bool().coerce(params["payment_source"], "payment_source")
            checks.append(lambda r: (r.get("payment_source") is not None) == wanted)
        if params.get("open_balance") not in (None, ""):
            wanted_open = Bool().coerce(params["open_balance"], "open_balance")
            now = business.clock.now()
            checks.append(lambda r: has_open_balance(business, r["id"], now) == wanted_open)
        if not checks:
            return None
        return lambda r: all(check(r) for check in checks)


def has_open_balance(business: Business, customer_id: int, now: int) -> bool:
    """Whether the customer has an issued, unpaid, open, unvoided invoice dated no later than ``now``."""
    if "invoice" not in REGISTRY:
        return False
    return any(
        not i.get("draft") and not i.get("paid") and not i.get("closed") and not i.get("voided")
        and (i.get("date") or 0) <= now
        for i in REGISTRY["invoice"].table(business).where("customer", customer_id)
    )
