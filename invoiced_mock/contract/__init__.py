"""Contracts: the published JSON Schemas and OpenAPI document, and checks of JSON against them.

    from invoiced_mock.contract import validate, assert_valid_response
    validate(stub_invoice, "invoice")          # ContractError naming JSON path and rule
    assert_valid_response(requests.get(...))   # schema from the status, the endpoint or ``object``

``schemas`` generates the schemas from the resource declarations, ``openapi`` the OpenAPI 3.1 document,
``validation`` compiles and caches validators, ``checks`` is the mock's own run-time check (strict mode
and the test-suite audit), ``recorded`` reads responses, JSON files and VCR cassettes.
"""

from invoiced_mock.contract.validation import ContractError, Violation, names, validate, violations


def assert_valid_response(response: object, schema: str | None = None) -> None:
    """Raise :class:`ContractError` unless a requests/httpx/werkzeug response body matches its schema."""
    from invoiced_mock.contract.recorded import assert_valid_response as check

    check(response, schema)


__all__ = ["ContractError", "Violation", "assert_valid_response", "names", "validate", "violations"]
