"""How the customer's pages answer: HTML from ``templates/customer/``, and the protections every answer carries.

The pages take card and bank details over forms, so each answer forbids framing (``X-Frame-Options``, CSP
``frame-ancestors``), sniffing and caching, runs no script and posts forms only to this origin (a sign-up page
may also go on to its ``thanks_url``). A form post must carry the page's form token (an HMAC of the form's own
path under a secret drawn per process) and, when the browser says where it comes from, come from this origin:
a page elsewhere can neither read the token nor pass the origin check.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Iterable
from typing import Any
from urllib.parse import urlsplit

from invoiced_mock.core.resource import File, Reply
from invoiced_mock.formats import html
from invoiced_mock.http.request import Request
from invoiced_mock.http.response import Response, respond

HTML = "text/html; charset=utf-8"
TOKEN = "form_token"  # the hidden field every form carries
_SECRET = secrets.token_bytes(32)
_CSP = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; form-action 'self'{also}; "
        "frame-ancestors 'none'; base-uri 'none'")


class Refused(Exception):
    """A form post that does not come from the page it names (403)."""


def protections(form_targets: Iterable[str] = ()) -> list[tuple[str, str]]:
    """The headers every answer carries; ``form_targets``: origins a form may go on to (a redirect after it)."""
    also = "".join(f" {origin}" for origin in form_targets)
    return [("Content-Security-Policy", _CSP.format(also=also)), ("X-Frame-Options", "DENY"),
            ("X-Content-Type-Options", "nosniff"), ("Referrer-Policy", "same-origin"), ("Cache-Control", "no-store")]


def token_for(path: str) -> str:
    """The form token of the form posting to ``path``."""
    return hmac.new(_SECRET, path.encode(), "sha256").hexdigest()


def check_post(request: Request, form: dict[str, Any]) -> None:
    """Raise :class:`Refused` unless the post carries its form's token and comes from this origin."""
    if request.environ.get("HTTP_SEC_FETCH_SITE") == "cross-site":
        raise Refused
    origin = request.environ.get("HTTP_ORIGIN") or request.environ.get("HTTP_REFERER")
    if origin and origin != "null" and urlsplit(origin).netloc != request.host:
        raise Refused
    given = form.get(TOKEN)
    if not isinstance(given, str) or not given.isascii() or not hmac.compare_digest(given, token_for(request.path)):
        raise Refused


def page(template: str, status: int = 200, *, form_targets: Iterable[str] = (), **context: Any) -> Response:
    """``templates/customer/<template>`` rendered with ``context`` (and ``token_for``), with the protections."""
    body = html.render(f"customer/{template}", token_for=token_for, token_name=TOKEN, **context).encode()
    return respond(status, body, HTML, protections(form_targets))


def message(status: int, heading: str, text: str) -> Response:
    """A plain page saying what went wrong (a wrong link is a 404 with nothing more)."""
    return page("message.html", status, heading=heading, text=text)


def not_found() -> Response:
    return message(404, "Page not found", "This link is not valid. Check that you copied all of it.")


def redirect(location: str, form_targets: Iterable[str] = ()) -> Response:
    return respond(303, b"", None, [("Location", location), *protections(form_targets)])


def file(reply: Reply) -> Response:
    """A PDF or CSV the API's document routes made, as the customer downloads it."""
    assert isinstance(reply, File)
    disposition = [("Content-Disposition", f'inline; filename="{reply.filename}"')] if reply.filename else []
    return respond(reply.status, reply.body, reply.content_type, [*disposition, *protections()])


def origin_of(url: str) -> str:
    """``https://shop.test/thanks?x`` → ``https://shop.test`` (what a CSP source names)."""
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}"
