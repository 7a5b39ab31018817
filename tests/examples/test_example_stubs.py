import invoiced
import pytest


def test_stubs_answer_states_the_mock_cannot_reach(invoiced_mock):
    invoiced_mock.stub("GET", "/invoices/*", json={"id": 7, "object": "invoice", "status": "pending"}, times=1)
    invoiced_mock.stub("POST", "/invoices/*/pay", status=402, json={"message": "Card declined"})

    invoice = invoiced_mock.client.Invoice.retrieve(7)
    assert invoice.status == "pending"
    with pytest.raises(invoiced.errors.ApiError, match="Card declined"):
        invoice.pay()
    invoiced_mock.requests.assert_called("POST", "/invoices/7/pay", status=402)
