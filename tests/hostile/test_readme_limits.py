"""The README's "Hostile input" example runs as printed, and its table states the limits the code enforces."""

from __future__ import annotations

import re
from pathlib import Path

from invoiced_mock.control.faults import MAX_RULES
from invoiced_mock.control.journal import Journal
from invoiced_mock.core import events, hierarchy, presenter
from invoiced_mock.core.fields import TEXT_LIMIT
from invoiced_mock.http import limits, safejson
from invoiced_mock.server import wire

README = Path(__file__).resolve().parents[2] / "README.md"


def section() -> str:
    text = README.read_text(encoding="utf-8")
    start = text.index("## Hostile input: limits and ceilings")
    return text[start:text.index("\n## ", start + 1)]


def test_the_example_runs() -> None:
    (snippet,) = re.findall(r"```python\n(.*?)```", section(), flags=re.S)
    exec(snippet, {})


def test_the_stated_limits_are_the_enforced_ones() -> None:
    text = section()
    stated = [("8 KiB", limits.MAX_URL == 8 * 1024), ("32 KiB / 100", limits.MAX_HEADERS == 32 * 1024
                                                       and limits.MAX_HEADER_COUNT == 100),
              ("| 1 MiB |", limits.MAX_BODY == 2**20), ("10 MiB / 1,000 / 64 KiB", limits.MAX_UPLOAD == 10 * 2**20
                                                      and limits.MAX_PARTS == 1_000 and limits.MAX_FIELD == 64 * 1024),
              ("| 1,000 (PHP", limits.MAX_PARAMETERS == 1_000), ("| 32 levels |", safejson.MAX_DEPTH == 32),
              ("65,535 characters", TEXT_LIMIT == 65_535), ("at most 4 levels", presenter.MAX_EXPAND_DEPTH == 4),
              ("20 paths", presenter.MAX_EXPANDS == 20), ("at most 50 links", hierarchy.MAX_DEPTH == 50),
              ("100 active rules per key", MAX_RULES == 100), ("a year of mock time", events.RETENTION == 365 * 86_400),
              ("| 10 s |", wire.RequestHandler.timeout == 10),
              ("64 MiB, and 256 MiB", (Journal().max_bytes, Journal().total_bytes) == (64 * 2**20, 256 * 2**20))]
    for words, true in stated:
        assert words in text and true, words
