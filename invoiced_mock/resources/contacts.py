"""Contacts: the people at a customer, reachable only under ``/customers/<id>/contacts``."""

from __future__ import annotations

from invoiced_mock.core.fields import Bool, Email, Ref, Str
from invoiced_mock.core.resource import TIMESTAMPS, Field, Resource
from invoiced_mock.resources.customers import ADDRESS


class Contacts(Resource):
    object = "contact"
    path = "contacts"
    label = "Contact"
    parent = "customer"
    fields = (
        Field("customer", Ref(resource="customer"), read_only=True),
        Field("name", Str(max_length=255), required=True),
        Field("title", Str(max_length=255)),
        Field("email", Email()),
        Field("phone", Str(max_length=255)),
        Field("primary", Bool(), default=True),
        Field("sms_enabled", Bool()),
        Field("send_new_invoices", Bool(), default=False),
        Field("department", Str(max_length=255)),
        Field("role", Str(max_length=255)),
        *ADDRESS,
        *TIMESTAMPS,
    )
