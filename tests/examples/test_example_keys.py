import invoiced
import pytest


def count_customers(api_key):  # your code: one client per tenant
    customers, _ = invoiced.Client(api_key).Customer.list()
    return len(customers)


@pytest.mark.invoiced_mock(keys=["sk_tenant_b"])
def test_each_allowed_key_is_a_business_of_its_own(invoiced_mock):
    invoiced_mock.client.Customer.create(name="Acme")
    tenant_b = invoiced_mock.for_key("sk_tenant_b")  # its business, journal, stubs and client

    assert (count_customers(invoiced_mock.api_key), count_customers("sk_tenant_b")) == (1, 0)
    tenant_b.requests.assert_called("GET", "/customers", times=1)
    with pytest.raises(invoiced.errors.AuthenticationError, match=r"keys=\['sk_typo'\]"):
        count_customers("sk_typo")  # any other key: a 401 that says how to allow it
