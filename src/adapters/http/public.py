"""The public registry, served without a key (2021 Art 9 ¶2, Art 11 ¶2; 2022 Arts 12, 13).

`GET /public/accounts/{account_id}` answers JSON (or the HTML page when the client asks
for `text/html` first); `GET /registry/{account_id}` is the page. An account is shown
while it is in service: unknown, pending, refused and ended accounts are 404. Shown:
name, status, special marks, the public registration details (`PUBLIC_DETAILS` of
projections/public_registry.py), for an organisation its unified social credit code,
and the dates of changes of subject. An organisation's code is public by law (2021 Art
9 ¶2) and is unsealed here for subjects identified by a USCC only; an individual's
identity number, a contact or a subject reference is never in a public response (R17).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any
from uuid import UUID

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse, Response
from fastapi.templating import Jinja2Templates

from accountledger.adapters.http import console_language
from accountledger.adapters.http.auth import Auth
from accountledger.adapters.http.console_labels import field_label
from accountledger.adapters.http.errors import Problem
from accountledger.adapters.http.ids import account_id_of
from accountledger.adapters.http.service import Service
from accountledger.application.disclosure import organisation_code
from accountledger.projections.public_queries import public_entry

TEMPLATES = Jinja2Templates(directory=Path(__file__).parent / "templates")
console_language.install(TEMPLATES.env)
# The public registration details are labelled as the command forms label them.
TEMPLATES.env.globals.update(field_label=field_label)
HEADERS = {"Cache-Control": "public, max-age=60"}


def entry_of(service: Service, account_id: str | UUID) -> dict[str, Any]:
    """The account's public entry, or 404 when it is not in the public registry."""
    ident: UUID = account_id_of(account_id)
    entry = service.read(lambda view: public_entry(view, str(ident)))
    if entry is None:
        raise Problem(
            404,
            f"account {ident} is not in the public registry",
            rule="public-registry",
            field="account_id",
            article="2022-13",
        )
    if entry["organisation"]:
        entry["uscc"] = organisation_code(service.ledger, service.ledger.account(ident))
    return entry


def _wants_html(request: Request) -> bool:
    accept = request.headers.get("accept", "")
    first = accept.split(",")[0].split(";")[0].strip().lower()
    return first in ("text/html", "application/xhtml+xml")


def router(service: Service, auth: Auth) -> APIRouter:
    """`GET /public/accounts/{account_id}` and the page `GET /registry/{account_id}`."""
    routes = APIRouter()

    def page(request: Request, entry: dict[str, Any]) -> HTMLResponse:
        # In Chinese unless `?lang=en` (the console's cookie is not sent here).
        context = {
            "who": None,
            "entry": entry,
            "language": console_language.chosen(request),
            "zone": service.settings.rules.zone,
        }
        return TEMPLATES.TemplateResponse(request, "public_account.html", context, headers=HEADERS)

    @routes.get(
        "/public/accounts/{account_id}",
        tags=["public"],
        summary="public registry entry (no key)",
        response_model=None,
    )
    def public_account(account_id: UUID, request: Request) -> dict[str, Any] | Response:
        """An account's public entry (2021 Art 9 ¶2, Art 11 ¶2; 2022 Arts 12, 13): name,
        status, special marks, public registration details, an organisation's unified
        social credit code, and the dates its subject changed; 404 unless the account is
        in service. No key is needed; no individual's identity is ever shown (R17)."""
        entry = entry_of(service, account_id)
        if _wants_html(request):
            return page(request, entry)
        return entry

    @routes.get("/registry/{account_id}", include_in_schema=False)
    def registry_page(account_id: str, request: Request, lang: str = "") -> HTMLResponse:
        """The entry as a page: in Chinese, or in English with `?lang=en`."""
        return page(request, entry_of(service, account_id))

    return routes
