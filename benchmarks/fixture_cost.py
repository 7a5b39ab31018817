"""What the ``invoiced_mock`` fixture costs a test, against ``responses`` and an empty test in the same run.

Whole tests, as a downstream suite runs them: each variant is a generated pytest module of ``TESTS``
identical tests run in process with ``pytest.main``; a hook times every test's full protocol (set-up,
call, teardown) in CPU time, and the figure is the median over tests, then over trials. Variants: an
empty test (the baseline), a trivial yield fixture (what pytest itself spends on any fixture), the
fixture alone, the fixture + one ``Customer.create`` through the official client, ``@responses.activate``
+ the same create answered by a stub with the same body, and a ``seed=`` world of 1,000 customers + one
create.

Memory: 10,000 customers created through the API's own code path (records, events, indexes), measured
with ``tracemalloc`` against ``json.loads`` of the same response bodies (one JSON array, so keys are
shared as the store shares field names), and, for the record, against the bodies' size as JSON text.
"""

from __future__ import annotations

import contextlib
import io
import json
import statistics
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from ._table import Figure

TESTS = 150
TRIALS = 5
WORLD = 1_000
MEMORY_CUSTOMERS = 10_000
KEY = "sk_test_invoiced_mock"
BODY = {"name": "Acme", "email": "billing@acme.example", "metadata": {"plan": "gold"}}
FIXTURE_BUDGET_MS = 0.5

HEADER = f"""
import invoiced
import pytest
import responses

BODY = {BODY!r}
ANSWER = {{}}  # filled in by the benchmark: the body the mock answers, for the stub


@pytest.fixture
def trivial(request):
    yield object()


def world(mock):
    for i in range({WORLD}):
        mock.factories.customer(name=f"Customer {{i}}")
"""
VARIANTS = {
    "empty": "def test_{n}():\n    pass\n",
    "trivial_fixture": "def test_{n}(trivial):\n    pass\n",
    "fixture": "def test_{n}(invoiced_mock):\n    pass\n",
    "fixture_create": "def test_{n}(invoiced_mock):\n    invoiced.Client('" + KEY + "').Customer.create(**BODY)\n",
    "responses_create": (
        "@responses.activate\ndef test_{n}():\n"
        "    responses.add(responses.POST, 'https://api.invoiced.com/customers', json=ANSWER, status=201)\n"
        "    invoiced.Client('" + KEY + "').Customer.create(**BODY)\n"),
    "seeded_create": ("@pytest.mark.invoiced_mock(seed=world)\ndef test_{n}(invoiced_mock):\n"
                      "    invoiced.Client('" + KEY + "').Customer.create(**BODY)\n"),
}


class _Timer:
    """A pytest plugin: seconds per test, whole protocol (set-up, call, teardown), in this process's CPU
    time: on a machine shared with other work, wall time measures the neighbours."""

    def __init__(self) -> None:
        self.seconds: list[float] = []
        self.failed = 0

    @pytest.hookimpl(hookwrapper=True)
    def pytest_runtest_protocol(self, item: pytest.Item) -> Iterator[None]:
        started = time.process_time()
        yield
        self.seconds.append(time.process_time() - started)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        self.failed += report.failed


def _answer() -> dict[str, Any]:
    """The body the mock answers to the benchmark's create: the stub answers the same."""
    import invoiced

    from invoiced_mock.testing.harness import Harness

    with Harness.in_process() as mock:
        invoiced.Client(mock.api_key).Customer.create(**BODY)
        answer: dict[str, Any] = mock.requests.last.response
    return answer


def _write(folder: Path, variant: str, answer: dict[str, Any]) -> Path:
    tests = "\n\n".join(VARIANTS[variant].format(n=n) for n in range(TESTS))
    path = folder / f"test_bench_{variant}.py"
    path.write_text(f"{HEADER}\nANSWER.update({answer!r})\n\n\n{tests}")
    return path


def _per_test(path: Path) -> float:
    """Median seconds per test of one pytest run over ``path``."""
    timer = _Timer()
    args = [str(path), "-q", "-p", "no:cacheprovider", "-p", "no:randomly", "--rootdir", str(path.parent),
            "-c", str(path.parent / "pytest.ini"), "--import-mode=importlib"]
    with contextlib.redirect_stdout(io.StringIO()):
        code = pytest.main(args, plugins=[timer])
    if code != 0 or timer.failed:
        raise RuntimeError(f"benchmark tests failed in {path.name} (exit {code})")
    return statistics.median(timer.seconds[1:])  # the first test pays for imports and the seed


def timings() -> dict[str, float]:
    """Median over trials of the per-test seconds of each variant, the variants interleaved per trial."""
    answer = _answer()
    samples: dict[str, list[float]] = {v: [] for v in VARIANTS}
    with tempfile.TemporaryDirectory() as folder:
        (Path(folder) / "pytest.ini").write_text("[pytest]\n")
        paths = {v: _write(Path(folder), v, answer) for v in VARIANTS}
        for _ in range(TRIALS):
            for variant, path in paths.items():
                samples[variant].append(_per_test(path))
    return {v: statistics.median(s) for v, s in samples.items()}


def memory() -> tuple[int, int, int]:
    """Bytes a business holds for ``MEMORY_CUSTOMERS`` customers (records, events, indexes); bytes of
    ``json.loads`` of their bodies as one JSON array (keys shared, as the store shares field names); and
    the bodies' size as JSON text."""
    from invoiced_mock import Clock, InvoicedMock
    from invoiced_mock.formats.json_bodies import dumps
    from invoiced_mock.testing.factories import Factories

    factories = Factories(InvoicedMock(clock=Clock(frozen_at=1_700_000_000)).business(KEY))
    factories.customer(name="warm-up")  # tables and their seeds exist before measuring
    bodies: list[str] = []
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    for i in range(MEMORY_CUSTOMERS):
        made = factories.customer(**{**BODY, "name": f"Customer {i}", "email": f"c{i}@example.com"})
        bodies.append(dumps(made))
    held = tracemalloc.get_traced_memory()[0] - before - sys.getsizeof(bodies) - sum(map(sys.getsizeof, bodies))
    tracemalloc.stop()
    text = "[" + ",".join(bodies) + "]"
    tracemalloc.start()
    before = tracemalloc.get_traced_memory()[0]
    parsed = json.loads(text)
    baseline = tracemalloc.get_traced_memory()[0] - before
    tracemalloc.stop()
    del parsed
    return held, baseline, len(text.encode())


def figures() -> list[Figure]:
    t = timings()
    for name, seconds in t.items():
        print(f"  per test, {name:<20} {seconds * 1e3:8.3f} ms")
    held, parsed, text = memory()
    print(f"  memory: {held / 1e6:.1f} MB held, {parsed / 1e6:.1f} MB as json.loads, {text / 1e6:.1f} MB of JSON")
    fixture_ms = (t["fixture"] - t["empty"]) * 1e3
    pytest_ms = (t["trivial_fixture"] - t["empty"]) * 1e3
    return [
        Figure("per test: invoiced_mock fixture + one create", t["fixture_create"] / t["empty"], "an empty test"),
        Figure("per test: @responses.activate + one create", t["responses_create"] / t["empty"], "an empty test"),
        Figure(f"invoiced_mock set-up + teardown ({fixture_ms:.2f} ms)", fixture_ms / FIXTURE_BUDGET_MS,
               f"{FIXTURE_BUDGET_MS} ms", 1.0),
        Figure(f"  of which pytest's own for any yield fixture ({pytest_ms:.2f} ms)", pytest_ms / FIXTURE_BUDGET_MS,
               f"{FIXTURE_BUDGET_MS} ms"),
        Figure("per test: invoiced_mock fixture + one create", t["fixture_create"] / t["responses_create"],
               "@responses.activate + one create", 1.25),
        Figure(f"per test: seed= world of {WORLD:,} customers + one create", t["seeded_create"] / t["fixture_create"],
               "empty fixture + one create", 2.0),
        Figure(f"memory of {MEMORY_CUSTOMERS:,} customers (records, events, indexes)", held / parsed,
               "json.loads of the same bodies", 2.5),
        Figure(f"memory of {MEMORY_CUSTOMERS:,} customers", held / text, "the bodies as JSON text"),
    ]


if __name__ == "__main__":
    from ._table import render

    print(render(figures()))
