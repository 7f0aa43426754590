"""Which role may issue which command: the domain's half of "who may do what".

Adapters map callers to roles (API keys, `--actor ID:ROLE`); this table decides
whether that role may act. Read-only roles issue no command at all.
"""

from __future__ import annotations

from types import MappingProxyType

from accountledger.domain.act import Act, Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.measures import CATALOGUE, MEASURE_COMMANDS

OPERATOR, PLATFORM, REVIEWER = Role.OPERATOR, Role.PLATFORM, Role.REVIEWER
MODERATOR, SYSTEM = Role.MODERATOR, Role.SYSTEM

_PROFILE = frozenset({OPERATOR, PLATFORM})
_REVIEW = frozenset({REVIEWER})

COMMAND_ROLES: MappingProxyType[str, frozenset[Role]] = MappingProxyType(
    {
        "register": frozenset({OPERATOR, PLATFORM}),
        "verify_identity": frozenset({PLATFORM, REVIEWER, SYSTEM}),
        "refuse_registration": frozenset({PLATFORM, REVIEWER}),
        "change_name": _PROFILE,
        "change_avatar": _PROFILE,
        "change_introduction": _PROFILE,
        "approve_profile_change": _REVIEW,
        "reject_profile_change": _REVIEW,
        "change_contact": _PROFILE,
        "change_operating_place": _PROFILE,
        "change_content_category": _PROFILE,
        "change_main_business": _PROFILE,
        "submit_correction": _PROFILE,
        "approve_correction": _REVIEW,
        "reject_correction": _REVIEW,
        "request_reinstatement": _PROFILE,
        "grant_reinstatement": frozenset({MODERATOR}),
        "refuse_reinstatement": frozenset({MODERATOR}),
        "submit_qualification": _PROFILE,
        "verify_qualification": _REVIEW,
        "reject_qualification": _REVIEW,
        "withdraw_qualification": frozenset({PLATFORM, REVIEWER}),
        "expire_qualification": frozenset({SYSTEM}),
        "apply_transfer": _PROFILE,
        "verify_transferee": frozenset({PLATFORM, REVIEWER}),
        "approve_transfer": _REVIEW,
        "reject_transfer": _REVIEW,
        "request_suspension": _PROFILE,
        "request_termination": _PROFILE,
        "change_credit_tier": frozenset({MODERATOR, SYSTEM}),
        "record_activity": frozenset({OPERATOR, PLATFORM, SYSTEM}),
        # The platform knows where a login came from; an operator does not choose it.
        "record_ip_attribution": frozenset({PLATFORM, SYSTEM}),
        "reverse_measure": frozenset({Role.APPEAL_REVIEWER}),
        # Who takes and who lifts each disposal measure are columns of the catalogue.
        **{row.command: row.roles for row in CATALOGUE},
        **{row.lifted_by[0]: row.lift_roles for row in CATALOGUE if row.lifted_by},
    }
)

# Commands on records rather than on an account's lifecycle.
RECORD_COMMAND_ROLES: MappingProxyType[str, frozenset[Role]] = MappingProxyType(
    {
        "report_disposal": frozenset({Role.COMPLIANCE}),
        "file_appeal": frozenset({OPERATOR, PLATFORM}),
        "assign_appeal": frozenset({Role.APPEAL_REVIEWER, Role.COMPLIANCE}),
        "add_appeal_evidence": frozenset({OPERATOR, PLATFORM, Role.APPEAL_REVIEWER}),
        "decide_appeal": frozenset({Role.APPEAL_REVIEWER}),
        "file_complaint": frozenset({PLATFORM}),
        "screen_complaint": frozenset({REVIEWER, MODERATOR}),
        "link_complaint": frozenset({REVIEWER, MODERATOR}),
        "answer_complaint": frozenset({REVIEWER, MODERATOR, Role.COMPLIANCE}),
        # Operations over the whole record: a scheduler (system) or compliance.
        "sweep": frozenset({SYSTEM}),
        "project": frozenset({SYSTEM, Role.COMPLIANCE}),
        "rebuild": frozenset({SYSTEM, Role.COMPLIANCE}),
        # The feed of what happened to accounts, for the platform's enforcement systems.
        "read_feed": frozenset({PLATFORM, SYSTEM, Role.COMPLIANCE}),
        # Statistics for the authority and for management (issue 17): counts over the
        # whole record, no account named and no personal information.
        "read_statistics": frozenset({Role.REGULATOR, Role.AUDITOR, Role.COMPLIANCE}),
        # Destroying a subject's key erases its personal information (R17).
        "erase_subject": frozenset({Role.COMPLIANCE}),
    }
)
ROLES = MappingProxyType({**COMMAND_ROLES, **RECORD_COMMAND_ROLES})
# Every lifecycle command has its roles: `tests/domain/test_lifecycle.py` says so (at
# import it would derive the machine's table for every replay of an account).


# Least exposure (R17, 2022 Art 16, 2017 Art 9): the only roles for which personal
# information (identity number, contact) is ever unsealed. Compliance answers for the
# record and its erasures; the regulator inspects under 2021 Art 21 / 2022 Art 21.
# Auditors check decisions and their grounds, which need no identity.
PERSONAL_INFORMATION_ROLES = frozenset({Role.COMPLIANCE, Role.REGULATOR})


def authorise_disclosure(role: Role) -> None:
    """Refuse to show personal information to a role that may not see it (R17)."""
    if role not in PERSONAL_INFORMATION_ROLES:
        allowed = ", ".join(sorted(r.value for r in PERSONAL_INFORMATION_ROLES))
        raise RuleViolation(
            f"role {role.value} may not see personal information (allowed: {allowed})",
            rule="role",
            field="actor",
            article="2022-16",
        )


def refusal(role: Role, command: str) -> str | None:
    """Why `role` may not issue `command`, or None when it may: every edge says it so."""
    if role in ROLES[command]:
        return None
    allowed = ", ".join(sorted(r.value for r in ROLES[command]))
    return f"role {role.value} may not {command} (allowed: {allowed})"


def authorise(command: str, act: Act) -> None:
    """Refuse a command from a role that may not issue it; measures need grounds."""
    act.check()
    refused = refusal(act.actor_role, command)
    if refused is not None:
        raise RuleViolation(refused, rule="role", field="actor")
    if command in MEASURE_COMMANDS:
        act.require_grounds(command)
