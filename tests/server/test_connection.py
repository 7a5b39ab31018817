"""One kept-alive connection (``server/connection.py``): the environ werkzeug's own server would build,
one interim answer to ``Expect: 100-continue``, HTTP/1.0's closing, headers made safe, the access log."""

from __future__ import annotations

import json
import logging
import socket
import threading
from collections.abc import Iterable, Iterator
from typing import Any
from urllib.parse import quote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from werkzeug.serving import make_server

from invoiced_mock import InvoicedMock
from invoiced_mock.http.response import HEADER_SAFE
from invoiced_mock.server.threads import ServerThread, WireFaults
from invoiced_mock.server.wire import FinishingBodies
from tests.hostile.fuzzing import read_answer

NOTE = "naïve ☕"  # latin-1 up to the cup


def echo(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    """Answers with every text entry of the environ it was given."""
    seen = {key: value for key, value in environ.items() if isinstance(value, str)}
    start_response("200 OK", [("Content-Type", "application/json")])
    return [json.dumps(seen).encode()]


def noted(environ: dict[str, Any], start_response: Any) -> Iterable[bytes]:
    start_response("200 OK", [("X-Note", NOTE)])
    return [b"{}"]


def _address(server: Any) -> tuple[str, int]:
    return server.server_address[0], server.server_address[1]


def exchange(address: tuple[str, int], request: bytes) -> bytes:
    with socket.create_connection(address, timeout=5) as sock:
        sock.sendall(request)
        return read_answer(sock)


def parts(answer: bytes) -> tuple[str, dict[str, str], bytes]:
    head, _, body = answer.partition(b"\r\n\r\n")
    status, *lines = head.decode("latin-1").split("\r\n")
    return status, dict(line.split(": ", 1) for line in lines), body


@pytest.fixture(scope="module")
def servers() -> Iterator[tuple[tuple[str, int], tuple[str, int]]]:
    """Ours and werkzeug's own development server, both around the echo app and our server's middleware."""
    theirs = make_server("127.0.0.1", 0, FinishingBodies(WireFaults(echo)))
    thread = threading.Thread(target=theirs.serve_forever, kwargs={"poll_interval": 0.01}, daemon=True)
    thread.start()
    with ServerThread(echo) as ours:
        yield _address(ours.server), _address(theirs)
    theirs.shutdown()
    theirs.server_close()


TARGET_CHARS = st.sampled_from([*"abcXYZ019-._~/?=&%+;:@!$'()*,#", "%2F", "%C3%A9", "%zz", "é", "١", "//"])
HEADER_NAMES = st.from_regex(r"X-[A-Za-z0-9]{1,8}(-[A-Za-z0-9_]{1,4})?", fullmatch=True)
HEADER_VALUES = st.from_regex(r"[!-~]([ !-~]{0,20}[!-~])?", fullmatch=True)
SKIPPED = ("REMOTE_PORT", "SERVER_PORT")  # each connection and server has its own


@settings(max_examples=60, deadline=None)
@given(method=st.sampled_from(["GET", "POST", "DELETE", "PATCH", "OPTIONS"]),
       target=st.lists(TARGET_CHARS, max_size=12).map(lambda chars: "/" + "".join(chars)),
       headers=st.lists(st.tuples(HEADER_NAMES, HEADER_VALUES), max_size=6), folded=st.booleans(),
       end=st.sampled_from(["\r\n", "\n"]))
def test_the_app_sees_the_environ_werkzeugs_own_server_builds(
        servers: tuple[tuple[str, int], tuple[str, int]], method: str, target: str,
        headers: list[tuple[str, str]], folded: bool, end: str) -> None:
    lines = "".join(f"{name}: {value}{end}" for name, value in headers)
    if folded and headers:
        lines += f"X-Folded: first{end}  and second{end}X-Twice: a{end}X-Twice: b{end}"
    request = f"{method} ".encode() + target.encode() + f" HTTP/1.1{end}Host: mock{end}{lines}{end}".encode()
    ours, theirs = (json.loads(parts(exchange(address, request))[2]) for address in servers)
    if "HTTP_X_FOLDED" in theirs:  # werkzeug keeps the LF of a fold after a bare LF; here it goes as CRLF does
        theirs["HTTP_X_FOLDED"] = theirs["HTTP_X_FOLDED"].replace("\n", "")
    for name in SKIPPED:
        ours.pop(name, None), theirs.pop(name, None)
    assert ours == theirs


def test_an_absolute_url_in_the_request_line_names_the_host(servers: tuple[tuple[str, int], ...]) -> None:
    request = b"GET http://elsewhere:81/customers?a=1 HTTP/1.1\r\nHost: mock\r\n\r\n"
    seen = json.loads(parts(exchange(servers[0], request))[2])
    assert (seen["HTTP_HOST"], seen["PATH_INFO"], seen["QUERY_STRING"]) == ("elsewhere:81", "/customers", "a=1")


def test_a_header_value_outside_latin1_is_sent_percent_encoded() -> None:
    with ServerThread(noted) as server:
        status, headers, _ = parts(exchange(_address(server.server), b"GET / HTTP/1.1\r\nHost: mock\r\n\r\n"))
    assert status == "HTTP/1.1 200 OK" and headers["X-Note"] == quote(NOTE, safe=HEADER_SAFE)
    assert headers["Date"].endswith(" GMT") and headers["Content-Length"].isdigit()


def test_expect_100_continue_gets_one_interim_answer_then_the_answer() -> None:
    with ServerThread(InvoicedMock()) as server, socket.create_connection(_address(server.server), timeout=5) as sock:
        body = b'{"name": "Acme"}'
        sock.sendall(b"POST /customers HTTP/1.1\r\nHost: mock\r\nAuthorization: Basic c2tfYTo=\r\n"
                     b"Content-Type: application/json\r\nExpect: 100-continue\r\n"
                     b"Content-Length: %d\r\n\r\n" % len(body))
        interim = b""
        while not interim.endswith(b"\r\n\r\n"):
            interim += sock.recv(1)
        assert interim == b"HTTP/1.1 100 Continue\r\n\r\n"
        sock.sendall(body)
        status, _, answer = parts(read_answer(sock))
    assert status.startswith("HTTP/1.1 201 ") and json.loads(answer)["name"] == "Acme"


def test_http_1_0_closes_after_the_answer_unless_asked_to_keep_alive(servers: tuple[tuple[str, int], ...]) -> None:
    with socket.create_connection(servers[0], timeout=5) as sock:
        sock.sendall(b"GET / HTTP/1.0\r\n\r\n")
        assert parts(read_answer(sock))[1]["Connection"] == "close"
        assert sock.recv(1) == b""  # closed
    with socket.create_connection(servers[0], timeout=5) as sock:
        for _ in range(2):
            sock.sendall(b"GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n")
            status, headers, _ = parts(read_answer(sock))
            assert status == "HTTP/1.1 200 OK" and headers["Connection"] == "keep-alive"


@pytest.mark.parametrize(("line", "status"), [(b"GET / HTTP/2.0", 505), (b"GET / HTTP/1.x", 400), (b"POST /", 400)])
def test_a_request_line_it_cannot_serve_is_a_json_error(servers: tuple[tuple[str, int], ...], line: bytes,
                                                        status: int) -> None:
    code, headers, body = parts(exchange(servers[0], line + b"\r\nHost: mock\r\n\r\n"))
    assert int(code.split()[1]) == status and headers["Connection"] == "close"
    assert headers["Content-Type"] == "application/json" and json.loads(body)["message"]


@pytest.mark.parametrize("access_log", [False, True])
def test_requests_are_logged_only_when_the_access_log_is_on(caplog: pytest.LogCaptureFixture,
                                                            access_log: bool) -> None:
    caplog.set_level(logging.INFO, logger="werkzeug")
    with ServerThread(echo, access_log=access_log) as server:
        parts(exchange(_address(server.server), b"GET /logged HTTP/1.1\r\nHost: mock\r\n\r\n"))
    logged = [record.getMessage() for record in caplog.records if "/logged" in record.getMessage()]
    assert len(logged) == access_log and (not logged or '"GET /logged HTTP/1.1" 200' in logged[0])


@pytest.mark.parametrize("line", [b"\r\r\n", b"\r\n\r", b":\r\n", b": value\r\n", b" folded first\r\n",
                                  b"No colon\r\n", b"X-Bad_Name: 1\r\n", b"\x00\x01: \xff\r\n"])
def test_an_odd_header_line_still_gets_an_answer(servers: tuple[tuple[str, int], ...], line: bytes) -> None:
    status, _, body = parts(exchange(servers[0], b"GET /odd HTTP/1.1\r\nHost: mock\r\n" + line + b"\r\n"))
    assert status == "HTTP/1.1 200 OK" and json.loads(body)["PATH_INFO"] == "/odd"


@settings(max_examples=80, deadline=None)
@given(st.lists(st.binary(max_size=12).map(lambda b: b.replace(b"\n", b"")) | st.sampled_from(
    [b"X-A: 1", b" fold", b"\t", b":", b"\r", b"Content-Type: a", b"X_U: 1"]), max_size=8))
def test_any_header_lines_get_an_answer(servers: tuple[tuple[str, int], ...], lines: list[bytes]) -> None:
    """Whatever the header lines hold, the request is answered: never a connection dropped by a crash."""
    head = b"".join(line + b"\r\n" for line in lines if line not in (b"", b"\r"))  # a blank line ends the head
    assert exchange(servers[0], b"GET /odd HTTP/1.1\r\nHost: mock\r\n" + head + b"\r\n").startswith(b"HTTP/1.1 ")
