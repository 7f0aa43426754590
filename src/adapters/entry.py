"""Who enters a write at the CLI, and whether they may (R13, R16; 2021 Art 20).

Every write names who entered it beside the actor it was entered for (`Act.entered_by`):
over HTTP the API key's id; at the CLI the key's id when `ACCOUNTLEDGER_KEY` holds a
key, else the operating-system user and host. With `require_keys` on (the default for
PostgreSQL stores, `ACCOUNTLEDGER_REQUIRE_KEYS`), a CLI write, and a CLI read of personal
information, is refused without a key. A key is looked up in the key store with the same
`KeyStore.authenticate` the HTTP edge uses, so an unknown (revoked, expired) key is
refused the same way; the key's actor and role then act: `--actor` may be left out, and
an `--actor` other than the key's is refused.

`authorise` is the one place the CLI authorises a write; a key bound to a subject or
accounts is then held to its scope on the account a command names (`Call.act`), by the
same `Scope.check` the HTTP edge applies.
"""

from __future__ import annotations

import getpass
import os
import socket
from dataclasses import dataclass

from accountledger.adapters.bootstrap import Settings, checked_keystore_url
from accountledger.adapters.http.keys import Caller, KeyStore
from accountledger.adapters.http.keys import KeyRefused as RevokedOrExpired
from accountledger.domain import authority
from accountledger.domain.entry import EnteredBy
from accountledger.domain.errors import LedgerError, RuleViolation

KEY_ENV = "ACCOUNTLEDGER_KEY"
# Bounded before it is hashed: a key is `alk_` and 43 characters.
MAX_KEY = 200


class KeyRefused(LedgerError):
    """No key where one is required, or a key the key store does not accept (HTTP's 401)."""

    rule = "key-required"


@dataclass(frozen=True)
class Entry:
    """Who a CLI write is entered for (`actor`, ID:ROLE or None) and by whom."""

    actor: str | None
    entered_by: EnteredBy
    caller: Caller | None = None  # the key's caller, when a key was given


def os_entry() -> EnteredBy:
    """The login and host running the CLI without a key."""
    try:
        user = getpass.getuser()
    except (KeyError, OSError):  # no login name and no passwd entry (a bare container)
        user = f"uid-{os.getuid()}" if hasattr(os, "getuid") else "unknown"
    return EnteredBy(os_user=user, host=socket.gethostname())


def key_caller(settings: Settings, secret: str) -> Caller:
    """The caller of `secret`, looked up as the HTTP edge does; refused if not known."""
    keys = KeyStore(checked_keystore_url(settings))
    try:
        found = keys.authenticate(secret.strip()[:MAX_KEY])
    except RevokedOrExpired as refused:  # revoked, expired or an unbound operator key
        raise KeyRefused(str(refused), rule="key-unknown", field=KEY_ENV) from refused
    finally:
        keys.close()
    if found is None:
        raise KeyRefused("unknown, revoked or expired API key", rule="key-unknown", field=KEY_ENV)
    return found


def authorise(
    settings: Settings, actor: str | None, what: str, command: str | None = None
) -> Entry:
    """Authorise a CLI write (or a read of personal information) described by `what`.

    Without `ACCOUNTLEDGER_KEY`: refused when `settings.keys_required`, else entered for
    `actor` by the OS user and host. With a key: entered for the key's actor and role by
    the key's id; a different `actor` is refused; `command`, if named, must be one the
    key's role may issue (`domain/authority.py`, as HTTP's 403).
    """
    secret = os.environ.get(KEY_ENV, "").strip()
    if not secret:
        if settings.keys_required:
            raise KeyRefused(
                f"{what} needs an API key in {KEY_ENV} (require_keys is on; "
                "`accountledger keys create` makes one)",
                field=KEY_ENV,
            )
        return Entry(actor, os_entry())
    who = key_caller(settings, secret)
    as_key = f"{who.actor_id}:{who.role.value}"
    if actor and actor.strip() != as_key:
        raise RuleViolation(
            f"{actor.strip()[:100]} is not the actor of {KEY_ENV} ({as_key}); "
            "leave --actor out or give the key's",
            rule="key-actor",
            field="actor",
        )
    if command is not None and (refused := authority.refusal(who.role, command)):
        raise RuleViolation(refused, rule="role", field="actor")
    return Entry(as_key, EnteredBy(key_id=who.key_id), who)
