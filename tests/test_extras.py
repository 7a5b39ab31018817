"""Optional libraries missing: each feature that needs one says which extra installs it, through HTTP too.

A missing library is simulated the way Python itself refuses an import: ``sys.modules[name] = None``.
The contract cases run in a subprocess, where no validator has been compiled and cached yet.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap
import types
from pathlib import Path
from typing import Any

import pytest

from invoiced_mock.extras import MissingExtra, require

from .conftest import Api


def test_require_names_the_extra_that_brings_a_missing_library(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fpdf", None)
    with pytest.raises(ImportError) as missing:
        require("fpdf", "Rendering a PDF")
    assert isinstance(missing.value, MissingExtra)
    assert str(missing.value) == ("Rendering a PDF needs the 'fpdf' package, which is not installed: "
                                  "pip install 'invoiced-mock[pdf]'")


def test_require_refuses_a_version_too_old_to_have_what_the_feature_needs(monkeypatch: pytest.MonkeyPatch) -> None:
    old = types.ModuleType("jsonschema")
    old.__version__ = "2.6.0"  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "jsonschema", old)
    with pytest.raises(MissingExtra, match=r"^Checking needs a newer 'jsonschema' package than the one installed "
                                           r"\(2\.6\.0\): pip install 'invoiced-mock\[contract\]'$"):
        require("jsonschema", "Checking", needs="Draft202012Validator")


def test_require_returns_the_library_when_installed() -> None:
    assert require("fpdf", "Rendering a PDF").FPDF.__name__ == "FPDF"


@pytest.fixture
def issued_invoice(api: Api) -> dict[str, Any]:
    customer = api.create("/customers", name="Acme Inc")
    return api.create("/invoices", customer=customer["id"], items=[{"name": "Design", "unit_cost": 300}])


@pytest.mark.parametrize("how", ["accept", "pdf_url"])
def test_a_pdf_without_fpdf2_is_a_json_501_naming_the_pdf_extra(api: Api, issued_invoice: dict[str, Any],
                                                                monkeypatch: pytest.MonkeyPatch, how: str) -> None:
    monkeypatch.setitem(sys.modules, "fpdf", None)
    path = f"/invoices/{issued_invoice['id']}"
    response = (api.get(path, headers={"Accept": "application/pdf"}) if how == "accept"
                else api.get(f"{path}/pdf"))
    assert response.status_code == 501
    assert response.get_json() == {
        "type": "api_error",
        "message": "Rendering a PDF needs the 'fpdf' package, which is not installed: pip install 'invoiced-mock[pdf]'",
    }


def test_the_html_view_needs_no_pdf_library(api: Api, issued_invoice: dict[str, Any],
                                            monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "fpdf", None)
    response = api.get(f"/invoices/{issued_invoice['id']}/view")
    assert response.status_code == 200
    assert "INV-00001" in response.get_data(as_text=True)


def run_without(modules: tuple[str, ...], script: str) -> str:
    """Run ``script`` in a fresh interpreter where ``modules`` cannot be imported; its stdout."""
    blocker = "import sys\n" + "".join(f"sys.modules[{m!r}] = None\n" for m in modules)
    done = subprocess.run([sys.executable, "-c", blocker + textwrap.dedent(script)], capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


CONTRACT = ("jsonschema", "jsonschema_rs", "referencing")


def test_validate_without_the_contract_extra_says_how_to_install_it() -> None:
    out = run_without(CONTRACT, """
        from invoiced_mock.contract import validate
        try:
            validate({"object": "customer"}, "customer")
        except ImportError as missing:
            print(missing)
    """)
    assert out.strip() == ("Checking JSON against the published schemas needs the 'jsonschema' package, "
                           "which is not installed: pip install 'invoiced-mock[contract]'")


def test_strict_mode_without_the_contract_extra_answers_501_naming_it() -> None:
    out = run_without(CONTRACT, """
        from werkzeug.test import Client
        from invoiced_mock import InvoicedMock

        response = Client(InvoicedMock(strict=True)).post("/customers", json={"name": "Acme"}, auth=("sk", ""))
        print(response.status_code, response.get_json()["message"])
        print(Client(InvoicedMock(strict=True)).get("/customers", auth=("sk", "")).status_code)
    """)
    assert out.splitlines() == [
        "501 Checking JSON against the published schemas needs the 'jsonschema' package, which is not installed: "
        "pip install 'invoiced-mock[contract]'",
        "501",
    ]


def test_without_jsonschema_rs_the_reference_validator_answers_alone() -> None:
    out = run_without(("jsonschema_rs",), """
        from invoiced_mock.contract import violations
        error = {"type": "invalid_request", "message": "m"}
        print(bool(violations({"object": "customer"}, "customer")), violations(error, "error"))
    """)
    assert out.strip() == "True []"


def test_the_validate_command_without_the_contract_extra_says_how_to_install_it(tmp_path: Path) -> None:
    body = tmp_path / "customer.json"
    body.write_text('{"object": "customer", "id": 1}')
    out = run_without(CONTRACT, f"""
        import contextlib, io
        from invoiced_mock.cli import main

        err = io.StringIO()
        with contextlib.redirect_stderr(err):
            code = main(["validate", {str(body)!r}])
        print(code, err.getvalue().strip())
    """)
    assert out.strip() == ("2 invoiced-mock validate: Checking JSON against the published schemas needs the "
                           "'jsonschema' package, which is not installed: pip install 'invoiced-mock[contract]'")
