def test_a_customer_with_two_invoices_and_a_partial_payment(invoiced_mock):
    acme = invoiced_mock.factories.customer(
        name="Acme",
        invoices=[{"items": [{"name": "Design", "unit_cost": 300}]},
                  {"items": [{"name": "Hosting", "unit_cost": 50}]}],
        payments=[lambda acme: {"amount": 100, "applied_to": [
            {"type": "invoice", "invoice": acme.related["invoices"][0]["id"], "amount": 100}]}],
    )

    design, hosting = acme.related["invoices"]                   # the dicts the API returned
    assert (design["number"], hosting["number"]) == ("INV-00001", "INV-00002")
    assert invoiced_mock.client.Invoice.retrieve(design["id"]).balance == 200
    assert invoiced_mock.client.Customer.retrieve(acme["id"]).balance()["total_outstanding"] == 250
