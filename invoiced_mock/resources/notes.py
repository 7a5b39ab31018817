"""Notes (§2.19): private remarks on a customer or on one of its invoices.

Reachable at ``/notes`` and, as the Python, Ruby and PHP clients build it, under
``/customers/<id>/notes`` (customer-level notes only) and ``/invoices/<id>/notes``. Clients name the
owner ``customer_id``/``invoice_id`` or ``customer``/``invoice``; both spellings are stored and shown. A note
shows the ``user`` who wrote it only when one did: the API leaves it out of notes written with an API key,
which are all the mock's (``include=user`` asks for it: null).
"""

from __future__ import annotations

from invoiced_mock.core.fields import Ref, Str
from invoiced_mock.core.resource import REGISTRY, TIMESTAMPS, Field, Mount, Resource
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.resources.embedded import USER
from invoiced_mock.store.business import Business, Record

# Each owner reference and its alias as clients send it.
OWNERS = (("customer", "customer_id"), ("invoice", "invoice_id"))


class Notes(Resource):
    object = "note"
    path = "notes"
    label = "Note"
    mounts = (Mount("customer", "customer", unset=("invoice",)), Mount("invoice", "invoice"))
    request_rules = (  # apply_rules below, as schema: an owner, a customer or an invoice
        {"anyOf": [{"required": [name]} for name in ("customer", "customer_id", "invoice", "invoice_id")]},)
    fields = (
        Field("notes", Str(), required=True),
        Field("customer", Ref(resource="customer"), create_only=True),
        Field("customer_id", Ref(resource="customer"), create_only=True),
        Field("invoice", Ref(resource="invoice"), create_only=True),
        Field("invoice_id", Ref(resource="invoice"), create_only=True),
        Field("user", USER, read_only=True, hidden=True),  # who wrote it: no one, with an API key
        *TIMESTAMPS,
    )

    def apply_rules(self, business: Business, record: Record, old: Record | None) -> None:
        if old is not None:
            return
        for name, alias in OWNERS:
            given = {v for v in (record.get(name), record.get(alias)) if v is not None}
            if len(given) > 1:
                raise InvalidRequest(f"{name} and {alias} name different objects", alias)
            record[name] = record[alias] = given.pop() if given else None
        if record["invoice"] is not None:
            invoice = REGISTRY["invoice"].table(business).get(record["invoice"])
            if invoice is None:
                raise InvalidRequest(f"No such invoice: {record['invoice']}", "invoice_id")
            if record["customer"] not in (None, invoice["customer"]):
                raise InvalidRequest("Give a customer or an invoice, not both", "customer_id")
            record["customer"] = record["customer_id"] = invoice["customer"]
        elif record["customer"] is None:
            raise InvalidRequest("A note needs a customer_id or an invoice_id", "customer_id")
