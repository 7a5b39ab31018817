"""``follow_time=True``: the fixture's clock follows freezegun and time-machine; without it, it does not."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import freezegun
import pytest
import time_machine

from invoiced_mock.testing.harness import Harness

MARCH_1 = 1_709_251_200  # 2024-03-01T00:00:00Z
TIME_LIBRARIES: dict[str, Callable[[str], AbstractContextManager[Any]]] = {
    "freezegun": freezegun.freeze_time,
    "time-machine": lambda at: time_machine.travel(at, tick=False),
}


@pytest.mark.parametrize("library", TIME_LIBRARIES)
@pytest.mark.invoiced_mock(follow_time=True)
def test_the_clock_follows_a_frozen_time_library(invoiced_mock: Harness, library: str) -> None:
    with TIME_LIBRARIES[library]("2024-03-01"):
        created = invoiced_mock.client.Customer.create(name="Acme")
        invoiced_mock.clock.advance(months=1)
        later = invoiced_mock.client.Customer.create(name="Bolt")
    assert created.created_at == MARCH_1
    assert later.created_at == MARCH_1 + 31 * 86_400  # the mock's own advance adds to the library's time


@pytest.mark.parametrize("library", TIME_LIBRARIES)
def test_without_the_option_the_clock_keeps_real_time(invoiced_mock: Harness, library: str) -> None:
    with TIME_LIBRARIES[library]("2024-03-01"):
        created = invoiced_mock.client.Customer.create(name="Acme")
    assert created.created_at > MARCH_1 + 365 * 86_400


def test_the_ini_option_turns_it_on_and_frozen_at_conflicts(pytester: pytest.Pytester) -> None:
    pytester.makeini("[pytest]\ninvoiced_mock_follow_time = true\n")
    pytester.makepyfile("""
        import freezegun
        import pytest

        def test_follows(invoiced_mock):
            with freezegun.freeze_time("2024-03-01"):
                assert invoiced_mock.clock.now() == 1_709_251_200

        @pytest.mark.invoiced_mock(frozen_at=1_700_000_000)
        def test_conflict(invoiced_mock):
            pass

        def test_server(invoiced_mock_server):
            pass
    """)
    result = pytester.runpytest("-p", "no:cacheprovider")
    result.assert_outcomes(passed=1, errors=2)
    result.stdout.fnmatch_lines(["*follow_time and frozen_at both set the clock; choose one*",
                                 "*invoiced_mock_server: follow_time needs the in-process invoiced_mock fixture*"])
