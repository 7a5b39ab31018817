"""What a header the app is told to send (a stub's) may hold: one header, of the answer, in the API's types.

A value with CR or LF would end the header and start another (``Set-Cookie``) or the body; a name that is
not an HTTP token would do the same; the framing and hop-by-hop headers are the server's own; and a type
outside the API's (``text/html``) would make the sandbox's origin serve a page — script and all — to any
browser that opens the stubbed URL.
"""

from __future__ import annotations

import re

TOKEN = re.compile(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")  # RFC 9110 field-name
SERVERS_OWN = frozenset({"connection", "content-length", "keep-alive", "proxy-authenticate", "proxy-authorization",
                         "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade"})
# What the API answers (``http/render.py``, documents' PDF and CSV), and the inert text a proxy before it may send.
API_TYPES = ("application/json", "application/pdf", "text/csv", "text/plain")
_CONTROL = re.compile(r"[\x00-\x08\x0a-\x1f\x7f]")  # every control character but HTAB


class BadHeader(ValueError):
    """A header refused, with the parameter naming it (``headers[X-A]``)."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(message)
        self.param = f"headers[{name[:100]}]"


def check(name: str, value: str) -> None:
    """Refuse a header the app must not send (see the module's docstring)."""
    if not TOKEN.fullmatch(name):
        raise BadHeader(name, f"{name[:100]!r} is not a header name (letters, digits and !#$%&'*+-.^_`|~)")
    if "\r" in value or "\n" in value:
        raise BadHeader(name, f"The {name} header holds CR or LF: a header value is one line")
    if _CONTROL.search(value):
        raise BadHeader(name, f"The {name} header holds a control character")
    lowered = name.lower()
    if lowered in SERVERS_OWN:
        raise BadHeader(name, f"{name} is the server's own header (framing or hop-by-hop): a stub cannot set it")
    if lowered == "content-type" and value.partition(";")[0].strip().lower() not in API_TYPES:
        raise BadHeader(name, f"A stub answers as the API does: its Content-Type is {', '.join(API_TYPES[:-1])} "
                              f"or {API_TYPES[-1]}, not {value[:100]!r}")
