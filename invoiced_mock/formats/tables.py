"""Rows of a table as a downloadable file: CSV, JSON or PDF (reports and exports).

A table is its column names and its rows (dicts). CSV writes the columns in order (a nested value as its
JSON text, a missing one empty), JSON the rows as a list of objects, PDF a plain landscape table (fpdf2,
``invoiced-mock[pdf]``, imported on first use).
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from typing import Any

from invoiced_mock.extras import require
from invoiced_mock.formats.json_bodies import dumps, encode

FORMATS = ("csv", "json", "pdf")
CONTENT_TYPES = {"csv": "text/csv; charset=utf-8", "json": "application/json", "pdf": "application/pdf"}
Row = dict[str, Any]


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, (dict, list)):
        return dumps(value)
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def to_csv(columns: Sequence[str], rows: Sequence[Row]) -> bytes:
    out = io.StringIO()
    plain = csv.writer(out, lineterminator="\n")
    # Lines end in "\n", so the writer would leave a bare "\r" unquoted and a reader would end the line there:
    # a row holding one is written with every cell quoted.
    quoted = csv.writer(out, lineterminator="\n", quoting=csv.QUOTE_ALL)
    plain.writerow(columns)
    for row in rows:
        cells = [_cell(row.get(c)) for c in columns]
        (quoted if any("\r" in cell for cell in cells) else plain).writerow(cells)
    return out.getvalue().encode()


def to_json(rows: Sequence[Row]) -> bytes:
    return encode(list(rows))


def to_pdf(title: str, columns: Sequence[str], rows: Sequence[Row]) -> bytes:
    pdf = require("fpdf", "Rendering a PDF").FPDF(orientation="L", format="A4")
    pdf.set_auto_page_break(True, margin=15)
    pdf.add_page()
    pdf.set_font("Helvetica", "B", 16)
    pdf.cell(0, 10, _latin(title), new_x="LMARGIN", new_y="NEXT")
    width = (pdf.w - pdf.l_margin - pdf.r_margin) / max(len(columns), 1)
    pdf.set_font("Helvetica", "B", 8)
    for column in columns:
        pdf.cell(width, 6, _latin(column[:30]), border="B")
    pdf.ln()
    pdf.set_font("Helvetica", "", 8)
    for row in rows:
        for column in columns:
            pdf.cell(width, 5, _latin(_cell(row.get(column))[:30]))
        pdf.ln()
    return bytes(pdf.output())


def render(kind: str, title: str, columns: Sequence[str], rows: Sequence[Row]) -> bytes:
    """The table as a file of ``kind`` (one of :data:`FORMATS`)."""
    if kind == "json":
        return to_json(rows)
    if kind == "pdf":
        return to_pdf(title, columns, rows)
    return to_csv(columns, rows)


def _latin(text: str) -> str:
    """The PDF core fonts speak Latin-1; anything else prints as '?'."""
    return text.encode("latin-1", "replace").decode("latin-1")
