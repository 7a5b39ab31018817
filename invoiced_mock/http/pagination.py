"""Page/per_page slicing and the ``Link`` + ``X-Total-Count`` headers every list response carries."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import quote

from invoiced_mock.core.fields import Int

DEFAULT_PER_PAGE = 100
MAX_PER_PAGE = 100
_PAGE = Int()


@dataclass(frozen=True)
class Page:
    number: int
    per_page: int
    total: int

    @property
    def last(self) -> int:
        return max(1, -(-self.total // self.per_page))

    @property
    def bounds(self) -> tuple[int, int]:
        start = (self.number - 1) * self.per_page
        return start, start + self.per_page


def page_of(params: dict[str, object], total: int) -> Page:
    """The requested page, with ``page`` clamped to ≥ 1 and ``per_page`` to 1..100 as the API does."""
    number = _integer(params, "page", 1)
    per_page = _integer(params, "per_page", DEFAULT_PER_PAGE)
    return Page(max(1, number), min(MAX_PER_PAGE, max(1, per_page)), total)


def _integer(params: dict[str, object], name: str, default: int) -> int:
    value = params.get(name)
    if value in (None, ""):
        return default
    return _PAGE.coerce(value, name)


def link_header(base_url: str, query: list[tuple[str, str]], page: Page) -> str:
    """``<url>; rel="self", ...`` in the order self, first, previous, next, last.

    Every original query parameter is echoed with ``page`` replaced; keys keep their brackets and
    everything else is percent-encoded, so no URL carries a raw ``,`` or ``;`` (clients split on them).
    """
    kept = [(k, v) for k, v in query if k != "page"]
    rels = [("self", page.number), ("first", 1)]
    if page.number > 1:
        rels.append(("previous", min(page.number - 1, page.last)))
    if page.number < page.last:
        rels.append(("next", page.number + 1))
    rels.append(("last", page.last))
    return ", ".join(f'<{_url(base_url, kept, number)}>; rel="{rel}"' for rel, number in rels)


def _url(base_url: str, kept: list[tuple[str, str]], number: int) -> str:
    pairs = [*kept, ("page", str(number))]
    return base_url + "?" + "&".join(f"{quote(k, safe='[]')}={quote(v, safe='')}" for k, v in pairs)
