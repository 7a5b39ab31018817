"""The same hostile requests over a real loopback socket: a JSON answer, in bounded time, every time."""

from __future__ import annotations

import json
import socket
from collections.abc import Iterator

import pytest
import requests

from invoiced_mock import Clock, InvoicedMock
from invoiced_mock.http import limits
from invoiced_mock.server import wire
from invoiced_mock.server.threads import ServerThread
from tests.hostile.fuzzing import read_answer

AUTH = b"Authorization: Basic c2tfZWRnZTo=\r\n"  # sk_edge:
ANSWER_WITHIN = 5.0  # seconds; a hang used to be forever


@pytest.fixture(scope="module")
def server() -> Iterator[ServerThread]:
    with ServerThread(InvoicedMock(clock=Clock(frozen_at=1_700_000_000))) as running:
        yield running


def exchange(server: ServerThread, request: bytes) -> tuple[int, dict[str, str], bytes]:
    """Send raw bytes; the status, headers and body of the answer (fails on a silent or open socket)."""
    host, port = server.server.server_address[:2]
    with socket.create_connection((host, port), timeout=ANSWER_WITHIN) as sock:
        sock.sendall(request)
        received = read_answer(sock)  # a whole answer, or the server's close: a timeout here is the old hang
    head, _, body = received.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = dict(line.split(": ", 1) for line in lines[1:])
    return int(lines[0].split()[1]), headers, body


def get(path: bytes, extra: bytes = b"") -> bytes:
    return b"GET " + path + b" HTTP/1.1\r\nHost: localhost\r\n" + AUTH + extra + b"\r\n"


def post(path: bytes, body: bytes, auth: bytes = AUTH) -> bytes:
    return (b"POST " + path + b" HTTP/1.1\r\nHost: localhost\r\n" + auth + b"Content-Type: application/json\r\n"
            b"Content-Length: %d\r\n\r\n" % len(body) + body)


def assert_json_error(answer: tuple[int, dict[str, str], bytes], status: int) -> dict:
    code, headers, body = answer
    assert code == status, body[:300]
    assert headers["Content-Type"] == "application/json"
    error = json.loads(body)
    assert error["type"] == "invalid_request"
    return error


def test_an_arabic_indic_digit_in_the_path_gets_an_answer(server: ServerThread) -> None:
    exchange(server, post(b"/customers", b'{"name": "Acme"}'))
    assert_json_error(exchange(server, get(b"/customers/%D9%A1/contacts")), 404)
    code, headers, _ = exchange(server, get(b"/customers/1/contacts?q=%D9%A1"))
    assert code == 200 and headers["Link"].isascii()


def test_raw_utf8_in_the_request_line_gets_an_answer(server: ServerThread) -> None:
    assert_json_error(exchange(server, get("/customers/١/contacts".encode())), 404)


@pytest.mark.parametrize("body", [b"[" * 1000 + b"]" * 1000, b'{"a":' * 1000 + b"1" + b"}" * 1000])
def test_deep_json_is_a_json_400_with_or_without_a_key(server: ServerThread, body: bytes) -> None:
    assert_json_error(exchange(server, post(b"/customers", body)), 400)
    assert_json_error(exchange(server, post(b"/customers", body, auth=b"")), 400)


def test_a_thousand_brackets_in_a_query_are_a_json_400(server: ServerThread) -> None:
    assert_json_error(exchange(server, get(b"/customers?a" + b"[]" * 1000 + b"=1")), 400)


def test_the_clock_refuses_1e308_days_in_json(server: ServerThread) -> None:
    answer = exchange(server, post(b"/_mock/clock", b'{"advance": {"days": 1e308}}', auth=b""))
    assert assert_json_error(answer, 400)["param"] == "advance"


def test_a_29_byte_body_is_refused_at_once(server: ServerThread) -> None:
    answer = exchange(server, post(b"/customers", b'{"name":"x","owner":1e400000}'))
    assert assert_json_error(answer, 400)["param"] == "owner"


@pytest.mark.parametrize(("request_bytes", "status"), [
    (get(b"/customers?q=" + b"a" * limits.MAX_URL), 414),
    (get(b"/customers?q=" + b"a" * 70_000), 414),  # past http.server's own 64 KiB line limit
    (get(b"/customers", b"X-Big: " + b"a" * limits.MAX_HEADER + b"\r\n"), 431),
    (get(b"/customers", b"X-Big: " + b"a" * 70_000 + b"\r\n"), 431),
    (get(b"/customers", b"".join(b"X-H%d: 1\r\n" % i for i in range(150))), 431),
    (b"NOT A REQUEST LINE AT ALL\r\n\r\n", 400),
])
def test_oversized_and_malformed_requests_are_answered_in_json(server: ServerThread, request_bytes: bytes,
                                                               status: int) -> None:
    assert_json_error(exchange(server, request_bytes), status)


def test_a_body_over_the_limit_is_a_json_413(server: ServerThread) -> None:
    answer = exchange(server, post(b"/customers", b'{"notes": "' + b"a" * limits.MAX_BODY + b'"}'))
    assert_json_error(answer, 413)


def test_link_headers_stay_readable_by_requests(server: ServerThread) -> None:
    query = {"q": "a" * (limits.MAX_URL - 200)}
    response = requests.get(server.base_url + "/customers", params=query, auth=("sk_edge", ""), timeout=5)
    assert response.status_code == 200 and "next" not in response.links
    assert requests.get(server.base_url + "/customers", auth=("sk_edge", ""), timeout=5).status_code == 200


def chunked(payload: bytes) -> bytes:
    return (b"POST /customers HTTP/1.1\r\nHost: localhost\r\n" + AUTH + b"Content-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\n\r\n" + payload)


def test_a_chunked_body_over_the_limit_is_a_json_413(server: ServerThread) -> None:
    body = b'{"notes": "' + b"n" * (limits.MAX_BODY + 10) + b'"}'
    pieces = [body[i:i + 65536] for i in range(0, len(body), 65536)]
    payload = b"".join(b"%x\r\n%s\r\n" % (len(p), p) for p in pieces) + b"0\r\n\r\n"
    assert_json_error(exchange(server, chunked(payload)), 413)


def test_a_malformed_chunk_is_a_json_400(server: ServerThread) -> None:
    assert_json_error(exchange(server, chunked(b"zz\r\nbad\r\n")), 400)


def test_a_client_that_stops_sending_mid_body_is_answered_after_the_connection_timeout(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(wire.RequestHandler, "timeout", 0.5)
    with ServerThread(InvoicedMock()) as quick:
        request = post(b"/customers", b'{"name": "Acme"}' + b" " * 100)[:-90]  # declares more than it sends
        assert_json_error(exchange(quick, request), 400)
