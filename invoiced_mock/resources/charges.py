"""Charges and refunds (§2.12, §2.13): money taken from a payment source, and given back.

``POST /charges`` charges a customer's card or bank account (a vaulted one, or a token) and answers
with the **payment** it records (200, the charge embedded). ``POST /charges/<id>/refunds`` gives part
or all of it back (201); refunds never add up to more than the charge. ``POST /invoices/<id>/pay``
charges the customer's default source for the invoice's balance (AutoPay customers only).
The test gateway (``rules/gateway.py``) decides each charge from the source's token: a declined charge is
kept (``status: failed``, ``failure_message``, event ``charge.failed``) and answered as a 400 in the API's
error dialect; an ACH charge may be returned days later, voiding its payment.
"""

from __future__ import annotations

import copy
import hashlib
from decimal import Decimal
from typing import Any, ClassVar, cast

from invoiced_mock.clock import SECONDS_PER_DAY
from invoiced_mock.core import crud
from invoiced_mock.core.fields import Array, Bool, Embedded, Int, Metadata, Number, Ref, Shape, Str
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Action, Data, Field, Mount, One, Reply, Resource
from invoiced_mock.errors import InvalidRequest, NotFound
from invoiced_mock.resources.embedded import APPLIED_PAYMENTS, PAYMENT_SOURCE
from invoiced_mock.resources.payment_sources import METHODS, TOKENS, default_source, unsaved, vault
from invoiced_mock.rules import autopay, gateway, money, settings
from invoiced_mock.store.business import Business, Record

_METHOD = Str(choices=tuple(METHODS))
_SOURCE_TYPE = Str(choices=tuple(METHODS.values()))
_AMOUNT = Number()
CHARGE_SPLITS = ("invoice", "estimate", "credit", "applied_credit", "credit_note")
# Charges and refunds are only ever written by the handlers here (no create route takes a body for
# them as is), so their attributes are not read-only: the handlers pass them to the generic create.
GATEWAY_FIELDS = (
    Field("gateway", Str(), default="test"),
    Field("gateway_id", Str()),
    Field("status", Str(choices=("succeeded", "pending", "failed")), default="succeeded"),
    Field("failure_message", Str()),
)


REFUND = Shape(properties=(("amount", Number(minimum=Decimal(0))),), required=("amount",))


# What ``POST /charges`` takes beyond the charge's own attributes (§2.12); ``make`` reads them.
CHARGE_REQUEST = tuple(Field(name, kind, write_only=True) for name, kind in (
    ("method", _METHOD), ("applied_to", APPLIED_PAYMENTS), ("payment_source_type", _SOURCE_TYPE),
    ("payment_source_id", Int(minimum=1)), ("invoiced_token", Str(max_length=255)),
    ("gateway_token", Str(max_length=255)), ("vault_method", Bool()), ("make_default", Bool()),
    ("apply_convenience_fee", Bool()), ("notes", Str()), ("metadata", Metadata())))


def refund(business: Business, charge: Record, params: dict[str, Any]) -> Reply:
    """``POST /charges/<id>/refunds``: 201 with the refund."""
    return One(REGISTRY["refund"], crud.create(business, REGISTRY["refund"], {
        "amount": params.get("amount"), "charge": charge["id"]}), status=201)


class Charges(Resource):
    object = "charge"
    path = "charges"
    label = "Charge"
    differs = (
        "No real gateway: the source's test token decides each charge (declined, insufficient funds, expired,"
        " declined the first n times, an ACH payment returned n days later).",
    )
    indexed = ("customer", "payment")
    operations = frozenset({"create", "retrieve", "list"})
    answers: ClassVar[dict[str, str]] = {"create": "payment"}
    drawable = False
    timed = ("return",)
    internal = (Field("returns_at", Int(minimum=0)),)  # when an ACH debit comes back failed (``return``)
    actions = (Action("refunds", "POST", refund, returns="refund", status=201, body=REFUND, params=("amount",)),)
    fields = (
        Field("customer", Ref(resource="customer")),
        Field("payment", Ref(resource="payment")),
        Field("currency", Str()),
        Field("amount", Number()),
        *GATEWAY_FIELDS,
        Field("receipt_email", Str()),
        Field("payment_source", PAYMENT_SOURCE),
        Field("amount_refunded", Number(), default=0),
        Field("refunded", Bool(), default=False),
        Field("refunds", Array(of=Embedded(resource="refund")), default=list, read_only=True),
        Field("disputed", Bool(), default=False),
        Field("description", Str()),
        *TIMESTAMPS,
        *CHARGE_REQUEST,
    )

    def event_type(self, verb: str) -> str:
        return "charge.succeeded" if verb == "created" else super().event_type(verb)

    def computed(self, business: Business, record: Record) -> dict[str, Any]:
        refunds = REGISTRY["refund"]
        return {"refunds": [present(business, refunds, r) for r in refunds.table(business).where("charge",
                                                                                                 record["id"])]}

    def make(self, business: Business, params: dict[str, Any], parent_id: Any = None,
             mount: Mount | None = None) -> Reply:
        """``POST /charges``: the payment the charge records (200), not the charge itself."""
        customer = _required(params, "customer", lambda v: _referenced(business, "customer", v, "customer"))
        method = _required(params, "method", lambda v: _METHOD.coerce(v, "method"))
        amount = _required(params, "amount", lambda v: _AMOUNT.coerce(v, "amount"))
        if amount <= 0:
            raise InvalidRequest("Amount must be greater than zero", "amount")
        source = _source(business, customer, method, params)
        if params.get("applied_to") in (None, "", []):
            raise InvalidRequest("Applied to is missing", "applied_to")
        splits = params["applied_to"] if isinstance(params["applied_to"], list) else []
        if any(isinstance(s, dict) and s.get("type") not in CHARGE_SPLITS for s in splits):
            raise InvalidRequest(f"A charge can only be applied as: {', '.join(CHARGE_SPLITS)}", "applied_to")
        payment, failure = charge(business, customer, source, amount, params)
        if failure is not None:
            return declined(failure)
        return One(REGISTRY["payment"], cast(Record, payment), status=200)  # no failure: the payment

    def timeline(self, business: Business, record: Record) -> dict[str, int | None]:
        return {"return": record.get("returns_at") if record.get("status") == "succeeded" else None}

    def when_due(self, business: Business, record: Record, kind: str, instant: int) -> None:
        """An ACH debit comes back: the charge fails and the payment it recorded is voided."""
        failed = copy.deepcopy(record)
        failed.update(status="failed", failure_message=gateway.ACH_RETURN, updated_at=instant, returns_at=None)
        crud.save(business, self, failed, record, event_type="charge.failed")
        payments = REGISTRY["payment"]
        payment = payments.table(business).get(record.get("payment"))
        if payment is not None and not payment.get("voided"):
            payments.destroy(business, payment, {})


def _required(params: dict[str, Any], name: str, coerce: Any) -> Any:
    if params.get(name) in (None, ""):
        raise InvalidRequest(f"{name.replace('_', ' ').capitalize()} is missing", name)
    return coerce(params[name])


def _source(business: Business, customer: Record, method: str, params: dict[str, Any]) -> Record:
    """The card or bank account to charge: named by type and id on this customer, or vaulted from a token."""
    tokens = [name for name in TOKENS if params.get(name) not in (None, "")]
    named = params.get("payment_source_id") not in (None, "")
    if len(tokens) + named != 1:
        raise InvalidRequest("Exactly one of payment_source_type and payment_source_id, invoiced_token or "
                             "gateway_token is required", "payment_source_id")
    if tokens:
        token = Str(max_length=255).coerce(params[tokens[0]], tokens[0])
        if params.get("vault_method") not in (None, "") and not Bool().coerce(params["vault_method"], "vault_method"):
            return unsaved(business, customer, method, token)  # charged once, not kept on the customer
        return vault(business, customer, method, token, params.get("make_default"))
    kind_name = _SOURCE_TYPE.coerce(params.get("payment_source_type") or "", "payment_source_type")
    return _referenced(business, kind_name, params["payment_source_id"], "payment_source_id", customer["id"])


def _referenced(business: Business, name: str, object_id: Any, param: str, parent_id: Any = None) -> Record:
    """The object a body parameter names; one that does not exist (or no id at all) is a 400 naming the parameter."""
    if isinstance(object_id, (dict, list, bool)):
        raise InvalidRequest(f"Invalid {param.replace('_', ' ')}: an id was expected", param)
    try:
        return crud.load(business, REGISTRY[name], object_id, parent_id)
    except NotFound:
        raise InvalidRequest(f"No such {name.replace('_', ' ')}: {object_id}", param) from None


def charge(business: Business, customer: Record, source: Record, amount: Decimal,
           params: dict[str, Any]) -> tuple[Record | None, str | None]:
    """Charge ``source`` through the test gateway: ``(payment, None)`` with the payment that applies
    ``params['applied_to']``, or ``(None, failure_message)`` with only the failed charge recorded."""
    charges = REGISTRY["charge"]
    currency = str(params.get("currency") or customer.get("currency") or settings.currency(business)).lower()
    number = business.next_in_sequence("charge.gateway")
    gateway_id = "ch_" + hashlib.sha256(f"{business.api_key}:{number}".encode()).hexdigest()[:16]
    result = gateway.outcome(source.get("token"), _failures(business, customer, source))
    attempt = {"customer": customer["id"], "currency": currency, "gateway_id": gateway_id,
               "payment_source": present(business, REGISTRY[source["object"]], source),
               "receipt_email": params.get("receipt_email") or customer.get("email")}
    if result.declined:
        with business.savepoint():  # refuse bad splits as such, declined card or not: nothing half-written
            _record_payment(business, customer, source, amount, params, gateway_id, currency)
        crud.create(business, charges, {**attempt, "amount": money.normalize(amount, currency), "status": "failed",
                                        "failure_message": result.failure}, event_type="charge.failed")
        return None, result.failure
    payment = _record_payment(business, customer, source, amount, params, gateway_id, currency)
    days = result.returned_after_days
    returns_at = None if days is None else business.clock.now() + days * SECONDS_PER_DAY
    crud.create(business, charges, {**attempt, "payment": payment["id"], "amount": payment["amount"]},
                preset={"returns_at": returns_at})
    return payment, None


def _record_payment(business: Business, customer: Record, source: Record, amount: Decimal, params: dict[str, Any],
                    gateway_id: str, currency: str) -> Record:
    return crud.create(business, REGISTRY["payment"], {
        "customer": customer["id"], "currency": currency, "amount": amount, "source": "api",
        "method": "credit_card" if source["object"] == "card" else "ach",
        "reference": gateway_id, "applied_to": params.get("applied_to") or [],
        "notes": params.get("notes"), "metadata": params.get("metadata") or {}})


def _failures(business: Business, customer: Record, source: Record) -> int:
    """How many charges to the customer's same card or account failed before (``tok_decline_first_<n>`` succeeds
    after n): the same gateway id, whether the source was kept or only charged (``vault_method: false``)."""
    return sum(1 for c in REGISTRY["charge"].table(business).where("customer", customer["id"])
               if c.get("status") == "failed"
               and (c.get("payment_source") or {}).get("gateway_id") == source.get("gateway_id")
               and (c.get("payment_source") or {}).get("object") == source["object"])


def declined(failure: str) -> Data:
    """A declined charge, answered in the API's error dialect; unlike a raised error it keeps what was
    recorded (the failed charge, the invoice's attempt), as the API does."""
    return Data(InvalidRequest(failure).body(), status=400, schema="error")


class Refunds(Resource):
    object = "refund"
    path = "refunds"
    label = "Refund"
    differs = (
        "A refund does not move any document's balance.",
    )
    indexed = ("charge",)
    operations = frozenset({"retrieve", "list"})
    fields = (
        Field("charge", Ref(resource="charge"), required=True, create_only=True),
        Field("currency", Str(), read_only=True),
        Field("amount", Number(), required=True, create_only=True),
        *GATEWAY_FIELDS,
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        charge = REGISTRY["charge"].table(business).get(record["charge"])
        assert charge is not None  # references are checked before the rules run
        currency = record["currency"] = charge["currency"]
        asked = money.to_minor(record["amount"], currency)
        if asked <= 0:
            raise InvalidRequest("Amount must be greater than zero", "amount")
        left = money.to_minor(charge["amount"], currency) - money.to_minor(charge["amount_refunded"], currency)
        if asked > left:
            raise InvalidRequest(f"The refund amount ({money.from_minor(asked, currency)}) exceeds what is left "
                                 f"to refund on the charge ({money.from_minor(left, currency)})", "amount")
        record["amount"] = money.from_minor(asked, currency)
        record["gateway_id"] = f"re_{charge['gateway_id'][3:]}_{record['id']}"

    def after_write(self, business: Business, record: Record, old: Record | None) -> None:
        charges = REGISTRY["charge"]
        charge = charges.table(business).get(record["charge"])
        assert charge is not None
        changed = copy.deepcopy(charge)
        changed["amount_refunded"] = charge["amount_refunded"] + record["amount"]
        changed["refunded"] = changed["amount_refunded"] >= charge["amount"]
        changed["updated_at"] = business.clock.now()
        crud.save(business, charges, changed, charge)


def pay_invoice(business: Business, invoice: Record, params: dict[str, Any]) -> Reply:
    """``POST /invoices/<id>/pay``: an AutoPay attempt now, for the balance (200 with the invoice; a decline
    is a 400, the attempt and the failed charge kept)."""
    customer = crud.load(business, REGISTRY["customer"], invoice["customer"])
    if not customer.get("autopay"):
        raise InvalidRequest("This invoice cannot be paid because AutoPay is not enabled for the customer.")
    if default_source(business, customer) is None:
        raise InvalidRequest("This invoice cannot be paid because the customer does not have a payment source.")
    if invoice.get("voided") or invoice.get("paid") or Decimal(invoice.get("balance") or 0) <= 0:
        raise InvalidRequest("This invoice has no balance to pay.")
    failure = collect(business, invoice)
    if failure is not None:
        return declined(failure)
    return One(REGISTRY["invoice"], REGISTRY["invoice"].table(business).get(invoice["id"]) or invoice)


def collect(business: Business, invoice: Record) -> str | None:
    """One AutoPay attempt on ``invoice``: count it, plan the retry, charge the customer's default source for
    the balance. None when paid, else why it failed (the retry stays planned)."""
    invoices = REGISTRY["invoice"]
    attempted = copy.deepcopy(invoice)
    attempted["attempt_count"] = count = (invoice.get("attempt_count") or 0) + 1
    now = attempted["updated_at"] = business.clock.now()
    attempted["next_payment_attempt"] = autopay.after_attempt(count, now)
    crud.save(business, invoices, attempted, invoice)
    customer = REGISTRY["customer"].table(business).get(invoice["customer"]) or {}
    source = default_source(business, customer) if customer else None
    if source is None:
        return "The customer does not have a payment source."
    balance = Decimal(attempted["balance"])
    _, failure = charge(business, customer, source, balance, {
        "currency": invoice.get("currency"),
        "applied_to": [{"type": "invoice", "invoice": invoice["id"], "amount": balance}]})
    return failure
