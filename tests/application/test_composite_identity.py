"""Composite identity, registered through the ledger (R1, R2, R17; 2021 Art 8, 2022 Art 9):
each part is sealed under the subject's key and never in clear in the store; an
identity that does not fit the subject's nature is refused and nothing is written."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.adapters.inputs import uscc_check
from accountledger.application.commands import Register
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from tests.application.helpers import Desk, id_card

USCC = "91350100M000100Y4" + uscc_check("91350100M000100Y4")
MOBILE = "13912345678"
ENTERPRISE = {
    "nature": "enterprise",
    "main_business": "ceramics",
    "registration_place": "Fuzhou",
    "operating_place": "Fuzhou",
    "content_category": "crafts",
}


def representative(serial: int = 77) -> Identity:
    return Identity(
        "uscc",
        USCC,
        "ops@min-river.cn",
        mobile=MOBILE,
        representative_kind="id_card",
        representative_number=id_card(serial),
    )


def test_each_part_of_a_composite_identity_is_sealed_never_in_clear(tmp_path: Path) -> None:
    """R17, 2021 Art 8: the USCC, the representative's document and the mobile number are
    all sealed; none is in the store's dump."""
    store = tmp_path / "ledger.db"
    ledger = open_ledger(Settings(store=f"sqlite:///{store}"))
    desk = Desk(ledger)
    registration = Registration(
        name="Min River Kilns", identity=representative(), details=ENTERPRISE
    )
    ledger.register(registration, desk.act(Role.PLATFORM))
    ledger.close()
    dump = "\n".join(sqlite3.connect(store).iterdump())
    assert USCC not in dump and id_card(77) not in dump and MOBILE not in dump


def test_a_composite_identity_opens_with_every_part(ledger: Ledger) -> None:
    """R1, R17: what was sealed is what was presented, part by part."""
    desk = Desk(ledger)
    command = Register(
        name="Min River Kilns",
        identity=representative(78),
        nature="enterprise",
        main_business="ceramics",
        registration_place="Fuzhou",
        operating_place="Fuzhou",
        content_category="crafts",
    )
    account = ledger.account(desk.ledger.handle(command, desk.act(Role.PLATFORM)).account_id)
    opened = ledger.vault.unseal(account.subject_ref, account.sealed_identity)
    assert opened == {
        "kind": "uscc",
        "number": USCC,
        "contact": "ops@min-river.cn",
        "mobile": MOBILE,
        "representative_kind": "id_card",
        "representative_number": id_card(78),
    }


@pytest.mark.parametrize(
    ("nature", "identity"),
    [
        ("enterprise", Identity("mobile", MOBILE)),
        ("individual", Identity("uscc", USCC)),
    ],
)
def test_an_identity_that_does_not_fit_the_nature_is_refused_and_nothing_written(
    ledger: Ledger, nature: str, identity: Identity
) -> None:
    """R1, R2, 2021 Art 8: an enterprise with a mobile number only, an individual with a
    USCC: refused before sealing, so no event and no key is left behind."""
    desk = Desk(ledger)
    details = {**ENTERPRISE, "nature": nature}
    before = ledger.recorder.max_notification_id()
    with pytest.raises(RuleViolation) as refused:
        ledger.register(
            Registration(name="Wrong Subject", identity=identity, details=details),
            desk.act(Role.PLATFORM),
        )
    assert (refused.value.rule, refused.value.article) == ("identity-for-nature", "2021-8")
    assert ledger.recorder.max_notification_id() == before
    assert (
        ledger.vault.fingerprint(ledger.vault.subject_ref(identity.kind, identity.number)) is None
    )
