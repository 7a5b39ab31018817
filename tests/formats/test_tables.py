"""Tables as files (formats/tables.py): CSV and JSON give back every cell; PDF is a real PDF."""

from __future__ import annotations

import csv
import io
import json
from typing import Any

from hypothesis import given, settings
from hypothesis import strategies as st

from invoiced_mock.formats import tables

COLUMNS = ("name", "amount", "tags")
_TEXT = st.text(st.characters(blacklist_categories=("Cs",)), max_size=20)
ROWS = st.lists(st.fixed_dictionaries({"name": _TEXT, "amount": st.integers(-10**12, 10**12),
                                       "tags": st.lists(_TEXT, max_size=3)}), max_size=8)


@settings(max_examples=60)
@given(rows=ROWS)
def test_csv_gives_back_every_cell_a_nested_one_as_json(rows: list[dict[str, Any]]) -> None:
    read = list(csv.reader(io.StringIO(tables.to_csv(COLUMNS, rows).decode(), newline="")))
    assert read[0] == list(COLUMNS)
    assert [(r[0], int(r[1]), json.loads(r[2])) for r in read[1:]] == [
        (row["name"], row["amount"], row["tags"]) for row in rows]


@settings(max_examples=60)
@given(rows=ROWS)
def test_json_gives_back_the_rows(rows: list[dict[str, Any]]) -> None:
    assert json.loads(tables.render("json", "t", COLUMNS, rows)) == rows


def test_a_missing_cell_is_empty_and_a_flag_reads_as_json() -> None:
    assert tables.to_csv(("a", "b"), [{"a": True}]).decode() == "a,b\ntrue,\n"


def test_a_pdf_table() -> None:
    body = tables.render("pdf", "Customers", COLUMNS, [{"name": "Ünïcode ☃", "amount": 1, "tags": []}])
    assert body.startswith(b"%PDF") and body.rstrip().endswith(b"%%EOF")
