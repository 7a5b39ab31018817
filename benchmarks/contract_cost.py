"""What checking the contract costs per object, against a baseline measured in the same run.

The baseline is encoding the same object (``json.dumps``, which every response pays anyway). Then:
validating it with the compiled, cached validator; the whole run-time check (decode + validate);
and a request end to end with and without ``strict=True``. Ratios, not absolute numbers, are the
point: they survive a busy machine.
"""

from __future__ import annotations

import json
import timeit
from collections.abc import Callable
from typing import Any

from werkzeug.test import Client

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.contract import checks, validation
from invoiced_mock.formats.json_bodies import dumps

AUTH = ("sk_bench", "")


def per_call(fn: Callable[[], Any], number: int) -> float:
    """Best-of-5 seconds per call."""
    return min(timeit.repeat(fn, number=number, repeat=5)) / number


def sample(strict: bool) -> tuple[Client, dict[str, Any], list[dict[str, Any]]]:
    http = Client(InvoicedMock(clock=Clock(frozen_at=1_700_000_000), strict=strict))
    http.post("/tax_rates", json={"id": "vat", "name": "VAT", "value": 20}, auth=AUTH)
    for i in range(100):
        http.post("/customers", json={"name": f"Customer {i}", "email": f"c{i}@example.com", "taxes": ["vat"],
                                      "metadata": {"rep": "Jan", "n": str(i)}, "credit_limit": 1000}, auth=AUTH)
    listed = http.get("/customers", auth=AUTH).get_json()
    return http, listed[0], listed


def rows() -> list[tuple[str, float, float]]:
    http, one, many = sample(strict=False)
    body, page = dumps(one).encode(), dumps(many).encode()
    check = validation.validator("customer")
    check_list = validation.validator("customer_list")
    baseline = per_call(lambda: json.dumps(one), 2000)
    baseline_page = per_call(lambda: json.dumps(many), 50)
    measured = [
        ("json.dumps(customer)  [baseline]", baseline, baseline),
        ("jsonschema is_valid(customer) (reference)", per_call(lambda: check.is_valid(one), 200), baseline),
        ("violations(customer) (jsonschema_rs first)", per_call(lambda: validation.violations(one, "customer"), 2000),
         baseline),
        ("check_body(customer bytes): decode + check", per_call(lambda: checks.check_body(body, "customer"), 2000),
         baseline),
        ("json.dumps(100 customers)  [baseline]", baseline_page, baseline_page),
        ("jsonschema is_valid(100 customers)", per_call(lambda: check_list.is_valid(many), 5), baseline_page),
        ("check_body(100 customers)", per_call(lambda: checks.check_body(page, "customer_list"), 50), baseline_page),
    ]
    lenient_http = http
    strict_http, _, _ = sample(strict=True)
    get = lambda c: c.get("/customers/1", auth=AUTH)  # noqa: E731
    plain = per_call(lambda: get(lenient_http), 200)
    measured += [
        ("GET /customers/1 (lenient)  [baseline]", plain, plain),
        ("GET /customers/1 (strict)", per_call(lambda: get(strict_http), 200), plain),
        ("GET /customers, 100 (lenient)  [baseline]", (lp := per_call(lambda: lenient_http.get(
            "/customers", auth=AUTH), 10)), lp),
        ("GET /customers, 100 (strict)", per_call(lambda: strict_http.get("/customers", auth=AUTH), 10), lp),
    ]
    return measured


def main() -> None:
    for label, seconds, baseline in rows():
        print(f"{label:48s} {seconds * 1e6:10.1f} µs   ×{seconds / baseline:5.2f}")


if __name__ == "__main__":
    main()
