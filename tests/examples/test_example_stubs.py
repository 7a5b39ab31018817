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


def test_list_stubs_page_and_stubs_match_requests_and_answer_in_turn(invoiced_mock):
    overdue = [{"id": n, "object": "invoice", "status": "past_due"} for n in range(1, 151)]
    invoiced_mock.stub("GET", "/invoices", json=overdue, match_query={"filter[status]": "past_due"})
    invoiced_mock.stub("POST", "/customers", status=[503, 201], json={"id": 9, "object": "customer"},
                       match_json={"name": "Acme"})

    invoices, metadata = invoiced_mock.client.Invoice.list(filter={"status": "past_due"})
    assert (len(invoices), metadata.total_count) == (100, 150)  # one page, Link and X-Total-Count as the API's
    with pytest.raises(invoiced.errors.ApiError):
        invoiced_mock.client.Customer.create(name="Acme")  # 503 first...
    assert invoiced_mock.client.Customer.create(name="Acme").id == 9  # ...then 201
    assert str(invoiced_mock.requests.last) == "POST /customers → 201 (stub #2)"
