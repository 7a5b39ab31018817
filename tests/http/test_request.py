"""http/request.py: the pipeline's request reads method, path, content type and declared length from the environ
exactly as werkzeug's request does, and reaches the body through werkzeug's limits."""

from __future__ import annotations

from collections.abc import Callable

from hypothesis import given
from hypothesis import strategies as st
from werkzeug.test import EnvironBuilder
from werkzeug.wrappers import Request as WerkzeugRequest

from invoiced_mock.errors import TooLarge
from invoiced_mock.http import limits
from invoiced_mock.http.request import Request

METHODS = st.sampled_from(["get", "GET", "post", "Delete", "PATCH", "HEAD", "OPTIONS"])
PATHS = st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=30)  # WSGI text is latin-1
TYPES = st.sampled_from(["", "application/json", "Application/JSON; charset=utf-8", " text/plain ;x=1",
                         "multipart/form-data; boundary=x", "application/x-www-form-urlencoded"])
LENGTHS = st.sampled_from([None, "", "0", "12", "-3", "abc", " 7 ", "+5"])
ENCODINGS = st.sampled_from([None, "chunked", "gzip, chunked", "identity"])


@given(method=METHODS, path=PATHS, content_type=TYPES, length=LENGTHS, encoding=ENCODINGS)
def test_what_every_step_reads_equals_werkzeugs_reading(method: str, path: str, content_type: str,
                                                          length: str | None, encoding: str | None) -> None:
    environ = EnvironBuilder(method=method).get_environ()
    environ.update(PATH_INFO=path, CONTENT_TYPE=content_type)
    for key, value in (("CONTENT_LENGTH", length), ("HTTP_TRANSFER_ENCODING", encoding)):
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    ours, theirs = Request(environ), WerkzeugRequest(environ)
    assert (ours.method, ours.path, ours.mimetype, ours.content_length) == \
        (theirs.method, theirs.path, theirs.mimetype, theirs.content_length)


def test_the_headers_are_the_environs_own_without_empty_values() -> None:
    environ = EnvironBuilder(method="POST", headers={"X-A": "1", "X-Empty": ""}, data=b"{}",
                             content_type="application/json").get_environ()
    pairs = dict(Request(environ).header_pairs)
    assert (pairs["HTTP_X_A"], pairs["CONTENT_TYPE"], pairs["CONTENT_LENGTH"]) == ("1", "application/json", "2")
    assert "HTTP_X_EMPTY" not in pairs


def test_the_body_is_read_once_within_the_limits() -> None:
    body = b'{"name": "Acme"}'
    request = Request(EnvironBuilder(method="POST", data=body, content_type="application/json").get_environ())
    assert limits.read_body(request) == body and request.get_data() == body  # kept, not read twice
    over = b"x" * (limits.MAX_BODY + 1)
    too_big = Request(EnvironBuilder(method="POST", data=over, content_type="application/json").get_environ())
    assert limits.read_body(too_big) == b"" and isinstance(limits.refusal(too_big), TooLarge)


def test_a_body_shorter_than_declared_is_a_400_and_no_write() -> None:
    """A client gone mid-body: the declared length never arrives. Read straight from ``wsgi.input`` (JSON) or
    through werkzeug (a form), the answer is the same 400, and nothing is stored."""
    import io

    from werkzeug.test import Client

    from invoiced_mock import InvoicedMock
    from invoiced_mock.intercept.exchange import run

    app = InvoicedMock()
    for content_type, body in (("application/json", b'{"name": "Acme"}'), (limits.URLENCODED, b"name=Acme")):
        environ = EnvironBuilder(method="POST", path="/customers", data=body, content_type=content_type,
                                 headers={"Authorization": "Basic c2tfdGVzdDo="}).get_environ()  # sk_test:
        environ["CONTENT_LENGTH"] = str(len(body) + 10)
        environ["wsgi.input"] = io.BytesIO(body)
        answer = run(app, environ)
        assert answer.status == 400 and b'"param":"request"' in answer.body, answer.body
    listed = Client(app).get("/customers", auth=("sk_test", ""))
    assert listed.get_json() == []


HOSTS = st.sampled_from([None, "", "api.invoiced.com", "API.Invoiced.com:443", "localhost:8080", "[::1]:9",
                         "xn--caf-dma.test", "bad host", "h:notaport"])
SCHEMES = st.sampled_from(["http", "https"])
SERVERS = st.sampled_from([None, "api.invoiced.com", "127.0.0.1"])
PORTS = st.sampled_from([None, "80", "443", "8443", "x"])


@given(scheme=SCHEMES, host=HOSTS, server=SERVERS, port=PORTS, script=PATHS)
def test_the_root_url_is_werkzeugs(scheme: str, host: str | None, server: str | None, port: str | None,
                                   script: str) -> None:
    environ = EnvironBuilder().get_environ()
    environ["wsgi.url_scheme"], environ["SCRIPT_NAME"] = scheme, script
    for key, value in (("HTTP_HOST", host), ("SERVER_NAME", server), ("SERVER_PORT", port)):
        if value is None:
            environ.pop(key, None)
        else:
            environ[key] = value
    assert _outcome(lambda: Request(environ).root_url) == _outcome(lambda: WerkzeugRequest(environ).root_url)


def _outcome(read: Callable[[], str]) -> tuple[str, str]:
    """What reading gives: the value, or the error raised (a host werkzeug cannot parse raises in both)."""
    try:
        return "value", read()
    except ValueError as error:
        return "error", type(error).__name__
