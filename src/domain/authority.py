"""Which role may issue which command: the domain's half of "who may do what".

Adapters map callers to roles (API keys, `--actor ID:ROLE`); this table decides
whether that role may act. Read-only roles issue no command at all.
"""

from __future__ import annotations

from types import MappingProxyType

from accountledger.domain.act import Act, Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.lifecycle import COMMANDS

O, P, R, M, S = Role.OPERATOR, Role.PLATFORM, Role.REVIEWER, Role.MODERATOR, Role.SYSTEM

_PROFILE = frozenset({O, P})
_REVIEW = frozenset({R})
_MEASURE = frozenset({M})
_LIFT = frozenset({M, S})

COMMAND_ROLES: MappingProxyType[str, frozenset[Role]] = MappingProxyType(
    {
        "register": frozenset({O, P}),
        "verify_identity": frozenset({P, R, S}),
        "refuse_registration": frozenset({P, R}),
        "change_name": _PROFILE,
        "change_avatar": _PROFILE,
        "change_introduction": _PROFILE,
        "approve_profile_change": _REVIEW,
        "reject_profile_change": _REVIEW,
        "submit_qualification": _PROFILE,
        "verify_qualification": _REVIEW,
        "reject_qualification": _REVIEW,
        "order_rectification": frozenset({R, M}),
        "rectify": frozenset({R}),
        "miss_rectification_deadline": frozenset({S}),
        "apply_transfer": _PROFILE,
        "verify_transferee": frozenset({P, R}),
        "approve_transfer": _REVIEW,
        "reject_transfer": _REVIEW,
        "find_unapproved_transfer": _MEASURE,
        "request_suspension": _PROFILE,
        "request_termination": _PROFILE,
        "warn": _MEASURE,
        "restrict": _MEASURE,
        "lift_restriction": _LIFT,
        "suspend_updates": _MEASURE,
        "resume_updates": _LIFT,
        "cease_ads": _MEASURE,
        "restore_ads": _LIFT,
        "suspend": frozenset({M, S}),
        "reinstate": _LIFT,
        "close": _MEASURE,
        "deregister": _MEASURE,
        "blacklist": _MEASURE,
        "change_credit_tier": frozenset({M, S}),
        "record_activity": frozenset({O, P, S}),
    }
)

# Commands that are disposal measures under 2021 Art 19 / 2022 Art 17 (R12).
MEASURES = frozenset(
    {
        "warn",
        "order_rectification",
        "restrict",
        "suspend_updates",
        "cease_ads",
        "suspend",
        "close",
        "deregister",
        "blacklist",
        "find_unapproved_transfer",
    }
)

assert set(COMMAND_ROLES) == set(COMMANDS), "every lifecycle command needs its roles"


def authorise(command: str, act: Act) -> None:
    """Refuse a command from a role that may not issue it; measures need grounds."""
    act.check()
    if act.actor_role not in COMMAND_ROLES[command]:
        allowed = ", ".join(sorted(r.value for r in COMMAND_ROLES[command]))
        raise RuleViolation(
            f"role {act.actor_role.value} may not {command} (allowed: {allowed})",
            rule="role",
            field="actor",
        )
    if command in MEASURES:
        act.require_grounds(command)
