"""Hostile input costs its sender, not the other tenants: ratios against figures measured in the same run.

- A normal request's latency (another key's ``GET /customers/1`` over loopback) while a second process
  sends hostile requests without pause, against the same latency with that process paused, in
  alternating rounds. The server runs in a third process, so neither client competes with it for the GIL.
  Reported beside it, the same with the second process sending ordinary ``GET /customers`` instead: what
  three busy processes on this machine's two cores cost, hostile or not (2.1–2.2× here).
- The worst 29-byte body (``"owner": 1e400000``, once 12.7 s) against an ordinary refused body.
- Bracket parsing of 20,000 ``a[]`` pairs against 2,000: linear is 10×, the old parser was quadratic.
- A ``GET`` with 100 fault rules of another key active, against none.
- The journal's memory after list answers far beyond its ceiling, against that ceiling.
"""

from __future__ import annotations

import gc
import signal
import socket
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Any

from werkzeug.test import Client

from benchmarks._table import Figure
from benchmarks._timing import per_call
from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.control.journal import Journal
from invoiced_mock.http import limits
from invoiced_mock.http.params import nest

AUTH = ("sk_bench", "")
SERVER = """
import sys
from werkzeug.test import Client
from invoiced_mock import InvoicedMock
from invoiced_mock.server.threads import ServerThread
app = InvoicedMock()
Client(app).post("/customers", json={"name": "Acme"}, auth=("sk_normal", ""))
server = ServerThread(app).start()
print(server.server.server_address[1], flush=True)
sys.stdin.read()
"""
ATTACKER = """
import socket, sys
port = int(sys.argv[1])
auth = b"Authorization: Basic c2tfYXR0YWNrOg==\\r\\n"  # sk_attack:
def post(path, body, kind=b"application/json"):
    return (b"POST " + path + b" HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n" + auth + b"Content-Type: " + kind
            + b"\\r\\nContent-Length: %d\\r\\n\\r\\n" % len(body) + body)
def get(target):
    return b"GET " + target + b" HTTP/1.1\\r\\nHost: x\\r\\nConnection: close\\r\\n" + auth + b"\\r\\n"
ordinary = [get(b"/customers")]
hostile = [
    post(b"/customers", b'{"name":"x","owner":1e400000}'),
    post(b"/customers", b"[" * 1000 + b"]" * 1000),
    post(b"/customers", b"&".join([b"a[]=x"] * 20000), b"application/x-www-form-urlencoded"),
    post(b"/customers", b'{"notes": "' + b"n" * (1024 * 1024) + b'"}'),
    get(b"/customers?a" + b"[]" * 1000 + b"=1"),
    get(b"/customers?page=" + b"9" * 5000),
    get(b"/customers/%D9%A1/contacts"),
]
sends = hostile if sys.argv[2] == "hostile" else ordinary
sys.stdout.write("ready\\n"); sys.stdout.flush()
while True:
    for request in sends:
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(request)
            while sock.recv(65536):
                pass
"""


def _latency(port: int, samples: int = 200) -> float:
    """Median seconds of another key's ``GET /customers/1`` over a fresh connection (closed by the server after
    the answer: the server keeps HTTP/1.1 connections alive otherwise, and reading to the end would wait out
    its idle timeout)."""
    request = (b"GET /customers/1 HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"  # one request per connection
               b"Authorization: Basic c2tfbm9ybWFsOg==\r\n\r\n")  # sk_normal:
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        with socket.create_connection(("127.0.0.1", port)) as sock:
            sock.sendall(request)
            while sock.recv(65536):
                pass
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def _spawn(code: str, *args: str) -> subprocess.Popen[str]:
    return subprocess.Popen([sys.executable, "-c", code, *args], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True)


def tenant_latency(sends: str = "hostile", rounds: int = 6, samples: int = 40) -> tuple[float, float]:
    """(idle, under attack) median latency of a normal request, in seconds, while another key ``sends``
    ``hostile`` or ``ordinary`` requests. The attacker is paused and resumed (SIGSTOP, SIGCONT) between
    alternating rounds, so both figures see the same machine load."""
    server = _spawn(SERVER)
    attacker: subprocess.Popen[str] | None = None
    try:
        assert server.stdout is not None
        port = int(server.stdout.readline())
        _latency(port, 20)  # warm up
        attacker = _spawn(ATTACKER, str(port), sends)
        assert attacker.stdout is not None
        attacker.stdout.readline()
        idle: list[float] = []
        attacked: list[float] = []
        for _ in range(rounds):
            attacker.send_signal(signal.SIGSTOP)
            time.sleep(0.1)  # let the request it was sending finish
            idle.append(_latency(port, samples))
            attacker.send_signal(signal.SIGCONT)
            time.sleep(0.1)
            attacked.append(_latency(port, samples))
        return statistics.median(idle), statistics.median(attacked)
    finally:
        for process in (attacker, server):
            if process is not None:
                process.kill()
                process.wait()


def _in_process() -> Client:
    http = Client(InvoicedMock(clock=Clock(frozen_at=1_700_000_000)))
    http.post("/customers", json={"name": "Acme"}, auth=AUTH)
    return http


def big_exponent() -> tuple[float, float]:
    http = _in_process()
    ordinary = per_call(lambda: http.post("/customers", data='{"name":"x","owner":"abc"}',
                                          content_type="application/json", auth=AUTH), 100)
    hostile = per_call(lambda: http.post("/customers", data='{"name":"x","owner":1e400000}',
                                         content_type="application/json", auth=AUTH), 100)
    return ordinary, hostile


def bracket_parsing() -> tuple[float, float]:
    small, large = [("a[]", "x")] * 2_000, [("a[]", "x")] * 20_000
    limit, limits.MAX_PARAMETERS = limits.MAX_PARAMETERS, 10**6  # the parser itself, past the HTTP limit
    try:
        return per_call(lambda: nest(small), 10), per_call(lambda: nest(large), 3)
    finally:
        limits.MAX_PARAMETERS = limit


def fault_matching() -> tuple[float, float]:
    http = _in_process()
    app: Any = http.application
    plain = per_call(lambda: http.get("/customers/1", auth=AUTH), 200)
    for i in range(100):
        app.faults.add("GET", f"/customers/{i}/**", api_key="sk_other", times=None)
    loaded = per_call(lambda: http.get("/customers/1", auth=AUTH), 200)
    return plain, loaded


def journal_memory(ceiling: int = 2 * 2**20) -> tuple[float, float]:
    http = Client(InvoicedMock(clock=Clock(frozen_at=1_700_000_000)))
    for i in range(100):
        http.post("/customers", json={"name": f"Customer {i}", "email": f"c{i}@example.com"}, auth=AUTH)
    app: Any = http.application
    app.journal = Journal(max_bytes=ceiling)
    gc.collect()
    tracemalloc.start()
    base = tracemalloc.get_traced_memory()[0]
    for _ in range(40):  # about 5 times the ceiling in answers
        http.get("/customers", auth=AUTH)
    gc.collect()
    used = tracemalloc.get_traced_memory()[0] - base
    tracemalloc.stop()
    return ceiling, used


def figures() -> list[Figure]:
    idle, attacked = tenant_latency()
    calm, busy = tenant_latency("ordinary")
    ordinary, exponent = big_exponent()
    small, large = bracket_parsing()
    plain, loaded = fault_matching()
    ceiling, used = journal_memory()
    print(f"  normal GET over loopback: idle {idle * 1e3:.2f} ms, during an attack {attacked * 1e3:.2f} ms")
    print(f"  the same: idle {calm * 1e3:.2f} ms, another key sending ordinary GETs {busy * 1e3:.2f} ms")
    print(f"  refused body: ordinary {ordinary * 1e6:.0f} µs, owner=1e400000 {exponent * 1e6:.0f} µs")
    print(f"  nest(): 2,000 pairs {small * 1e3:.2f} ms, 20,000 pairs {large * 1e3:.2f} ms")
    print(f"  journal: ceiling {ceiling / 2**20:.1f} MiB, traced {used / 2**20:.1f} MiB")
    return [
        Figure("normal GET latency, another key attacking", attacked / idle, "same GET, server idle", 2.0),
        Figure("  the same, another key sending ordinary GETs", busy / calm, "same GET, server idle"),
        Figure("POST owner=1e400000 (refused)", exponent / ordinary, "POST owner=abc (refused)", 2.0),
        Figure("nest() of 20,000 a[] pairs", large / small, "nest() of 2,000 (linear: 10×)", 15.0),
        Figure("GET, 100 fault rules of another key", loaded / plain, "GET, no fault rules", 1.25),
        Figure("journal memory after 5× its ceiling", used / ceiling, "the journal's byte ceiling", 1.0),
    ]


if __name__ == "__main__":
    from benchmarks._table import render

    print(render(figures()))
