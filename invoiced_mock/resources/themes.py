"""Themes: the titles, headers and style of a business's documents, and the PDF template per type."""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Ref, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.rules.settings import Setting, slug_id, slug_id_rule

STYLES = ("classic", "compact", "minimal", "modern", "simple")
# Every document label a theme can rename, with the wording documents use when it does not.
LABELS = {
    "name": "Default", "from_title": "From", "to_title": "Bill To", "ship_to_title": "Ship To",
    "customer_number_title": "Account #", "invoice_number_title": "Invoice Number", "date_title": "Date",
    "payment_terms_title": "Payment Terms", "due_date_title": "Due Date", "purchase_order_title": "Purchase Order",
    "quantity_header": "Quantity", "item_header": "Item", "unit_cost_header": "Rate", "amount_header": "Amount",
    "subtotal_title": "Subtotal", "notes_title": "Notes", "terms_title": "Terms", "header": "INVOICE",
    "amount_paid_title": "Amount Paid", "balance_title": "Balance Due", "header_estimate": "ESTIMATE",
    "estimate_number_title": "Estimate Number", "total_title": "Total", "header_receipt": "RECEIPT",
    "amount_title": "Amount", "payment_method_title": "Payment Method", "check_no_title": "Check #",
    "receipt_footer": "Thank you!",
}
SHOWN = {"show_company_email": True, "show_company_phone": True, "show_company_website": True,
         "show_customer_no": False, "use_translations": True}
DOCUMENTS = ("credit_note", "estimate", "invoice", "receipt", "statement")


class Themes(Setting):
    object = "theme"
    path = "themes"
    label = "Theme"
    string_ids = True
    request_rules = (slug_id_rule(),)
    fields = (
        slug_id(),
        *(Field(name, Str(max_length=255), default=text) for name, text in LABELS.items()),
        Field("terms", Str()),
        Field("estimate_footer", Str()),
        *(Field(name, Bool(), default=shown) for name, shown in SHOWN.items()),
        Field("style", Str(choices=STYLES), default="classic"),
        *(Field(f"{document}_template_id", Ref(resource="pdf_template")) for document in DOCUMENTS),
        *TIMESTAMPS,
    )
