"""Refusals as problem+json (RFC 9457) naming the rule, field and article (R13).

Status codes, mirroring the CLI's exit codes:

* 401 no or unknown API key; 403 the caller's role may not issue the command
  (decided from `authority.ROLES` before anything is written; a domain refusal
  with rule `role` is also 403), or the account, appeal, complaint or subject is
  outside the key's scope (rule `scope`); a revoked or expired key is 401;
* 404 `AccountNotFound` and unknown appeal ids;
* 409 `TransitionRefused` (the account's state does not allow the command) and
  `ConcurrentChange` (a lost race; retry);
* 503 `POST /projections/catch-up` or `/rebuild` met a stored event the read models
  cannot take (rule `projection-stalled`, naming it); they are left as they were;
* 422 input that fails validation (pydantic, FastAPI's request validation,
  `UnknownArticle`) and every other `RuleViolation`/`LedgerError`: the request
  is well formed but a rule refuses its content.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import ValidationError

from accountledger.domain.errors import (
    AccountNotFound,
    ConcurrentChange,
    LedgerError,
    StaleDecision,
    TransitionRefused,
)
from accountledger.projections.projector import ProjectionStalled

PROBLEM = "application/problem+json"


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
    401: "Unauthenticated",
    403: "Forbidden",
    404: "Not found",
    409: "Conflict",
    412: "Precondition failed",
    413: "Payload too large",
    422: "Refused",
    503: "Read models stalled",
}


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
    if isinstance(error, AccountNotFound):
        return 404
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
        # A missing body altogether is named as such, not as a field of it.
        field = ".".join(loc) or ("body" if where == ["body"] else "input")
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


def install(app: FastAPI) -> None:
    """Turn every expected failure into problem+json; never a traceback."""

    async def on_problem(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, Problem)
        return problem(
            error.status, error.detail, rule=error.rule, field=error.field, article=error.article
        )

    async def on_request_validation(_request: Request, error: Exception) -> JSONResponse:
        assert isinstance(error, RequestValidationError)
        return _validation_problem(list(error.errors()))

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

    app.add_exception_handler(Problem, on_problem)
    app.add_exception_handler(RequestValidationError, on_request_validation)
    app.add_exception_handler(ValidationError, on_validation)
    app.add_exception_handler(LedgerError, on_ledger)
    app.add_exception_handler(ValueError, on_value)
    app.add_exception_handler(ProjectionStalled, on_stalled)
