"""Cash application (§3.6): a payment's ``applied_to`` splits, checked, applied to documents and unwound.

A split is ``{type, amount, invoice?, estimate?, credit_note?, document_type?}``. Cash splits (invoice,
estimate, credit, convenience_fee) use up the payment's amount; credit_note and applied_credit splits
move value that already exists and do not. Effects go through the documents' own settle functions
and the credit balance ledger, so unwinding a split is applying it with the opposite sign.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from invoiced_mock.core.fields import Bool, Int, Number, Str
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import credit_balance, money
from invoiced_mock.store.business import Business, Record

PARAM = "applied_to"
TYPES = ("invoice", "estimate", "credit_note", "credit", "applied_credit", "convenience_fee")
CASH = frozenset({"invoice", "estimate", "credit", "convenience_fee"})
DOCUMENTS = ("invoice", "estimate", "credit_note")
# Which document ids each split type takes; ``document_type`` names the target of the last two.
ALLOWED = {
    "invoice": {"invoice"}, "estimate": {"estimate"}, "credit": set(), "convenience_fee": set(),
    "credit_note": {"credit_note", "invoice", "estimate"}, "applied_credit": {"invoice", "estimate"},
}
_TYPE = Str(choices=TYPES)
_AMOUNT = Number()
_ID = Int(minimum=1)


def parse(business: Business, raw: list[Any], payment: Record) -> list[Record]:
    """Coerce and check ``raw`` splits against ``payment`` (whose customer/currency may be inferred here)."""
    splits = [_split(business, item, i) for i, item in enumerate(raw)]
    seen: set[tuple[str, int]] = set()
    for split in splits:
        _check_document(business, split, payment)
        key = _primary(split)
        if key is not None:
            if key in seen:
                raise InvalidRequest(f"Each document can only be applied once per payment: {key[0]} {key[1]}", PARAM)
            seen.add(key)
        if split["type"] in ("credit", "applied_credit", "credit_note") and payment.get("customer") is None:
            raise InvalidRequest("Customer is missing", "customer")
    return splits


def _split(business: Business, item: Any, index: int) -> Record:
    param = f"{PARAM}[{index}]"
    if not isinstance(item, dict):
        raise InvalidRequest("Each payment application must be an object", PARAM)
    if item.get("type") in (None, ""):
        raise InvalidRequest("Payment application type is missing", PARAM)
    kind = _TYPE.coerce(item["type"], PARAM)
    if item.get("amount") in (None, ""):
        raise InvalidRequest("Payment application amount is missing", PARAM)
    amount = _AMOUNT.coerce(item["amount"], PARAM)
    if amount <= 0:
        raise InvalidRequest("Payment application amounts must be greater than zero", PARAM)
    split: Record = {"type": kind, "amount": amount}
    for name in DOCUMENTS:
        if item.get(name) not in (None, ""):
            if name not in ALLOWED[kind]:
                raise InvalidRequest(f"A {kind} application cannot name a {name.replace('_', ' ')}", PARAM)
            split[name] = _ID.coerce(item[name], f"{param}[{name}]")
    if kind in ("invoice", "estimate", "credit_note") and kind not in split:
        raise InvalidRequest(f"A {kind.replace('_', ' ')} application needs the {kind} it applies to", PARAM)
    targets = [n for n in ("invoice", "estimate") if n in split and n != kind]
    wanted = item.get("document_type")
    if len(targets) > 1 or (wanted not in (None, "") and [wanted] != targets):
        raise InvalidRequest("document_type must name the one invoice or estimate the application targets", PARAM)
    if targets:
        split["document_type"] = targets[0]
    if item.get("short_pay") not in (None, ""):
        split["short_pay"] = Bool().coerce(item["short_pay"], PARAM)
    split["id"] = _ID.coerce(item["id"], PARAM) if item.get("id") not in (None, "") else None
    return split


def _primary(split: Record) -> tuple[str, int] | None:
    kind = split["type"]
    if kind in ("invoice", "estimate", "credit_note"):
        return kind, split[kind]
    return None


def _check_document(business: Business, split: Record, payment: Record) -> None:
    for name in DOCUMENTS:
        if name not in split:
            continue
        document = REGISTRY[name].table(business).get(split[name])
        if document is None:
            raise InvalidRequest(f"No such {name.replace('_', ' ')}: {split[name]}", PARAM)
        if payment.get("customer") is None:
            payment["customer"] = document["customer"]
        if document["customer"] != payment["customer"]:
            raise InvalidRequest(f"{REGISTRY[name].label} {document.get('number') or document['id']} belongs to "
                                 "another customer than the payment", PARAM)
        payment["currency"] = payment.get("currency") or document.get("currency")
        if (document.get("currency") or "usd") != payment["currency"]:
            raise InvalidRequest(f"The currency of {REGISTRY[name].label.lower()} {split[name]} "
                                 f"({document.get('currency')}) does not match the payment ({payment['currency']})",
                                 PARAM)


def cash_applied(payment: Record, splits: list[Record]) -> int:
    """The minor units the cash splits take out of the payment; 400 when more than its amount."""
    currency = payment["currency"]
    applied = sum(money.to_minor(s["amount"], currency) for s in splits if s["type"] in CASH)
    if applied > money.to_minor(payment["amount"], currency):
        raise InvalidRequest(f"The amount applied ({money.from_minor(applied, currency)}) exceeds the payment "
                             f"amount ({money.normalize(payment['amount'], currency)})", PARAM)
    return applied


def apply(business: Business, payment: Record, splits: list[Record], sign: int = 1) -> None:
    """Carry out every split's effect (``sign=-1`` undoes them, last first); refusals name ``applied_to``."""
    try:
        for split in splits if sign > 0 else list(reversed(splits)):
            _apply_one(business, payment, split, sign)
    except InvalidRequest as error:
        error.param = error.param or PARAM
        raise


def _apply_one(business: Business, payment: Record, split: Record, sign: int) -> None:
    from invoiced_mock.rules import documents  # the documents' settle functions (owned by the document resources)

    amount: Decimal = split["amount"] * sign
    kind, target = split["type"], split.get("document_type")
    source = ("payment", payment["id"])
    if kind == "invoice":
        documents.settle_invoice(business, split["invoice"], paid=amount)
    elif kind == "estimate":
        documents.mark_estimate_deposit_paid(business, split["estimate"], sign > 0)
    elif kind == "credit":
        credit_balance.change(business, payment["customer"], payment["currency"], amount, source, PARAM)
    elif kind == "applied_credit":
        credit_balance.change(business, payment["customer"], payment["currency"], -amount, source, PARAM)
        _to_document(business, split, target, paid=amount)
    elif kind == "credit_note" and target is None:
        documents.settle_credit_note(business, split["credit_note"], credited=amount)
        credit_balance.change(business, payment["customer"], payment["currency"], amount, source, PARAM)
    elif kind == "credit_note":
        documents.settle_credit_note(business, split["credit_note"], applied=amount)
        _to_document(business, split, target, credited=amount)


def _to_document(business: Business, split: Record, target: str | None, *, paid: Decimal = Decimal(0),
                 credited: Decimal = Decimal(0)) -> None:
    from invoiced_mock.rules import documents

    if target == "invoice":
        documents.settle_invoice(business, split["invoice"], paid=paid, credited=credited)
    elif target == "estimate":
        documents.mark_estimate_deposit_paid(business, split["estimate"], paid + credited > 0)


def number(business: Business, splits: list[Record]) -> list[Record]:
    """Give each new split an id (kept ids stay, so a PATCH that resends a split keeps it)."""
    return [{**s, "id": s["id"] or business.next_in_sequence("payment_application")} for s in splits]


def documents_of(splits: list[Record]) -> set[tuple[str, int]]:
    """The documents the splits touch, for event relations."""
    return {(name, s[name]) for s in splits for name in DOCUMENTS if name in s}
