"""What the process derives from the resource declarations alone, built once and shared by every app.

The URL map, the OpenAPI document and the like depend on nothing but the declared resources, so an
``InvoicedMock()`` takes them from here instead of building its own. Each is keyed on
:func:`~invoiced_mock.core.resource.registry_key`: a test that declares (or removes) a resource gets a
fresh build on its next call, every other call is a dict lookup.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import lru_cache, wraps
from typing import TypeVar

from . import resources
from .core.resource import registry_key

T = TypeVar("T")


def per_registry(build: Callable[[], T]) -> Callable[[], T]:
    """``build()`` once per set of declarations (every resource loaded first); the result is shared, so
    callers must not mutate it."""
    cached = lru_cache(maxsize=4)(lambda key: build())

    @wraps(build)
    def shared() -> T:
        resources.load_all()
        return cached(registry_key())

    return shared
