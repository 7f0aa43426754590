"""Free text has bounds (issue 12 point 12; R13, R16): invisible-only text, control and
bidi characters and text beyond `LedgerRules` limits are refused, whichever use case
takes them, and nothing is written."""

from __future__ import annotations

import pytest

from accountledger.application import appeals
from accountledger.application.commands import SubmitQualification, Warn
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.measures import record_id
from accountledger.domain.text import check_text, visible
from tests.application.helpers import GROUNDS, Desk


@pytest.mark.parametrize("text", ["\u200b\u200b", "\u2060", " \u00ad ", "\ufeff"])
def test_text_of_only_invisible_characters_is_not_visible(text: str) -> None:
    """R13: zero-width and other format characters say nothing."""
    assert not visible(text)
    with pytest.raises(RuleViolation, match="invisible-text"):
        check_text("reason", text, 100)


@pytest.mark.parametrize("text", ["bad\x1b[31mred", "bell\x07", "mirror\u202etxt"])
def test_control_and_bidi_characters_are_refused(text: str) -> None:
    """R16: a printed record cannot be made to lie about what it says."""
    with pytest.raises(RuleViolation, match="control-character"):
        check_text("reason", text, 100)


def test_ordinary_text_with_line_breaks_in_any_script_passes() -> None:
    """R13: real reasons keep their words and line breaks."""
    assert check_text("reason", "捏造谣言\n第二行\tok", 100)


def test_a_measure_with_an_invisible_reason_is_refused_and_nothing_written(
    ledger: Ledger,
) -> None:
    """R13: a reason of zero-width characters is no reason."""
    desk = Desk(ledger)
    account = desk.active("Invisible Ink")
    version = ledger.account(account).version
    grounds = GROUNDS | {"reason": "\u200b\u200c\u200d"}
    with pytest.raises(RuleViolation) as refused:
        desk.do(Warn(account_id=account), Role.MODERATOR, **grounds)
    assert (refused.value.rule, refused.value.field) == ("invisible-text", "reason")
    assert ledger.account(account).version == version


def test_text_beyond_the_limits_is_refused_in_acts_fields_and_appeals(ledger: Ledger) -> None:
    """R16: the store keeps what it is given for ever, so every text is bounded."""
    desk = Desk(ledger)
    account = desk.active("Long Winded")
    rules = ledger.rules
    with pytest.raises(RuleViolation, match="text-length"):
        desk.do(
            Warn(account_id=account),
            Role.MODERATOR,
            **(GROUNDS | {"reason": "x" * (rules.max_text_length + 1)}),
        )
    long_credential = "c" * (rules.max_field_length + 1)
    with pytest.raises(RuleViolation, match="text-length"):
        desk.do(
            SubmitQualification(account_id=account, field="health", credential=long_credential),
            Role.OPERATOR,
        )
    warned = desk.do(Warn(account_id=account), Role.MODERATOR, **GROUNDS)
    with pytest.raises(RuleViolation, match="text-length"):
        appeals.file(
            ledger,
            record_id(account, warned.version),
            "g" * (rules.max_text_length + 1),
            desk.act(Role.OPERATOR),
        )
