"""The built site as a reader sees it: headless Chromium opens the home page, a how-to, the coverage page and a
search, over a loopback server; screenshots go to ``artifacts/docs/`` (git-ignored), as the inspector's do."""

from __future__ import annotations

import functools
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from typing import Any

import pytest

from tests.docs.conftest import REPO, Built

ARTIFACTS = REPO / "artifacts" / "docs"


class Quiet(SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def served(site: Built) -> Iterator[str]:
    """The site over http://127.0.0.1:<port>/ (search needs http: browsers refuse its worker from file://)."""
    server = ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Quiet, directory=str(site.root)))
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


def shot(browser: Any, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / name
    browser.save_screenshot(str(path))
    return path


def test_a_reader_finds_the_nutshell_a_how_to_the_coverage_and_a_search(browser: Any, served: str) -> None:
    from selenium.webdriver.common.by import By
    from selenium.webdriver.support import expected_conditions as shown
    from selenium.webdriver.support.ui import WebDriverWait

    browser.get(f"{served}/")
    assert "invoiced-mock" in browser.title
    code = "\n".join(block.text for block in browser.find_elements(By.CSS_SELECTOR, "article .highlight code"))
    assert "def test_register_creates_the_customer(invoiced_mock):" in code  # the example file, on the first page
    shot(browser, "1-index.png")

    browser.find_element(By.LINK_TEXT, "Faults and outages").click()
    assert browser.find_element(By.TAG_NAME, "h1").text == "Faults and outages"
    assert "invoiced_mock.drop_connection" in browser.find_element(By.CSS_SELECTOR, "article").text
    shot(browser, "2-how-to-faults.png")

    browser.get(f"{served}/reference/coverage/")
    assert browser.find_element(By.TAG_NAME, "h1").text == "API coverage"
    rows = browser.find_elements(By.CSS_SELECTOR, "article table tr")
    assert len(rows) > 400
    browser.find_element(By.ID, "invoice").location_once_scrolled_into_view  # noqa: B018 - scrolls the page
    shot(browser, "3-coverage.png")

    browser.get(f"{served}/")
    browser.find_element(By.CSS_SELECTOR, "label.md-search__icon, .md-search__input").click()
    field = WebDriverWait(browser, 10).until(shown.element_to_be_clickable((By.CSS_SELECTOR, ".md-search__input")))
    field.send_keys("drop_connection")
    WebDriverWait(browser, 15).until(lambda b: b.find_elements(By.CSS_SELECTOR, ".md-search-result__item"))
    results = browser.find_elements(By.CSS_SELECTOR, ".md-search-result__item")
    assert any("Faults" in result.text for result in results)
    shot(browser, "4-search.png")
