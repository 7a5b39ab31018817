"""The way in for ``unittest.TestCase`` suites: ``self.invoiced_mock`` per test, as the pytest fixture gives.

    class BillingTests(InvoicedMockTestCase):
        invoiced_mock_frozen_at = "2024-03-01"

        def test_register(self):
            invoiced.Client(self.invoiced_mock.api_key).Customer.create(name="Acme")
            self.invoiced_mock.requests.assert_called("POST", "/customers", times=1)

:class:`InvoicedMockMixin` does the work for any ``TestCase`` subclass (Django's, asynctest's...):
``setUp`` builds a fresh, empty mock serving ``requests`` to the Invoiced hosts in process, and a cleanup
closes it after the test, whatever its outcome. Class attributes configure it like the pytest marker.
"""

from __future__ import annotations

import unittest
from collections.abc import Sequence
from contextlib import ExitStack
from typing import TYPE_CHECKING, ClassVar

from invoiced_mock.clock import Clock, Instant, live_time, real_time
from invoiced_mock.defaults import DEFAULT_API_KEY, DEFAULT_BASE_URLS

if TYPE_CHECKING:
    from invoiced_mock.testing.harness import Harness


class InvoicedMockMixin:
    """Gives each test ``self.invoiced_mock`` (a :class:`~invoiced_mock.testing.harness.Harness`). A ``setUp`` of
    your own must call ``super().setUp()``."""

    invoiced_mock_api_key: ClassVar[str] = DEFAULT_API_KEY
    invoiced_mock_frozen_at: ClassVar[Instant | None] = None  # start with the clock frozen
    invoiced_mock_follow_time: ClassVar[bool] = False  # the clock follows freezegun / time-machine
    invoiced_mock_base_urls: ClassVar[Sequence[str]] = DEFAULT_BASE_URLS
    invoiced_mock_api_key_env: ClassVar[str | None] = None  # set to the key while each test runs: INVOICED_API_KEY

    invoiced_mock: Harness

    def setUp(self) -> None:
        super().setUp()  # type: ignore[misc]
        from invoiced_mock.app import InvoicedMock
        from invoiced_mock.testing.harness import Harness

        if self.invoiced_mock_follow_time and self.invoiced_mock_frozen_at is not None:
            raise ValueError("invoiced_mock_follow_time and invoiced_mock_frozen_at both set the clock; choose one")
        clock = Clock(self.invoiced_mock_frozen_at, source=live_time if self.invoiced_mock_follow_time else real_time)
        stack = ExitStack()
        self.addCleanup(stack.close)  # type: ignore[attr-defined]
        self.invoiced_mock = stack.enter_context(Harness.in_process(
            self.invoiced_mock_api_key, tuple(self.invoiced_mock_base_urls), app=InvoicedMock(clock=clock)))
        if self.invoiced_mock_api_key_env is not None:
            self.invoiced_mock.export_key(self.invoiced_mock_api_key_env)


class InvoicedMockTestCase(InvoicedMockMixin, unittest.TestCase):
    """A ``unittest.TestCase`` whose every test gets a fresh ``self.invoiced_mock``."""
