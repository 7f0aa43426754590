"""The account lifecycle: the one state machine that says which command is legal when.

`Lifecycle` is the single source of truth. The aggregate never constructs it per
command (that costs as much as the database write); it asks `TRANSITIONS`, a table
derived once from the machine class, so the table cannot drift from the machine.
"""

from __future__ import annotations

from types import MappingProxyType

from statemachine import State, StateMachine

from accountledger.domain.errors import TransitionRefused

LIVE = ("pending", "active", "rectifying", "suspended")
IN_SERVICE = ("active", "rectifying", "suspended")


class Lifecycle(StateMachine):  # type: ignore[misc]
    """Primary status of an account (2021 Arts 8-11, 19; 2022 Arts 9-10, 15, 17)."""

    unregistered = State(initial=True)
    pending = State()
    active = State()
    rectifying = State()
    suspended = State()
    closed = State()
    blacklisted = State()
    refused = State(final=True)
    deregistered = State(final=True)

    # Registration and identity (R1, R2, R3, R4, R7).
    register = unregistered.to(pending)
    verify_identity = pending.to(active)
    refuse_registration = pending.to(refused)

    # Profile changes are reviewed like a registration (R3).
    change_name = pending.to.itself(internal=True) | active.to.itself(internal=True)
    change_avatar = pending.to.itself(internal=True) | active.to.itself(internal=True)
    change_introduction = pending.to.itself(internal=True) | active.to.itself(internal=True)
    approve_profile_change = pending.to.itself(internal=True) | active.to.itself(internal=True)
    reject_profile_change = pending.to.itself(internal=True) | active.to.itself(internal=True)

    # Qualifications for economy, education, medical care and health, justice (R5).
    submit_qualification = pending.to.itself(internal=True) | active.to.itself(internal=True)
    verify_qualification = pending.to.itself(internal=True) | active.to.itself(internal=True)
    reject_qualification = pending.to.itself(internal=True) | active.to.itself(internal=True)

    # Dynamic re-verification (R6): suspended until corrected, closed on refusal.
    order_rectification = active.to(rectifying)
    rectify = rectifying.to(active)
    miss_rectification_deadline = rectifying.to(closed)

    # Transfers (R9).
    apply_transfer = active.to.itself(internal=True)
    verify_transferee = active.to.itself(internal=True)
    approve_transfer = active.to.itself(internal=True)
    reject_transfer = (
        active.to.itself(internal=True)
        | rectifying.to.itself(internal=True)
        | suspended.to.itself(internal=True)
    )
    find_unapproved_transfer = active.to(suspended)

    # The operator's own requests (R10).
    request_suspension = active.to(suspended)
    request_termination = active.to(deregistered) | suspended.to(deregistered)

    # Disposal measures (R12) and their lifting.
    warn = (
        active.to.itself(internal=True)
        | rectifying.to.itself(internal=True)
        | suspended.to.itself(internal=True)
    )
    restrict = (
        active.to.itself(internal=True)
        | rectifying.to.itself(internal=True)
        | suspended.to.itself(internal=True)
    )
    lift_restriction = (
        active.to.itself(internal=True)
        | rectifying.to.itself(internal=True)
        | suspended.to.itself(internal=True)
    )
    suspend_updates = active.to.itself(internal=True) | suspended.to.itself(internal=True)
    resume_updates = active.to.itself(internal=True) | suspended.to.itself(internal=True)
    cease_ads = active.to.itself(internal=True) | suspended.to.itself(internal=True)
    restore_ads = active.to.itself(internal=True) | suspended.to.itself(internal=True)
    suspend = active.to(suspended) | rectifying.to(suspended)
    reinstate = suspended.to(active)
    close = active.to(closed) | rectifying.to(closed) | suspended.to(closed)
    deregister = (
        active.to(deregistered)
        | rectifying.to(deregistered)
        | suspended.to(deregistered)
        | closed.to(deregistered)
        | blacklisted.to(deregistered)
    )
    blacklist = (
        pending.to(blacklisted)
        | active.to(blacklisted)
        | rectifying.to(blacklisted)
        | suspended.to(blacklisted)
        | closed.to(blacklisted)
    )

    # Credit (R11) and activity (R8).
    change_credit_tier = (
        pending.to.itself(internal=True)
        | active.to.itself(internal=True)
        | rectifying.to.itself(internal=True)
        | suspended.to.itself(internal=True)
    )
    record_activity = active.to.itself(internal=True)


def _derive_table() -> MappingProxyType[tuple[str, str], str]:
    table: dict[tuple[str, str], str] = {}
    for state in Lifecycle.states:
        for transition in state.transitions:
            for event in transition.events:
                table[(state.id, str(event))] = transition.target.id
    return MappingProxyType(table)


TRANSITIONS = _derive_table()
STATES: tuple[str, ...] = tuple(s.id for s in Lifecycle.states)
COMMANDS: tuple[str, ...] = tuple(e.id for e in Lifecycle.events)
TERMINAL: tuple[str, ...] = tuple(s.id for s in Lifecycle.states if s.final)


def target(account_id: object, state: str, command: str) -> str:
    """The state `command` leads to from `state`, or TransitionRefused."""
    try:
        return TRANSITIONS[(state, command)]
    except KeyError:
        raise TransitionRefused(account_id, state, command) from None


def allowed(state: str) -> tuple[str, ...]:
    """The commands the machine accepts in `state`, in declaration order."""
    return tuple(c for c in COMMANDS if (state, c) in TRANSITIONS)
