"""Who asks for personal information at the CLI, and the record that it was shown (R17).

The person is the key's actor where `ACCOUNTLEDGER_KEY` holds a key (required when
`require_keys` is on, as for a write: `adapters/entry.py`), else `--actor ID:ROLE`
(or ACCOUNTLEDGER_ACTOR), as on every write. Each disclosure is written to the key
store's access log, the same log that records regulators' reads over HTTP, before the
information is printed.
"""

from datetime import datetime

from accountledger.adapters.bootstrap import checked_keystore_url
from accountledger.adapters.cli_base import EXIT_INVALID, Call, Refusal
from accountledger.adapters.entry import authorise
from accountledger.adapters.http.keys import Caller, KeyStore
from accountledger.adapters.inputs import ActInput


def reader(call: Call, actor: str | None, what: str) -> Caller:
    """The person asking: the key's, or an actor; its role decides (R17)."""
    entry = authorise(call.settings, actor, what)
    if entry.caller is not None:
        return entry.caller
    if not actor:
        raise Refusal(
            f"actor: {what} needs --actor ID:ROLE or ACCOUNTLEDGER_ACTOR (rule: actor)",
            EXIT_INVALID,
        )
    act = ActInput(actor=actor, at=None).to_act(call.clock, call.settings.rules.zone)
    return Caller(actor_id=act.actor_id, role=act.actor_role)


def record_disclosure(
    call: Call, who: Caller, what: str, account_ids: list[str], at: datetime
) -> None:
    """Write the disclosure to the key store's access log (never the information)."""
    keys = KeyStore(checked_keystore_url(call.settings))
    try:
        keys.record_disclosure(who, "CLI", what, account_ids, at)
    finally:
        keys.close()
