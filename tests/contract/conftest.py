"""The world the every-operation walks run on: one strict app with one of everything, built once per module."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from invoiced_mock import Clock, InvoicedMock
from tests.conftest import EPOCH, Api

from .operation_calls import build_world

World = tuple[Api, dict[str, Any], Any]


@pytest.fixture(scope="module")
def world_app() -> World:
    """The strict app, the ids of its world (``operation_calls.build_world``) and a snapshot of it."""
    api = Api(InvoicedMock(clock=Clock(frozen_at=EPOCH), strict=True))
    world = build_world(api)
    return api, world, api.app.business(api.api_key).snapshot()


@pytest.fixture
def world_api(world_app: World) -> Iterator[Api]:
    """The world's strict app; the world is put back as it was after each test."""
    api, _, memento = world_app
    yield api
    api.app.business(api.api_key).restore(memento)
