"""Hypothesis strategies of valid requests, derived from the published request schemas.

    from invoiced_mock import strategies
    @given(strategies.create_payload("customer"))
    def test_anything(payload): ...

    @given(strategies.graph("contact"))         # a customer, then contacts under it
    def test_graph(steps):
        created = strategies.create_all(steps, post)   # post(path, payload) -> created object

``create_payload`` draws bodies that ``<object>_create.json`` accepts, cross-attribute ``request_rules``
included (``if``/``then`` by drawing what ``then`` asks for, ``anyOf``/``oneOf``/``not`` by filtering);
references to other objects are left out unless ids are given (``refs={"customer": [12]}``).
``graph`` builds linked objects generically from the declarations' references and parents
(customer → invoices → payments once those resources declare their ``Ref`` fields).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from hypothesis import strategies as st

from invoiced_mock.contract.schemas import build
from invoiced_mock.core.crud import SHAPING
from invoiced_mock.core.fields import Ref, RefList, StrRef
from invoiced_mock.core.resource import REGISTRY, Resource

Payload = dict[str, Any]
MAX_INT = 10**9
MAX_CENTS = 10**8
_SURROGATES: tuple[Literal["Cs"]] = ("Cs",)  # a Unicode category name, as hypothesis types them
_TEXT = st.characters(codec="utf-8", exclude_categories=_SURROGATES)


def _json_key(value: Any) -> str:
    """Equality as JSON sees it, for ``uniqueItems`` (lists and dicts are not hashable)."""
    import json

    return json.dumps(value, sort_keys=True, default=str)


def from_schema(schema: Mapping[str, Any]) -> st.SearchStrategy[Any]:
    """Values of the JSON Schema subset the generator emits (type, enum, const, bounds, items, properties)."""
    if "const" in schema:
        return st.just(schema["const"])
    if "enum" in schema:
        return st.sampled_from([v for v in schema["enum"] if v is not None])
    if "anyOf" in schema:
        return st.one_of([from_schema(s) for s in schema["anyOf"]])
    kind = schema.get("type")
    if isinstance(kind, list):
        return st.one_of([from_schema({**schema, "type": k}) for k in kind if k != "null"])
    if kind == "string":
        return _string(schema)
    if kind == "boolean":
        return st.booleans()
    if kind == "integer":
        return st.integers(schema.get("minimum", -MAX_INT), schema.get("maximum", MAX_INT))
    if kind == "number":
        low, high = schema.get("minimum", -MAX_CENTS // 100), schema.get("maximum", MAX_CENTS // 100)
        floor = int(low * 100) if "exclusiveMinimum" not in schema else int(schema["exclusiveMinimum"] * 100) + 1
        return st.integers(floor, int(high * 100)).map(_major_units)
    if kind == "array":
        items = from_schema(schema.get("items", {}))
        return st.lists(items, min_size=schema.get("minItems", 0), max_size=max(3, schema.get("minItems", 0)),
                        unique_by=_json_key if schema.get("uniqueItems") else None)
    if kind == "object":
        return _object(schema)
    return st.one_of(st.none(), st.booleans(), st.integers(-MAX_INT, MAX_INT), st.text(_TEXT, max_size=20))


def _major_units(cents: int) -> int | float:
    """A JSON number with at most two decimals (what a client sends for money)."""
    return cents // 100 if cents % 100 == 0 else float(Decimal(cents).scaleb(-2))


def _string(schema: Mapping[str, Any]) -> st.SearchStrategy[str]:
    if "pattern" in schema:
        return st.from_regex(schema["pattern"], fullmatch=True)
    longest = schema.get("maxLength", 60)
    if schema.get("format") == "email":
        return st.emails().filter(lambda e: len(e) <= longest)
    return st.text(_TEXT, min_size=schema.get("minLength", 0), max_size=min(longest, 60))


def _object(schema: Mapping[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
    props = schema.get("properties")
    if props is not None:
        required = set(schema.get("required", ()))
        return st.fixed_dictionaries({k: from_schema(v) for k, v in props.items() if k in required},
                                     optional={k: from_schema(v) for k, v in props.items() if k not in required})
    values = schema.get("additionalProperties")
    if not isinstance(values, dict):
        return st.just({})
    keys = st.text(_TEXT, min_size=1, max_size=schema.get("propertyNames", {}).get("maxLength", 20))
    return st.dictionaries(keys, from_schema(values), max_size=min(schema.get("maxProperties", 3), 3))


def _is_reference(resource: Resource, name: str) -> str | None:
    f = resource.by_name.get(name)
    return f.type.resource if f is not None and isinstance(f.type, (Ref, StrRef, RefList)) else None


def _drawn_properties(resource: Resource, published: Mapping[str, Any]) -> dict[str, Any]:
    """The create schema's attributes, narrowed where the resource says (``Resource.drawn``)."""
    props = {k: v for k, v in published.items() if not v.get("readOnly") and k not in SHAPING}
    for key, narrower in resource.drawn.items():
        if key not in props:  # narrows what is published, never adds to it
            continue
        if narrower is None:
            props.pop(key, None)
        else:
            props[key] = narrower
    return props


def create_payload(name: str, refs: Mapping[str, Sequence[Any]] | None = None) -> st.SearchStrategy[Payload]:
    """Create bodies for resource ``name`` that the API accepts (references drawn from ``refs``'s ids)."""
    resource = REGISTRY[name] if name in REGISTRY else _load(name)
    if not resource.drawable:
        raise ValueError(f"{name} create bodies cannot be drawn from a schema (see Resource.drawable)")
    schema = build()[f"{name}_create"]
    refs = refs or {}
    required = set(schema.get("required", ()))
    fixed: dict[str, st.SearchStrategy[Any]] = {}
    optional: dict[str, st.SearchStrategy[Any]] = {}
    for key, prop in _drawn_properties(resource, schema["properties"]).items():
        target = _is_reference(resource, key)
        if target is not None:
            if not refs.get(target):
                if key in required:
                    raise ValueError(f"{name}.{key} needs ids of {target}: pass refs={{{target!r}: [...]}}")
                continue
            pool = st.sampled_from(list(refs[target]))
            value = st.lists(pool, max_size=3, unique=True) if prop.get("type") == "array" else pool
        else:
            value = from_schema(prop)
        (fixed if key in required else optional)[key] = value
    base = st.fixed_dictionaries(fixed, optional=optional)
    rules = schema.get("allOf", [])
    if not rules:
        return base
    from jsonschema import Draft202012Validator

    every_rule = Draft202012Validator({"allOf": rules})  # anyOf/oneOf/not rules: drawn bodies that break them go
    return base.flatmap(lambda payload: _obey(payload, rules, schema["properties"])).filter(every_rule.is_valid)


def _obey(payload: Payload, rules: list[dict[str, Any]], props: Mapping[str, Any]) -> st.SearchStrategy[Payload]:
    """``payload`` redrawn where an ``if``/``then`` rule it triggers asks more of it (other rules: a filter)."""
    from jsonschema import Draft202012Validator

    extra: dict[str, st.SearchStrategy[Any]] = {}
    for rule in rules:
        if "if" not in rule or not Draft202012Validator(rule["if"]).is_valid(payload):
            continue
        then = rule["then"]
        for key in then.get("required", ()):
            if key not in payload:
                extra[key] = from_schema({**props[key], **then.get("properties", {}).get(key, {})})
        for key, narrower in then.get("properties", {}).items():
            if key in payload or key in extra:
                extra[key] = from_schema({**props[key], **narrower})
    return st.fixed_dictionaries(extra).map(lambda more: {**payload, **more})


def _ruled(rules: Any) -> list[str]:
    """Attributes a request rule names as ``required`` somewhere (``anyOf`` of owners: the graph makes each)."""
    if isinstance(rules, dict):
        return [*rules.get("required", ()), *(k for key, v in rules.items() if key != "required" for k in _ruled(v))]
    if isinstance(rules, (list, tuple)):
        return [k for rule in rules for k in _ruled(rule)]
    return []


def _load(name: str) -> Resource:
    from invoiced_mock.resources import catalogue

    catalogue.load_all()
    return REGISTRY[name]


@dataclass(frozen=True)
class Step:
    """Create one ``object``: ``payload`` plus ``links`` (field → (object, n): the n-th one created in the graph)."""

    object: str
    payload: Payload
    links: dict[str, tuple[str, int]] = field(default_factory=dict)


def _dependencies(name: str, seen: tuple[str, ...] = ()) -> list[str]:
    """``name`` after everything it needs: its parent and the targets of its required references."""
    resource = _load(name)
    if resource.parent and "create" not in _load(resource.parent).operations:
        raise ValueError(f"{name} lives under {resource.parent}, which the API does not create: no graph reaches it")
    needs = [resource.parent] if resource.parent else []
    needs += [f.type.resource for f in resource.fields if f.required and not f.read_only
              and isinstance(f.type, (Ref, StrRef, RefList)) and f.type.resource != name]
    needs += [t for key in _ruled(resource.request_rules) if (t := _is_reference(resource, key)) not in (None, name)]
    order: list[str] = []
    for need in needs:
        if need and need not in seen:
            order += [n for n in _dependencies(need, (*seen, name)) if n not in order]
    return [*order, name] if name not in order else order


def graph(*leaves: str, per_object: int = 2) -> st.SearchStrategy[list[Step]]:
    """Linked create steps reaching ``leaves`` (``graph("payment")``: customer → invoices → payments).

    Every object of a type is linked to an earlier object of each type it references that the graph holds.
    """
    order: list[str] = []
    for leaf in leaves:
        order += [n for n in _dependencies(leaf) if n not in order]

    @st.composite
    def draw(data: st.DrawFn) -> list[Step]:
        steps: list[Step] = []
        made: dict[str, int] = {}
        for name in order:
            resource = _load(name)
            count = 1 if name not in leaves else data(st.integers(1, per_object))
            for _ in range(count):
                links: dict[str, tuple[str, int]] = {}
                if resource.parent:
                    links[resource.parent_field] = (resource.parent, data(st.integers(0, made[resource.parent] - 1)))
                placeholders: dict[str, list[Any]] = {}
                for f in resource.fields:
                    target = _is_reference(resource, f.name)
                    if target in made and not f.read_only and f.name not in links:
                        placeholders.setdefault(target, []).extend(range(made[target]))
                payload = data(create_payload(name, refs={k: [f"@{i}" for i in v] for k, v in placeholders.items()}))
                for key, value in list(payload.items()):
                    target = _is_reference(resource, key)
                    if target is not None:
                        links[key] = (target, int(str(value[0] if isinstance(value, list) else value)[1:]))
                        del payload[key]
                steps.append(Step(name, payload, links))
                made[name] = made.get(name, 0) + 1
        return steps

    return draw()


def create_all(steps: Sequence[Step], post: Callable[[str, Payload], dict[str, Any]]) -> list[dict[str, Any]]:
    """Create ``steps`` in order through ``post(path, payload)`` (which returns the created object)."""
    created: dict[str, list[dict[str, Any]]] = {}
    out = []
    for step in steps:
        resource = _load(step.object)
        payload = dict(step.payload)
        path = f"/{resource.path}"
        for key, (target, index) in step.links.items():
            ident = created[target][index]["id"]
            if resource.parent and key == resource.parent_field:
                path = f"/{REGISTRY[resource.parent].path}/{ident}/{resource.path}"
            else:
                is_list = isinstance(resource.by_name[key].type, RefList)
                payload[key] = [ident] if is_list else ident
        obj = post(path, payload)
        created.setdefault(step.object, []).append(obj)
        out.append(obj)
    return out
