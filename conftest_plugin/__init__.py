"""pytest-invoiced-mock: the ``invoiced_mock`` and ``invoiced_mock_server`` fixtures, marker and options.

Shipped as the module ``pytest_invoiced_mock`` (built from ``conftest_plugin/``) and registered through
the ``pytest11`` entry point ``invoiced_mock``: installing the package is all it takes, and
``-p no:invoiced_mock`` turns it off. Everything reusable lives in the library (``invoiced_mock.harness``
and the modules it uses); this module only reads configuration and manages fixture lifetimes.

Configuration, weakest first: ini options, command-line options, then ``@pytest.mark.invoiced_mock(...)``
(the marker closest to the test wins).
"""

from __future__ import annotations

import copy
import importlib
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from typing import Any

import pytest

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.harness import DEFAULT_API_KEY, Harness
from invoiced_mock.server import ServerThread
from invoiced_mock.snapshots import copy_business
from invoiced_mock.store import Business
from invoiced_mock.transport import DEFAULT_BASE_URLS

MARKER_OPTIONS = ("api_key", "strict", "keys", "frozen_at", "seed", "base_urls")
MARKER_HELP = (
    "invoiced_mock(api_key=str, strict=bool, keys=[str], frozen_at=unix_ts, seed=callable, base_urls=[str]): "
    "configure the invoiced_mock fixtures for this test (strict: only api_key and keys are accepted; "
    "seed: a function given the fresh mock, run once per session and copied into each test)."
)
Seed = Callable[[Harness], Any]
SEEDS = pytest.StashKey[dict[Seed, tuple[Business, Any]]]()


@dataclass(frozen=True)
class Settings:
    api_key: str = DEFAULT_API_KEY
    strict: bool = False
    keys: tuple[str, ...] = ()
    frozen_at: int | None = None
    seed: Seed | None = None
    base_urls: tuple[str, ...] = field(default=DEFAULT_BASE_URLS)


CONFIGURED = pytest.StashKey[Settings]()  # the session's ini and command-line settings, read once

def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("invoiced_mock", "invoiced-mock (in-memory Invoiced API)")
    group.addoption("--invoiced-mock-api-key", metavar="KEY",
                    help="API key of the invoiced_mock fixture's business (ini: invoiced_mock_api_key)")
    group.addoption("--invoiced-mock-base-url", action="append", metavar="URL", default=[],
                    help="another base URL whose requests traffic the mock serves in process; repeatable "
                         "(ini: invoiced_mock_base_urls)")
    group.addoption("--invoiced-mock-frozen-at", type=int, metavar="UNIX_TS",
                    help="start every mock with its clock frozen at this instant (ini: invoiced_mock_frozen_at)")
    group.addoption("--invoiced-mock-strict", action="store_true", default=None,
                    help="accept only the configured API key; others get 401 (ini: invoiced_mock_strict)")
    parser.addini("invoiced_mock_api_key", "API key of the invoiced_mock fixture's business", default=DEFAULT_API_KEY)
    parser.addini("invoiced_mock_base_urls", "extra base URLs served in process, one per line", type="linelist",
                  default=[])
    parser.addini("invoiced_mock_frozen_at", "UNIX timestamp to freeze every mock's clock at", default="")
    parser.addini("invoiced_mock_strict", "accept only the configured API key", type="bool", default=False)
    parser.addini("invoiced_mock_seed", "module:function seeding every mock (run once, copied per test)", default="")


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)
    config.stash[SEEDS] = {}


def settings(request: pytest.FixtureRequest) -> Settings:
    """The configuration for this test: ini, then command line, then markers (closest last)."""
    result = _configured(request.config)
    for marker in reversed(list(request.node.iter_markers("invoiced_mock"))):
        if marker.args:
            raise pytest.UsageError("@pytest.mark.invoiced_mock takes keyword arguments only")
        unknown = set(marker.kwargs) - set(MARKER_OPTIONS)
        if unknown:
            raise pytest.UsageError(f"@pytest.mark.invoiced_mock: unknown option {sorted(unknown)[0]!r} "
                                    f"(known: {', '.join(MARKER_OPTIONS)})")
        options = dict(marker.kwargs)
        if "base_urls" in options:
            options["base_urls"] = _bases(result.base_urls, options["base_urls"])
        if "keys" in options:
            options["keys"] = tuple(options["keys"])
        result = replace(result, **options)
    return result


def _configured(config: pytest.Config) -> Settings:
    """Ini, then command line: read once per session (they cannot change), so a test pays only for markers."""
    if CONFIGURED not in config.stash:
        frozen = config.getoption("invoiced_mock_frozen_at") or config.getini("invoiced_mock_frozen_at") or None
        seed = config.getini("invoiced_mock_seed")
        config.stash[CONFIGURED] = Settings(
            api_key=config.getoption("invoiced_mock_api_key") or config.getini("invoiced_mock_api_key"),
            strict=bool(config.getoption("invoiced_mock_strict") or config.getini("invoiced_mock_strict")),
            frozen_at=int(frozen) if frozen is not None else None,
            seed=_import(seed) if seed else None,
            base_urls=_bases(config.getini("invoiced_mock_base_urls"), config.getoption("invoiced_mock_base_url")),
        )
    return config.stash[CONFIGURED]


def _bases(*groups: Any) -> tuple[str, ...]:
    urls = [*DEFAULT_BASE_URLS, *(url for group in groups for url in group)]
    return tuple(dict.fromkeys(url.rstrip("/") for url in urls))


def _import(spec: str) -> Seed:
    module, _, name = spec.partition(":")
    if not name:
        raise pytest.UsageError(f"invoiced_mock_seed must look like package.module:function, not {spec!r}")
    seed: Seed = getattr(importlib.import_module(module), name)
    return seed


def _seed(config: pytest.Config, harness: Harness, seed: Seed | None) -> None:
    """Copy the seeded world in: the seed runs once per session, each test gets an independent copy of its
    business (copy-on-write, see ``Table.clone``) and a deep copy of what it returned."""
    if seed is None:
        return
    cache = config.stash[SEEDS]
    if seed not in cache:
        seeded = Harness(InvoicedMock(clock=Clock(frozen_at=harness.clock.now())), harness.api_key)
        cache[seed] = (seeded.business, seed(seeded))
    business, world = cache[seed]
    copy_business(business, harness.business)
    harness.world = copy.deepcopy(world)


@pytest.fixture
def invoiced_mock(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """A fresh, empty Invoiced API for this test, serving ``requests`` traffic to api.invoiced.com in process."""
    config = settings(request)
    keys = (config.api_key, *config.keys) if config.strict else None
    app = InvoicedMock(keys=keys, clock=Clock(frozen_at=config.frozen_at))
    with Harness(app, config.api_key, config.base_urls[0], base_urls=config.base_urls) as harness:
        _seed(request.config, harness, config.seed)
        harness.intercept()
        yield harness


@pytest.fixture(scope="session")
def invoiced_mock_server_thread() -> Iterator[ServerThread]:
    """One threaded loopback server for the session (per xdist worker); tests share it by API key."""
    with ServerThread(InvoicedMock()) as server:
        yield server


@pytest.fixture
def invoiced_mock_server(request: pytest.FixtureRequest,
                         invoiced_mock_server_thread: ServerThread) -> Iterator[Harness]:
    """The session's real HTTP server on 127.0.0.1, seen through a fresh API key of this test's own.

    Faults and the journal are scoped to that key; the clock is the server's and is put back afterwards.
    """
    config = settings(request)
    app: InvoicedMock = invoiced_mock_server_thread.app
    api_key = f"sk_test_{uuid.uuid4().hex}" if config.api_key == DEFAULT_API_KEY else config.api_key
    clock_before = (app.clock.frozen, app.clock.now())
    if config.frozen_at is not None:
        app.clock.freeze(config.frozen_at)
    try:
        with Harness(app, api_key, invoiced_mock_server_thread.base_url, scoped=True) as harness:
            _seed(request.config, harness, config.seed)
            yield harness
    finally:
        app.faults.clear(api_key)
        app.journal.clear(api_key)
        app.tenants.reset(api_key)
        _restore_clock(app.clock, *clock_before)


def _restore_clock(clock: Clock, frozen: bool, instant: int) -> None:
    """Put a shared clock back: frozen where it was, or running on real time again with no offset."""
    if frozen:
        clock.freeze(instant)
    else:
        clock.freeze(int(time.time()))
        clock.unfreeze()
