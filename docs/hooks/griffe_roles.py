"""A griffe extension for the API reference: the docstrings' Sphinx roles (``:class:`~a.B```) become code spans.

The package's docstrings are written for readers of the source and use Sphinx roles; mkdocstrings renders
Markdown, where a role would show as typed.
"""

from __future__ import annotations

import re
from typing import Any

import griffe

ROLE = re.compile(r":(?:class|meth|func|mod|data|attr|exc|obj):`~?([^`]+)`")


class SphinxRoles(griffe.Extension):
    def on_instance(self, *, obj: griffe.Object, **kwargs: Any) -> None:
        if obj.docstring is not None:
            obj.docstring.value = ROLE.sub(r"`\1`", obj.docstring.value)
