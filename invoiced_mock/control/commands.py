"""What a caller may do to the sandbox, from a JSON body or a form alike: move the clock, add a fault rule or
a stub. The control plane (``plane.py``) and the inspector's forms (``inspector/``) both call these, so a
step is checked the same way whichever door it came through; bad input raises ``InvalidRequest`` naming the
parameter, before anything changes.
"""

from __future__ import annotations

from dataclasses import asdict
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from invoiced_mock.clock import LATEST, moved, timestamp
from invoiced_mock.control import admin
from invoiced_mock.control.faults import KINDS, Fault, InvalidFault
from invoiced_mock.control.stubs import Stubs
from invoiced_mock.errors import InvalidRequest
from invoiced_mock.http.headers import BadHeader

if TYPE_CHECKING:
    from invoiced_mock.control.sandbox import Sandbox

FAULT_OPTIONS = ("status", "type", "message", "param", "times", "kind", "delay", "seconds", "clock")
# Each unit's longest span in seconds: the bound a step is checked against before the clock moves.
CLOCK_UNITS = {"years": 366 * 86_400, "months": 31 * 86_400, "weeks": 7 * 86_400, "days": 86_400, "hours": 3_600,
               "minutes": 60, "seconds": 1}
MAX_STUBS = 100  # stubs a key (or the admin) adds, as fault rules: a stub may hold a 1 MiB body


def clock_json(app: Sandbox) -> dict[str, Any]:
    return {"now": app.clock.now(), "frozen": app.clock.frozen}


def move_clock(app: Sandbox, who: admin.Caller, body: dict[str, Any]) -> dict[str, Any]:
    """``{"unfreeze": true}``, ``{"freeze": ts | iso | true}``, ``{"advance": seconds | {unit: n}}``, in that order."""
    admin.require_admin(who, app.admin_token, "The clock")
    if body.get("unfreeze"):
        app.clock.unfreeze()
    if "freeze" in body:
        at = body["freeze"]
        try:
            instant = None if at is True else timestamp(at)
        except ValueError:
            raise InvalidRequest("freeze takes a UNIX timestamp, an ISO 8601 date or datetime, or true",
                                 "freeze") from None
        if instant is not None and not 0 <= instant <= LATEST:
            raise InvalidRequest(f"freeze takes an instant from 0 to {LATEST} (the year 9999)", "freeze")
        app.clock.freeze(instant)
    if "advance" in body:
        units = clock_step(body["advance"])
        if advanced(app.clock.now(), units) > LATEST:
            raise InvalidRequest(f"advance would take the clock past {LATEST} (the year 9999)", "advance")
        try:
            app.clock.advance(**units)  # keyword arguments by unit name, checked against CLOCK_UNITS
        except (TypeError, ValueError) as error:
            raise InvalidRequest(str(error), "advance") from None
    if app.state is not None:
        app.state.save_clock()
    return clock_json(app)


def clock_step(step: Any) -> dict[str, Any]:
    """A step of the clock (seconds, or ``{unit: amount}``) as keyword arguments of ``Clock.advance``; refused
    (param ``advance``) when a unit is unknown or an amount is no number within the calendar."""
    step = {"seconds": step} if isinstance(step, int) and not isinstance(step, bool) else step
    if not isinstance(step, dict) or not set(step) <= set(CLOCK_UNITS):
        raise InvalidRequest(f"advance takes seconds or an object of {', '.join(CLOCK_UNITS)}", "advance")
    amounts = {unit: _amount(value) for unit, value in step.items()}
    if None in amounts.values():
        raise InvalidRequest(f"advance takes numbers of at most {LATEST} in each unit", "advance")
    return {unit: float(value) for unit, value in step.items()}


def advanced(now: int, units: dict[str, Any]) -> int:
    """Where a step lands from ``now`` (past :data:`LATEST`: the bound of its units' longest spans, and no calendar
    is computed); ``advance`` refused when a calendar unit is not whole."""
    bound = now + sum(a * CLOCK_UNITS[u] for u, a in units.items())
    if bound > LATEST:
        return int(bound)
    try:
        return moved(now, **units)
    except (TypeError, ValueError) as error:
        raise InvalidRequest(str(error), "advance") from None


def _amount(value: Any) -> float | None:
    """A clock step in one unit as a number bounded by the calendar, or None (refused)."""
    if isinstance(value, bool) or not isinstance(value, (int, float, Decimal)):
        return None
    magnitude = cast("int | float | Decimal", abs(value))  # abs of the union is one of its members
    return float(value) if magnitude <= LATEST else None


def add_fault(app: Sandbox, api_key: str | None, body: dict[str, Any]) -> Fault:
    unknown = set(body) - {"method", "path", *FAULT_OPTIONS}
    if unknown:
        raise InvalidRequest(f"Unknown fault option: {sorted(unknown)[0]}", sorted(unknown)[0])
    if body.get("kind", "respond") not in KINDS:
        raise InvalidRequest(f"kind must be one of {', '.join(KINDS)}", "kind")
    options = {k: body[k] for k in FAULT_OPTIONS if k in body}
    try:
        return app.faults.add(body.get("method", "*"), body.get("path", "**"), api_key=api_key, **options)
    except InvalidFault as error:
        raise InvalidRequest(str(error), error.param) from None
    except (TypeError, ValueError) as error:
        raise InvalidRequest(str(error)) from None


def fault_json(fault: Fault) -> dict[str, Any]:
    return {k: v for k, v in asdict(fault).items() if not k.startswith("_") and k not in ("api_key", "id")}


def add_stub(app: Sandbox, api_key: str | None, body: dict[str, Any]) -> dict[str, Any]:
    unknown = sorted(set(body) - {"method", "path", *Stubs.REMOTE})
    if unknown:
        raise InvalidRequest(f"Unknown stub option: {unknown[0]}", unknown[0])
    for name in ("method", "path"):
        if not isinstance(body.get(name), str):
            raise InvalidRequest(f"A stub needs a {name} (a string)", name)
    options = {k: body[k] for k in Stubs.REMOTE if k in body}
    if sum(1 for stub in app.stubs.rules(api_key) if stub.api_key == api_key) >= MAX_STUBS:
        raise InvalidRequest(f"At most {MAX_STUBS} stubs can be kept per API key: clear some (DELETE /_mock/stubs)",
                             "path")
    try:
        return app.stubs.add(body["method"], body["path"], api_key=api_key, **options).to_json()
    except BadHeader as error:
        raise InvalidRequest(str(error), error.param) from None
    except (TypeError, ValueError) as error:
        raise InvalidRequest(str(error)) from None
