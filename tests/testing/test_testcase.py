"""unittest suites: ``InvoicedMockTestCase`` gives each test a fresh mock and closes it, whatever the outcome.

Each case defines a small ``TestCase`` and runs it with unittest's own runner, as a unittest suite would.
"""

from __future__ import annotations

import runpy
import unittest
from pathlib import Path

import invoiced

from invoiced_mock import InvoicedMockTestCase
from invoiced_mock.intercept.origins import ROUTES
from invoiced_mock.testing.testcase import InvoicedMockMixin

DOCS_PAGE = Path(__file__).resolve().parents[2] / "docs" / "how-to" / "unittest.md"
EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "test_unittest_example.py"


def run(case: type[unittest.TestCase]) -> unittest.TestResult:
    result = unittest.TestResult()
    unittest.defaultTestLoader.loadTestsFromTestCase(case).run(result)
    return result


def intercepted() -> bool:
    found = ROUTES.find_url("https://api.invoiced.com/customers")
    return found is not None and found[1] is not None  # a mock answers (the guard alone has no app)


def test_each_test_gets_a_fresh_mock_serving_the_official_client_and_it_is_closed_after() -> None:
    seen: list[tuple[int, bool]] = []

    class Billing(InvoicedMockTestCase):
        def test_one(self) -> None:
            customer = invoiced.Client(self.invoiced_mock.api_key).Customer.create(name="Acme")
            seen.append((customer.id, intercepted()))
            self.invoiced_mock.requests.assert_called("POST", "/customers", times=1)

        def test_two(self) -> None:
            self.test_one()

        def test_failing(self) -> None:
            self.test_one()
            self.fail("on purpose")

    result = run(Billing)
    assert (result.testsRun, len(result.failures), result.errors) == (3, 1, [])
    assert seen == [(1, True)] * 3  # every test starts empty
    assert not intercepted()  # closed in cleanup, the failing test's too


def test_class_attributes_configure_it_like_the_marker() -> None:
    class Configured(InvoicedMockTestCase):
        invoiced_mock_api_key = "sk_unit"
        invoiced_mock_frozen_at = "2024-01-31"

        def test_configured(self) -> None:
            assert self.invoiced_mock.api_key == "sk_unit"
            assert self.invoiced_mock.client.Customer.create(name="Acme").created_at == 1_706_659_200
            self.invoiced_mock.clock.advance(months=1)
            assert self.invoiced_mock.clock.now() == 1_709_164_800

    class Contradicting(InvoicedMockTestCase):
        invoiced_mock_frozen_at = 1
        invoiced_mock_follow_time = True

        def test_nothing(self) -> None:
            pass

    assert run(Configured).wasSuccessful()
    (error,) = run(Contradicting).errors
    assert "both set the clock; choose one" in error[1]


def test_the_mixin_goes_with_any_test_case_class_and_its_own_set_up() -> None:
    class Base(unittest.TestCase):
        def setUp(self) -> None:
            self.order = ["base"]

    class Mine(InvoicedMockMixin, Base):
        def setUp(self) -> None:
            super().setUp()
            self.order.append("mine")

        def test_it(self) -> None:
            assert self.order == ["base", "mine"]
            assert self.invoiced_mock.client.Customer.list()[0] == []

    assert run(Mine).wasSuccessful()


def test_the_documented_example_is_the_example_file_and_passes() -> None:
    page = DOCS_PAGE.read_text(encoding="utf-8")
    assert '--8<-- "tests/examples/test_unittest_example.py"' in page  # the page shows the file itself
    example = runpy.run_path(str(EXAMPLE))  # not as __main__: unittest.main() stays out of it
    assert run(example["RegisterTests"]).wasSuccessful()


def test_a_class_attribute_exports_the_key_to_the_environment_for_each_test(monkeypatch) -> None:
    import os

    monkeypatch.delenv("INVOICED_API_KEY", raising=False)
    seen: list[str | None] = []

    class FromEnvironment(InvoicedMockTestCase):
        invoiced_mock_api_key = "sk_env"
        invoiced_mock_api_key_env = "INVOICED_API_KEY"

        def test_reads_it(self) -> None:
            seen.append(os.environ.get("INVOICED_API_KEY"))
            assert invoiced.Client(os.environ["INVOICED_API_KEY"]).Customer.create(name="Acme").id == 1

    result = run(FromEnvironment)
    assert result.wasSuccessful(), result.failures + result.errors
    assert seen == ["sk_env"] and "INVOICED_API_KEY" not in os.environ
