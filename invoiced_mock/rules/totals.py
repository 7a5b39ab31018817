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

from invoiced_mock.rules.money import ceil, decimals, major_units, minor_units, percent_of

Record = dict[str, Any]
RATE_KEYS = {"discount": "coupon", "tax": "tax_rate", "shipping": "shipping_rate"}


def _major(field: str) -> Any:
    """A :class:`Totals` amount read in major units from its minor-unit ``field``."""
    return property(lambda totals: major_units(getattr(totals, field), totals.places))


@dataclass
class Totals:
    """The document-level results: worked in minor units of a currency with ``places`` decimals, read in major
    units (each converted when read: most callers want only the subtotal and the total)."""

    places: int
    minor_subtotal: int
    minor_total: int
    minor_discounts: int  # every discount, line and document
    minor_taxes: int  # every tax, line and document
    minor_shipping: int

    subtotal = _major("minor_subtotal")
    total = _major("minor_total")
    discounts = _major("minor_discounts")
    taxes = _major("minor_taxes")
    shipping = _major("minor_shipping")


def _rate(applied: Record) -> Record | None:
    rate = applied.get(RATE_KEYS.get(applied.get("object", ""), ""))
    return rate if isinstance(rate, dict) else None


def _exclusive(applied: Record, base: int, places: int) -> int:
    """A discount or exclusive tax on ``base`` minor units: percent of the (non-negative) base, or flat."""
    rate = _rate(applied)
    if rate is None:
        return minor_units(Decimal(applied.get("amount") or 0), places)
    if rate.get("is_percent", True):
        return percent_of(max(0, base), rate["value"])
    return minor_units(Decimal(rate["value"]), places)


def _inclusive(applied: Record, base: int, places: int) -> int:
    """The tax contained in ``base`` for a tax-inclusive rate: ``ceil(base × p / (100 + p))``."""
    rate = _rate(applied)
    assert rate is not None
    if not rate.get("is_percent", True):
        return minor_units(Decimal(rate["value"]), places)
    value = Decimal(rate["value"])
    return ceil(Decimal(max(0, base)) * value / (100 + value))


def _is_inclusive(applied: Record) -> bool:
    rate = _rate(applied)
    return bool(rate and rate.get("inclusive"))


def _apply(rates: list[Record], base: int, places: int) -> tuple[int, int]:
    """Fill the amounts of ``rates``, each on the same ``base``; returns (inclusive markdown, exclusive sum)."""
    markdown = added = 0
    for applied in rates:
        if _is_inclusive(applied):
            minor = _inclusive(applied, base, places)
            markdown += minor
        else:
            minor = _exclusive(applied, base, places)
            added += minor
        applied["amount"] = major_units(minor, places)
    return markdown, added


def compute(lines: list[Record], discounts: list[Record], taxes: list[Record], shipping: list[Record],
            currency: str) -> Totals:
    """Fill every line ``amount`` and applied-rate ``amount`` in place; return the document totals."""
    places = decimals(currency)
    subtotal = line_discounts = line_taxes = discounted = 0
    not_discountable = not_taxable = 0
    for line in lines:
        gross = minor_units(Decimal(line.get("quantity", 1)) * Decimal(line.get("unit_cost", 0)), places)
        off = markdown = tax = 0
        if line.get("discounts"):
            _, off = _apply(line["discounts"], gross, places)
        if line.get("taxes"):
            markdown, tax = _apply(line["taxes"], gross - off, places)
        amount = gross - markdown
        line["amount"] = major_units(amount, places)
        subtotal += amount
        line_discounts += off
        line_taxes += tax + markdown
        discounted += amount - off
        if not line.get("discountable", True):  # excluded at their amount before any markdown
            not_discountable += gross
        if not line.get("taxable", True):
            not_taxable += gross
    _, doc_discounts = _apply(discounts, discounted - not_discountable, places)
    markdown, doc_taxes = _apply(taxes, discounted - doc_discounts - not_taxable, places)
    subtotal -= markdown
    _, shipped = _apply(shipping, discounted - doc_discounts, places)
    all_discounts = line_discounts + doc_discounts
    all_taxes = line_taxes + doc_taxes + markdown
    total = subtotal - all_discounts + all_taxes + shipped
    return Totals(places, subtotal, total, all_discounts, all_taxes, shipped)
