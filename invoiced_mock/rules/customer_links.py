"""The links a business's customers open, and the client ids in them.

A customer's browser has no API key, so the URLs on objects (an invoice's ``url``, ``payment_url``, ``pdf_url``,
``csv_url``; an estimate's and a credit note's ``url`` and ``pdf_url``; a customer's ``statement_url`` and
``sign_up_url``; a sign-up page's ``url``) lead to pages on the sandbox's own origin that need none:

    <base>/portal/<business public id>/<kind>/<client id>[/<page>]

The client id is drawn at random when the object is created and stored with it (``client_id``, never shown
as an attribute, never taken from a request), so a link cannot be guessed from an id and keeps working as
the object changes. ``invoiced_mock/customer_pages`` serves these paths; this module only says where they are.
"""

from __future__ import annotations

import base64
import hmac
import secrets

from invoiced_mock.core.fields import Str
from invoiced_mock.core.resource import REGISTRY, Field
from invoiced_mock.store.business import Business, Record

PREFIX = "/portal"
CLIENT_ID = "client_id"  # the stored key; resources with pages list it in ``unique`` to be found by it
RANDOM_BYTES = 20  # 160 bits: 32 characters of base32
CLIENT_ID_FIELD = Field(CLIENT_ID, Str(max_length=64))  # how an import reads it (``Resource.internal``)

# The kind of page (a path segment) → the object behind it.
KINDS = {
    "invoices": "invoice",
    "credit_notes": "credit_note",
    "estimates": "estimate",
    "statements": "customer",
    "sign_up": "customer",
    "pages": "sign_up_page",
}


def new_client_id() -> str:
    """32 characters of ``[a-z2-7]``: lower case, as unique keys are matched case-insensitively; one read of the
    system's random source (a character at a time cost 40 µs of every create)."""
    return base64.b32encode(secrets.token_bytes(RANDOM_BYTES)).decode().lower()


def assign(record: Record) -> None:
    """Give a new object its client id (kept when it has one: an import, a copy)."""
    if not record.get(CLIENT_ID):
        record[CLIENT_ID] = new_client_id()


def path(business: Business, kind: str, record: Record, page: str = "") -> str | None:
    """``/portal/<public id>/<kind>/<client id>[/<page>]``; None for an object stored before it had a client id."""
    client_id = record.get(CLIENT_ID)
    if not client_id:
        return None
    return f"{PREFIX}/{business.public_id}/{kind}/{client_id}" + (f"/{page}" if page else "")


def url(business: Business, kind: str, record: Record, page: str = "") -> str | None:
    """The link as the API shows it: on the origin the API was last called on."""
    found = path(business, kind, record, page)
    return None if found is None else business.base_url + found


def find(business: Business, kind: str, client_id: str) -> Record | None:
    """The object of ``kind`` whose client id is exactly ``client_id``, or None."""
    name = KINDS.get(kind)
    resource = REGISTRY.get(name) if name is not None else None
    if resource is None or CLIENT_ID not in resource.unique or not client_id or not client_id.isascii():
        return None
    table = resource.table(business)
    record = table.get(table.owner_of(CLIENT_ID, client_id))
    if record is None or not hmac.compare_digest(str(record.get(CLIENT_ID)), client_id):
        return None
    return record
