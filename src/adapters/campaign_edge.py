"""What both edges of a campaign share: the measure's command value and the accounts.

The command value is built once from the measure's own input model (`command_edge`),
for no account yet; `application/campaigns.run` gives it each account. Accounts come
from a list (one id a line in a file, or a list in a body) or from a query of the
read models (`projections/selection.py`); a key bound to a scope may list only
accounts inside it and its queries keep only those (`application/scope.py`).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any
from uuid import UUID
from zoneinfo import ZoneInfo

from accountledger.adapters.command_edge import input_model, to_command
from accountledger.application.commands import COMMANDS, AccountCommand
from accountledger.application.ids import account_id
from accountledger.application.ledger import Ledger
from accountledger.application.scope import Scope
from accountledger.domain.campaigns import CAMPAIGN_MEASURES, check_measure
from accountledger.domain.errors import InvalidInput
from accountledger.projections.selection import Selection, selected
from accountledger.projections.view import ReadStore

# The account a template names until the campaign gives it each of its own.
NO_ACCOUNT = UUID(int=0)
# The most accounts one campaign takes from a list.
MAX_LISTED = 1_000_000


def measures() -> list[type[AccountCommand]]:
    """The command of every measure a campaign may take, in the catalogue's order."""
    found = [COMMANDS[name] for name in CAMPAIGN_MEASURES]
    return [c for c in found if issubclass(c, AccountCommand)]


def template(measure: str, inputs: dict[str, Any], zone: ZoneInfo) -> AccountCommand:
    """The measure's command value for no account yet, validated once (422 / exit 2)."""
    command = COMMANDS.get(check_measure(measure))
    assert command is not None and issubclass(command, AccountCommand)
    value = to_command(command, input_model(command).model_validate(inputs), NO_ACCOUNT, zone)
    assert isinstance(value, AccountCommand)
    return value


def listed(lines: Iterable[str], source: str = "accounts") -> list[UUID]:
    """Account ids one a line; blank lines and `#` comments skipped; a bad line is
    refused naming its number, and so is a list longer than `MAX_LISTED`."""
    ids: list[UUID] = []
    for number, line in enumerate(lines, 1):
        text = line.split("#", 1)[0].strip()
        if text:
            ids.append(account_id(text, field=f"{source}:{number}"))
        if len(ids) > MAX_LISTED:
            raise InvalidInput(
                f"more than {MAX_LISTED} accounts", rule="campaign-size", field=source
            )
    return list(dict.fromkeys(ids))


def read_listed(path: Path) -> list[UUID]:
    """The accounts listed in a file (exit 2 if it cannot be read)."""
    try:
        with path.open(encoding="utf-8") as lines:
            return listed(lines, path.name)
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or "not UTF-8 text"
        raise InvalidInput(f"cannot read {path}: {reason}", rule="file", field="accounts") from None


def queried(
    read: Callable[[Callable[[ReadStore], list[str]]], list[str]], query: Selection
) -> list[UUID]:
    """The accounts a query selects from the read models, brought up to date first."""
    return [UUID(a) for a in read(lambda view: selected(view, query))]


def in_scope(scope: Scope, ledger: Ledger, accounts: list[UUID], listed: bool) -> list[UUID]:
    """Listed accounts must all be in scope (rule `scope`, nothing run); a query's are
    kept to it."""
    reached = scope.reached(ledger)
    if reached is None:
        return accounts
    if listed:
        for account in accounts:
            scope.check(account, ledger, "accounts")
        return accounts
    return [a for a in accounts if str(a) in reached]


def one_source(listed: bool, query: Selection) -> None:
    """A campaign's accounts come from a list or a query, never both nor neither."""
    if listed == query.given:
        raise InvalidInput(
            "give the accounts either as a list or as a query (name, subject, "
            "content category, credit tier), not both nor neither",
            rule="campaign-accounts",
            field="accounts",
        )
