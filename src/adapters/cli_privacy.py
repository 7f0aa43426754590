"""`accountledger erase-subject` and `accountledger identity`: personal information (R16, R17).

`erase-subject` records the erasure with its legal basis, then destroys the subject's
key (crypto-shredding); the records around it stay. `identity` unseals an account
holder's identity for a role that may see it (compliance, regulator) and writes the
disclosure to the access log in the key store before printing it.
"""

from typing import Annotated, Any

import typer

from accountledger.adapters.cli_app import AccountArg, app
from accountledger.adapters.cli_base import Call, command
from accountledger.adapters.cli_registers import subject_ref
from accountledger.adapters.disclosures import reader, record_disclosure
from accountledger.adapters.terminal import out
from accountledger.application import disclosure
from accountledger.application.erasure import erase_subject
from accountledger.application.ids import account_id

ActorOpt = Annotated[
    str | None,
    typer.Option("--actor", envvar="ACCOUNTLEDGER_ACTOR", help="who asks, ID:ROLE"),
]


def _show_erased(result: dict[str, Any]) -> None:
    done = "erased" if result["outcome"] == "recorded" else "erasure completed"
    out.print(
        f"erase-subject: {result['subject_ref']} {done} at {result['erased_at']} on the "
        f"basis of {', '.join(result['basis'])}; key destroyed: "
        f"{'yes' if result['key_destroyed'] else 'already gone'}; accounts: "
        f"{', '.join(result['accounts']) or 'none'}",
        markup=False,
    )


def _show_identity(result: dict[str, Any]) -> None:
    about = f"Account {result['account_id']} (subject {result['subject_ref']})"
    if result.get("erased"):
        line = f"{about}: erased on {result['erased_at']} ({', '.join(result['basis'])})"
    elif result.get("unreadable"):
        line = f"{about}: unreadable, no key and no recorded erasure"
    else:
        contact = f", contact {result['contact']}" if result["contact"] else ""
        line = f"{about}: {result['kind']} {result['number']}{contact}"
    out.print(line, markup=False)


@command(app, "erase-subject", _show_erased)
def erase(
    call: Call,
    subject: Annotated[
        str, typer.Argument(help="subject ref s-... or KIND:NUMBER", show_default=False)
    ],
) -> dict[str, Any]:
    """Erase a subject's personal information: record why and on what basis, then destroy
    its key. Compliance only; refused while records must be kept (R16, R17)."""
    ref = subject_ref(call, subject)
    act = call.act()
    return erase_subject(call.ledger, ref, act, now=call.clock()).as_dict()


@command(app, "identity", _show_identity, writes=False)
def identity(call: Call, account: AccountArg, actor: ActorOpt = None) -> dict[str, Any]:
    """The account holder's identity, for compliance and regulators only; the disclosure
    is written to the access log (R17)."""
    who = reader(call, actor, "reading personal information")
    ident = account_id(account)
    shown = disclosure.identity(call.ledger, ident, who.role, actor_id=who.actor_id)
    record_disclosure(call, who, "identity", [str(ident)], call.clock())
    return shown
