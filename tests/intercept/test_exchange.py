"""The environ the in-process transports build is the one a WSGI server would, headers included."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from invoiced_mock.http.environ_keys import HEADER_PAIRS
from invoiced_mock.http.request import Request
from invoiced_mock.intercept.exchange import environ
from invoiced_mock.intercept.origins import Base

BASE = Base.parse("https://api.invoiced.com")
NAMES = st.sampled_from(["Host", "host", "Content-Type", "Content-Length", "Accept", "X-Trace", "x-trace",
                         "Authorization", "Idempotency-Key"])
HEADERS = st.lists(st.tuples(NAMES, st.sampled_from(["", "a", "b, c", "12"])), max_size=8)


@given(headers=HEADERS, body=st.sampled_from([b"", b"{}", b'{"name": "Acme"}']))
def test_the_header_pairs_given_are_those_a_server_environ_holds(headers: list[tuple[str, str]],
                                                                 body: bytes) -> None:
    built = environ(BASE, "POST", "/customers?x=1", headers, body)
    from_environ = Request({k: v for k, v in built.items() if k != HEADER_PAIRS}).header_pairs
    assert Request(built).header_pairs == from_environ
    # a repeated header is joined by commas, except Host, whose last value replaces the server's
    values = [v for k, v in headers if k.lower() == "x-trace"]
    assert built.get("HTTP_X_TRACE") == (",".join(values) if values else None)
    hosts = [v for k, v in headers if k.lower() == "host"]
    assert built["HTTP_HOST"] == (hosts[-1] if hosts else "api.invoiced.com")
    if body and not any(k == "Content-Length" for k, _ in headers):
        assert built["CONTENT_LENGTH"] == str(len(body))
