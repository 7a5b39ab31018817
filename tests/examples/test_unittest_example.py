import unittest

import invoiced

from invoiced_mock import InvoicedMockTestCase


def register(name):  # your code: it builds the client exactly as in production
    return invoiced.Client("sk_test_invoiced_mock").Customer.create(name=name)


class RegisterTests(InvoicedMockTestCase):  # or InvoicedMockMixin beside your own TestCase base
    invoiced_mock_frozen_at = "2024-03-01"  # also: invoiced_mock_api_key, invoiced_mock_follow_time

    def test_register_creates_the_customer(self):
        customer = register("Acme Inc")

        self.assertEqual(customer.created_at, 1_709_251_200)
        self.invoiced_mock.requests.assert_called("POST", "/customers", times=1, json={"name": "Acme Inc"})


if __name__ == "__main__":
    unittest.main()
