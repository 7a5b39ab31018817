import pytest

from invoiced_mock import HandlerError


def on_event(event):  # your consumer, with a bug
    raise KeyError("tier")


def test_a_handler_that_raises_fails_the_test(invoiced_mock):
    with pytest.raises(ValueError, match=r"did you mean invoice\.created"):
        invoiced_mock.webhooks(on_event, types=["invoice.create"])  # refused: no such event type
    invoiced_mock.webhooks(on_event, types=["customer.created"])

    invoiced_mock.client.Customer.create(name="Acme")  # the API call succeeds...
    with pytest.raises(HandlerError, match="raised KeyError"):
        invoiced_mock.verify()  # ...and the fixture's teardown would fail the test like this
