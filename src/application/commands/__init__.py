"""Every command on an account as a value: its fields are the inputs, its docstring the help.

`Ledger.handle(command, act)` runs a command once, whatever edge built it. The CLI's
options, the HTTP routes and bodies (and so the OpenAPI document) are generated from
`COMMANDS`; a field's metadata keeps the flag and body key the edges have always used,
because those names are contracts. `decide` is the whole use case on the account: it
asks the ledger's `Desk` for what crosses accounts (name review, sealing, holdings)
and lets the aggregate decide.

One module a stage of the lifecycle (`registration`, `profile`, `qualifications`,
`rectification`, `transfers`, `own_requests`, `measures`, `credit`); what every command
is, in `base`. Imported here in that order, which is the order of `COMMANDS`.
"""

# The submodules are imported in the lifecycle's order, not sorted: their classes are made
# in that order, and that is the order of `COMMANDS`, which the edges list.
# ruff: noqa: I001
from __future__ import annotations

from collections.abc import Mapping

from accountledger.application.commands.base import (
    AccountCommand,
    Command,
    Desk,
    check_fields,
    command_times,
    given,
)
from accountledger.application.commands.registration import (
    Nature,
    RefuseRegistration,
    Register,
    VerifyIdentity,
)
from accountledger.application.commands.profile import (
    ApproveProfileChange,
    ChangeAvatar,
    ChangeContact,
    ChangeContentCategory,
    ChangeIntroduction,
    ChangeMainBusiness,
    ChangeName,
    ChangeOperatingPlace,
    RejectProfileChange,
)
from accountledger.application.commands.qualifications import (
    ExpireQualification,
    RejectQualification,
    SubmitQualification,
    VerifyQualification,
    WithdrawQualification,
)
from accountledger.application.commands.rectification import (
    ApproveCorrection,
    MissRectificationDeadline,
    OrderRectification,
    Rectify,
    RejectCorrection,
    SubmitCorrection,
)
from accountledger.application.commands.transfers import (
    ApplyTransfer,
    ApproveTransfer,
    FindUnapprovedTransfer,
    RejectTransfer,
    VerifyTransferee,
)
from accountledger.application.commands.own_requests import (
    GrantReinstatement,
    RefuseReinstatement,
    RequestReinstatement,
    RequestSuspension,
    RequestTermination,
)
from accountledger.application.commands.measures import (
    Blacklist,
    CeaseAds,
    Close,
    Deregister,
    LiftRestriction,
    Reinstate,
    RestoreAds,
    Restrict,
    ResumeUpdates,
    Suspend,
    SuspendUpdates,
    Warn,
)
from accountledger.application.commands.credit import (
    ChangeCreditTier,
    RecordActivity,
    RecordIpAttribution,
)


def _concrete(base: type[Command]) -> list[type[Command]]:
    found: list[type[Command]] = []
    for sub in base.__subclasses__():
        if "command" in vars(sub):  # a verb, not a base of verbs
            found.append(sub)
        found.extend(_concrete(sub))
    return found


# Every command, by its name, in the order the edges list them.
COMMANDS: Mapping[str, type[Command]] = {c.command: c for c in _concrete(Command)}

__all__ = [
    "COMMANDS",
    "AccountCommand",
    "ApplyTransfer",
    "ApproveCorrection",
    "ApproveProfileChange",
    "ApproveTransfer",
    "Blacklist",
    "CeaseAds",
    "ChangeAvatar",
    "ChangeContact",
    "ChangeContentCategory",
    "ChangeCreditTier",
    "ChangeIntroduction",
    "ChangeMainBusiness",
    "ChangeName",
    "ChangeOperatingPlace",
    "Close",
    "Command",
    "Deregister",
    "Desk",
    "ExpireQualification",
    "FindUnapprovedTransfer",
    "GrantReinstatement",
    "LiftRestriction",
    "MissRectificationDeadline",
    "Nature",
    "OrderRectification",
    "RecordActivity",
    "RecordIpAttribution",
    "Rectify",
    "RefuseRegistration",
    "RefuseReinstatement",
    "Register",
    "Reinstate",
    "RejectCorrection",
    "RejectProfileChange",
    "RejectQualification",
    "RejectTransfer",
    "RequestReinstatement",
    "RequestSuspension",
    "RequestTermination",
    "RestoreAds",
    "Restrict",
    "ResumeUpdates",
    "SubmitCorrection",
    "SubmitQualification",
    "Suspend",
    "SuspendUpdates",
    "VerifyIdentity",
    "VerifyQualification",
    "VerifyTransferee",
    "Warn",
    "WithdrawQualification",
    "check_fields",
    "command_times",
    "given",
]
