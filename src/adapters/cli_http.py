"""`accountledger serve` and `accountledger keys create`: the HTTP service and its keys.

A key is printed once, when it is created; the key store keeps only its hash (R17).
"""

import json
from dataclasses import replace
from datetime import timedelta
from typing import Annotated

import typer

from accountledger.adapters.bootstrap import Settings, keystore_url
from accountledger.adapters.cli import app
from accountledger.adapters.cli_base import EXIT_INVALID, Refusal, fail, out
from accountledger.domain.act import Role
from accountledger.domain.errors import LedgerError

keys_app = typer.Typer(help="API keys of the HTTP service, mapped to roles.", no_args_is_help=True)
app.add_typer(keys_app, name="keys")

StoreOpt = Annotated[
    str | None,
    typer.Option("--store", envvar="ACCOUNTLEDGER_STORE", help="store URL (sqlite:///FILE)"),
]
KeystoreOpt = Annotated[
    str | None,
    typer.Option("--keystore", envvar="ACCOUNTLEDGER_KEYSTORE", help="key store URL"),
]
ROLE_NAMES = ", ".join(r.value for r in Role)


@keys_app.command("create")
def create_key(
    role: Annotated[str, typer.Option("--role", help=f"one of {ROLE_NAMES}")],
    actor: Annotated[
        str | None, typer.Option("--actor", help="actor id recorded on events (default: key id)")
    ] = None,
    store: StoreOpt = None,
    keystore: KeystoreOpt = None,
    json_out: Annotated[bool, typer.Option("--json", help="print exactly one JSON object")] = False,
) -> None:
    """Create an API key for a role; the secret is shown once and stored only hashed."""
    from accountledger.adapters.http.keys import KeyStore

    if role not in {r.value for r in Role}:
        fail(Refusal(f"role: expected one of {ROLE_NAMES} (rule: role)", EXIT_INVALID), json_out)
    if actor is not None and (not actor.strip() or ":" in actor):
        fail(Refusal("actor: an id without ':' (rule: actor)", EXIT_INVALID), json_out)
    try:
        keys = KeyStore(keystore_url(Settings.from_env(store, keystore)))
    except (ValueError, LedgerError) as error:
        fail(Refusal(str(error), EXIT_INVALID), json_out)
    try:
        key_id, secret = keys.create(role, actor)
    finally:
        keys.close()
    result = {"key_id": key_id, "role": role, "actor": actor or f"key-{key_id[:12]}"}
    if json_out:
        print(json.dumps(result | {"secret": secret}))
    else:
        out.print(f"key {key_id} for {result['actor']} ({role}); shown once, keep it:")
        out.print(secret, markup=False)


@app.command("serve")
def serve(
    host: Annotated[
        str, typer.Option("--host", envvar="ACCOUNTLEDGER_HOST", help="address to listen on")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option("--port", envvar="ACCOUNTLEDGER_PORT")] = 8000,
    store: StoreOpt = None,
    keystore: KeystoreOpt = None,
    every_events: Annotated[
        int | None,
        typer.Option(
            "--checkpoint-every-events",
            envvar="ACCOUNTLEDGER_CHECKPOINT_EVERY_EVENTS",
            min=1,
            help="seal a checkpoint once this many events are unsealed (default 1000)",
        ),
    ] = None,
    interval: Annotated[
        int | None,
        typer.Option(
            "--checkpoint-interval",
            envvar="ACCOUNTLEDGER_CHECKPOINT_INTERVAL",
            min=1,
            help="seconds after a checkpoint when any event unsealed is sealed (default 300)",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs and /openapi.json), sealing checkpoints
    automatically (R13, R16, R17, R18)."""
    import uvicorn

    from accountledger.adapters.http.app import create_app

    try:
        settings = serve_settings(store, keystore, every_events, interval)
    except LedgerError as error:  # a bad ACCOUNTLEDGER_TIME_ZONE: one line, not a traceback
        fail(Refusal(str(error), EXIT_INVALID), False)
    from accountledger.adapters import redaction

    app = create_app(settings, seal_automatically=True)
    config = uvicorn.Config(app, host=host, port=port)  # configures uvicorn's logging
    redaction.install()  # so the filter goes on the handlers it configured (R17)
    uvicorn.Server(config).run()


def serve_settings(
    store: str | None, keystore: str | None, every_events: int | None, interval: int | None
) -> Settings:
    """The service's settings, with the checkpoint cadence the options give (R16)."""
    settings = Settings.from_env(store, keystore)
    rules = settings.rules
    if every_events is not None:
        rules = replace(rules, checkpoint_every_events=every_events)
    if interval is not None:
        rules = replace(rules, checkpoint_interval=timedelta(seconds=interval))
    return replace(settings, rules=rules)
