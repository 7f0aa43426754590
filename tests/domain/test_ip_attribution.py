"""IP attribution (2022 Art 12; R5 public details, R17 personal information): the platform
supplies where an account's IP address is attributed, and the ledger keeps only the place,
at the province level within China or as a country or region abroad."""

from __future__ import annotations

import pytest
from hypothesis import given as for_all
from hypothesis import strategies as st

from accountledger.domain.act import Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.ip_attribution import PROVINCES, attributed_place
from tests.domain.given import Clock, given, registered, replayed


@pytest.mark.parametrize(
    ("supplied", "recorded"),
    [
        ("广东", "广东"),
        ("广东省", "广东"),
        ("廣東", "广东"),
        ("广西壮族自治区", "广西"),
        ("香港特别行政区", "香港"),
        ("  北京市 ", "北京"),
        ("日本", "日本"),
        ("United States", "United States"),
    ],
)
def test_a_place_is_recorded_under_the_short_name_platforms_display(
    supplied: str, recorded: str
) -> None:
    """2022 Art 12: a province written in full or in traditional script is its short name;
    a place abroad is kept as supplied."""
    assert attributed_place(supplied) == recorded


@pytest.mark.parametrize(
    ("supplied", "rule"),
    [
        ("203.0.113.7", "ip-address-not-kept"),
        ("广东 203.0.113.7", "ip-address-not-kept"),
        ("2001:db8::1", "ip-address-not-kept"),
        ("２０３.０.１１３.７", "ip-address-not-kept"),
        ("广东省广州市", "ip-attribution-precision"),
        ("北京朝阳区", "ip-attribution-precision"),
        ("District 9", "ip-place"),
        ("", "ip-place"),
        ("国" * 41, "ip-place"),
    ],
)
def test_an_address_or_a_place_finer_than_a_province_is_refused(supplied: str, rule: str) -> None:
    """R17 (2022 Art 16), 2022 Art 12: an address is personal information and a city says
    more than the law asks to show; the refusal names the field, the rule and the article."""
    with pytest.raises(RuleViolation) as refused:
        attributed_place(supplied)
    assert (refused.value.field, refused.value.rule, refused.value.article) == (
        "place",
        rule,
        "2022-12",
    )


@for_all(st.sampled_from(sorted(PROVINCES)), st.text(min_size=1, max_size=6))
def test_no_province_followed_by_anything_more_passes(province: str, more: str) -> None:
    """2022 Art 12: whatever follows a province (a city, a district, digits) is refused,
    unless it only completes the province's own full name."""
    supplied = province + more
    try:
        recorded = attributed_place(supplied)
    except RuleViolation:
        return
    assert recorded == province


def test_the_platform_records_the_place_and_a_replay_shows_it() -> None:
    """R5, R16 (2022 Art 12): recorded as an event, the place is the account's state after a
    replay; recording the same place again is refused as no change."""
    clock = Clock()
    account = registered(clock)
    account.verify_identity(act=clock.act(Role.REVIEWER))
    account.record_ip_attribution("广东省", act=clock.act(Role.PLATFORM))
    assert account.ip_attribution == "广东"
    events = account.collect_events()
    assert type(events[-1]).__name__ == "IpAttributionRecorded"
    assert replayed(events).ip_attribution == "广东"
    with pytest.raises(RuleViolation) as refused:
        account.record_ip_attribution("廣東", act=clock.act(Role.PLATFORM))
    assert refused.value.rule == "no-change"


@pytest.mark.parametrize("role", [Role.OPERATOR, Role.MODERATOR, Role.REVIEWER])
def test_only_the_platform_supplies_the_ip_attribution(role: Role) -> None:
    """2022 Art 12: where a login came from is the platform's knowledge; an operator may
    not choose what its page shows, and nothing is recorded."""
    account, clock = given(lambda a, c: a.verify_identity(act=c.act(Role.REVIEWER)))
    with pytest.raises(RuleViolation) as refused:
        account.record_ip_attribution("上海", act=clock.act(role))
    assert refused.value.rule == "role"
    assert account.ip_attribution is None
