"""The lifecycle machine is the single source of truth for legal transitions.

Every (state, command) pair is checked three ways: the python-statemachine machine
itself, the table derived from it, and the Account aggregate (R12, R16).
"""

from __future__ import annotations

import pytest
from statemachine.exceptions import TransitionNotAllowed

from accountledger.domain.authority import COMMAND_ROLES
from accountledger.domain.errors import TransitionRefused
from accountledger.domain.lifecycle import COMMANDS, STATES, TRANSITIONS, allowed
from accountledger.domain.machines import Lifecycle
from tests.domain.commands import CALLS, PATHS
from tests.domain.given import given

ACCOUNT_STATES = [s for s in STATES if s != "unregistered"]
PAIRS = [(s, c) for s in ACCOUNT_STATES for c in COMMANDS if c != "register"]


class Model:
    def __init__(self, status: str) -> None:
        self.status = status


def machine_targets(state: str, command: str) -> set[str]:
    """Where the running machine can go: it takes the first transition; the others of a
    multi-target command are read from its definition."""
    model = Model(state)
    machine = Lifecycle(model=model, state_field="status")
    try:
        machine.send(command)
    except TransitionNotAllowed:
        return set()
    declared = {
        t.target.id
        for s in Lifecycle.states
        if s.id == state
        for t in s.transitions
        if command in {str(e) for e in t.events}
    }
    assert model.status in declared
    return declared


@pytest.mark.parametrize(("state", "command"), [(s, c) for s in STATES for c in COMMANDS])
def test_derived_table_agrees_with_the_machine(state: str, command: str) -> None:
    assert set(TRANSITIONS.get((state, command), ())) == machine_targets(state, command)


def test_every_command_has_a_test_call_and_every_state_a_path() -> None:
    assert set(CALLS) | {"register"} == set(COMMANDS)
    assert set(PATHS) == set(ACCOUNT_STATES)


def test_every_lifecycle_command_names_the_roles_that_may_issue_it() -> None:
    """R13: who may decide each command is one table (`domain/authority.py`), and it
    covers every command of the machine (once an import-time assertion there)."""
    assert set(COMMAND_ROLES) == set(COMMANDS)


def account_in(state: str):  # type: ignore[no-untyped-def]
    steps = [CALLS[c] for c in PATHS[state]]
    account, clock = given(*steps)
    assert account.status == state
    return account, clock


@pytest.mark.parametrize(("state", "command"), PAIRS)
def test_aggregate_obeys_the_table_for_every_state_and_command(state: str, command: str) -> None:
    account, clock = account_in(state)
    version = account.version
    if (state, command) in TRANSITIONS:
        try:
            CALLS[command](account, clock)
        except TransitionRefused:  # pragma: no cover - the failure this test exists for
            pytest.fail(f"{command} refused in {state} though the machine allows it")
        except Exception:
            pass
        else:
            assert account.status in TRANSITIONS[(state, command)]
    else:
        with pytest.raises(TransitionRefused) as refused:
            CALLS[command](account, clock)
        message = str(refused.value)
        assert str(account.id) in message and state in message and command in message
        assert account.version == version
        assert account.collect_events() == []


def test_refused_registration_is_terminal_and_deregistration_only_reversible() -> None:
    """R15: a deregistration can still be overturned on appeal; a refusal is final."""
    assert allowed("refused") == ()
    assert allowed("deregistered") == ("reverse_measure",)


def test_closed_account_cannot_change_its_name() -> None:
    """R4: a closed account keeps its name reserved; it cannot be renamed."""
    account, clock = account_in("closed")
    with pytest.raises(TransitionRefused):
        CALLS["change_name"](account, clock)


def test_suspended_account_cannot_start_a_transfer() -> None:
    """R9: a suspended account cannot apply to transfer."""
    account, clock = account_in("suspended")
    with pytest.raises(TransitionRefused):
        CALLS["apply_transfer"](account, clock)
