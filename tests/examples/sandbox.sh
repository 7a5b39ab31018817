#!/bin/sh
# The sandbox from a shell, as docs/how-to/sandbox.md shows it; test_example_sandbox.py runs it against a
# loopback server. Each curl prints one JSON body.
set -eu
BASE=${BASE:-http://127.0.0.1:8080}  # what `invoiced-mock serve` (or `make serve`) printed
KEY=${KEY:-test_key}                 # any key: each is a business of its own

# --8<-- [start:api]
curl -sf -w '\n' -u "$KEY:" "$BASE/customers" -d name="Acme Inc"
curl -sf -w '\n' -u "$KEY:" "$BASE/customers"
# --8<-- [end:api]

# --8<-- [start:control]
curl -sf -w '\n' -u "$KEY:" "$BASE/_mock/faults" -H 'Content-Type: application/json' \
     -d '{"method": "POST", "path": "/invoices", "status": 429, "times": 1}'
curl -sf -w '\n' -X POST "$BASE/_mock/clock" -H 'Content-Type: application/json' -d '{"advance": {"days": 31}}'
curl -sf -w '\n' -u "$KEY:" "$BASE/_mock/stubs" -H 'Content-Type: application/json' \
     -d '{"method": "GET", "path": "/invoices/*", "json": {"id": 7, "object": "invoice", "status": "pending"}}'
curl -sf -w '\n' -u "$KEY:" "$BASE/invoices/7"
curl -sf -w '\n' -u "$KEY:" "$BASE/_mock/requests"
# --8<-- [end:control]
