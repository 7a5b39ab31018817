"""The plugin's clock options take what the clock takes: UNIX seconds or ISO dates, from ini or command line."""

from __future__ import annotations

import pytest

TEST = """
    def test_frozen(invoiced_mock):
        assert invoiced_mock.clock.now() == {expected}
"""


@pytest.mark.parametrize(("ini", "option", "expected"), [
    ("2024-03-01", None, 1_709_251_200),
    ("1700000000", None, 1_700_000_000),
    ("1700000000", "2024-02-29T12:00:00Z", 1_709_208_000),  # the command line beats ini
])
def test_frozen_at_from_ini_and_command_line(pytester: pytest.Pytester, ini: str, option: str | None,
                                            expected: int) -> None:
    pytester.makeini(f"[pytest]\ninvoiced_mock_frozen_at = {ini}\n")
    pytester.makepyfile(TEST.format(expected=expected))
    args = ["-p", "no:cacheprovider"] + ([f"--invoiced-mock-frozen-at={option}"] if option else [])
    pytester.runpytest(*args).assert_outcomes(passed=1)


def test_a_frozen_at_that_is_no_instant_is_a_usage_error(pytester: pytest.Pytester) -> None:
    pytester.makepyfile(TEST.format(expected=0))
    result = pytester.runpytest("-p", "no:cacheprovider", "--invoiced-mock-frozen-at=next tuesday")
    assert result.ret == pytest.ExitCode.USAGE_ERROR
    result.stderr.fnmatch_lines(["*--invoiced-mock-frozen-at: invalid timestamp value: 'next tuesday'*"])
