"""Tax rates: percent or fixed, exclusive or tax-inclusive; applied to lines and documents."""

from __future__ import annotations

from invoiced_mock.core.fields import Bool
from invoiced_mock.core.resource import METADATA, TIMESTAMPS, Field
from invoiced_mock.resources.rate import RATE_FIELDS, Rate


class TaxRates(Rate):
    object = "tax_rate"
    path = "tax_rates"
    label = "Tax Rate"
    fields = (
        *RATE_FIELDS,
        Field("inclusive", Bool(), default=False, create_only=True),
        METADATA,
        *TIMESTAMPS,
    )
