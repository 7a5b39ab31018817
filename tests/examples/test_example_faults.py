import invoiced
import pytest


def test_a_rate_limit_reaches_your_code_as_the_clients_error(invoiced_mock):
    invoiced_mock.fail_next("POST", "/customers", status=429, times=1)

    with pytest.raises(invoiced.errors.RateLimitError):
        invoiced_mock.client.Customer.create(name="Acme")
    assert invoiced_mock.client.Customer.create(name="Acme").id == 1   # the next call goes through


def test_dropped_connections_and_timeouts(invoiced_mock):
    invoiced_mock.drop_connection("GET", "/customers/*")   # requests.ConnectionError, in process
    invoiced_mock.time_out("GET", "/customers")            # requests.ReadTimeout

    with pytest.raises(invoiced.errors.ApiConnectionError):
        invoiced_mock.client.Customer.retrieve(1)
    with pytest.raises(invoiced.errors.ApiConnectionError):
        invoiced_mock.client.Customer.list()
