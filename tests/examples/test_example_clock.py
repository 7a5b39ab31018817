import pytest


@pytest.mark.invoiced_mock(frozen_at=1_700_000_000)
def test_time_moves_only_when_you_say(invoiced_mock):
    first = invoiced_mock.client.Customer.create(name="Acme")
    invoiced_mock.clock.advance(days=31)
    second = invoiced_mock.client.Customer.create(name="Bolt")

    assert first.created_at == 1_700_000_000
    assert second.created_at == 1_700_000_000 + 31 * 86_400
