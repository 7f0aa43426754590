"""`accountledger backup DIR` and `accountledger restore DIR`: both stores, together (R16, R17).

`backup` copies the event store and then the key store into a new or empty directory
with a manifest (`adapters/backups.py`); `restore` checks the manifest and brings both
back, refusing (exit 3, rule `restore-overwrite`) to replace a store that holds
anything unless `--force` is given. Run `accountledger verify` after a restore.
"""

from pathlib import Path
from typing import Annotated, Any

import typer

from accountledger.adapters import backups
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import Call, command
from accountledger.adapters.terminal import out

DirArg = Annotated[Path, typer.Argument(help="the backup's directory", show_default=False)]


def _show(result: dict[str, Any]) -> None:
    if "backup" in result:
        files = ", ".join(p["file"] for p in result["parts"])
        out.print(f"backup: {result['backup']} ({files}, manifest.json)", markup=False)
    else:
        out.print(
            f"restored {' and '.join(result['parts'])} stores from {result['restored']}; "
            "run `accountledger verify`",
            markup=False,
        )


@command(app, "backup", _show, writes=False)
def backup(call: Call, directory: DirArg) -> dict[str, Any]:
    """Copy the event store, then the key store, into DIR (new or empty), with a manifest
    of their SHA-256 hashes: SQLite by its online backup API, PostgreSQL by pg_dump."""
    return backups.back_up(call.settings, directory, call.clock())


@command(app, "restore", _show, writes=False)
def restore(
    call: Call,
    directory: DirArg,
    force: Annotated[
        bool, typer.Option("--force", help="replace stores that already hold something")
    ] = False,
) -> dict[str, Any]:
    """Bring back both stores from a backup in DIR, after checking every file against its
    manifest; a store that holds anything is replaced only with --force."""
    return backups.restore(call.settings, directory, force=force)
