"""pytest-invoiced-mock: the ``invoiced_mock`` and ``invoiced_mock_server`` fixtures, marker and options.

Shipped as the module ``pytest_invoiced_mock`` (built from ``conftest_plugin/``) and registered through
the ``pytest11`` entry point ``invoiced_mock``: installing the package is all it takes, and
``-p no:invoiced_mock`` turns it off. Everything reusable lives in the library (``invoiced_mock.testing.harness``
and the modules it uses); this module only reads configuration and manages fixture lifetimes.

Configuration, weakest first: ini options, command-line options, then ``@pytest.mark.invoiced_mock(...)``
(the marker closest to the test wins).

Start-up cost matters here, as every pytest run in a project that installs the package pays it: the library
loads when a test first asks for a fixture, and pytest does not rewrite this module's (absent) asserts:
PYTEST_DONT_REWRITE.
"""

from __future__ import annotations

import copy
import importlib
import time
import uuid
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, Any, NamedTuple

import pytest

from invoiced_mock.defaults import DEFAULT_API_KEY, DEFAULT_BASE_URLS, env_name

if TYPE_CHECKING:  # the library loads when a test first asks for a fixture: pytest starts without it
    from invoiced_mock import Clock, Harness
    from invoiced_mock.server.threads import ServerThread
    from invoiced_mock.store.business import Business

MARKER_OPTIONS = ("api_key", "keys", "strict", "frozen_at", "seed", "base_urls", "assert_all_stubs_used",
                  "follow_time", "api_key_env")
MARKER_HELP = (
    "invoiced_mock(api_key=str, keys=[str], strict=bool, frozen_at=unix_ts, seed=callable, base_urls=[str], "
    "assert_all_stubs_used=bool, follow_time=bool, api_key_env=str): configure the invoiced_mock fixtures for this "
    "test (keys: more API keys the in-process mock accepts, each its own business; strict: the contract check, "
    "unknown parameters refused and responses checked against the schemas; seed: a function given the fresh mock, "
    "run once per session and copied into each test; assert_all_stubs_used: fail the test on stubs it did not use; "
    "follow_time: the mock's clock follows freezegun / time-machine; api_key_env: the environment variable set to "
    "the fixture's key while the test runs, e.g. INVOICED_API_KEY)."
)
KEY_HELP = (
    "The invoiced_mock fixture accepts only its own key {own!r}{others}. To let the code under test use {{key}}, "
    "give that key a business of its own with @pytest.mark.invoiced_mock(keys=[{{key}}]) (ini invoiced_mock_keys, "
    "--invoiced-mock-key), or make it the fixture's key with @pytest.mark.invoiced_mock(api_key={{key}}) (ini "
    "invoiced_mock_api_key, --invoiced-mock-api-key)."
)
Seed = Callable[["Harness"], Any]
SEEDS = pytest.StashKey[dict[Seed, tuple["Business", Any]]]()


class Settings(NamedTuple):  # a frozen dataclass would cost ~3 ms at every pytest start
    api_key: str = DEFAULT_API_KEY
    keys: tuple[str, ...] = ()  # more keys the in-process mock accepts, each with a business of its own
    strict: bool = False  # the contract check (InvoicedMock(strict=True))
    frozen_at: int | None = None
    seed: Seed | None = None
    base_urls: tuple[str, ...] = DEFAULT_BASE_URLS
    assert_all_stubs_used: bool = True
    follow_time: bool = False
    api_key_env: str | None = None  # the environment variable set to the fixture's key for the test's duration


CONFIGURED = pytest.StashKey[Settings]()  # the session's ini and command-line settings, read once

def timestamp(value: str) -> int:
    """UNIX seconds of a command-line or ini instant (``invoiced_mock.clock.timestamp``, loaded when used)."""
    from invoiced_mock.clock import timestamp as parse

    return parse(value)


def variable(value: str) -> str:
    """An environment variable's name, from the command line or an ini file."""
    if not env_name(value):
        import argparse

        raise argparse.ArgumentTypeError(f"{value!r} is not an environment variable name")
    return value


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("invoiced_mock", "invoiced-mock (in-memory Invoiced API)")
    group.addoption("--invoiced-mock-api-key", metavar="KEY",
                    help="API key of the invoiced_mock fixture's business (ini: invoiced_mock_api_key)")
    group.addoption("--invoiced-mock-api-key-env", type=variable, metavar="NAME",
                    help="set this environment variable (INVOICED_API_KEY) to the fixture's key while each test runs "
                         "(ini: invoiced_mock_api_key_env)")
    group.addoption("--invoiced-mock-base-url", action="append", metavar="URL", default=[],
                    help="another base URL whose requests traffic the mock serves in process; repeatable "
                         "(ini: invoiced_mock_base_urls)")
    group.addoption("--invoiced-mock-frozen-at", type=timestamp, metavar="UNIX_TS|ISO",
                    help="start every mock with its clock frozen at this instant (ini: invoiced_mock_frozen_at)")
    group.addoption("--invoiced-mock-key", action="append", metavar="KEY", default=[], dest="invoiced_mock_keys",
                    help="another API key the in-process mock accepts, with a business of its own; repeatable "
                         "(ini: invoiced_mock_keys)")
    group.addoption("--invoiced-mock-strict", action="store_true", default=None,
                    help="the contract check: refuse unknown request parameters, check every response against "
                         "its schema (ini: invoiced_mock_strict)")
    group.addoption("--invoiced-mock-allow-real-api", action="store_true", default=None,
                    help="let requests to the real Invoiced API through when no mock answers them; by default "
                         "they fail at once, naming the fixture (ini: invoiced_mock_allow_real_api)")
    parser.addini("invoiced_mock_allow_real_api", "let requests to the real Invoiced API through when no mock "
                  "answers them", type="bool", default=False)
    parser.addini("invoiced_mock_api_key", "API key of the invoiced_mock fixture's business", default=DEFAULT_API_KEY)
    parser.addini("invoiced_mock_api_key_env", "environment variable set to the fixture's key while each test runs",
                  default="")
    parser.addini("invoiced_mock_keys", "more API keys the in-process mock accepts, one per line", type="linelist",
                  default=[])
    parser.addini("invoiced_mock_assert_all_stubs_used", "fail a test that leaves a stub unused", type="bool",
                  default=True)
    parser.addini("invoiced_mock_base_urls", "extra base URLs served in process, one per line", type="linelist",
                  default=[])
    parser.addini("invoiced_mock_frozen_at", "UNIX timestamp or ISO date to freeze every mock's clock at", default="")
    parser.addini("invoiced_mock_strict", "the contract check: unknown parameters refused, responses checked",
                  type="bool", default=False)
    parser.addini("invoiced_mock_seed", "module:function seeding every mock (run once, copied per test)", default="")
    parser.addini("invoiced_mock_follow_time", "the mock's clock follows freezegun / time-machine", type="bool",
                  default=False)


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", MARKER_HELP)
    config.stash[SEEDS] = {}
    if not (config.getoption("invoiced_mock_allow_real_api") or config.getini("invoiced_mock_allow_real_api")):
        from invoiced_mock.intercept import guard

        bases = _bases(config.getini("invoiced_mock_base_urls"), config.getoption("invoiced_mock_base_url"))
        config.add_cleanup(guard.install(bases))


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
            keys = options["keys"]
            options["keys"] = (keys,) if isinstance(keys, str) else tuple(keys)
        if options.get("api_key_env") is not None and not env_name(options["api_key_env"]):
            raise pytest.UsageError(f"@pytest.mark.invoiced_mock: api_key_env={options['api_key_env']!r} is not an "
                                    "environment variable name")
        result = result._replace(**options)
    return result


def _configured(config: pytest.Config) -> Settings:
    """Ini, then command line: read once per session (they cannot change), so a test pays only for markers."""
    if CONFIGURED not in config.stash:
        frozen = config.getoption("invoiced_mock_frozen_at") or config.getini("invoiced_mock_frozen_at") or None
        seed = config.getini("invoiced_mock_seed")
        api_key_env = (config.getoption("invoiced_mock_api_key_env") or config.getini("invoiced_mock_api_key_env")
                       or None)
        if api_key_env is not None and not env_name(api_key_env):
            raise pytest.UsageError(f"invoiced_mock_api_key_env = {api_key_env!r} is not an environment variable name")
        config.stash[CONFIGURED] = Settings(
            api_key=config.getoption("invoiced_mock_api_key") or config.getini("invoiced_mock_api_key"),
            keys=tuple(dict.fromkeys([*config.getini("invoiced_mock_keys"), *config.getoption("invoiced_mock_keys")])),
            strict=bool(config.getoption("invoiced_mock_strict") or config.getini("invoiced_mock_strict")),
            assert_all_stubs_used=bool(config.getini("invoiced_mock_assert_all_stubs_used")),
            frozen_at=timestamp(frozen) if frozen is not None else None,
            seed=_import(seed) if seed else None,
            base_urls=_bases(config.getini("invoiced_mock_base_urls"), config.getoption("invoiced_mock_base_url")),
            follow_time=bool(config.getini("invoiced_mock_follow_time")),
            api_key_env=api_key_env,
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
    from invoiced_mock import Clock, Harness, InvoicedMock
    from invoiced_mock.store.snapshots import copy_business

    cache = config.stash[SEEDS]
    if seed not in cache:
        seeded = Harness(InvoicedMock(clock=Clock(frozen_at=harness.clock.now())), harness.api_key)
        cache[seed] = (seeded.business, seed(seeded))
    business, world = cache[seed]
    copy_business(business, harness.business)
    harness.world = copy.deepcopy(world)


MOCK_FIXTURES = ("invoiced_mock", "invoiced_mock_server")


@pytest.hookimpl(tryfirst=True)
def pytest_runtestloop(session: pytest.Session) -> None:
    """Load the app once, before the first test, when a test will use the mock: its ~0.3 s of loading the
    declarations and building the URL map is then in no test's duration. A run that never asks for the mock, or
    only collects, loads nothing."""
    if session.config.option.collectonly:
        return
    if any(name in getattr(item, "fixturenames", ()) for item in session.items for name in MOCK_FIXTURES):
        from invoiced_mock.app import InvoicedMock

        InvoicedMock()  # what every app shares is built here, once per process


@pytest.fixture
def invoiced_mock(request: pytest.FixtureRequest) -> Iterator[Harness]:
    """A fresh, empty Invoiced API for this test, serving ``requests`` traffic to api.invoiced.com in process.

    It accepts only its own key and the ``keys`` configured (any other gets 401 saying how to allow it).
    At teardown it fails the test on a webhook handler that raised or a stub left unused.
    """
    from invoiced_mock import Clock, Harness, InvoicedMock
    from invoiced_mock.clock import live_time, real_time

    config = settings(request)
    if config.follow_time and config.frozen_at is not None:
        raise pytest.UsageError("invoiced_mock: follow_time and frozen_at both set the clock; choose one")
    clock = Clock(config.frozen_at, source=live_time if config.follow_time else real_time)
    app = InvoicedMock(keys=(config.api_key, *config.keys), clock=clock, strict=config.strict)
    app.key_help = _key_help(config)
    with Harness(app, config.api_key, config.base_urls[0], base_urls=config.base_urls) as harness:
        _seed(request.config, harness, config.seed)
        if config.api_key_env is not None:
            harness.export_key(config.api_key_env)
        harness.intercept()
        yield harness
        harness.verify(stubs=config.assert_all_stubs_used)


def _key_help(config: Settings) -> str:
    others = f" and {', '.join(map(repr, config.keys))} (keys=)" if config.keys else ""
    return KEY_HELP.format(own=config.api_key, others=others)


@pytest.fixture(scope="session")
def invoiced_mock_server_thread() -> Iterator[ServerThread]:
    """One threaded loopback server for the session (per xdist worker); tests share it by API key."""
    from invoiced_mock import InvoicedMock
    from invoiced_mock.server.threads import ServerThread

    with ServerThread(InvoicedMock()) as server:
        yield server


@pytest.fixture
def invoiced_mock_server(request: pytest.FixtureRequest,
                         invoiced_mock_server_thread: ServerThread) -> Iterator[Harness]:
    """The session's real HTTP server on 127.0.0.1, seen through a fresh API key of this test's own.

    Faults, stubs and the journal are scoped to that key; the clock and the contract check (``strict``)
    are the server's and are put back afterwards. Teardown fails the test as the in-process fixture's does.
    """
    from invoiced_mock import Harness

    config = settings(request)
    if config.follow_time:
        raise pytest.UsageError("invoiced_mock_server: follow_time needs the in-process invoiced_mock fixture")
    app = invoiced_mock_server_thread.app
    api_key = f"sk_test_{uuid.uuid4().hex}" if config.api_key == DEFAULT_API_KEY else config.api_key
    clock_before, strict_before = (app.clock.frozen, app.clock.now()), app.strict
    if config.frozen_at is not None:
        app.clock.freeze(config.frozen_at)
    app.strict = config.strict
    harness = Harness(app, api_key, invoiced_mock_server_thread.base_url, scoped=True)
    try:
        with harness:
            _seed(request.config, harness, config.seed)
            if config.api_key_env is not None:
                harness.export_key(config.api_key_env)
            yield harness
            harness.verify(stubs=config.assert_all_stubs_used)
    finally:
        for key in (api_key, *(other.api_key for other in harness.others)):
            app.reset(key)
        app.strict = strict_before
        _restore_clock(app.clock, *clock_before)


def _restore_clock(clock: Clock, frozen: bool, instant: int) -> None:
    """Put a shared clock back: frozen where it was, or running on real time again with no offset."""
    if frozen:
        clock.freeze(instant)
    else:
        clock.freeze(int(time.time()))
        clock.unfreeze()
