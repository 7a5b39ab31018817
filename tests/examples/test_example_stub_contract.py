import pytest

from invoiced_mock.contract import ContractError, validate


def test_a_stub_body_that_no_invoice_could_have_is_refused():
    with pytest.raises(ContractError, match=r"\$\.status"):
        validate({"id": 7, "object": "invoice", "customer": 1, "status": "overdue"}, "invoice")
