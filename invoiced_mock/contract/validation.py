"""Checking JSON against the published schemas: validators compiled once and cached, errors that say where.

``validate(obj, "invoice")`` raises :class:`ContractError` listing every :class:`Violation` — the schema,
the JSON path (``$.items[0].quantity``), the rule broken (``type``, ``required``, ``additionalProperties``)
and the validator's message.

Speed: the yes/no answer comes from ``jsonschema_rs`` (compiled, ~1-2 µs per object) when it is
installed; ``jsonschema`` (pure Python, a few hundred µs per object) is the reference, used for the
details of a failure and whenever ``jsonschema_rs`` is missing or cannot take the value. See
``benchmarks/contract_cost.py``. Both come from ``invoiced-mock[contract]`` and are imported on the first
check, never by ``import invoiced_mock`` (:mod:`invoiced_mock.extras`).
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from invoiced_mock.contract.schemas import BASE, build, generation
from invoiced_mock.extras import MissingExtra, require

if TYPE_CHECKING:
    from jsonschema import Draft202012Validator
    from referencing import Registry

FEATURE = "Checking JSON against the published schemas"


@dataclass(frozen=True)
class Violation:
    """One way a JSON value breaks a schema."""

    schema: str
    path: str
    rule: str
    message: str

    def __str__(self) -> str:
        return f"{self.schema}: {self.path}: {self.message} (rule: {self.rule})"


class ContractError(AssertionError):
    """A JSON value that does not match its schema; ``violations`` lists every mismatch."""

    def __init__(self, violations: list[Violation], where: str = "") -> None:
        self.violations = violations
        head = f"{where}: " if where else ""
        super().__init__(head + "; ".join(str(v) for v in violations))


def names() -> list[str]:
    """Every schema name ``validate`` accepts."""
    return sorted(build())


def validator(name: str) -> Draft202012Validator:
    """The compiled validator for schema ``name`` (built once per set of declarations)."""
    schemas = build()
    if name not in schemas:
        raise ValueError(f"no schema named {name!r}; known: {', '.join(sorted(schemas))}")
    return _compiled(generation(), name)


@lru_cache(maxsize=512)
def _compiled(key: tuple[int, tuple[str, ...]], name: str) -> Draft202012Validator:
    schemas = build()
    jsonschema = require("jsonschema", FEATURE, needs="Draft202012Validator")
    return jsonschema.Draft202012Validator(schemas[name], registry=_registry(key))


@lru_cache(maxsize=4)
def _registry(key: tuple[int, tuple[str, ...]]) -> Registry:
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT202012

    resources = [(f"{BASE}{n}.json", Resource.from_contents(s, default_specification=DRAFT202012))
                 for n, s in build().items()]
    return Registry().with_resources(resources)


@lru_cache(maxsize=512)
def _fast(key: tuple[int, tuple[str, ...]], name: str) -> Any:
    """The compiled ``jsonschema_rs`` validator for ``name``, or None without the package."""
    try:
        jsonschema_rs = require("jsonschema_rs", FEATURE)
    except MissingExtra:  # the pure-Python validator answers alone
        return None
    schemas = build()
    registry = jsonschema_rs.Registry([(f"{BASE}{n}.json", s) for n, s in schemas.items()])
    return jsonschema_rs.Draft202012Validator(schemas[name], registry=registry, validate_formats=False)


def _quickly_valid(obj: Any, name: str) -> bool:
    fast = _fast(generation(), name)
    try:
        return fast is not None and bool(fast.is_valid(obj))
    except (ValueError, TypeError):  # a value JSON cannot hold (Decimal, a set): the reference decides
        return False


def violations(obj: Any, name: str) -> list[Violation]:
    """Every way ``obj`` breaks schema ``name`` (empty when it conforms)."""
    check = validator(name)
    if _quickly_valid(obj, name) or check.is_valid(obj):
        return []
    found = sorted((_deepest(e) for e in check.iter_errors(obj)), key=lambda e: (list(e.absolute_path), e.validator))
    return [Violation(name, e.json_path, str(e.validator), e.message) for e in found]


def _deepest(error: Any) -> Any:
    """The failure that says where: an ``anyOf`` (a nullable or expandable attribute) fails as a whole at
    the attribute, but the branch that got furthest into the value names the attribute inside it that is wrong."""
    if not error.context:
        return error
    deepest = max((_deepest(e) for e in error.context), key=lambda e: len(e.absolute_path))
    return deepest if len(deepest.absolute_path) > len(error.absolute_path) else error


def validate(obj: Any, name: str) -> None:
    """Raise :class:`ContractError` unless ``obj`` conforms to schema ``name`` (``"invoice"``, ``"error"``...)."""
    found = violations(obj, name)
    if found:
        raise ContractError(found)


def unknown_attributes(obj: Any, name: str) -> list[str]:
    """JSON paths (``$.items[0].colour``) of the attributes in ``obj`` that schema ``name`` does not declare."""
    found = []
    for error in validator(name).iter_errors(obj):
        for e in _flattened(error):
            if e.validator == "additionalProperties" and isinstance(e.instance, dict):
                declared = set(e.schema.get("properties", ()))
                found += [f"{e.json_path}.{key}" for key in e.instance if key not in declared]
    return sorted(set(found))


def _flattened(error: Any) -> list[Any]:
    return [error, *(e for sub in error.context for e in _flattened(sub))]
