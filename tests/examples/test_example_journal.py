import pytest


def test_a_failed_assertion_names_the_near_misses(invoiced_mock):
    invoiced_mock.client.Customer.create(name="Acme", email="billing@acme.test")

    with pytest.raises(AssertionError) as failure:
        invoiced_mock.requests.assert_called("POST", "/customers", json={"email": "ops@acme.test"})

    assert str(failure.value) == (
        "Expected POST /customers json={'email': 'ops@acme.test'} to be called at least once; "
        "it was called 0 times (1 request recorded).\n"
        "Closest calls:\n"
        "  #1 POST /customers → 201: json['email'] was 'billing@acme.test', expected 'ops@acme.test'")
