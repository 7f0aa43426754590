"""The console's command forms come from the command table, and run the same command as the
API: the same role check, input model and handling (R1-R13)."""

# ruff: noqa: F811  (the console's fixtures, imported by name, are this module's arguments)
from __future__ import annotations

import re

from accountledger.adapters.http.console_forms import command_form, forms_for
from accountledger.application.commands import COMMANDS
from accountledger.domain.act import Role
from tests.adapters.test_console import Console, account, api, app_and_client, console  # noqa: F401
from tests.adapters.test_http import Api


def test_the_forms_offered_are_what_the_lifecycle_and_the_role_allow() -> None:
    """R12: a moderator on an active account may warn and suspend, not register or rectify;
    an operator may ask for termination, not warn."""
    moderator = {f.verb for f in forms_for(Role.MODERATOR, "active")}
    assert {"warn", "suspend", "restrict", "close", "blacklist"} <= moderator
    assert not moderator & {"register", "rectify", "request-termination"}
    operator = {f.verb for f in forms_for(Role.OPERATOR, "active")}
    assert "request-termination" in operator and "warn" not in operator


def test_every_field_of_a_command_is_an_input_of_its_form() -> None:
    """R9: verify-transferee's credentials and apply-transfer's identity are on the form."""
    names = {i.name for i in command_form(COMMANDS["verify_transferee"]).inputs}
    assert names == {"credentials"}
    transfer = {i.name for i in command_form(COMMANDS["apply_transfer"]).inputs}
    assert transfer == {
        "transferee.identity_kind",
        "transferee.identity_number",
        "transferee.contact",
    }


def test_a_moderator_warns_from_the_account_page_with_grounds(
    api: Api, console: Console, account: str
) -> None:
    """R12, R13: the warn form records a warning in the signed-in moderator's name."""
    api.post(f"/accounts/{account}/reinstate", {"reason": "served"}, "moderator")
    console.sign_in("moderator")
    page = console.get(f"/console/accounts/{account}").text
    assert re.search(r'id="command-warn"', page)
    warned = console.post(
        f"/console/accounts/{account}/commands/warn",
        {"reason": "clickbait", "basis": "2021-19", "violation": "2021-18-4"},
    )
    assert warned.status_code == 303, warned.text
    history = api.history(account)
    assert history[-1]["event"] == "Warned"
    assert history[-1]["actor_id"] == "moderator-1"


def test_a_form_without_grounds_is_refused_and_writes_nothing(
    api: Api, console: Console, account: str
) -> None:
    """R13, R14: a measure without its grounds is refused as over the API; nothing is written."""
    console.sign_in("moderator")
    before = len(api.history(account))
    refused = console.post(f"/console/accounts/{account}/commands/warn", {})
    assert refused.status_code in (409, 422)
    assert len(api.history(account)) == before


def test_a_role_that_may_not_issue_the_command_gets_403_and_nothing_is_written(
    api: Api, console: Console, account: str
) -> None:
    """R12: an auditor cannot warn through the console either."""
    console.sign_in("auditor")
    before = len(api.history(account))
    refused = console.post(
        f"/console/accounts/{account}/commands/warn",
        {"reason": "x", "basis": "2021-19", "violation": "2021-18-6"},
    )
    assert refused.status_code == 403
    assert len(api.history(account)) == before
