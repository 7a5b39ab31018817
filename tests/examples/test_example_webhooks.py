class NewCustomers:  # your webhook consumer: must count each event once
    def __init__(self):
        self.seen, self.count = set(), 0

    def __call__(self, event):
        if event["id"] not in self.seen and event["type"] == "customer.created":
            self.seen.add(event["id"])
            self.count += 1


def test_the_consumer_survives_duplicates_and_reordering(invoiced_mock):
    consumer = NewCustomers()
    webhooks = invoiced_mock.webhooks(consumer, duplicates=1.0, reorder=True, seed=1)

    invoiced_mock.client.Customer.create(name="Acme")
    invoiced_mock.client.Customer.create(name="Bolt")
    webhooks.flush()                       # reordered events wait for a flush

    assert len(webhooks.events) == 4       # each delivered twice
    assert consumer.count == 2


def test_delayed_webhooks_follow_the_mock_clock(invoiced_mock):
    consumer = NewCustomers()
    invoiced_mock.webhooks(consumer, delay=60)

    invoiced_mock.client.Customer.create(name="Acme")
    assert consumer.count == 0
    invoiced_mock.clock.advance(minutes=1)
    assert consumer.count == 1
