"""Reading an action's arguments: each wrong one is a ``bad_request`` that says what is wanted.

Only the JSON types are checked here; what the values must mean is the services' business.
"""

from __future__ import annotations

from typing import Any

from metanet.actions.context import HostContext
from metanet.model import MAX_ID
from metanet.protocol import BadRequest

Request = dict[str, Any]


def text_arg(request: Request, name: str) -> str:
    value = request.get(name)
    if not isinstance(value, str) or not value.strip():
        raise BadRequest(f"'{name}' must be a non-empty string")
    return value


def optional_text(request: Request, name: str) -> str | None:
    value = request.get(name)
    if value is not None and not isinstance(value, str):
        raise BadRequest(f"'{name}' must be a string")
    return value


def int_arg(request: Request, name: str, default: int, low: int, high: int) -> int:
    value = request.get(name, default)
    if not isinstance(value, int) or isinstance(value, bool) or not low <= value <= high:
        raise BadRequest(f"'{name}' must be a whole number from {low} to {high}")
    return value


def ids_arg(request: Request, name: str) -> list[int]:
    """An optional list of ids (``circles``: [3, 7])."""
    value = request.get(name, [])
    if not isinstance(value, list) or not all(
        isinstance(v, int) and not isinstance(v, bool) and 1 <= v <= MAX_ID for v in value
    ):
        raise BadRequest(f"'{name}' must be a list of ids (whole numbers from 1 to {MAX_ID})")
    return value


def number_arg(request: Request, name: str) -> float | None:
    """An optional number (JSON true/false are not numbers)."""
    value = request.get(name)
    if value is not None and (isinstance(value, bool) or not isinstance(value, int | float)):
        raise BadRequest(f"'{name}' must be a number from 0 to 1")
    return None if value is None else float(value)


def person_arg(ctx: HostContext, request: Request) -> int:
    """The person an action is about: ``person_id`` (a number) or ``person`` (URL, name)."""
    from metanet.services.people import existing_person, find_person

    if "person_id" in request:
        return existing_person(ctx.store, int_arg(request, "person_id", 0, 1, MAX_ID))
    return find_person(ctx.store, text_arg(request, "person"))
