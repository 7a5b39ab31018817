"""The clock: frozen, advanced, never backwards."""

from __future__ import annotations

import pytest

from invoiced_mock import Clock


def test_frozen_clock_moves_only_when_advanced() -> None:
    clock = Clock(frozen_at=1_000)
    assert clock.now() == 1_000 and clock.frozen
    seen: list[int] = []
    clock.on_advance(seen.append)
    assert clock.advance(days=1, hours=1, seconds=1) == 1_000 + 86_400 + 3_600 + 1
    assert seen == [clock.now()]
    with pytest.raises(ValueError):
        clock.advance(seconds=-1)


def test_running_clock_follows_its_source_plus_the_offset() -> None:
    now = [5_000.7]
    clock = Clock(source=lambda: now[0])
    assert clock.now() == 5_000 and not clock.frozen
    clock.advance(days=2)
    now[0] += 10
    assert clock.now() == 5_010 + 2 * 86_400
    frozen = clock.freeze()
    now[0] += 100
    assert clock.now() == frozen
    clock.unfreeze()
    assert clock.now() == frozen
    now[0] += 1
    assert clock.now() == frozen + 1
