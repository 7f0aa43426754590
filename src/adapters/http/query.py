"""Only the query parameters an operation declares (R13): anything else is refused.

A parameter the API does not know is most often a caller's typo (`?acount=`) that would
otherwise be ignored silently, answering a different question than the one asked (a
listing of every account instead of one). Each operation's declared parameters come from
FastAPI's own description of it, sub-dependencies included, so the rule never drifts from
the signatures.
"""

from __future__ import annotations

from fastapi import Request, params
from fastapi.dependencies.utils import get_flat_params
from fastapi.exceptions import RequestValidationError
from fastapi.routing import APIRoute

UNKNOWN = "extra_forbidden"  # pydantic's own error type for a field no model declares


def _declared(route: APIRoute) -> frozenset[str]:
    found = get_flat_params(route.dependant)
    return frozenset(f.alias for f in found if isinstance(f.field_info, params.Query))


def declared_query_only(request: Request) -> None:
    """Refuse (422, rule `extra_forbidden`, naming the parameter) a query parameter the
    route does not declare; run before the route reads anything."""
    route = request.scope.get("route")
    if not isinstance(route, APIRoute):
        return
    unknown = sorted(set(request.query_params) - _declared(route))
    if unknown:
        raise RequestValidationError(
            [
                {
                    "type": UNKNOWN,
                    "loc": ("query", name),
                    "msg": "this operation takes no such query parameter",
                    "input": request.query_params.get(name),
                }
                for name in unknown
            ]
        )
