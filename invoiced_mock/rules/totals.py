"""Document totals (§3.1): line amounts, applied discounts, taxes and shipping, subtotal and total.

Pure arithmetic over already-normalised lines and applied rates (see ``rules/lines.py``). Every amount
is worked in integer minor units of the document's currency and rounded half-up; a tax-inclusive rate
is marked down out of its base with a ceiling (in favour of the tax authority). Every rate of a list
applies to the same base (rates do not compound), as the backend's ``InvoiceCalculator`` does.

An applied rate carries either a catalogue ``coupon``/``tax_rate`` snapshot (its ``value``,
``is_percent``, ``inclusive``) or just a flat ``amount``; this module fills in every ``amount``.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from ..money import ceil, from_minor, percent_of, to_minor

Record = dict[str, Any]
RATE_KEYS = {"discount": "coupon", "tax": "tax_rate", "shipping": "shipping_rate"}


@dataclass
class Totals:
    """The document-level results, in major units."""

    subtotal: Decimal
    total: Decimal
    discounts: Decimal  # every discount, line and document
    taxes: Decimal  # every tax, line and document
    shipping: Decimal


def _rate(applied: Record) -> Record | None:
    rate = applied.get(RATE_KEYS.get(applied.get("object", ""), ""))
    return rate if isinstance(rate, dict) else None


def _exclusive(applied: Record, base: int, currency: str) -> int:
    """A discount or exclusive tax on ``base`` minor units: percent of the (non-negative) base, or flat."""
    rate = _rate(applied)
    if rate is None:
        return to_minor(applied.get("amount") or 0, currency)
    if rate.get("is_percent", True):
        return percent_of(max(0, base), rate["value"])
    return to_minor(rate["value"], currency)


def _inclusive(applied: Record, base: int, currency: str) -> int:
    """The tax contained in ``base`` for a tax-inclusive rate: ``ceil(base × p / (100 + p))``."""
    rate = _rate(applied)
    assert rate is not None
    if not rate.get("is_percent", True):
        return to_minor(rate["value"], currency)
    value = Decimal(rate["value"])
    return ceil(Decimal(max(0, base)) * value / (100 + value))


def _is_inclusive(applied: Record) -> bool:
    rate = _rate(applied)
    return bool(rate and rate.get("inclusive"))


def _apply(rates: list[Record], base: int, currency: str) -> tuple[int, int]:
    """Fill the amounts of ``rates``, each on the same ``base``; returns (inclusive markdown, exclusive sum)."""
    markdown = added = 0
    for applied in rates:
        if _is_inclusive(applied):
            minor = _inclusive(applied, base, currency)
            markdown += minor
        else:
            minor = _exclusive(applied, base, currency)
            added += minor
        applied["amount"] = from_minor(minor, currency)
    return markdown, added


def compute(lines: list[Record], discounts: list[Record], taxes: list[Record], shipping: list[Record],
            currency: str) -> Totals:
    """Fill every line ``amount`` and applied-rate ``amount`` in place; return the document totals."""
    subtotal = line_discounts = line_taxes = discounted = 0
    not_discountable = not_taxable = 0
    for line in lines:
        gross = to_minor(Decimal(line.get("quantity", 1)) * Decimal(line.get("unit_cost", 0)), currency)
        _, off = _apply(line.get("discounts") or [], gross, currency)
        markdown, tax = _apply(line.get("taxes") or [], gross - off, currency)
        amount = gross - markdown
        line["amount"] = from_minor(amount, currency)
        subtotal += amount
        line_discounts += off
        line_taxes += tax + markdown
        discounted += amount - off
        if not line.get("discountable", True):  # excluded at their amount before any markdown
            not_discountable += gross
        if not line.get("taxable", True):
            not_taxable += gross
    _, doc_discounts = _apply(discounts, discounted - not_discountable, currency)
    markdown, doc_taxes = _apply(taxes, discounted - doc_discounts - not_taxable, currency)
    subtotal -= markdown
    _, shipped = _apply(shipping, discounted - doc_discounts, currency)
    all_discounts = line_discounts + doc_discounts
    all_taxes = line_taxes + doc_taxes + markdown
    total = subtotal - all_discounts + all_taxes + shipped
    return Totals(
        subtotal=from_minor(subtotal, currency),
        total=from_minor(total, currency),
        discounts=from_minor(all_discounts, currency),
        taxes=from_minor(all_taxes, currency),
        shipping=from_minor(shipped, currency),
    )
