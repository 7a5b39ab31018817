"""Email templates: subject and body per document type; the id names the template (``new_invoice``)."""

from __future__ import annotations

from ..core.fields import Object, Str
from ..core.resource import TIMESTAMPS, Field
from ..rules.settings import Setting, language, slug_id, template_engine

TYPES = ("invoice", "credit_note", "payment_plan", "estimate", "subscription", "transaction", "statement", "chasing")


class EmailTemplates(Setting):
    object = "email_template"
    path = "email_templates"
    label = "Email Template"
    string_ids = True
    fields = (
        slug_id(),
        Field("name", Str(max_length=255), required=True),
        Field("type", Str(choices=TYPES), required=True),
        language(),
        Field("subject", Str(), required=True),
        Field("body", Str(), required=True),
        template_engine(),
        Field("options", Object(), default=dict),
        *TIMESTAMPS,
    )
