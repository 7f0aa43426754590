"""`accountledger serve` and `accountledger keys`: the HTTP service and its keys.

A secret is printed once, when it is created or rotated; the key store keeps only its
hash (R17). `keys list` shows every key's id, role, actor, scope, creation, expiry and
revocation, never a secret; `keys revoke` and `keys rotate` take effect on the next
request (the service reads the key store on every request).
"""

import json
import unicodedata
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import TYPE_CHECKING, Annotated
from zoneinfo import ZoneInfo

import typer

from accountledger.adapters.bootstrap import Settings, checked_keystore_url
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import (
    EXIT_INVALID,
    EXIT_KEYSTORE,
    Refusal,
    fail,
    refusals,
)
from accountledger.adapters.http.keys import MAX_KEY_LIFE, check_expiry
from accountledger.adapters.keystore_guard import KeyStoreUnusable
from accountledger.adapters.terminal import out
from accountledger.application.ids import account_id
from accountledger.application.scope import MAX_ACCOUNTS, Scope, require_bound
from accountledger.domain.act import Role
from accountledger.domain.dates import parse_moment
from accountledger.domain.errors import InvalidInput, LedgerError

if TYPE_CHECKING:
    from accountledger.adapters.http.keys import KeyStore

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


def _open_keys(store: str | None, keystore: str | None, json_out: bool) -> "KeyStore":
    from accountledger.adapters.http.keys import KeyStore

    try:
        return KeyStore(checked_keystore_url(Settings.from_env(store, keystore)))
    except KeyStoreUnusable as error:
        fail(Refusal(str(error), EXIT_KEYSTORE, error.as_dict()), json_out)
    except (ValueError, LedgerError) as error:
        fail(Refusal(str(error), EXIT_INVALID), json_out)


def key_scope(subject: str | None, accounts: list[str]) -> Scope:
    """The scope the options name: a subject ref `s-...` (never an identity number, which
    would stay in the shell's history), or account ids (repeatable), not both."""
    if subject is not None and accounts:
        raise InvalidInput("give --subject or --account, not both", rule="scope", field="scope")
    if subject is not None:
        subject = unicodedata.normalize("NFKC", subject).strip()
        if not subject.startswith("s-") or len(subject) > 100 or not subject[2:].isalnum():
            raise InvalidInput(
                "subject: a subject ref s-... (see `accountledger subject`)",
                rule="subject",
                field="subject",
            )
    if len(accounts) > MAX_ACCOUNTS:
        raise InvalidInput(
            f"at most {MAX_ACCOUNTS} accounts per key", rule="scope", field="account"
        )
    named = frozenset(str(account_id(a, "account")) for a in accounts)
    return Scope(subject=subject, accounts=named)


def key_expiry(text: str | None, now: datetime, zone: ZoneInfo) -> datetime | None:
    """`--expires`: a date (its end) or a time, in the platform's zone without an offset;
    after now and within `MAX_KEY_LIFE` (rule `key-expiry`)."""
    if text is None:
        return None
    try:
        moment = parse_moment(text, zone, end_of_day=True, field="expires")
    except ValueError as error:
        raise InvalidInput(f"expires: {error}", rule="key-expiry", field="expires") from None
    return check_expiry(moment, now)


JsonOpt = Annotated[bool, typer.Option("--json", help="print exactly one JSON object")]


@keys_app.command("create")
def create_key(
    role: Annotated[str, typer.Option("--role", help=f"one of {ROLE_NAMES}")],
    actor: Annotated[
        str | None, typer.Option("--actor", help="actor id recorded on events (default: key id)")
    ] = None,
    subject: Annotated[
        str | None,
        typer.Option("--subject", help="bind the key to a subject's accounts (ref s-...)"),
    ] = None,
    account: Annotated[
        list[str] | None,
        typer.Option("--account", help="bind the key to this account (repeatable)"),
    ] = None,
    expires: Annotated[
        str | None,
        typer.Option(
            "--expires",
            help=f"expiry: a date (its end) or a time, within {MAX_KEY_LIFE.days} days",
        ),
    ] = None,
    store: StoreOpt = None,
    keystore: KeystoreOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Create an API key for a role; the secret is shown once and stored only hashed.

    An operator key must be bound to a subject (`--subject`) or to accounts
    (`--account`, repeatable) and acts on and sees nothing else (2021 Arts 11, 20;
    2022 Art 16); a key of another role may be bound the same way."""
    if role not in {r.value for r in Role}:
        fail(Refusal(f"role: expected one of {ROLE_NAMES} (rule: role)", EXIT_INVALID), json_out)
    if actor is not None and (not actor.strip() or ":" in actor):
        fail(Refusal("actor: an id without ':' (rule: actor)", EXIT_INVALID), json_out)
    now = datetime.now(UTC)
    try:
        with refusals():
            scope = key_scope(subject, account or [])
            until = key_expiry(expires, now, Settings.from_env(store, keystore).rules.zone)
            require_bound(Role(role), scope)
    except Refusal as refused:
        fail(refused, json_out)
    keys = _open_keys(store, keystore, json_out)
    try:
        key_id, secret = keys.create(role, actor, scope=scope, expires=until, now=now)
    finally:
        keys.close()
    result = {
        "key_id": key_id,
        "role": role,
        "actor": actor or f"key-{key_id[:12]}",
        "scope": scope.describe(),
        "expires": until.isoformat() if until else None,
    }
    if json_out:
        print(json.dumps(result | {"secret": secret}))
    else:
        out.print(
            f"key {key_id} for {result['actor']} ({role}, {result['scope']}); shown once, keep it:"
        )
        out.print(secret, markup=False)


@keys_app.command("list")
def list_keys(
    store: StoreOpt = None, keystore: KeystoreOpt = None, json_out: JsonOpt = False
) -> None:
    """Every key: id, role, actor, scope, created, expires, revoked; never a secret."""
    keys = _open_keys(store, keystore, json_out)
    try:
        rows = keys.listed()
    finally:
        keys.close()
    if json_out:
        print(json.dumps({"keys": rows, "count": len(rows)}))
        return
    for row in rows:
        state = (
            f"revoked {row['revoked']}"
            if row["revoked"]
            else f"expires {row['expires'] or 'never'}"
        )
        out.print(
            f"{row['key_id']}  {row['role']}  {row['actor']}  {row['scope']}  "
            f"created {row['created']}  {state}",
            markup=False,
        )


@keys_app.command("revoke")
def revoke_key(
    key_id: Annotated[str, typer.Argument(help="the key id `keys list` shows")],
    store: StoreOpt = None,
    keystore: KeystoreOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """Revoke a key: every request with it is refused (401) from now on."""
    keys = _open_keys(store, keystore, json_out)
    try:
        with refusals():
            at = keys.revoke(key_id.strip(), datetime.now(UTC))
    except Refusal as refused:
        fail(refused, json_out)
    finally:
        keys.close()
    if json_out:
        print(json.dumps({"key_id": key_id.strip(), "revoked": at.isoformat()}))
    else:
        out.print(f"key {key_id.strip()} revoked at {at.isoformat()}", markup=False)


@keys_app.command("rotate")
def rotate_key(
    key_id: Annotated[str, typer.Argument(help="the key id `keys list` shows")],
    store: StoreOpt = None,
    keystore: KeystoreOpt = None,
    json_out: JsonOpt = False,
) -> None:
    """A new secret for the same key id, role, actor, scope and expiry; the old secret
    is refused (401) from now on. The new secret is shown once."""
    keys = _open_keys(store, keystore, json_out)
    try:
        with refusals():
            secret = keys.rotate(key_id.strip(), datetime.now(UTC))
    except Refusal as refused:
        fail(refused, json_out)
    finally:
        keys.close()
    if json_out:
        print(json.dumps({"key_id": key_id.strip(), "secret": secret}))
    else:
        out.print(f"key {key_id.strip()} rotated; the old secret no longer works; shown once:")
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
    workers: Annotated[
        int,
        typer.Option(
            "--workers",
            envvar="ACCOUNTLEDGER_WORKERS",
            min=1,
            max=64,
            help="processes answering requests (each its own engines and read models)",
        ),
    ] = 1,
    ready_max_lag: Annotated[
        int | None,
        typer.Option(
            "--ready-max-lag",
            min=0,
            help="/readyz is 503 beyond this many positions of projection lag (default 1000)",
        ),
    ] = None,
) -> None:
    """Serve the HTTP API (OpenAPI at /docs and /openapi.json), sealing checkpoints
    automatically and, with ACCOUNTLEDGER_WEBHOOK_URL set, delivering notifications
    (R13, R16, R17, R18; 2021 Art 20). /healthz, /readyz and /metrics for operations;
    one JSON line per request on standard error (docs/operations.md)."""
    try:
        settings = serve_settings(store, keystore, every_events, interval)
        if ready_max_lag is not None:
            settings = replace(settings, ready_max_lag=ready_max_lag)
        # Refuse to start beside a lost or corrupt key store: every key would be 401 (R17).
        checked_keystore_url(settings)
    except KeyStoreUnusable as error:
        fail(Refusal(str(error), EXIT_KEYSTORE, error.as_dict()), False)
    except (LedgerError, ValueError) as error:  # a bad ACCOUNTLEDGER_TIME_ZONE: one line
        fail(Refusal(str(error), EXIT_INVALID), False)
    if workers > 1:
        _serve_workers(settings, host, port, workers)
        return
    import uvicorn

    from accountledger.adapters import redaction
    from accountledger.adapters.http import request_log
    from accountledger.adapters.http.app import create_app

    app = create_app(settings, seal_automatically=True, deliver_automatically=True)
    # uvicorn's access line holds the raw path: the JSON request line replaces it.
    config = uvicorn.Config(app, host=host, port=port, access_log=False)
    request_log.configure()
    redaction.install()  # so the filter goes on the handlers it configured (R17)
    uvicorn.Server(config).run()


def _serve_workers(settings: Settings, host: str, port: int, workers: int) -> None:
    """`--workers N`: N processes answer; this one seals and delivers (http/workers.py)."""
    import uvicorn

    from accountledger.adapters.http.workers import FACTORY, Background, export

    export(settings)
    background = Background(settings)
    background.start()
    try:
        uvicorn.run(FACTORY, factory=True, host=host, port=port, workers=workers, access_log=False)
    finally:
        background.stop()


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
