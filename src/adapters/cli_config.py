"""`accountledger config show`: the effective settings, each with its source, secrets masked."""

import json
from typing import Annotated

import typer

from accountledger.adapters import config as configuration
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import EXIT_INVALID, Refusal, fail
from accountledger.domain.errors import LedgerError

config_app = typer.Typer(help="The effective configuration (docs/operations.md).")
app.add_typer(config_app, name="config")


@config_app.command("show")
def show(
    store: Annotated[str | None, typer.Option("--store", help="store URL")] = None,
    keystore: Annotated[str | None, typer.Option("--keystore", help="key store URL")] = None,
    config: Annotated[
        str | None, typer.Option("--config", help="TOML file (default: ./accountledger.toml)")
    ] = None,
    json_out: Annotated[bool, typer.Option("--json", help="one JSON object")] = False,
) -> None:
    """Every setting, its value and where it came from: default, file, env or option."""
    try:
        effective = configuration.load({"store": store, "keystore": keystore}, config)
    except LedgerError as error:
        fail(Refusal(str(error), EXIT_INVALID, error.as_dict()), json_out)
    shown = configuration.shown(effective)
    if json_out:
        file = str(effective.file) if effective.file else None
        print(json.dumps({"file": file, "settings": shown}, ensure_ascii=False))
        return
    # One line a key, never wrapped: `grep` finds a setting, its value and its source.
    width = max(map(len, shown))
    print(f"# file: {effective.file or 'none'}")
    for key, entry in shown.items():
        value = json.dumps(entry["value"], ensure_ascii=False)
        print(f"{key:<{width}}  {entry['source']:<7}  {value}")
