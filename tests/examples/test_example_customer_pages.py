def test_the_customer_pays_from_the_link_the_api_gave(invoiced_mock):
    customer = invoiced_mock.factories.customer(name="Acme")
    invoice = invoiced_mock.factories.invoice(customer=customer["id"],
                                              items=[{"name": "Design", "unit_cost": 300}])
    pages = invoiced_mock.customer_pages

    link = pages.payment_url(invoice)  # hand it to selenium, Playwright or Cypress; or act as the customer:
    declined = pages.pay(invoice, card="4000000000000002")
    paid = pages.pay(invoice)  # 4242 4242 4242 4242

    assert link == invoiced_mock.client.Invoice.retrieve(invoice["id"]).payment_url
    assert (declined.paid, declined.failure) == (False, "Your card was declined.")
    assert paid.paid and invoiced_mock.client.Invoice.retrieve(invoice["id"]).status == "paid"
