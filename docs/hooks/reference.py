"""Reference pages written from the code at build time: the CLI from its parser, the pytest settings from the
plugin's options, the control plane from its route table, every limit from the constant that enforces it.

Nothing here states a fact of its own: each table cell is read from the module that holds it, so a page can
only be as wrong as the code.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable, Iterator
from typing import Any, NamedTuple


def cell(text: object) -> str:
    """Text safe inside a Markdown table cell."""
    return str(text).replace("|", "\\|").replace("\n", " ")


def table(head: tuple[str, ...], rows: list[tuple[str, ...]]) -> str:
    lines = ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    lines += ["| " + " | ".join(cell(c) for c in row) + " |" for row in rows]
    return "\n".join(lines)


# -- the command line --------------------------------------------------------------------------------------


def _flag(action: argparse.Action) -> str:
    if not action.option_strings:
        return f"`{action.metavar or action.dest}`" + (" ..." if action.nargs in ("+", "*") else "")
    names = ", ".join(f"`{name}`" for name in action.option_strings)
    if action.nargs == 0:
        return names
    return f"{names} `{action.metavar or action.dest.upper()}`"


def _default(action: argparse.Action) -> str:
    if action.required:
        return "required"
    if action.default in (None, [], False, argparse.SUPPRESS) or action.nargs == 0:
        return ""
    return f"`{action.default}`"


def cli_page() -> str:
    from invoiced_mock.cli import build_parser

    parser = build_parser()
    parts = ["# The `invoiced-mock` command", "",
             "Generated from the command's own parser (`invoiced_mock/cli.py`, `build_parser`): what "
             "`invoiced-mock <command> --help` prints, as tables. A bad flag exits 2 with a one-line message.", "",
             "```text", parser.format_usage().strip(), "```", ""]
    subparsers = next(a for a in parser._actions if isinstance(a, argparse._SubParsersAction))
    helps = {choice.dest: choice.help for choice in subparsers._choices_actions}
    for name, command in subparsers.choices.items():
        summary = helps.get(name) or ""
        parts += [f"## `invoiced-mock {name}`", "", f"{summary[:1].upper()}{summary[1:]}.", "",
                  "```text", command.format_usage().strip(), "```", ""]
        rows = [(_flag(a), _default(a), a.help or "") for a in command._actions
                if not isinstance(a, argparse._HelpAction)]
        parts += [table(("argument", "default", "what it does"), rows), ""]
    return "\n".join(parts)


# -- the pytest settings -----------------------------------------------------------------------------------


class Recorded(NamedTuple):
    name: str
    help: str
    extra: dict[str, Any]


class _Group:
    def __init__(self, options: list[Recorded]) -> None:
        self.options = options

    def addoption(self, *names: str, **extra: Any) -> None:
        self.options.append(Recorded(names[0], extra.pop("help", ""), extra))


class RecordingParser:
    """Stands in for pytest's parser: records what the plugin's ``pytest_addoption`` declares."""

    def __init__(self) -> None:
        self.options: list[Recorded] = []
        self.inis: list[Recorded] = []

    def getgroup(self, name: str, description: str = "") -> _Group:
        return _Group(self.options)

    def addini(self, name: str, help: str, **extra: Any) -> None:
        self.inis.append(Recorded(name, help, extra))


def _dest(option: Recorded) -> str:
    return str(option.extra.get("dest") or option.name.lstrip("-").replace("-", "_"))


def settings_rows() -> Iterator[tuple[str, str, str, str, str]]:
    """(marker, ini, command line, default, meaning) for every setting the plugin reads."""
    import pytest_invoiced_mock as plugin

    parser = RecordingParser()
    plugin.pytest_addoption(parser)  # type: ignore[arg-type]  # duck-typed: the plugin calls these two methods
    prefix = "invoiced_mock_"
    defaults = plugin.Settings()._asdict()
    names = list(dict.fromkeys([*plugin.MARKER_OPTIONS, *(ini.name.removeprefix(prefix) for ini in parser.inis)]))
    for name in names:
        ini = next((i for i in parser.inis if i.name.removeprefix(prefix) == name), None)
        option = next((o for o in parser.options if _dest(o).removeprefix(prefix) in (name, name.rstrip("s"))), None)
        marker = f"`{name}=`" if name in plugin.MARKER_OPTIONS else ""
        default = defaults.get(name, ini.extra.get("default") if ini else None)
        shown = "" if default in (None, "", (), []) else f"`{default!r}`"
        meaning = (option.help if option else "") or (ini.help if ini else "")
        repeat = " (repeatable)" if option and option.extra.get("action") == "append" else ""
        rows = (marker, f"`{ini.name}`" if ini else "", f"`{option.name}`{repeat}" if option else "", shown, meaning)
        yield rows


def settings_page() -> str:
    import pytest_invoiced_mock as plugin

    rows = list(settings_rows())
    return "\n".join([
        "# Settings", "",
        "Every setting of the `invoiced_mock` and `invoiced_mock_server` fixtures, in its three forms. Generated "
        "from the plugin (`conftest_plugin/__init__.py`: `MARKER_OPTIONS`, `Settings` and `pytest_addoption`).", "",
        "Markers beat the command line, which beats the ini file; the marker closest to the test wins, and an "
        "unknown marker option is an error. Everything is per process, so `pytest -n 2` (xdist) is safe.", "",
        table(("marker `@pytest.mark.invoiced_mock(...)`", "ini option", "command line", "default", "what it does"),
              rows), "",
        "The marker's own help, as `pytest --markers` prints it:", "",
        "```text", plugin.MARKER_HELP, "```", "",
        "Without pytest, `invoiced_mock.InvoicedMockTestCase` takes the same settings as class attributes "
        "(`invoiced_mock_frozen_at = \"2024-03-01\"`); see [unittest suites](../how-to/unittest.md).", ""])


# -- the control plane -------------------------------------------------------------------------------------


def control_plane_page() -> str:
    from invoiced_mock.control import plane

    rows = [(f"`{r.method} /_mock/{r.name}`", r.takes, r.does) for r in plane.ROUTES]
    rows.append(("`GET /_mock/ui`", "", "the web inspector (see [the inspector](../how-to/inspector.md))"))
    return "\n".join([
        "# Control plane routes", "",
        "Every route under `/_mock/` of a server (`invoiced-mock serve`, the `invoiced_mock_server` fixture) or "
        "of the WSGI app, generated from `invoiced_mock/control/plane.py` (`ROUTES`). Send an API key (HTTP "
        "Basic, as for the API) to scope a route to that key's business; the admin token (`serve "
        "--admin-token`) acts on every business. Errors come back as `{type, message, param}`. How to use "
        "them: [the sandbox and its control plane](../how-to/sandbox.md).", "",
        table(("route", "takes", "does"), rows), ""])


# -- limits and ceilings -----------------------------------------------------------------------------------


def size(n: int) -> str:
    for unit, scale in (("MiB", 2**20), ("KiB", 2**10)):
        if n >= scale and n % scale == 0:
            return f"{n // scale:,} {unit}"
    return f"{n:,} bytes"


def duration(seconds: float) -> str:
    for unit, scale in (("days", 86_400), ("hours", 3_600), ("minutes", 60)):
        if seconds >= scale and seconds % scale == 0:
            return f"{int(seconds // scale):,} {unit}"
    return f"{seconds:g} s"


Limit = tuple[str, Callable[[], str], str, str]


def limits() -> list[Limit]:
    """(what, its value read from the code, what happens past it, where it is enforced)."""
    from invoiced_mock.control import commands, faults, journal
    from invoiced_mock.core import events, fields, hierarchy, presenter
    from invoiced_mock.delivery import outbound
    from invoiced_mock.http import limits as http
    from invoiced_mock.http import safejson
    from invoiced_mock.intercept import exchange
    from invoiced_mock.server import wire
    from invoiced_mock.store import idempotency
    from invoiced_mock.store.ceilings import Ceilings

    kept, ceilings = journal.Journal(), Ceilings()
    return [
        ("URL (path and query)", lambda: size(http.MAX_URL), "414", "http/limits.py"),
        ("one header", lambda: size(http.MAX_HEADER), "431", "http/limits.py"),
        ("all headers", lambda: size(http.MAX_HEADERS), "431", "http/limits.py"),
        ("number of headers", lambda: f"{http.MAX_HEADER_COUNT:,}", "431", "http/limits.py"),
        ("JSON or urlencoded body", lambda: size(http.MAX_BODY), "413, `param: request`, refused on "
         "`Content-Length` before it is read", "http/limits.py"),
        ("multipart body", lambda: size(http.MAX_UPLOAD), "413, `param: request`", "http/limits.py"),
        ("parts of a multipart body", lambda: f"{http.MAX_PARTS:,}", "413", "http/limits.py"),
        ("one multipart text field", lambda: size(http.MAX_FIELD), "413", "http/limits.py"),
        ("parameters in a query or form body (PHP's `max_input_vars`, which the API runs under)",
         lambda: f"{http.MAX_PARAMETERS:,}", "413", "http/limits.py"),
        ("nesting of JSON, or of brackets in a key (`a[b][c]`)", lambda: f"{safejson.MAX_DEPTH} levels",
         "400 naming the parameter", "http/safejson.py"),
        ("integers", lambda: f"64-bit signed (at most {safejson.MAX_INTEGER:,})", "400 naming the parameter",
         "http/safejson.py"),
        ("JSON numbers: finite, `NaN` and `Infinity` refused", lambda: f"at most {float(safejson.MAX_FLOAT):.1e}, "
         f"{safejson.MAX_NUMBER_LENGTH} characters", "400 naming the parameter", "http/safejson.py"),
        ("string attributes the API gives no limit for", lambda: f"{fields.TEXT_LIMIT:,} characters",
         "400 naming the attribute", "core/fields.py"),
        ("metadata", lambda: f"{fields.METADATA_MAX_KEYS} keys, {fields.METADATA_MAX_KEY_LENGTH}-character keys, "
         f"{fields.METADATA_MAX_VALUE_LENGTH}-character values", "400 naming the key", "core/fields.py"),
        ("`expand`", lambda: f"{presenter.MAX_EXPANDS} paths of at most {presenter.MAX_EXPAND_DEPTH} levels",
         "400, `param: expand`", "core/presenter.py"),
        ("parent chains (`parent_customer`, GL account `parent_id`, any reference to its own kind)",
         lambda: f"no loops, at most {hierarchy.MAX_DEPTH} links", "400 naming the attribute, at write time",
         "core/hierarchy.py"),
        ("fault rules per API key", lambda: f"{faults.MAX_RULES:,}", "400", "control/faults.py"),
        ("a fault's `delay`", lambda: f"0 to {faults.MAX_DELAY:g} s", "400, `param: delay`", "control/faults.py"),
        ("how long `time_out()` holds a connection without a `delay`", lambda: f"{exchange.HOLD_SECONDS:g} s",
         "the connection is dropped", "intercept/exchange.py"),
        ("the clock (`/_mock/clock`)", lambda: f"up to UNIX {commands.LATEST:,} (9999-12-31)",
         "400, `param: advance` / `freeze`", "control/commands.py"),
        ("a connection silent mid-request (the real server)", lambda: f"{wire.RequestHandler.timeout} s",
         "dropped; a body cut short or a malformed chunk is a 400", "server/wire.py"),
        ("a request's line and headers, from their first byte (the real server; `header_seconds`)",
         lambda: f"{ceilings.header_seconds} s", "408, and the connection is closed", "server/pacing.py"),
        ("a body's pace after that grace (the real server; `body_bytes_per_second`)",
         lambda: f"{size(ceilings.body_bytes_per_second)}/s on average", "the connection is dropped",
         "server/pacing.py"),
        ("connections served at once (the real server; `connections`)", lambda: f"{ceilings.connections:,}",
         "the connection that waited longest for its client is closed; when every one is busy in the app, a JSON "
         "503 with `Retry-After: 1`, at once", "server/threads.py"),
        ("stubs added over `/_mock/stubs`, per API key", lambda: f"{commands.MAX_STUBS:,}", "400, `param: path`",
         "control/commands.py"),
        ("journal entries per API key", lambda: f"{kept.limit:,} entries and {size(kept.max_bytes)}",
         "the oldest entries go", "control/journal.py"),
        ("journal, every key together", lambda: size(kept.total_bytes),
         "the key holding the most gives up its oldest entries", "control/journal.py"),
        ("idempotency keys (`idempotency_keys`)", lambda: f"{duration(idempotency.WINDOW)} of mock time, "
         f"{ceilings.idempotency_keys:,} per business", "forgotten, oldest first", "store/idempotency.py"),
        ("events (`events`)", lambda: f"{duration(events.RETENTION)} of mock time, {ceilings.events:,} per business",
         "dropped, oldest first", "core/events.py"),
        ("businesses for unknown keys, open mode (`businesses`)", lambda: f"{ceilings.businesses:,}",
         "the oldest business that holds nothing is forgotten; when every one holds data, a new key gets 403",
         "store/business.py"),
        ("webhook deliveries waiting (`webhook_queue`, `webhook_queue_per_destination`)",
         lambda: f"{ceilings.webhook_queue:,} in all, {ceilings.webhook_queue_per_destination:,} per receiver",
         "that receiver's oldest waiting delivery is dropped, logged, recorded with `status_code: null`",
         "delivery/outbound.py"),
        ("webhook senders (`webhook_workers`)", lambda: f"{ceilings.webhook_workers} threads, one delivery in "
         "flight per receiver", "a receiver that never answers holds one sender for its timeout, never all",
         "delivery/outbound.py"),
        ("a webhook receiver's time to answer", lambda: f"{outbound.TIMEOUT:g} s", "the attempt failed",
         "delivery/outbound.py"),
    ]


def limits_page() -> str:
    rows = [(what, value(), past, f"`invoiced_mock/{where}`") for what, value, past, where in limits()]
    return "\n".join([
        "# Limits and ceilings", "",
        "Whatever bytes arrive, the mock answers JSON in the API's dialect (`{type, message, param}`) within "
        "bounded time: never a 500, never an HTML page, never a connection left open unanswered; a refused "
        "request writes nothing. The API states few sizes, so where it has none the mock states its own. Each "
        "value below is read from the constant that enforces it when this page is built.", "",
        table(("what", "limit", "past it", "enforced in"), rows), "",
        "A name in backquotes is a ceiling of `invoiced_mock.store.ceilings.Ceilings`: set it per app "
        "(`InvoicedMock(ceilings=Ceilings(events=500))`) or per server (`invoiced-mock serve --limit events=500`, "
        "repeatable).", "",
        "Numbers are checked on their text before any conversion, so `{\"owner\": 1e400000}` is refused in "
        "microseconds, and parsing is linear in the input. How the memory ceilings behave, and how to set "
        "smaller ones in a test, is in [hostile input](../background/hostile-input.md).", ""])
