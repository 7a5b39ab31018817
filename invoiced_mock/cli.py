"""The ``invoiced-mock`` command: ``serve`` runs the fake sandbox on localhost; ``state``, ``export`` and
``import`` read, copy and fill its state file; ``validate`` checks recorded JSON files and VCR cassettes
against the published schemas; ``schemas`` regenerates them."""

from __future__ import annotations

import argparse
import ipaddress
import json
import secrets
import signal
import socket
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from invoiced_mock.app import InvoicedMock
from invoiced_mock.clock import LATEST, Clock, timestamp
from invoiced_mock.defaults import VERSION
from invoiced_mock.extras import MissingExtra
from invoiced_mock.store.ceilings import Ceilings
from invoiced_mock.store.persistence import StateFileError

BANNER = """invoiced-mock sandbox listening on {url}

  curl -u {key}: {url}/customers -d name="Acme Inc"
  curl -u {key}: {url}/customers

  import invoiced
  client = invoiced.Client("{key}")
  client.api_url = "{url}"
  client.Customer.create(name="Acme Inc")
{locked}
Every API key is its own empty business{strict}. Ctrl-C stops the server.
"""


def port(value: str) -> int:
    """A TCP port, 0 (any free one) to 65535."""
    numeric = value.removeprefix("-").isdigit()
    if not numeric or not 0 <= int(value) <= 65535:
        raise argparse.ArgumentTypeError(f"{value if numeric else repr(value)} is not a port (0 to 65535)")
    return int(value)


def host(value: str) -> str:
    """An address this machine can bind (resolved now, so a typo is a usage error, not a traceback)."""
    try:
        socket.getaddrinfo(value, None)
    except (OSError, UnicodeError) as error:
        raise argparse.ArgumentTypeError(f"cannot listen on {value}: {getattr(error, 'strerror', error)}") from None
    return value


def _loopback_only(host: str) -> bool:
    """Whether every address ``host`` binds is a loopback one (only this machine can connect)."""
    try:
        # IPv4/IPv6 socket addresses: the first item is the address as text
        addresses = {cast(str, info[4][0]) for info in socket.getaddrinfo(host, None)}
    except OSError:
        return False
    return all(ipaddress.ip_address(address.split("%")[0]).is_loopback for address in addresses)


def instant(value: str) -> int:
    """An instant as the fixture's ``frozen_at`` takes one: UNIX seconds, or an ISO 8601 date or datetime (UTC
    when naive), up to the year 9999 as the control plane's clock."""
    try:
        at = timestamp(value)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"{value} is not a UNIX timestamp or an ISO 8601 date or datetime (2024-03-01, 2024-03-01T12:00:00Z)"
        ) from None
    if at > LATEST:
        raise argparse.ArgumentTypeError(f"{value} is past the year 9999")
    return at


def ceiling(value: str) -> str:
    """``NAME=N``, checked now so that a typo is a usage error (``store/ceilings.py``)."""
    try:
        Ceilings.parse([value])
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None
    return value


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="invoiced-mock", description="An in-memory Invoiced API for tests.")
    parser.add_argument("--version", action="version", version=f"invoiced-mock {VERSION}")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the fake sandbox over HTTP")
    serve.add_argument("--host", type=host, default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=port, default=8080, help="port to bind; 0 picks a free one (default 8080)")
    serve.add_argument("--key", action="append", dest="keys", metavar="API_KEY",
                       help="accept only this API key (repeatable); without it every key is accepted")
    serve.add_argument("--frozen-at", type=instant, metavar="UNIX_TS|ISO",
                       help="start with the clock frozen here: UNIX seconds or an ISO date or datetime (naive: UTC)")
    serve.add_argument("--webhook-allow", action="append", default=[], metavar="HOST",
                       help="let webhooks reach this host, *.domain or IP network (repeatable; loopback always)")
    serve.add_argument("--admin-token", metavar="TOKEN",
                       help="lock the control plane's global routes (/_mock/ clock, reset, journal, faults) behind "
                            "this token; generated and printed when binding beyond loopback without one")
    serve.add_argument("--allowed-host", action="append", default=[], metavar="NAME", dest="allowed_hosts",
                       help="a host name the control plane answers to besides localhost and IP addresses (repeatable; "
                            "any other Host is refused as DNS rebinding)")
    serve.add_argument("--state", type=Path, metavar="FILE",
                       help="keep every business in this SQLite file across restarts (written through on commit)")
    serve.add_argument("--limit", action="append", default=[], metavar="NAME=N", type=ceiling,
                       help="raise or lower a ceiling (repeatable): businesses, events, idempotency_keys (10000 "
                            "each), webhook_queue (1000), webhook_queue_per_destination (100), webhook_workers (4), "
                            "connections (256), header_seconds (10), body_bytes_per_second (1024)")
    serve.add_argument("--strict", action="store_true",
                       help="refuse unknown request parameters and check every response against its schema")
    state = commands.add_parser("state", help="say what a --state file holds and who writes it; --copy-to copies it")
    state.add_argument("--state", type=Path, metavar="FILE", required=True, help="the sandbox's state file")
    state.add_argument("--copy-to", type=Path, metavar="COPY",
                       help="write a consistent single-file copy here (safe while a server writes the file; a plain "
                            "copy of FILE alone misses the writes still in FILE-wal)")
    for name, verb in (("export", "print a business of a --state file as JSON"),
                       ("import", "replace a business of a --state file with an exported JSON file")):
        command = commands.add_parser(name, help=verb)
        command.add_argument("--state", type=Path, metavar="FILE", required=True, help="the sandbox's state file")
        command.add_argument("--key", required=True, metavar="API_KEY", help="the business's API key")
        if name == "import":
            command.add_argument("file", type=Path, metavar="EXPORT.json")
    validate = commands.add_parser("validate", help="check recorded JSON bodies or VCR cassettes against the schemas")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE",
                          help="JSON bodies or VCR cassettes; with --report, folders of them too")
    validate.add_argument("--schema", metavar="NAME", help="the schema every body must match (default: inferred)")
    validate.add_argument("--report", action="store_true",
                          help="drift report: per schema, bodies that validated and attributes the schema lacks")
    schemas = commands.add_parser("schemas", help="write the JSON Schemas and openapi.json to a directory")
    schemas.add_argument("directory", nargs="?", type=Path, default=Path("schemas"),
                         help="where to write them (default ./schemas); never the installed package's copy")
    schemas.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return run(args, parser)
    except (MissingExtra, StateFileError) as missing:  # one line (which extra, which file and why), no traceback
        print(f"invoiced-mock {args.command}: {missing}", file=sys.stderr)
        return 2


def run(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    if args.command == "serve":
        return serve(args, parser)
    if args.command in ("export", "import"):
        return transfer(args)
    if args.command == "state":
        from invoiced_mock.store.persistence import copy_state

        print(copy_state(args.state, args.copy_to))
        return 0
    if args.command == "validate":
        return drift_report(args.files) if args.report else validate(args.files, args.schema)
    if args.command == "schemas":
        return schemas(args.directory, args.check)
    return 2


def validate(files: list[Path], schema: str | None) -> int:
    """Print every mismatch in ``files``; 0 when there is none, 1 otherwise."""
    from invoiced_mock.contract.recorded import check, exchanges_in

    failures = checked = 0
    for path in files:
        for exchange in exchanges_in(path):
            checked += 1
            for violation in check(exchange, schema):
                failures += 1
                print(f"{exchange.where}: {violation}")
    print(f"{checked} bodies checked, {failures} mismatches", file=sys.stderr)
    return 1 if failures else 0


def drift_report(paths: list[Path]) -> int:
    """Print the drift report of recorded responses (``contract/drift.py``); 0 when every body validated."""
    from invoiced_mock.contract.drift import report

    lines, clean = report(paths)
    print("\n".join(lines) if lines else "no recorded bodies found")
    return 0 if clean else 1


def transfer(args: argparse.Namespace) -> int:
    """``export`` one business of a state file (read as it is, even while a server writes it), or ``import``
    one (a writer: refused while a server holds the file)."""
    from invoiced_mock.core import imports
    from invoiced_mock.core.resource import REGISTRY
    from invoiced_mock.errors import ApiError
    from invoiced_mock.store import persistence

    if args.command == "export":
        reader = InvoicedMock()
        persistence.read_state(args.state, REGISTRY, reader.tenants, reader.clock)
        business = reader.business(args.key)
        print(json.dumps(persistence.export_business(business, REGISTRY), indent=1, sort_keys=True))
        return 0
    with InvoicedMock(state=args.state) as app:
        try:
            imports.import_business(app.business(args.key), json.loads(args.file.read_text()))
        except (OSError, ValueError) as error:
            print(f"invoiced-mock import: {error}", file=sys.stderr)
            return 1
        except ApiError as refused:
            print(f"invoiced-mock import: {refused.message} ({refused.param})", file=sys.stderr)
            return 1
    print(f"imported {args.file} into the business of {args.key}", file=sys.stderr)
    return 0


def schemas(directory: Path, check_only: bool) -> int:
    from invoiced_mock.contract.publish import stale, write

    if check_only:
        old = stale(directory)
        for name in old:
            print(f"stale: {directory / name}")
        return 1 if old else 0
    directory.mkdir(parents=True, exist_ok=True)
    print(f"wrote {len(write(directory))} files to {directory}")
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def serve(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    from invoiced_mock.delivery import outbound as delivery
    from invoiced_mock.server.threads import ServerThread

    delivery.allow(args.webhook_allow)
    ceilings = Ceilings.parse(args.limit)
    delivery.configure(ceilings)
    token = args.admin_token
    if token is None and not _loopback_only(args.host):
        token = secrets.token_urlsafe(24)
    app = InvoicedMock(keys=args.keys, clock=Clock(frozen_at=args.frozen_at), strict=args.strict,
                       admin_token=token, state=args.state, allowed_hosts=[args.host, *args.allowed_hosts],
                       ceilings=ceilings)
    try:
        server = ServerThread(app, args.host, args.port, access_log=True, max_connections=ceilings.connections,
                              header_timeout=ceilings.header_seconds, min_rate=ceilings.body_bytes_per_second)
    except (OSError, OverflowError) as error:
        app.close()
        parser.error(f"cannot listen on {args.host}:{args.port}: {error}")  # exits 2
    if app.state is not None:
        app.state.describe(f"invoiced-mock serve on {server.base_url}")
    strict = f" (only {', '.join(args.keys)})" if args.keys else ""
    if args.strict:
        strict += "; strict: unknown parameters refused, responses checked against the schemas"
    key = args.keys[0] if args.keys else "test_key"
    locked = (f"\nThe control plane's global routes need the admin token: {token}\n"
              f"  curl -H 'Authorization: Bearer {token}' {server.base_url}/_mock/requests\n") if token else ""
    print(BANNER.format(url=server.base_url, strict=strict, key=key, locked=locked), flush=True)
    signal.signal(signal.SIGTERM, _interrupt)  # `kill` stops as Ctrl-C does: the state file is closed cleanly
    try:
        server.server.serve_forever(poll_interval=0.05)  # werkzeug's own loop returns on Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        server.server.server_close()
        delivery.abandon()  # a stop never waits on webhook receivers
        app.close()  # the WAL folded back: a stopped server leaves one file
    print("invoiced-mock stopped", file=sys.stderr)
    return 0
