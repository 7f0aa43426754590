"""Ids as a path or a query names them, checked once for the API and the console.

A malformed id is refused with a `RuleViolation` naming the field and the rule, so it
answers 422 like any other refused input; a subject may be named by its ref `s-...` or
by `KIND:NUMBER`, which the vault turns into the same keyed ref (R17).
"""

from accountledger.adapters.inputs import NotASubject, subject_identity
from accountledger.application.ids import account_id
from accountledger.application.ledger import Ledger
from accountledger.domain.errors import RuleViolation
from accountledger.domain.measures import record_id

# The one account-id parser (application.ids), under the name the routers use.
account_id_of = account_id


def subject_ref_of(ledger: Ledger, text: str) -> str:
    """A subject ref as given (`s-...`), or the ref of `KIND:NUMBER` from the vault (R17)."""
    try:
        edge = subject_identity(text)
    except NotASubject as error:
        raise RuleViolation(str(error), rule="subject", field="subject") from None
    if edge is None:
        return text
    return ledger.vault.subject_ref(edge.identity_kind, edge.identity_number)


def record_id_of(account_id: str, version: int) -> str:
    """The disposal record id `ACCOUNT/VERSION` (R13)."""
    return record_id(account_id_of(account_id), version)
