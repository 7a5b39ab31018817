"""SMS templates: the text message sent by chasing steps and ``send_sms``."""

from __future__ import annotations

from invoiced_mock.core.fields import Str
from invoiced_mock.core.resource import TIMESTAMPS, Field
from invoiced_mock.rules.settings import Setting, language, template_engine


class SmsTemplates(Setting):
    object = "sms_template"
    path = "sms_templates"
    label = "SMS Template"
    fields = (
        Field("name", Str(max_length=255), required=True),
        language(),
        Field("message", Str(), required=True),
        template_engine(),
        *TIMESTAMPS,
    )
