"""Subscription billing: the price of a period, the invoice that bills it, renewals and proration.

A subscription's recurring price is priced with the same line and totals rules as any invoice, so a
renewal invoice and ``recurring_total`` can never disagree. Periods follow ``rules/periods.py``.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from invoiced_mock.core import crud
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.rules import lines, periods, totals
from invoiced_mock.rules.money import from_minor, half_up, normalize, to_minor
from invoiced_mock.store.business import Business, Record


def plan_of(business: Business, plan_id: str, param: str = "plan") -> Record:
    plan = REGISTRY["plan"].table(business).get(plan_id)
    if plan is None:
        raise InvalidRequest(f"No such plan: {plan_id}", param)
    return plan


def unit_price(plan: Record, custom: Any) -> Decimal:
    if plan.get("pricing_mode") == "custom" and custom is None:
        raise InvalidRequest("A custom amount is required for plans with custom pricing", "amount")
    return Decimal(custom if custom is not None else plan.get("amount") or 0)


def period_lines(business: Business, sub: Record, start: int | None, end: int | None,
                 fraction: Decimal = Decimal(1)) -> list[dict[str, Any]]:
    """The line items that bill one period (``fraction`` < 1 for a prorated first period)."""
    plan = plan_of(business, sub["plan"])
    prorated = fraction != 1
    entries = [(plan, sub["quantity"], sub.get("amount"), sub.get("description"))]
    entries += [(plan_of(business, a["plan"], "addons"), a["quantity"], a.get("amount"), a.get("description"))
                for a in sub.get("addons") or []]
    out = []
    for item_plan, quantity, custom, description in entries:
        price = unit_price(item_plan, custom)
        out.append({
            "type": "plan", "plan": item_plan["id"], "name": item_plan["name"],
            "description": description or item_plan.get("description") or "",
            "quantity": quantity, "unit_cost": _scaled(price, fraction, item_plan.get("currency")),
            "period_start": start, "period_end": end, "subscription": sub.get("id"), "prorated": prorated,
        })
    return out


def _scaled(price: Decimal, fraction: Decimal, currency: str | None) -> Decimal:
    return price if fraction == 1 else from_minor(half_up(to_minor(price, currency) * fraction), currency)


def document_params(sub: Record, currency: str) -> dict[str, Any]:
    return {
        "customer": sub["customer"],
        "currency": currency,
        "discounts": [{"coupon": c} for c in sub.get("discounts") or []],
        "taxes": [{"tax_rate": t} for t in sub.get("taxes") or []],
        "ship_to": sub.get("ship_to"),
    }


def recurring(business: Business, sub: Record) -> tuple[Decimal, Decimal]:
    """``(recurring_total, mrr)``: one full period's total with taxes, and its pre-tax amount per month."""
    plan = plan_of(business, sub["plan"])
    currency = plan.get("currency") or "usd"
    items = lines.items(business, period_lines(business, sub, None, None), None)
    params = document_params(sub, currency)
    result = totals.compute(items, lines.rates(business, params["discounts"], "discount", None, "discounts"),
                            lines.rates(business, params["taxes"], "tax", None, "taxes"), [], currency)
    pre_tax = result.total - result.taxes
    mrr = normalize(periods.monthly(pre_tax, plan["interval"], plan.get("interval_count") or 1), currency)
    return result.total, mrr


def bill(business: Business, sub: Record, start: int, end: int, at: int,
         fraction: Decimal = Decimal(1)) -> Record:
    """Issue the invoice for the period ``[start, end)`` dated ``at``; AutoPay collects it as any AutoPay
    invoice (``rules/autopay.py``)."""
    plan = plan_of(business, sub["plan"])
    params = document_params(sub, plan.get("currency") or "usd")
    params["items"] = period_lines(business, sub, start, end, fraction) + _pending_lines(business, sub)
    params["date"] = at
    return crud.create(business, REGISTRY["invoice"], params, preset={"subscription": sub["id"]})


def _pending_lines(business: Business, sub: Record) -> list[dict[str, Any]]:
    """Metered usage and prorations: the customer's pending line items ride on the next subscription invoice."""
    pending = REGISTRY["line_item"]
    swept = []
    for row in pending.table(business).where(pending.parent_field, sub["customer"]):
        swept.append(pending.invoice_line(row))  # type: ignore[attr-defined]
        crud.delete(business, pending, row)
    return swept


def prorate(business: Business, old: Record, new: Record, when: int) -> None:
    """A mid-period price change: credit the unused time at the old price, charge it at the new one.

    Both adjustments become pending line items, billed on the next invoice (§3.13).
    """
    pending = REGISTRY["line_item"]
    start, end = old.get("period_start"), old.get("period_end")
    if start is None or end is None or not start <= when < end:
        return
    fraction = Decimal(end - when) / Decimal(end - start)
    for sign, sub in ((-1, old), (1, new)):
        for line in period_lines(business, sub, when, end, fraction):
            line["unit_cost"] = sign * Decimal(line["unit_cost"])
            line["name"] = ("Unused time on " if sign < 0 else "Remaining time on ") + line["name"]
            preset = {k: line.pop(k) for k in ("subscription", "period_start", "period_end", "prorated")}
            crud.create(business, pending, line, parent_id=sub["customer"], preset=preset)
