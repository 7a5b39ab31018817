"""The MkDocs hook that adds the generated reference pages to the site (``hooks:`` in ``mkdocs.yml``).

Each page is written from the code when the site is built (``reference.py``, ``coverage.py``), never kept
in the tree, so a change to a declaration, a flag or a limit shows on the next ``make docs``. A new generated
page is one line in :data:`PAGES` and one in the ``nav`` of ``mkdocs.yml``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import coverage
import reference
from mkdocs.structure.files import File, Files

PAGES: dict[str, Callable[[], str]] = {
    "reference/coverage.md": coverage.page,
    "reference/cli.md": reference.cli_page,
    "reference/settings.md": reference.settings_page,
    "reference/control-plane.md": reference.control_plane_page,
    "reference/limits.md": reference.limits_page,
}


def on_files(files: Files, config: Any) -> Files:
    for path, write in PAGES.items():
        files.append(File.generated(config, path, content=write()))
    return files
