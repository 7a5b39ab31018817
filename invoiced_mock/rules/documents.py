"""Money and credit landing on documents: the one API payments, charges and credit notes call.

Contract (the other resources rely on it; amounts are Decimals in major units):

* ``settle_invoice(business, invoice_id, *, paid=0, credited=0) -> Record`` adds ``paid`` to the
  invoice's ``amount_paid`` and ``credited`` to its ``amount_credited`` (a negative amount takes money
  back off, e.g. when a payment is voided). Then ``balance``, ``paid``, ``closed``, ``date_paid`` and
  ``status`` are recomputed (§3.2, §3.3), a draft is issued when something positive is applied, and
  the invoice is stored through ``core.crud.save``, which records ``invoice.updated``. When it becomes
  paid, ``invoice.paid`` is recorded too.
* ``settle_credit_note(business, credit_note_id, *, applied=0, credited=0, refunded=0) -> Record`` does
  the same for ``amount_applied_to_invoice``, ``amount_credited`` (to the customer's credit balance)
  and ``amount_refunded`` (§3.7): a paid credit note is closed.
* ``mark_estimate_deposit_paid(business, estimate_id, paid: bool) -> Record`` sets ``deposit_paid``
  (an approved estimate whose deposit is paid closes, §3.8).

Each raises ``InvalidRequest`` — without ``param``, as only the caller knows which of its parameters
carried the amount (set ``error.param`` before re-raising if it matters) — when the document is
voided, when a positive amount exceeds the balance, or when more is taken back than was applied.
Nothing is written when it raises, and the request's transaction undoes the caller's own writes.
"""

from __future__ import annotations

import copy
from decimal import Decimal
from typing import TYPE_CHECKING, Any, Protocol, cast, runtime_checkable

from invoiced_mock.core import crud
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules.money import normalize

if TYPE_CHECKING:
    from invoiced_mock.core.resource import Resource
    from invoiced_mock.store.business import Business, Record

ZERO = Decimal(0)


@runtime_checkable
class Settles(Protocol):
    """What settling asks of a document's resource beyond CRUD (``resources/document.py`` provides it)."""

    def settle(self, business: Business, record: Record, old: Record | None) -> None:
        """Recompute the balance, status and the rest after an amount landed on ``record``."""


if TYPE_CHECKING:
    class SettlingResource(Resource, Settles):
        """A declared resource that settles, as :func:`_document` finds it (for the type checker only)."""


def _document(name: str) -> SettlingResource:
    resource = REGISTRY[name]
    if not isinstance(resource, Settles):
        raise TypeError(f"{name} is not a document: it cannot be settled")
    return cast("SettlingResource", resource)  # a Resource (from the registry) that Settles


def settle_invoice(business: Business, invoice_id: Any, *, paid: Decimal | int = ZERO,
                   credited: Decimal | int = ZERO) -> Record:
    return _settle(business, "invoice", invoice_id, {"amount_paid": paid, "amount_credited": credited})


def settle_credit_note(business: Business, credit_note_id: Any, *, applied: Decimal | int = ZERO,
                       credited: Decimal | int = ZERO, refunded: Decimal | int = ZERO) -> Record:
    return _settle(business, "credit_note", credit_note_id, {
        "amount_applied_to_invoice": applied, "amount_credited": credited, "amount_refunded": refunded})


def mark_estimate_deposit_paid(business: Business, estimate_id: Any, paid: bool) -> Record:
    resource = _document("estimate")
    old = crud.load(business, resource, estimate_id)
    if old.get("voided"):
        raise InvalidRequest(f"Estimate {old.get('number')} has been voided.")
    record = copy.deepcopy(old)
    record["deposit_paid"] = bool(paid)
    record["updated_at"] = business.clock.now()
    resource.settle(business, record, old)
    return crud.save(business, resource, record, old)


def _settle(business: Business, name: str, document_id: Any, amounts: dict[str, Decimal | int]) -> Record:
    resource = _document(name)
    old = crud.load(business, resource, document_id)
    label = f"{resource.label} {old.get('number') or old['id']}"
    if old.get("voided"):
        raise InvalidRequest(f"{label} has been voided.")
    currency = old.get("currency")
    changes = {key: normalize(Decimal(str(value)), currency) for key, value in amounts.items()}
    added = sum((v for v in changes.values() if v > 0), ZERO)
    balance = Decimal(old.get("balance") or 0)
    if added > 0 and added > balance:
        raise InvalidRequest(f"The amount applied ({added}) exceeds the balance of {label} ({balance}).")
    record = copy.deepcopy(old)
    for key, change in changes.items():
        total = Decimal(old.get(key) or 0) + change
        if total < 0:
            raise InvalidRequest(f"Cannot take back more than was applied to {label}.")
        record[key] = total
    if added > 0:
        record["draft"] = False
    record["updated_at"] = business.clock.now()
    resource.settle(business, record, old)
    return crud.save(business, resource, record, old)
