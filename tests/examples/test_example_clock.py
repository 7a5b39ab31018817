from datetime import timedelta

import freezegun
import pytest


@pytest.mark.invoiced_mock(frozen_at=1_700_000_000)
def test_time_moves_only_when_you_say(invoiced_mock):
    first = invoiced_mock.client.Customer.create(name="Acme")
    invoiced_mock.clock.advance(days=31)
    second = invoiced_mock.client.Customer.create(name="Bolt")

    assert first.created_at == 1_700_000_000
    assert second.created_at == 1_700_000_000 + 31 * 86_400


@pytest.mark.invoiced_mock(frozen_at="2024-01-31")       # ISO dates and datetimes (naive: UTC) too
def test_months_follow_the_calendar(invoiced_mock):
    invoiced_mock.clock.advance(months=1)                 # Jan 31 + 1 month: Feb 29, the month's end
    assert invoiced_mock.clock.now() == 1_709_164_800
    invoiced_mock.clock.advance(timedelta(days=1), years=1)
    assert invoiced_mock.clock.now() == 1_740_787_200     # 2025-03-01: calendar first, then the day


@pytest.mark.invoiced_mock(follow_time=True)
def test_the_clock_follows_freezegun_when_asked(invoiced_mock):
    with freezegun.freeze_time("2024-03-01"):
        assert invoiced_mock.client.Customer.create(name="Acme").created_at == 1_709_251_200
