"""The python-statemachine machines' shared parts and the account's own `Lifecycle`.

`Lifecycle` is the single source of truth of which command is legal when;
`lifecycle.py` holds the table derived from it, and imports this module (and the
library, which imports asyncio) only when the table is first asked for: replaying an
account decides nothing (issue 16: a CLI `show`).
"""

from __future__ import annotations

from functools import reduce
from operator import or_
from types import MappingProxyType
from typing import cast

from statemachine import State, StateMachine
from statemachine.transition_list import TransitionList

from accountledger.domain.lifecycle import Table


def stay(*states: State) -> TransitionList:
    """The command is allowed in each of `states` and leaves the status as it is."""
    # python-statemachine 3.2.2 left `itself` untyped; earlier 3.2 releases typed it.
    loops = (state.to.itself(internal=True) for state in states)  # type: ignore[no-untyped-call,unused-ignore]
    return cast(TransitionList, reduce(or_, loops))


def move(target: State, *sources: State) -> TransitionList:
    """The command leads from each of `sources` to `target`."""
    return cast(TransitionList, reduce(or_, (source.to(target) for source in sources)))


class Lifecycle(StateMachine):
    """Primary status of an account (2021 Arts 8-11, 19; 2022 Arts 9-10, 15, 17)."""

    unregistered = State(initial=True)
    pending = State()
    active = State()
    rectifying = State()
    suspended = State()
    closed = State()
    blacklisted = State()
    # A refused registration is final. A deregistration is not: it can be overturned
    # on appeal (R15). An account need not ever end, so no path to a final state is
    # required of the other states.
    refused = State(final=True)
    deregistered = State()
    # Ended at the operator's own request (R10). Not a way out of a measure (R12): the
    # platform may still close, deregister or blacklist it. A termination recorded before
    # this state existed led to `deregistered`, and its event still says so.
    terminated = State()
    validate_final_reachability = False

    # Registration and identity (R1, R2, R3, R4, R7).
    register = move(pending, unregistered)
    verify_identity = move(active, pending)
    refuse_registration = move(refused, pending)

    # Profile changes are reviewed like a registration (R3).
    change_name = stay(pending, active)
    change_avatar = stay(pending, active)
    change_introduction = stay(pending, active)
    approve_profile_change = stay(pending, active)
    reject_profile_change = stay(pending, active)

    # Registration details change under review too, approved or rejected through
    # the profile-change verbs (R2, R3; 2021 Art 15, 2022 Art 10).
    change_contact = stay(pending, active)
    change_operating_place = stay(pending, active)
    change_content_category = stay(pending, active)
    change_main_business = stay(pending, active)

    # Qualifications for economy, education, medical care and health, justice (R5). A mark
    # may be withdrawn or expire (2021 Art 9 ¶3): an active account registered in its field
    # is suspended, and returns to service when the field is verified again.
    submit_qualification = stay(pending, active, rectifying, suspended)
    verify_qualification = stay(pending, active, rectifying, suspended) | move(active, suspended)
    reject_qualification = stay(pending, active, rectifying, suspended)
    withdraw_qualification = stay(pending, active, rectifying, suspended) | move(suspended, active)
    expire_qualification = stay(pending, active, rectifying, suspended) | move(suspended, active)

    # Dynamic re-verification (R6): suspended until corrected, closed on refusal.
    order_rectification = move(rectifying, active)
    rectify = move(active, rectifying)
    miss_rectification_deadline = move(closed, rectifying)
    # The operator corrects its own account; a reviewer approves (-> `Rectified`) or
    # rejects (the order stays open) (R3, R6; 2021 Art 8, 2022 Art 15).
    submit_correction = stay(rectifying)
    approve_correction = move(active, rectifying)
    reject_correction = stay(rectifying)

    # Transfers (R9): only an active account starts one; any account in service
    # may have an open application refused.
    apply_transfer = stay(active)
    verify_transferee = stay(active)
    approve_transfer = stay(active)
    reject_transfer = stay(active, rectifying, suspended)
    find_unapproved_transfer = move(suspended, active)

    # The operator's own requests (R10).
    request_suspension = move(suspended, active)
    request_termination = move(terminated, active, rectifying, suspended)
    # Ending its own suspension is asked for, and a moderator decides (R10).
    request_reinstatement = stay(suspended)
    grant_reinstatement = move(active, suspended)
    refuse_reinstatement = stay(suspended)

    # Disposal measures (R12) and their lifting.
    warn = stay(active, rectifying, suspended)
    restrict = stay(active, rectifying, suspended)
    lift_restriction = stay(active, rectifying, suspended)
    suspend_updates = stay(active, suspended)
    resume_updates = stay(active, suspended)
    cease_ads = stay(active, suspended)
    restore_ads = stay(active, suspended)
    suspend = move(suspended, active, rectifying)
    reinstate = move(active, suspended)
    close = move(closed, active, rectifying, suspended, terminated)
    deregister = move(deregistered, active, rectifying, suspended, closed, blacklisted, terminated)
    blacklist = move(blacklisted, pending, active, rectifying, suspended, closed, terminated)

    # Appeals (R15): an overturned or varied measure is reversed by a new event that
    # restores the status the measure took away (or, for flags, leaves it as it is).
    # An account its operator terminated returns to `terminated`, never to service.
    reverse_measure = (
        stay(active, rectifying, suspended, terminated)
        | move(active, rectifying, suspended, closed, blacklisted, deregistered)
        | move(suspended, closed, blacklisted, deregistered)
        | move(closed, blacklisted, deregistered)
        | move(terminated, closed, blacklisted, deregistered)
    )

    # Credit (R11) and activity (R8).
    change_credit_tier = stay(pending, active, rectifying, suspended)
    record_activity = stay(active)
    # The IP attribution the platform shows on an account's page (2022 Art 12).
    record_ip_attribution = stay(active, rectifying, suspended)


def derive_table(machine: type[StateMachine]) -> Table:
    """(state, command) -> the states a command may lead to, read off a machine class."""
    table: dict[tuple[str, str], tuple[str, ...]] = {}
    for state in machine.states:
        for transition in state.transitions:
            for event in transition.events:
                key = (state.id, str(event))
                table[key] = (*table.get(key, ()), transition.target.id)
    return MappingProxyType(table)
