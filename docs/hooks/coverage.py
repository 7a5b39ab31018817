"""The coverage page: every endpoint of the Invoiced API, served or not, written at build time.

Two inputs: ``api_endpoints.tsv`` beside this file (the API's endpoints and who calls them) and the mock's own
declarations, read through the shared URL map and the OpenAPI document built from them. For each served
operation the page shows its parameters (what strict mode accepts), the business rules it runs (the hooks its
resource overrides, an action's handler), its answer, and, per resource, the module's own account of its
rules, what time does to it and where the mock knowingly differs (``Resource.differs``).
"""

from __future__ import annotations

import inspect
import re
from collections import defaultdict
from collections.abc import Iterable
from pathlib import Path
from typing import Any, NamedTuple

from reference import cell

ENDPOINTS = Path(__file__).with_name("api_endpoints.tsv")
OFFICIAL = ("python", "ruby", "php", "go", "java", "dotnet")
METHODS = ("GET", "POST", "PUT", "PATCH", "DELETE")
# Which hooks of a resource an operation runs, and what each means where the override says nothing itself.
HOOKS = {
    "create": ("make", "apply_rules", "after_write", "after_created"),
    "update": ("apply_rules", "after_write"),
    "delete": ("destroy", "check_delete", "on_delete"),
    "list": ("collect", "list_filter", "computed"),
    "retrieve": ("computed",),
}
_ROLE = re.compile(r":(?:class|meth|func|mod|data|attr|exc|obj):`~?([^`]+)`")
_ARGUMENT = re.compile(r"<(?:[^:<>]+:)?([^<>]+)>")


class Endpoint(NamedTuple):
    """One endpoint of the API, as the API's list has it."""

    method: str
    path: str
    resource: str
    callers: tuple[str, ...]
    documented: bool
    backend: bool


class Served(NamedTuple):
    """One route of the mock: its method, its path in the API's spelling, and the operation it runs."""

    method: str
    path: str
    op: Any


def shape(path: str) -> str:
    """A path with its arguments blanked, so ``/customers/:id`` and ``/customers/{id}`` compare equal."""
    return re.sub(r"(:[a-z_]+|\{[^}]+\})", ":", path)


def api_endpoints() -> list[Endpoint]:
    rows = []
    lines = [line for line in ENDPOINTS.read_text(encoding="utf-8").splitlines() if line and line[0] != "#"]
    for line in lines[1:]:
        method, path, resource, callers, documented, backend = line.split("\t")
        rows.append(Endpoint(method, path, resource, tuple(c for c in callers.split(",") if c != "-"),
                             documented == "yes", backend == "yes"))
    return rows


def served_routes() -> list[Served]:
    from invoiced_mock.http.routing import shared

    out = []
    for rule in shared().map.iter_rules():
        path = _ARGUMENT.sub(lambda m: ":" + ("parent_id" if m.group(1) == "parent_id" else "id"), rule.rule)
        for method in sorted((rule.methods or set()) - {"HEAD", "OPTIONS"}):
            out.append(Served(method, path, rule.endpoint))
    return out


def first_paragraph(text: str | None) -> str:
    if not text:
        return ""
    return _ROLE.sub(r"`\1`", " ".join(inspect.cleandoc(text).split("\n\n")[0].split()))


def docstring(text: str | None) -> str:
    """A module docstring as Markdown: paragraphs kept, Sphinx roles as code."""
    return _ROLE.sub(r"`\1`", inspect.cleandoc(text or ""))


# -- one operation -----------------------------------------------------------------------------------------


def parameters(op: Any, method: str, path: str) -> str:
    """What strict mode accepts: the request body's writable properties and the query parameters."""
    from invoiced_mock.contract.openapi import document
    from invoiced_mock.core.crud import SHAPING
    from invoiced_mock.core.operations import accepted_params

    accepted = accepted_params(op)
    if accepted is None:
        return "not declared (any parameter passes, in strict mode too)"
    oas = document()
    operation = oas["paths"].get(re.sub(r":([a-z_]+)", r"{\1}", path), {}).get(method.lower(), {})
    body = operation.get("requestBody", {}).get("content", {}).get("application/json", {}).get("schema", {})
    reference = body.get("$ref", "")
    schema = oas["components"]["schemas"].get(reference.rsplit("/", 1)[-1], body) if reference else body
    required = set(schema.get("required", ()))
    names = [f"{name}*" if name in required else name for name, prop in (schema.get("properties") or {}).items()
             if not prop.get("readOnly") and name not in SHAPING]
    names += [p["name"] for p in operation.get("parameters", []) if p["in"] == "query" and p["name"] not in SHAPING]
    shaping = sorted(SHAPING & accepted)  # last: every operation takes them
    return ", ".join(f"`{n}`" for n in dict.fromkeys([*names, *shaping])) or "none"


def rules(op: Any) -> list[str]:
    """The business rules ``op`` runs: its action's handler, or the hooks its resource overrides."""
    from invoiced_mock.core.resource import Resource

    if op.action is not None:
        handler = op.action.handler
        module = handler.__module__.removeprefix("invoiced_mock.")
        where = f"`{module.replace('.', '/')}.py`" if "<lambda>" in handler.__qualname__ else (
            f"`{module}.{handler.__qualname__}`")
        said = first_paragraph(handler.__doc__)
        return [f"{where}: {said}" if said else where]
    out = []
    declared = type(op.resource)
    for hook in HOOKS.get(op.kind, ()):
        own = getattr(declared, hook)
        if own is getattr(Resource, hook):
            continue
        owner = next(c for c in declared.__mro__ if hook in c.__dict__)
        said = first_paragraph(own.__doc__) or first_paragraph(getattr(Resource, hook).__doc__)
        out.append(f"`{owner.__name__}.{hook}`: {said}")
    return out


def answer(op: Any) -> str:
    from invoiced_mock.contract.route_schemas import response_schema, success_status

    schema = response_schema(op)
    return f"{success_status(op)}" + (f", `{schema}`" if schema else "")


def details(route: Served) -> str:
    op = route.op
    lines = [f"- **`{route.method} {route.path}`** ({op.kind}{': ' + op.action.name if op.action else ''}) "
             f"answers {answer(op)}", f"    - parameters: {parameters(op, route.method, route.path)}"]
    for rule in rules(op):
        lines.append(f"    - rule: {rule}")
    strict = "refuses unknown parameters; the answer is checked against its schema" if (
        op.action is None or op.action.params is not None) else "the answer is checked against its schema"
    lines.append(f"    - strict mode: {strict}")
    return "\n".join(lines)


# -- the page ----------------------------------------------------------------------------------------------


def callers(endpoint: Endpoint | None) -> str:
    if endpoint is None:
        return "the mock's own"
    named = [c for c in endpoint.callers if c in OFFICIAL] + [c for c in endpoint.callers if c not in OFFICIAL]
    return ", ".join(named) or ("documented" if endpoint.documented else "-")


def resource_section(title: str, rows: list[tuple[Endpoint | None, Served | None]]) -> list[str]:
    from invoiced_mock.core.resource import REGISTRY

    ops = {id(route.op.resource): route.op.resource for _, route in rows if route is not None}
    # The resource the group is named after tells its story; routes another resource declares here (a
    # customer's ``/customers/:id/invoices``) are told in that resource's own section.
    own = [r for r in ops.values() if r.object == title] or list(ops.values())
    parts = [f"## {title}", ""]
    for resource in own:
        module = inspect.getmodule(type(resource))
        parts += [f"`{resource.object}` — declared in `{type(resource).__module__.replace('.', '/')}.py`.", "",
                  docstring(module.__doc__ if module else ""), ""]
        if resource.timed:
            parts += ["Time: " + ", ".join(f"`{kind}`" for kind in resource.timed) +
                      " fall due on the mock's clock ([the clock](../how-to/clock.md)).", ""]
        if resource.emits_events and resource.object in REGISTRY:
            verbs = ("created", "updated", "deleted", *resource.event_verbs)
            parts += ["Events: " + ", ".join(f"`{resource.event_type(v)}`" for v in verbs) + ".", ""]
        for difference in resource.differs:
            parts.append(f"!!! note \"Where the mock differs\"\n    {difference}\n")
    parts += ["| method | path | served | called by |", "|---|---|---|---|"]
    for endpoint, route in rows:
        method, path = (endpoint.method, endpoint.path) if endpoint else (route.method, route.path)  # type: ignore[union-attr]
        served = "yes" if route is not None else "no"
        parts.append(f"| {method} | `{cell(path)}` | {served} | {cell(callers(endpoint))} |")
    parts.append("")
    parts += [details(route) for _, route in rows if route is not None]
    parts.append("")
    return parts


def grouped() -> dict[str, list[tuple[Endpoint | None, Served | None]]]:
    """Rows by the API's resource: every endpoint of the API with its served route, then the mock's own routes."""
    served = {(r.method, shape(r.path)): r for r in served_routes()}
    groups: dict[str, list[tuple[Endpoint | None, Served | None]]] = defaultdict(list)
    seen = set()
    for endpoint in api_endpoints():
        key = (endpoint.method, shape(endpoint.path))
        seen.add(key)
        groups[endpoint.resource].append((endpoint, served.get(key)))
    for key, route in served.items():
        if key not in seen:
            groups[route.op.resource.object].append((None, route))
    return dict(sorted(groups.items()))


def counts(rows: Iterable[tuple[Endpoint | None, Served | None]]) -> tuple[int, int, int, int]:
    listed = [(e, r) for e, r in rows if e is not None]
    official = [(e, r) for e, r in listed if set(e.callers) & set(OFFICIAL)]
    return (sum(r is not None for _, r in listed), len(listed),
            sum(r is not None for _, r in official), len(official))


def page() -> str:
    groups = grouped()
    every = [row for rows in groups.values() for row in rows]
    served, listed, official_served, official = counts(every)
    own = sum(e is None for e, _ in every) + 1  # and GET /openapi.json, outside the URL map
    summary = ["| resource | served | of the API's | called by an official client: served | of |",
               "|---|---|---|---|---|"]
    for name, rows in groups.items():
        s, n, o, on = counts(rows)
        summary.append(f"| [{name}](#{name}) | {s} | {n} | {o} | {on} |")
    parts = [
        "# API coverage", "",
        f"The mock serves **{served} of the {listed} endpoints** the Invoiced API is known to have, "
        f"**{official_served} of the {official}** that an official client (Python, Ruby, PHP, Go, Java, .NET) "
        f"calls, and {own} routes of its own (documents' PDF, HTML, CSV and payment pages, report downloads, the "
        "OpenAPI document). The [control plane](control-plane.md) under `/_mock/` is the mock's own too.", "",
        "This page is generated when the site is built, from the resource declarations (the URL map and the "
        "OpenAPI document built from them) and the API's list of endpoints (`docs/hooks/api_endpoints.tsv`: who "
        "calls each). An endpoint not served answers 404 (or 405 when its path serves other methods), like any "
        "unknown route. For each served operation: the parameters it accepts (`*`: required on create; strict "
        "mode refuses any other), the rules it runs (the hook or handler, with what its docstring says), and "
        "what it answers. Each resource says what time does to it, which events it records, and where the "
        "mock knowingly differs from the API.", "",
        *summary, ""]
    for name, rows in groups.items():
        parts += resource_section(name, rows)
    parts += ["## openapi", "", "The OpenAPI 3.1 document of everything above, built from the declarations and served "
              "without authentication ([contracts](../how-to/contracts.md)).", "",
              "| method | path | served | called by |", "|---|---|---|---|",
              "| GET | `/openapi.json` | yes | the mock's own |", ""]
    return "\n".join(parts)
