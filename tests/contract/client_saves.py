"""What the Java and .NET clients send when they save an object back, modelled from their sources.

Both clients keep the whole object they were given and ``save()`` PATCHes it back less what they know the
API refuses; this module says, per class of each client, which attributes that is, and builds the body from
the object as the mock showed it.

**Java** (Invoiced/invoiced-java 4.3.0, Jackson): an attribute is serialised unless it is write-only (those are
not listed here) or its ``@JsonInclude`` rule leaves its value out: ``NON_EMPTY`` drops null, ``""``, ``[]``
and ``{}``; ``NON_DEFAULT`` also ``0`` and ``false``; ``NON_ABSENT`` only null. The entity's
``getSaveExclusions()`` list applies to every class annotated ``@JsonFilter("customFilter")`` (``filtered``)
in the body, nested ones included (a customer's tax rates lose their ``id``).

**.NET** (Invoiced/invoiced-dotnet 4.0.2, Newtonsoft): nulls and default values (``0``, ``false``) are left
out, and a ``ShouldSerialize…`` method that answers false on ``SaveAll`` drops an attribute; those that answer
true only on ``Create`` are not listed. Some answer false only for the object being saved, not for one nested
in it (``NESTED``); ``PaymentItem.document_type`` is left out when blank (``UNLESS_BLANK``).

Classes whose save the API does not route (``Charge``, ``Refund``, ``File``, ``PaymentPlan``) are modelled only
as nested objects.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

NON_EMPTY, NON_DEFAULT, NON_ABSENT, ALWAYS = "non_empty", "non_default", "non_absent", "always"
SAVED, NESTED, UNLESS_BLANK = "saved", "nested", "unless_blank"

Attribute = tuple[str, str, str | None]  # (name, rule, nested class or None)


@dataclass(frozen=True)
class JavaClass:
    attributes: tuple[Attribute, ...]
    filtered: bool = True  # @JsonFilter("customFilter"): the saved entity's exclusions apply here too


def _java(spec: str, *, filtered: bool = True, **nested: str) -> JavaClass:
    """``"id:d name:e"`` → attributes (``d`` NON_DEFAULT, ``e`` NON_EMPTY, ``a`` NON_ABSENT, ``w`` ALWAYS)."""
    rules = {"d": NON_DEFAULT, "e": NON_EMPTY, "a": NON_ABSENT, "w": ALWAYS}
    pairs = [item.rsplit(":", 1) for item in spec.split()]
    return JavaClass(tuple((name, rules[rule], nested.get(name)) for name, rule in pairs), filtered)


_DOCUMENT = ("id:d customer:d name:e number:e currency:e draft:e closed:e voided:e date:d purchase_order:e items:e "
             "notes:e subtotal:d discounts:e taxes:e metadata:e attachments:e calculate_taxes:e")
_DOCUMENT_NESTED = {"items": "LineItem", "discounts": "Discount", "taxes": "Tax"}

JAVA: dict[str, JavaClass] = {
    "Contact": _java("id:d name:e email:e primary:e address1:e address2:e city:e state:e postal_code:e country:e "
                     "title:e phone:e sms_enabled:e department:e"),
    "Coupon": _java("id:d name:d currency:e value:e is_percent:e exclusive:e duration:e expiration_date:e "
                    "max_redemptions:e metadata:e"),
    "CreditBalanceAdjustment": _java("id:d customer:d date:d currency:e amount:d notes:e"),
    "CreditNote": _java(_DOCUMENT, **_DOCUMENT_NESTED),
    "Customer": _java("id:d name:e number:e email:e autopay:e autopay_delay_days:e payment_terms:e "
                      "disabled_payment_methods:e type:e attention_to:e address1:e address2:e city:e state:e "
                      "postal_code:e country:e language:e chase:e chasing_cadence:e next_chase_step:e taxable:e "
                      "tax_id:e taxes:e avalara_entity_use_code:e avalara_exemption_number:e phone:e credit_hold:e "
                      "credit_limit:e owner:e notes:e parent_customer:e bill_to_parent:e sign_up_page:e metadata:e",
                      taxes="TaxRate"),
    "Estimate": _java(_DOCUMENT + " expiration_date:d deposit:d deposit_paid:d payment_terms:e ship_to:e "
                      "disabled_payment_methods:e", ship_to="ShippingDetail", **_DOCUMENT_NESTED),
    "Invoice": _java(_DOCUMENT + " due_date:d payment_terms:e autopay:e attempt_count:d ship_to:e "
                     "disabled_payment_methods:e", ship_to="ShippingDetail", **_DOCUMENT_NESTED),
    "Item": _java("id:d name:d currency:e unit_cost:e description:e type:e taxable:e taxes:e avalara_tax_code:e "
                  "avalara_location_code:e gl_account:e discountable:e metadata:e", taxes="TaxRate"),
    "Note": _java("id:d notes:d customer:e user:e metadata:e"),
    "Payment": _java("id:d customer:d date:d method:e matched:e voided:e status:e currency:e amount:d balance:d "
                     "reference:e source:e notes:e charge:e applied_to:d", charge="Charge", applied_to="PaymentItem"),
    "PendingLineItem": _java("id:d catalog_item:e type:e name:e description:e quantity:d amount:d unit_cost:d "
                             "discountable:e discounts:e taxable:e taxes:e metadata:e",
                             discounts="Discount", taxes="Tax"),
    "Plan": _java("id:d catalog_item:e name:d currency:e amount:e pricing_mode:e quantity_type:e interval:e "
                  "interval_count:e tiers:e metadata:e"),
    "Subscription": _java("id:d customer:d amount:d plan:e start_date:d bill_in:e bill_in_advance_days:e quantity:d "
                          "cycles:d snap_to_nth_day:d cancel_at_period_end:e prorate:e proration_date:d paused:e "
                          "contract_period_start:e contract_period_end:e contract_renewal_cycles:e "
                          "contract_renewal_mode:e status:e addons:a discounts:e taxes:e ship_to:e "
                          "pending_line_items:e metadata:e", addons="SubscriptionAddon", discounts="Coupon",
                          taxes="TaxRate", ship_to="ShippingDetail"),
    "Task": _java("id:d name:e action:d customer_id:e user_id:e due_date:e complete:e completed_date:e "
                  "completed_by_user_id:e chase_step_id:e"),
    "TaxRate": _java("id:d name:d currency:e value:e is_percent:e inclusive:e metadata:e"),
    # only ever nested
    "LineItem": _java("id:d catalog_item:e type:e name:e description:e quantity:d unit_cost:d amount:d "
                      "discountable:e discounts:e taxable:e taxes:e plan:e period_start:e period_end:e prorated:e "
                      "subscription:e metadata:e", filtered=False, discounts="Discount", taxes="Tax"),
    "Discount": _java("id:d amount:d coupon:e expires:d", filtered=False, coupon="Coupon"),
    "Tax": _java("id:d amount:d tax_rate:e", filtered=False, tax_rate="TaxRate"),
    "ShippingDetail": _java("name:e attention_to:e address1:e address2:e city:e state:e postal_code:e country:e",
                            filtered=False),
    "SubscriptionAddon": _java("id:d description:e plan:e quantity:d amount:d", filtered=False),
    "PaymentItem": _java("type:d amount:d invoice:d estimate:d credit_note:d document_type:d", filtered=False),
    "Charge": _java("id:d customer:d status:e gateway:e gateway_id:e payment_source:e currency:e amount:d "
                    "failure_message:e amount_refunded:d refunded:d refunds:d disputed:d",
                    payment_source="PaymentSource", refunds="Refund"),
    "PaymentSource": _java("id:d gateway:e gateway_id:e gateway_customer:e chargeable:e receipt_email:e",
                           filtered=False),
    "Refund": _java("id:d charge:d status:e gateway:e gateway_id:e currency:e amount:d failure_message:e"),
}

# getSaveExclusions() of each class whose save() the API routes.
JAVA_SAVES: dict[str, tuple[str, ...]] = {
    "Contact": ("id", "created_at"),
    "Coupon": ("id", "object", "currency", "value", "is_percent", "exclusive", "expiration_date", "max_redemptions",
               "created_at"),
    "CreditBalanceAdjustment": ("id", "created_at"),
    "CreditNote": ("id", "paid", "status", "total", "balance", "url", "pdf_url", "object", "created_at", "invoice",
                   "customer"),
    "Customer": ("id", "object", "payment_source", "next_chase_step", "sign_up_url", "statement_pdf_url",
                 "created_at"),
    "Estimate": ("id", "approved", "status", "subtotal", "total", "url", "pdf_url", "object", "created_at", "invoice",
                 "customer"),
    "Invoice": ("id", "paid", "status", "total", "url", "pdf_url", "object", "created_at", "attempt_count",
                "next_payment_attempt", "subscription", "subtotal", "balance", "payment_url"),
    "Item": ("id", "currency", "object", "unit_cost", "taxable", "taxes", "avalara_tax_code", "discountable",
             "gl_account", "created_at"),
    "Note": ("id", "object", "customer", "customer_id", "invoice_id", "created_at"),
    "Payment": ("id", "status", "pdf_url", "balance", "matched", "voided", "created_at"),
    "PendingLineItem": ("id", "plan", "catalog_item"),
    "Plan": ("id", "object", "catalog_item", "currency", "amount", "pricing_mode", "quantity_type", "interval",
             "interval_count", "tiers", "created_at"),
    "Subscription": ("id", "customer", "bill_in", "cycles", "snap_to_nth_day", "period_start", "period_end",
                     "canceled_at", "contract_period_start", "contract_period_end", "status", "recurring_total", "mrr",
                     "url", "created_at"),
    "Task": ("id", "customer_id", "complete", "completed_date", "completed_by_user_id", "chase_step_id", "created_at"),
    "TaxRate": ("id", "object", "currency", "value", "inclusive", "is_percent", "created_at"),
}


def _dropped(value: Any, rule: str) -> bool:
    if value is None:
        return rule != ALWAYS
    if rule in (NON_EMPTY, NON_DEFAULT) and value in ("", [], {}):
        return True
    return rule == NON_DEFAULT and (value is False or (value == 0 and not isinstance(value, bool)))


def java_body(entity: str, shown: dict[str, Any]) -> dict[str, Any]:
    """What ``entity.save()`` PATCHes after the client read ``shown``."""
    return _java_object(entity, shown, JAVA_SAVES[entity])


def _java_object(name: str, shown: dict[str, Any], excluded: tuple[str, ...]) -> dict[str, Any]:
    cls = JAVA[name]
    body: dict[str, Any] = {}
    for attribute, rule, nested in cls.attributes:
        if cls.filtered and attribute in excluded:
            continue
        value = shown.get(attribute)
        if nested is not None and isinstance(value, list):
            value = [_java_object(nested, v, excluded) if isinstance(v, dict) else v for v in value]
        elif nested is not None and isinstance(value, dict):
            value = _java_object(nested, value, excluded)
        if not _dropped(value, rule):
            body[attribute] = value
    return body


def _net(spec: str, **nested: str) -> tuple[tuple[str, str, str | None], ...]:
    """``"name amount! document_type?"``: sent on save; ``!`` only when nested; ``?`` unless blank."""
    out = []
    for item in spec.split():
        when = NESTED if item.endswith("!") else UNLESS_BLANK if item.endswith("?") else SAVED
        name = item.rstrip("!?")
        out.append((name, when, nested.get(name)))
    return tuple(out)


_NET_DOCUMENT = ("name number currency draft closed voided date purchase_order items notes discounts taxes metadata "
                 "attachments calculate_taxes")

NET: dict[str, tuple[tuple[str, str, str | None], ...]] = {
    "Contact": _net("name email primary address1 address2 city state postal_code country title phone sms_enabled "
                    "department"),
    "Coupon": _net("name durationo metadata"),
    "CreditBalanceAdjustment": _net("date customer currency amount notes"),
    "CreditNote": _net(_NET_DOCUMENT, **_DOCUMENT_NESTED),
    "Customer": _net("name number email autopay payment_terms disabled_payment_methods type attention_to address1 "
                     "address2 city state postal_code country language chase chasing_cadence taxable tax_id taxes "
                     "avalara_entity_use_code avalara_exemption_number phone credit_hold credit_limit owner notes "
                     "parent_customer bill_to_parent sign_up_page metadata", taxes="Tax"),
    "Estimate": _net(_NET_DOCUMENT + " expiration_date deposit deposit_paid payment_terms ship_to "
                     "disabled_payment_methods", ship_to="ShippingDetail", **_DOCUMENT_NESTED),
    "Invoice": _net(_NET_DOCUMENT + " due_date payment_terms autopay ship_to disabled_payment_methods",
                    ship_to="ShippingDetail", **_DOCUMENT_NESTED),
    "Item": _net("name description type avalara_location_code metadata"),
    "Note": _net("notes user metadata"),
    "Payment": _net("customer date method currency amount reference source notes charge applied_to",
                    charge="Charge", applied_to="PaymentItem"),
    "PendingLineItem": _net("object type name description quantity amount unit_cost discountable discounts taxable "
                            "taxes metadata", discounts="Discount", taxes="Tax"),
    "Plan": _net("name metadata"),
    "Subscription": _net("customer! amount plan! bill_in_advance_days quantity snap_to_nth_day cancel_at_period_end "
                         "prorate proration_date paused contract_renewal_cycles contract_renewal_mode addons discounts "
                         "taxes ship_to metadata", addons="SubscriptionAddon", ship_to="ShippingDetail"),
    "Task": _net("name action user_id due_date"),
    "TaxRate": _net("name metadata"),
    # only ever nested
    "LineItem": _net("id object catalog_item type name description quantity unit_cost amount discountable discounts "
                     "taxable taxes plan period_start periood_end prorated subscription metadata updated_at",
                     discounts="Discount", taxes="Tax"),
    "Discount": _net("id object amount coupon expires", coupon="Coupon"),
    "Tax": _net("id object amount tax_rate", tax_rate="TaxRate"),
    "ShippingDetail": _net("name attention_to address1 address2 city state postal_code country"),
    "SubscriptionAddon": _net("id object description amount plan quantity"),
    "PaymentItem": _net("type amount invoice estimate credit_note document_type?"),
    "Charge": _net("id object customer status gateway gateway_id payment_source currency amount failure_message "
                   "amount_refunded refunded refunds disputed created_at updated_at",
                   payment_source="PaymentSource", refunds="Refund"),
    "PaymentSource": _net("id object gateway gateway_id gateway_customer chargeable failure_reason receipt_email"),
    "Refund": _net("id object charge status gateway gateway_id currency amount failure_message created_at "
                   "updated_at"),
}
NET_SAVES = ("Contact", "Coupon", "CreditBalanceAdjustment", "CreditNote", "Customer", "Estimate", "Invoice", "Item",
             "Note", "Payment", "PendingLineItem", "Plan", "Subscription", "Task", "TaxRate")


def net_body(entity: str, shown: dict[str, Any]) -> dict[str, Any]:
    """What ``entity.SaveAll()`` PATCHes after the client read ``shown``."""
    return _net_object(entity, shown, nested=False)


def _net_object(name: str, shown: dict[str, Any], nested: bool) -> dict[str, Any]:
    body: dict[str, Any] = {}
    for attribute, when, inner in NET[name]:
        value = shown.get(attribute)
        if (when == NESTED and not nested) or (when == UNLESS_BLANK and value == ""):
            continue
        if inner is not None and isinstance(value, list):
            value = [_net_object(inner, v, nested=True) if isinstance(v, dict) else v for v in value]
        elif inner is not None and isinstance(value, dict):
            value = _net_object(inner, value, nested=True)
        if value is None or value is False or (value == 0 and not isinstance(value, bool)):
            continue
        body[attribute] = value
    return body
