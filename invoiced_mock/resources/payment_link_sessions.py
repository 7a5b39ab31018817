"""Sessions of a payment link (backend ``ListPaymentLinkSessionsRoute``): ``GET /payment_links/:id/sessions``.

Each completed payment through the link (``POST /payment_links/:id/pay``, ``resources/payment_links.py``):
``completed_at``, and the ``customer``, ``invoice`` and ``payment`` it made, as the backend's
``PaymentLinkSession`` shows them (no ``object`` key). The backend lists completed sessions only; the mock
keeps no unfinished ones.
"""

from __future__ import annotations

from invoiced_mock.core.fields import Int, Ref, Timestamp
from invoiced_mock.core.resource import Field
from invoiced_mock.rules.settings import Setting


class PaymentLinkSessions(Setting):
    object = "payment_link_session"
    path = "sessions"
    label = "Payment Link Session"
    parent = "payment_link"
    parent_field = "payment_link"
    operations = frozenset({"list"})
    fields = (
        Field("payment_link", Int(), read_only=True, hidden=True),
        Field("completed_at", Timestamp(), read_only=True),
        Field("customer", Ref(resource="customer"), read_only=True),
        Field("invoice", Ref(resource="invoice"), read_only=True),
        Field("payment", Ref(resource="payment"), read_only=True),
    )
