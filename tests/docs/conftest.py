"""The documentation site, built once per test session (per xdist worker) with warnings as errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import NamedTuple

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"


class Built(NamedTuple):
    root: Path
    output: str


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory) -> Built:
    """``mkdocs build --strict`` as ``make docs`` runs it, into a directory of the session's own."""
    root = tmp_path_factory.mktemp("site")
    done = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(root)], cwd=REPO,
                          env={**os.environ, "NO_MKDOCS_2_WARNING": "1"}, capture_output=True, text=True,
                          timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr
    return Built(root, done.stdout + done.stderr)


def page(site: Built, path: str) -> str:
    """The built HTML of ``path`` (``reference/coverage`` → ``reference/coverage/index.html``)."""
    return (site.root / path / "index.html").read_text(encoding="utf-8")
