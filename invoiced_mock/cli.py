"""The ``invoiced-mock`` command: ``serve`` runs the fake sandbox on localhost."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

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
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    if args.command == "serve":
        return serve(args)
    return 2


def serve(args: argparse.Namespace) -> int:
    from .server import ServerThread

    app = InvoicedMock(keys=args.keys, clock=Clock(frozen_at=args.frozen_at))
    server = ServerThread(app, args.host, args.port)
    strict = f" (strict: only {', '.join(args.keys)})" if args.keys else ""
    print(BANNER.format(url=server.base_url, strict=strict), flush=True)
    try:
        server.server.serve_forever(poll_interval=0.05)  # werkzeug's own loop returns on Ctrl-C
    except KeyboardInterrupt:
        pass
    finally:
        server.server.server_close()
    print("invoiced-mock stopped", file=sys.stderr)
    return 0
