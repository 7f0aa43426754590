"""The account commands over HTTP, generated from the command table.

`POST /accounts` registers; `POST /accounts/{account_id}/{verb}` runs every other
command of `application.commands.COMMANDS`, each behind the role check of its command
(R1-R12). A body is the command's input model (`command_edge.input_model`, the same
one the CLI validates with) plus the grounds of the act; the actor is the caller.
`reverse_measure` is reached through appeals (appeals.py).
"""

import inspect
from collections.abc import Callable
from typing import Annotated, Any, cast
from uuid import UUID

from fastapi import APIRouter, Depends, Header, Response
from pydantic import BaseModel

from accountledger.adapters.command_edge import help_text, input_model, to_command, written
from accountledger.adapters.http import models
from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.keys import Caller
from accountledger.adapters.http.service import Service
from accountledger.application.commands import COMMANDS, AccountCommand, Command, Register
from accountledger.domain.authority import ROLES
from accountledger.domain.errors import InvalidInput

IF_MATCH = "the account's ETag the decision was made on: refused 412 if it has moved on"


def etag(version: int) -> str:
    """An account's entity tag: its version (R16)."""
    return f'"{version}"'


def expected_version(if_match: str | None) -> int | None:
    """The version an `If-Match` header names (`"7"`, `W/"7"` or `7`); None without one."""
    if if_match is None or if_match.strip() == "*":
        return None
    tag = if_match.strip().removeprefix("W/").strip('"')
    if not tag.isdigit():
        raise InvalidInput(
            f"{if_match!r} is not an ETag of this API", rule="etag", field="If-Match"
        )
    return int(tag)


def body_model(command: type[Command]) -> type[models.ActFields]:
    """The HTTP body of `command`: its inputs and the grounds of the act."""
    return cast(type[models.ActFields], input_model(command, models.ActFields))


def _with_params(endpoint: Callable[..., Any], model: type[BaseModel], path: bool) -> None:
    """Type the endpoint's body as `model`; a body whose every field has a default may be
    left out, so a plain command needs no `{}`."""
    optional = not any(f.is_required() for f in model.model_fields.values())
    signature = inspect.signature(endpoint)
    body = signature.parameters["body"].replace(
        annotation=model | None if optional else model,
        default=None if optional else inspect.Parameter.empty,
    )
    given = signature.parameters
    # Typed as a UUID: the document says so, and a malformed id is a 422 naming it.
    account = given["account_id"].replace(annotation=UUID, default=inspect.Parameter.empty)
    # The path's account id and If-Match when the command is on an account; defaults last.
    fixed = [given["who"], given["response"], body]
    params = [account, *fixed, given["if_match"]] if path else fixed
    endpoint.__signature__ = signature.replace(parameters=params)  # type: ignore[attr-defined]


def router(service: Service, auth: Auth) -> APIRouter:
    """`POST /accounts` and one `POST /accounts/{account_id}/{verb}` per command."""
    routes = APIRouter()

    def add(command: type[Command]) -> None:
        model = body_model(command)
        on_account = issubclass(command, AccountCommand)

        def endpoint(
            who: Annotated[Caller, Depends(auth.may(command.command))],
            response: Response,
            body: models.ActFields | None,
            account_id: UUID | None = None,
            if_match: Annotated[str | None, Header(description=IF_MATCH)] = None,
        ) -> models.Written:
            given = body if body is not None else model.model_validate({})
            target = account_id if on_account else None
            value = to_command(command, given, target, service.settings.rules.zone)
            if isinstance(value, Register) and not who.scope.unbounded:
                identity = value.identity
                ref = service.ledger.vault.subject_ref(identity.kind, identity.number)
                who.scope.check_subject(ref, "identity")
            result = service.ledger.handle(
                value,
                auth.act_of(who, given),
                expected_version=expected_version(if_match),
                stamped=given.at is None,
            )
            service.keep_current()
            response.headers["ETag"] = etag(result.version)
            return models.Written(**written(command, result))

        _with_params(endpoint, model, on_account)
        endpoint.__name__ = command.command
        endpoint.__doc__ = help_text(command)
        roles = ", ".join(sorted(r.value for r in ROLES[command.command]))
        path = f"/accounts/{{account_id}}/{command.verb()}" if on_account else "/accounts"
        routes.post(
            path,
            status_code=200 if on_account else 201,
            response_model=models.Written,
            tags=["account commands" if on_account else "accounts"],
            summary=f"{command.verb()} (roles: {roles})",
        )(endpoint)

    for command in COMMANDS.values():
        add(command)
    return routes
