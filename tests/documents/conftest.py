"""Fixtures for the document tests: a customer and a small catalogue of rates."""

from __future__ import annotations

from typing import Any

import pytest

from invoiced_mock import InvoicedMock
from invoiced_mock.store.business import Business
from tests.conftest import API_KEY, Api


@pytest.fixture
def customer(api: Api) -> dict[str, Any]:
    return api.create("/customers", name="Acme Inc", email="billing@acme.test")


@pytest.fixture
def rates(api: Api) -> None:
    """vat: 8% exclusive; incl7: 7% tax-inclusive; ten: 10% coupon; five: 5.00 off."""
    api.create("/tax_rates", id="vat", name="VAT", value=8)
    api.create("/tax_rates", id="incl7", name="Inclusive 7", value=7, inclusive=True)
    api.create("/coupons", id="ten", name="Ten percent", value=10)
    api.create("/coupons", id="five", name="Five off", value=5, is_percent=False)


@pytest.fixture
def business(app: InvoicedMock, api: Api) -> Business:
    """The store behind the suite's API key (for calling the rules API the payment modules use)."""
    return app.business(API_KEY)

