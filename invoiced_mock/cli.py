"""The ``invoiced-mock`` command: ``serve`` runs the fake sandbox on localhost; ``validate`` checks recorded
JSON files and VCR cassettes against the published schemas; ``schemas`` regenerates them."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from .app import InvoicedMock
from .clock import Clock

BANNER = """invoiced-mock sandbox listening on {url}

  curl -u test_key: {url}/customers -d name="Acme Inc"
  curl -u test_key: {url}/customers

  import invoiced
  client = invoiced.Client("test_key")
  client.api_url = "{url}"
  client.Customer.create(name="Acme Inc")

Every API key is its own empty business{strict}. Ctrl-C stops the server.
"""


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="invoiced-mock", description="An in-memory Invoiced API for tests.")
    commands = parser.add_subparsers(dest="command", required=True)
    serve = commands.add_parser("serve", help="run the fake sandbox over HTTP")
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8080, help="port to bind; 0 picks a free one (default 8080)")
    serve.add_argument("--key", action="append", dest="keys", metavar="API_KEY",
                       help="accept only this API key (repeatable); without it every key is accepted")
    serve.add_argument("--frozen-at", type=int, metavar="UNIX_TS", help="start with the clock frozen here")
    serve.add_argument("--strict", action="store_true",
                       help="refuse unknown request parameters and check every response against its schema")
    validate = commands.add_parser("validate", help="check recorded JSON bodies or VCR cassettes against the schemas")
    validate.add_argument("files", nargs="+", type=Path, metavar="FILE",
                          help="JSON bodies or VCR cassettes; with --report, folders of them too")
    validate.add_argument("--schema", metavar="NAME", help="the schema every body must match (default: inferred)")
    validate.add_argument("--report", action="store_true",
                          help="drift report: per schema, bodies that validated and attributes the schema lacks")
    schemas = commands.add_parser("schemas", help="regenerate the shipped JSON Schemas and openapi.json")
    schemas.add_argument("--check", action="store_true", help="only report stale files (exit 1 if any)")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    if args.command == "validate":
        return drift_report(args.files) if args.report else validate(args.files, args.schema)
    if args.command == "schemas":
        return schemas(args.check)
    return 2


def validate(files: list[Path], schema: str | None) -> int:
    """Print every mismatch in ``files``; 0 when there is none, 1 otherwise."""
    from .contract.recorded import check, exchanges_in

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
    from .contract.drift import report

    lines, clean = report(paths)
    print("\n".join(lines) if lines else "no recorded bodies found")
    return 0 if clean else 1


def schemas(check_only: bool) -> int:
    from .contract.publish import SCHEMA_DIR, stale, write

    if check_only:
        old = stale()
        for name in old:
            print(f"stale: {SCHEMA_DIR / name}")
        return 1 if old else 0
    print(f"wrote {len(write())} files to {SCHEMA_DIR}")
    return 0


def serve(args: argparse.Namespace) -> int:
    from .server import ServerThread

    app = InvoicedMock(keys=args.keys, clock=Clock(frozen_at=args.frozen_at), strict=args.strict)
    server = ServerThread(app, args.host, args.port)
    strict = f" (only {', '.join(args.keys)})" if args.keys else ""
    if args.strict:
        strict += "; strict: unknown parameters refused, responses checked against the schemas"
    print(BANNER.format(url=server.base_url, strict=strict), flush=True)
    try:
        server.server.serve_forever(poll_interval=0.05)  # werkzeug's own loop returns on Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        server.server.server_close()
    print("invoiced-mock stopped", file=sys.stderr)
    return 0
