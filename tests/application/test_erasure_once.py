"""An erasure is recorded once (issue 12 point 13; R17): a registration refused after it
creates no key for the erased subject, so a second erasure finds nothing to erase."""

from __future__ import annotations

import pytest

from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import Desk, id_card
from tests.application.test_erasure import SIX_MONTHS_AND_A_DAY, closed, erase, subject_of


@pytest.mark.parametrize(
    "name",
    ["Paper Kites", "Official State News"],
    ids=["the-barred-name", "a-name-the-policy-rejects"],
)
def test_a_refused_registration_of_an_erased_subject_creates_no_key(
    ledger: Ledger, name: str
) -> None:
    """R4, R17: a registration refused (the closed account's barred name, or a name the
    policy rejects) is refused before the identity is sealed: no new key, and the erasure
    stays the only one (a second one is refused `erased-once`)."""
    desk = Desk(ledger)
    account = closed(desk, "Paper Kites", serial=41)
    desk.now += SIX_MONTHS_AND_A_DAY
    ref = subject_of(ledger, account)
    erase(desk, ref)
    assert ledger.vault.fingerprint(ref) is None
    again = Registration(name=name, identity=Identity("id_card", id_card(41)))
    with pytest.raises(RuleViolation):
        ledger.register(again, desk.act(Role.PLATFORM))
    assert ledger.vault.fingerprint(ref) is None
    with pytest.raises(RuleViolation) as refused:
        erase(desk, ref)
    assert refused.value.rule == "erased-once"
