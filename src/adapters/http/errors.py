"""Refusals as problem+json (RFC 9457) naming the rule, field and article (R13).

Status codes, mirroring the CLI's exit codes:

* 400 a body that is not text in UTF-8 (rule `body-encoding`), an identity number in a
  URL (rule `identity-in-url`);
* 401 no or unknown API key; 403 the caller's role may not issue the command
  (decided from `authority.ROLES` before anything is written; a domain refusal
  with rule `role` is also 403), or the account, appeal, complaint or subject is
  outside the key's scope (rule `scope`); a revoked or expired key is 401;
* 404 `NotFound`: an unknown account, appeal, complaint or subject; a path the API
  does not have;
* 405 a method the path does not take (with `Allow`);
* 409 `TransitionRefused` (the account's state does not allow the command) and
  `ConcurrentChange` (a lost race; retry); 412 `StaleDecision` (`If-Match`);
* 413 a body over the limit (body_limit.py);
* 503 `POST /projections/catch-up` or `/rebuild` met a stored event the read models
  cannot take (rule `projection-stalled`, naming it); they are left as they were; or
  the key store is missing beside existing history, or is not a key store
  (`KeyStoreUnusable`, the CLI's exit 10): nothing is written until it is restored;
* 422 input that fails validation (pydantic, FastAPI's request validation, a path id
  that is not a UUID, a query parameter the operation does not declare (rule
  `extra_forbidden`, query.py), `UnknownArticle`) and every other `RuleViolation`/`LedgerError`:
  the request is well formed but a rule refuses its content.

Every operation declares these answers in the OpenAPI document from one table
(`RESPONSES`), each as `application/problem+json` with the `Problem` schema.

A protected route authenticates before it reads its body: a body that cannot be
parsed (not UTF-8, not JSON) from a caller without a valid key is 401, as any other
request of that caller would be, so an unauthenticated caller learns nothing of how
its body would have been read (`install(app, authenticate=...)`).
"""

from __future__ import annotations

import json
from collections.abc import Awaitable, Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel, ValidationError
from starlette.exceptions import HTTPException

from accountledger.adapters.keystore_guard import KeyStoreUnusable
from accountledger.domain.errors import (
    ConcurrentChange,
    LedgerError,
    NotFound,
    StaleDecision,
    TransitionRefused,
)
from accountledger.projections.projector import ProjectionStalled

PROBLEM = "application/problem+json"
# Whether the request's route needs a key the caller did not give: its 401, else None.
Authenticate = Callable[[Request], JSONResponse | None]


class FieldProblem(BaseModel):
    """One refused field of a request."""

    field: str
    rule: str
    detail: str


class ProblemDocument(BaseModel):
    """A refusal (RFC 9457) naming the rule, the field and the article."""

    type: str
    title: str
    status: int
    detail: str
    rule: str
    field: str | None = None
    article: str | None = None
    errors: list[FieldProblem] | None = None


class Problem(Exception):
    """A refusal made by the HTTP layer itself (401, 403, 404)."""

    def __init__(
        self,
        status: int,
        detail: str,
        *,
        rule: str,
        field: str | None = None,
        article: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.status, self.detail, self.rule = status, detail, rule
        self.field, self.article = field, article


_TITLES = {
    400: "Bad request",
    401: "Unauthenticated",
    403: "Forbidden",
    404: "Not found",
    405: "Method not allowed",
    409: "Conflict",
    412: "Precondition failed",
    413: "Payload too large",
    422: "Refused",
    503: "Service unavailable",
}
_MEANINGS = {
    400: "the body is not UTF-8 text, or an identity number is in the URL",
    401: "no API key, or one unknown, revoked or expired",
    403: "the caller's role or scope does not allow it; nothing was written",
    404: "the account, appeal, complaint or subject does not exist",
    409: "the account's state does not allow it, or a lost race (retry)",
    412: "If-Match names a version the account has moved on from",
    413: "the body is larger than the service accepts",
    422: "the input fails validation or a rule refuses it; nothing was written",
}
SCHEMA_REF = {"$ref": "#/components/schemas/ProblemDocument"}
# Every refusal an operation may answer, declared once for every operation.
RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "description": f"{_TITLES[status]}: {meaning} (problem+json)",
        "content": {PROBLEM: {"schema": SCHEMA_REF}},
    }
    for status, meaning in _MEANINGS.items()
}


def add_problem_schemas(spec: dict[str, Any]) -> dict[str, Any]:
    """The schemas `RESPONSES` refers to, added to an OpenAPI document's components."""
    schemas = spec.setdefault("components", {}).setdefault("schemas", {})
    found = ProblemDocument.model_json_schema(ref_template="#/components/schemas/{model}")
    schemas.update(found.pop("$defs", {}))
    schemas["ProblemDocument"] = found
    return spec


def problem(
    status: int,
    detail: str,
    *,
    rule: str,
    field: str | None = None,
    article: str | None = None,
    errors: list[dict[str, Any]] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": f"urn:accountledger:rule:{rule}",
        "title": _TITLES.get(status, "Error"),
        "status": status,
        "detail": detail,
        "rule": rule,
        "field": field,
        "article": article,
    }
    if errors:
        body["errors"] = errors
    headers = {"WWW-Authenticate": "Bearer"} if status == 401 else None
    return JSONResponse(body, status_code=status, media_type=PROBLEM, headers=headers)


def ledger_status(error: LedgerError) -> int:
    if isinstance(error, NotFound):
        return 404
    if isinstance(error, KeyStoreUnusable):
        return 503
    if isinstance(error, StaleDecision):
        return 412
    if isinstance(error, ConcurrentChange | TransitionRefused):
        return 409
    if error.rule in ("role", "scope"):
        return 403
    return 422


def _validation_problem(items: list[Any]) -> JSONResponse:
    errors = []
    for item in items:
        where = [str(p) for p in item["loc"]]
        loc = [p for p in where if p not in ("body", "query", "path")]
        message = str(item["msg"]).removeprefix("Value error, ")
        if item["type"] == "json_invalid":
            # FastAPI's location is the offset in the body, not a field of it.
            loc, message = [], f"{message} at character {loc[0] if loc else 0}"
        # A missing body altogether is named as such, not as a field of it.
        field = ".".join(loc) or ("body" if where[:1] == ["body"] else "input")
        errors.append({"field": field, "rule": item["type"], "detail": message})
        if article := (item.get("ctx") or {}).get("article"):  # e.g. `inputs.folded_number`
            errors[-1]["article"] = article
    first = errors[0] if errors else {"field": "input", "rule": "validation", "detail": "invalid"}
    detail = "; ".join(f"{e['field']}: {e['detail']} (rule: {e['rule']})" for e in errors)
    return problem(
        422,
        detail,
        rule=first["rule"],
        field=first["field"],
        article=first.get("article"),
        errors=errors,
    )


def _http_problem(error: HTTPException) -> JSONResponse:
    """Starlette's own refusals (an unknown path, a method not allowed, a body that is
    not UTF-8) as problem+json, keeping their headers (`Allow`)."""
    if error.status_code == 400:
        refused = problem(
            400, "the request body is not text in UTF-8", rule="body-encoding", field="body"
        )
    else:
        rule = {404: "path", 405: "method"}.get(error.status_code, "http")
        refused = problem(error.status_code, str(error.detail), rule=rule)
    refused.headers.update(error.headers or {})
    return refused


def install(app: FastAPI, authenticate: Authenticate | None = None) -> None:
    """Turn every expected failure into problem+json; never a traceback. `authenticate`
    answers first for a body that could not be parsed (see the module's docstring)."""

    def unparsed(request: Request) -> JSONResponse | None:
        return None if authenticate is None else authenticate(request)

    async def on_problem(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, Problem)
        return problem(
            error.status, error.detail, rule=error.rule, field=error.field, article=error.article
        )

    async def on_request_validation(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        items = list(error.errors())
        # A body that could not be read, or a parameter the operation does not take, is
        # found before the caller is: authentication still answers first.
        if any(item["type"] in ("json_invalid", "extra_forbidden") for item in items):
            return unparsed(request) or _validation_problem(items)
        return _validation_problem(items)

    async def on_http(request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, HTTPException)
        first = unparsed(request) if error.status_code == 400 else None
        return first or _http_problem(error)

    async def on_validation(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ValidationError)
        return _validation_problem(list(error.errors()))

    async def on_ledger(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, LedgerError)
        return problem(
            ledger_status(error),
            str(error),
            rule=error.rule,
            field=error.field,
            article=error.article,
        )

    async def on_value(_request: Request, error: Exception) -> JSONResponse:
        return problem(422, str(error), rule="input")

    async def on_stalled(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, ProjectionStalled)
        return problem(503, str(error), rule=error.rule)

    handlers: list[tuple[type[Exception], Handler]] = [
        (Problem, on_problem),
        (RequestValidationError, on_request_validation),
        (HTTPException, on_http),
        (ValidationError, on_validation),
        (LedgerError, on_ledger),
        (ValueError, on_value),
        (ProjectionStalled, on_stalled),
    ]
    for kind, handler in handlers:
        app.add_exception_handler(kind, noting(handler))


Handler = Callable[[Request, Exception], Awaitable[JSONResponse]]


def noting(handler: Handler) -> Handler:
    """`handler`, noting the rule of the refusal it answers on the request's state, where
    the request log and the refusal counter read it (request_log.py, metrics.py)."""

    async def noted(request: Request, error: Exception) -> JSONResponse:
        response = await handler(request, error)
        try:
            rule = json.loads(bytes(response.body)).get("rule")
        except ValueError:
            rule = None
        if isinstance(rule, str):
            request.state.refusal_rule = rule
        return response

    return noted
