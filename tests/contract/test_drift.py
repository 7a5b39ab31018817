"""``invoiced-mock validate --report``: recorded real responses summed up per schema, with the attributes
the schemas lack."""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pytest

from invoiced_mock import cli

from .reference_bodies import CUSTOMER, INVOICE


def _cassette(*interactions: tuple[str, str, object]) -> dict[str, object]:
    return {"interactions": [{"request": {"method": method, "uri": f"https://api.invoiced.com{path}"},
                              "response": {"status": {"code": 200}, "body": {"string": json.dumps(body)}}}
                             for method, path, body in interactions]}


def test_the_report_counts_bodies_per_schema_and_lists_unknown_attributes(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    drifted = copy.deepcopy(INVOICE)
    drifted["items"][0]["colour"] = "red"
    drifted["surprise"] = True
    (tmp_path / "cassettes").mkdir()
    (tmp_path / "cassettes" / "invoices.json").write_text(json.dumps(_cassette(
        ("GET", "/invoices/4101", INVOICE), ("GET", "/invoices/4101", drifted),
        ("POST", "/invoices/4101/emails", [{"id": "e1", "object": "email", "state": "sent", "mood": "happy"}]))))
    (tmp_path / "customer.json").write_text(json.dumps(CUSTOMER))

    assert cli.main(["validate", "--report", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "customer: 1/1 valid",
        "email_list: 0/1 valid",
        "  unknown attribute: $[].mood",
        "invoice: 1/2 valid",
        "  unknown attribute: $.items[].colour",
        "  unknown attribute: $.surprise",
    ]


def test_a_clean_recording_exits_0(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "customer.json").write_text(json.dumps(CUSTOMER))
    assert cli.main(["validate", "--report", str(tmp_path / "customer.json")]) == 0
    assert capsys.readouterr().out.splitlines() == ["customer: 1/1 valid"]
