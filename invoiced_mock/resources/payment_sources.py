"""Payment sources: cards and bank accounts vaulted on a customer, and the customer's default source.

``POST|GET /customers/<id>/payment_sources`` fronts both kinds (a mixed list); each kind is deleted
through its own route (``/cards/<id>``, ``/bank_accounts/<id>``). The brand, last four digits and the
rest are derived from the token (the same token always gives the same card; a card number used as a token
shows its own brand and last four digits); the test gateway's tokens
(``rules/gateway.py``) script what charging the source does. The default source is copied onto the
customer as its ``payment_source`` object.
"""

from __future__ import annotations

import copy
import hashlib
import time
from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.fields import Bool, Int, Ref, Str
from invoiced_mock.core.presenter import present
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Field, Mount, One, Reply, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import gateway
from invoiced_mock.store.business import Business, Record

METHODS = {"credit_card": "card", "ach": "bank_account"}
BRANDS = ("Visa", "MasterCard", "American Express", "Discover")
BANKS = ("Chase", "Wells Fargo", "Bank of America", "Citibank")
TOKENS = ("invoiced_token", "gateway_token")

_SOURCE = (
    Field("customer", Ref(resource="customer"), read_only=True),
    Field("token", Str(max_length=255), required=True, write_only=True),
    Field("chargeable", Bool(), default=True, read_only=True),
    Field("failure_reason", Str(), read_only=True),
    Field("gateway", Str(), default="test", read_only=True),
    Field("gateway_id", Str(), read_only=True),
    Field("gateway_customer", Str(), read_only=True),
    Field("merchant_account", Int(), read_only=True),
    Field("receipt_email", Str(), read_only=True),
    Field("last4", Str(), read_only=True),
)


class _Source(Resource):
    """What cards and bank accounts share: vaulting from a token, and leaving the default on delete."""

    parent = "customer"
    event_object = "payment_source"
    operations = frozenset({"retrieve", "delete"})
    internal = (Field("position", Int(minimum=0)),)  # order in the mixed list of a customer's sources

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is None:
            customer = REGISTRY["customer"].table(business).get(record["customer"]) or {}
            record.update(_vault(business, self.object, record["token"], customer))
            record["position"] = business.next_in_sequence("payment_source")  # order in the mixed list

    def on_delete(self, business: Business, record: Record) -> None:
        forget_default(business, record)


class Cards(_Source):
    object = "card"
    path = "cards"
    label = "Card"
    fields = (
        *_SOURCE,
        Field("brand", Str(), read_only=True),
        Field("exp_month", Int(), read_only=True),
        Field("exp_year", Int(), read_only=True),
        Field("funding", Str(choices=("credit", "debit", "prepaid", "unknown")), default="credit", read_only=True),
        *TIMESTAMPS,
    )


class BankAccounts(_Source):
    object = "bank_account"
    path = "bank_accounts"
    label = "Bank Account"
    fields = (
        *_SOURCE,
        Field("bank_name", Str(), read_only=True),
        Field("routing_number", Str(), read_only=True),
        Field("verified", Bool(), default=True, read_only=True),
        Field("currency", Str(), default="usd", read_only=True),
        Field("country", Str(), default="US", read_only=True),
        Field("account_holder_name", Str(), read_only=True),
        Field("account_holder_type", Str(), default="company", read_only=True),
        Field("type", Str(), default="checking", read_only=True),
        *TIMESTAMPS,
    )


class PaymentSources(Resource):
    """The mixed collection: creating picks the kind from ``method``; listing gathers both kinds."""

    object = "payment_source"
    path = "payment_sources"
    label = "Payment Source"
    differs = (
        "No card network: brand, last four digits, expiry and bank details are derived from the token, and "
        "the test tokens script what charging the source does.",
    )
    parent = "customer"
    operations = frozenset({"create", "list"})
    shown_as = ("card", "bank_account")
    emits_events = False
    request_rules = ({"oneOf": [  # make below, as schema: exactly one non-empty token
        {"required": [name], "properties": {name: {"minLength": 1}}} for name in ("invoiced_token", "gateway_token")]},)
    fields = (
        # the request only: the answer is the card or bank account vaulted (``shown_as``)
        Field("method", Str(choices=tuple(METHODS)), required=True, write_only=True),
        Field("invoiced_token", Str(max_length=255), write_only=True),
        Field("gateway_token", Str(max_length=255), write_only=True),
        Field("make_default", Bool(), default=False, write_only=True),
    )

    def presented_as(self, record: Record) -> Resource:
        return REGISTRY[record["object"]]

    def make(self, business: Business, params: dict[str, Any], parent_id: Any = None,
             mount: Mount | None = None) -> Reply:
        customer = crud.load(business, REGISTRY["customer"], parent_id)
        method = params.get("method")
        if method in (None, ""):
            raise InvalidRequest("Method is missing", "method")
        self.by_name["method"].type.coerce(method, "method")
        given = [name for name in TOKENS if params.get(name) not in (None, "")]
        if len(given) != 1:
            raise InvalidRequest("Exactly one of invoiced_token or gateway_token is required", given[-1]
                                 if given else "invoiced_token")
        token = self.by_name[given[0]].type.coerce(params[given[0]], given[0])
        source = vault(business, customer, method, token, params.get("make_default"))
        return One(REGISTRY[source["object"]], source, status=201)

    def collect(self, business: Business, params: dict[str, Any], parent_id: Any = None,
                mount: Mount | None = None) -> list[Record]:
        gathered = [row for name in METHODS.values() for row in crud.listing(business, REGISTRY[name], {}, parent_id)]
        return sorted(gathered, key=lambda r: r["position"])


def _vault(business: Business, kind: str, token: str, customer: Record) -> Record:
    """The details a gateway would report for ``token``, derived from its digest (deterministic)."""
    digest = int(hashlib.sha256(token.encode()).hexdigest(), 16)
    details: Record = {"last4": f"{digest % 10_000:04d}", "gateway_id": f"{kind[:4]}_{digest % 16**12:012x}",
                       "gateway_customer": f"cus_{customer.get('id')}", "receipt_email": customer.get("email")}
    if kind == "card":
        year = time.gmtime(business.clock.now()).tm_year
        details.update(brand=gateway.card_brand(token) or BRANDS[digest % len(BRANDS)], exp_month=digest % 12 + 1,
                       exp_year=year - 1 if gateway.expired(token) else year + 1 + (digest // 12) % 5)
        details["last4"] = gateway.card_last4(token) or details["last4"]
    else:
        details.update(bank_name=BANKS[digest % len(BANKS)], routing_number=f"{110_000_000 + digest % 900:09d}",
                       account_holder_name=customer.get("name"), currency=customer.get("currency") or "usd")
    return details


def unsaved(business: Business, customer: Record, method: str, token: str) -> Record:
    """The card (``credit_card``) or bank account (``ach``) behind ``token`` as a charge sees it, not stored:
    ``POST /charges`` with ``vault_method: false``. It has an id (a charge shows it) that no route finds."""
    resource = REGISTRY[METHODS[method]]
    now = business.clock.now()
    source = {**resource.blank(), "id": business.next_in_sequence(resource.object), "customer": customer["id"],
              "token": token, "created_at": now, "updated_at": now}
    source.update(_vault(business, resource.object, token, customer))
    return source


def vault(business: Business, customer: Record, method: str, token: str, make_default: Any) -> Record:
    """Store the card (``credit_card``) or bank account (``ach``) behind ``token`` for ``customer``.

    It becomes the customer's default when asked to, or when the customer has none yet.
    """
    source = crud.create(business, REGISTRY[METHODS[method]], {"token": token}, customer["id"])
    if Bool().coerce(make_default or False, "make_default") or customer.get("payment_source") is None:
        _show_on_customer(business, customer, present(business, REGISTRY[source["object"]], source))
    return source


def forget_default(business: Business, source: Record) -> None:
    """A deleted default source leaves the customer without one."""
    customer = REGISTRY["customer"].table(business).get(source["customer"])
    shown = (customer or {}).get("payment_source") or {}
    if customer is not None and shown.get("object") == source["object"] and shown.get("id") == source["id"]:
        _show_on_customer(business, customer, None)


def _show_on_customer(business: Business, customer: Record, shown: Record | None) -> None:
    """Set the customer's ``payment_source`` (a copy of the object, as the API embeds it)."""
    changed = copy.deepcopy(customer)
    changed["payment_source"] = shown
    changed["updated_at"] = business.clock.now()
    crud.save(business, REGISTRY["customer"], changed, customer)


def default_source(business: Business, customer: Record) -> Record | None:
    """The stored card or bank account behind the customer's ``payment_source``, if it still exists."""
    shown = customer.get("payment_source") or {}
    if shown.get("object") not in METHODS.values():
        return None
    return REGISTRY[shown["object"]].table(business).get(shown["id"])
