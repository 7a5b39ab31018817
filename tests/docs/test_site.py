"""The documentation site: it builds with warnings as errors, every example on it is a file the suite runs, no
internal link is broken, and the generated reference pages say what the code does."""

from __future__ import annotations

import argparse
import json
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag

from invoiced_mock.contract.openapi import document
from invoiced_mock.core.resource import REGISTRY
from invoiced_mock.resources.catalogue import load_all
from tests.docs.conftest import DOCS, REPO, Built, page

FENCE = re.compile(r"^```(\w*)\n(.*?)^```", re.S | re.M)
SNIPPET = re.compile(r'^--8<-- "([^":]+)(?::[\w-]+)?"$')
EXAMPLES = REPO / "tests" / "examples"


def sources() -> dict[Path, str]:
    return {path: path.read_text(encoding="utf-8") for path in sorted(DOCS.rglob("*.md"))}


def included(text: str) -> list[str]:
    """The files a page pulls in with ``--8<--``, inside code blocks or not."""
    return re.findall(r'^--8<-- "([^":]+)', text, re.M)


def test_the_site_builds_with_warnings_as_errors(site: Built) -> None:
    assert "WARNING" not in site.output, site.output
    for path in ("index.html", "tutorial/index.html", "how-to/faults/index.html", "reference/coverage/index.html",
                 "search/search_index.json"):
        assert (site.root / path).is_file(), path


def test_every_python_block_on_the_site_is_a_file_the_suite_runs() -> None:
    seen = 0
    for path, text in sources().items():
        for language, body in FENCE.findall(text):
            if language != "python":
                continue
            seen += 1
            match = SNIPPET.match(body.strip())
            assert match, f"{path.relative_to(REPO)}: a python block that is not a file of tests/:\n{body}"
            shown = REPO / match.group(1)
            assert shown.is_file() and shown.is_relative_to(REPO / "tests") and shown.name.startswith("test_"), shown
    assert seen >= 25


def test_every_example_file_is_on_the_site() -> None:
    shown = {name for text in sources().values() for name in included(text)}
    examples = {str(p.relative_to(REPO)) for pattern in ("test_example_*.py", "test_unittest_example.py", "*.sh")
                for p in EXAMPLES.glob(pattern)}
    assert examples - shown == set()


def test_the_readme_s_examples_are_example_files() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    tests = [body for language, body in FENCE.findall(readme) if language == "python" and "def test_" in body]
    files = {p.read_text(encoding="utf-8") for p in EXAMPLES.glob("test_example_*.py")}
    assert len(tests) == 2 and all(body in files for body in tests)


class Links(HTMLParser):
    """Every ``href`` and every ``id`` of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.hrefs: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.add(str(found["id"]))
        if tag == "a" and found.get("href"):
            self.hrefs.append(str(found["href"]))


def parsed(path: Path) -> Links:
    links = Links()
    links.feed(path.read_text(encoding="utf-8"))
    return links


def test_no_internal_link_is_broken(site: Built) -> None:
    pages = {path: parsed(path) for path in site.root.rglob("*.html")}
    checked = [path for path in pages if path.name != "404.html"]  # 404.html links from the site root, wherever served
    broken = []
    for path in checked:
        for href in pages[path].hrefs:
            if re.match(r"^[a-z]+:", href) or href.startswith("//"):
                continue  # an external link: the site makes none it needs
            target, anchor = urldefrag(href)
            resolved = (path.parent / unquote(target)).resolve() if target else path
            if resolved.is_dir():
                resolved = resolved / "index.html"
            if not resolved.is_file():
                broken.append(f"{path.relative_to(site.root)}: {href}")
            elif anchor and resolved.suffix == ".html" and unquote(anchor) not in pages[resolved].ids:
                broken.append(f"{path.relative_to(site.root)}: {href} (no such anchor)")
    assert broken == [], "\n".join(broken)


def coverage_rows(site: Built) -> set[tuple[str, str, str]]:
    """(method, path with its arguments blanked, served) of every row of the coverage page's tables."""
    html = page(site, "reference/coverage")
    cells = r"<tr>\s*<td>(GET|POST|PUT|PATCH|DELETE)</td>\s*<td><code>([^<]+)</code></td>\s*<td>(yes|no)</td>"
    rows = re.findall(cells, html)
    return {(method, re.sub(r"(:[a-z_]+|\{[^}]+\})", ":", path), served) for method, path, served in rows}


def test_the_coverage_page_lists_every_operation_of_the_openapi_document(site: Built) -> None:
    rows = coverage_rows(site)
    operations = {(method.upper(), re.sub(r"\{[^}]+\}", ":", path)) for path, item in document()["paths"].items()
                  for method in item}
    assert len(operations) > 200
    assert {(method, path, "yes") for method, path in operations} <= rows


def test_the_coverage_page_lists_every_endpoint_of_the_api_served_or_not(site: Built) -> None:
    rows = coverage_rows(site)
    listed = [line.split("\t")[:2] for line in (DOCS / "hooks" / "api_endpoints.tsv").read_text().splitlines()
              if line and not line.startswith(("#", "method\t"))]
    assert len(listed) > 400
    assert {(method, re.sub(r":[a-z_]+", ":", path)) for method, path in listed} <= {(m, p) for m, p, _ in rows}
    assert {("GET", "/transactions", "no"), ("POST", "/reports", "yes"), ("GET", "/openapi.json", "yes")} <= rows


def test_the_coverage_page_shows_rules_strict_mode_and_where_the_mock_differs(site: Built) -> None:
    html = page(site, "reference/coverage")
    load_all()
    for resource in REGISTRY.values():
        for difference in resource.differs:
            assert difference.split("`")[0] in html, difference
    assert "Invoices.apply_rules" in html or "Document.apply_rules" in html
    assert "pay_invoice" in html and "refuses unknown parameters" in html
    assert "<code>invoice.paid</code>" in html


def test_the_cli_page_lists_every_flag_of_the_parser(site: Built) -> None:
    from invoiced_mock.cli import build_parser

    html = page(site, "reference/cli")
    commands = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    for name, command in commands.choices.items():
        assert f"invoiced-mock {name}" in html
        for action in command._actions:
            for flag in () if isinstance(action, argparse._HelpAction) else action.option_strings:
                assert f"<code>{flag}</code>" in html, (name, flag)


def test_the_settings_page_has_every_marker_ini_and_command_line_form(site: Built) -> None:
    import pytest_invoiced_mock as plugin

    html = page(site, "reference/settings")
    for name in plugin.MARKER_OPTIONS:
        assert f"<code>{name}=</code>" in html and f"<code>invoiced_mock_{name}</code>" in html, name
    for flag in ("--invoiced-mock-key", "--invoiced-mock-base-url", "--invoiced-mock-allow-real-api",
                 "--invoiced-mock-strict", "--invoiced-mock-frozen-at", "--invoiced-mock-api-key"):
        assert f"<code>{flag}</code>" in html, flag


def test_the_control_plane_page_is_the_route_table(site: Built) -> None:
    from invoiced_mock.control.plane import ROUTES

    html = page(site, "reference/control-plane")
    for route in ROUTES:
        assert f"<code>{route.method} /_mock/{route.name}</code>" in html


def test_the_limits_page_states_the_enforced_values(site: Built) -> None:
    from invoiced_mock.control.faults import MAX_RULES
    from invoiced_mock.control.journal import Journal
    from invoiced_mock.core import events, hierarchy, presenter
    from invoiced_mock.core.fields import TEXT_LIMIT
    from invoiced_mock.http import limits, safejson
    from invoiced_mock.server import wire

    text = re.sub(r"<[^>]+>", "", page(site, "reference/limits"))
    stated = [(f"{limits.MAX_URL // 1024} KiB", "414"), (f"{limits.MAX_HEADERS // 1024} KiB", "431"),
              (f"{limits.MAX_BODY // 2**20} MiB", "413"), (f"{limits.MAX_UPLOAD // 2**20} MiB", "413"),
              (f"{limits.MAX_PARAMETERS:,}", "max_input_vars"), (f"{safejson.MAX_DEPTH} levels", "nesting"),
              (f"{TEXT_LIMIT:,} characters", "string attributes"),
              (f"{presenter.MAX_EXPANDS} paths of at most {presenter.MAX_EXPAND_DEPTH} levels", "expand"),
              (f"at most {hierarchy.MAX_DEPTH} links", "parent chains"), (f"{MAX_RULES}", "fault rules"),
              (f"{events.RETENTION // 86_400} days", "events"), (f"{wire.RequestHandler.timeout} s", "silent"),
              (f"{Journal().total_bytes // 2**20} MiB", "every key together")]
    for value, row in stated:
        line = next(line for line in text.splitlines() if row in line)
        assert value in text and line, (value, row)


def test_the_search_index_covers_the_generated_pages(site: Built) -> None:
    index = json.loads((site.root / "search" / "search_index.json").read_text(encoding="utf-8"))
    locations = {doc["location"].split("#")[0] for doc in index["docs"]}
    assert {"reference/coverage/", "reference/cli/", "how-to/faults/", "tutorial/"} <= locations
