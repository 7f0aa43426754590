"""The console's command forms and timelines speak Chinese (issue 17 point 1): every
input of every command form has a label in `console_labels.FIELDS`, every event the
timelines show (`Account`'s and `Appeal`'s) a name in `EVENTS`, every detail an event
carries a name in `DETAILS`, and the Chinese catalogue translates each of them."""

# ruff: noqa: F811  (the console's fixtures, imported by name, are this module's arguments)
from __future__ import annotations

import dataclasses

from accountledger.adapters.http import console_labels as labels
from accountledger.adapters.http.console_forms import command_form
from accountledger.adapters.http.console_language import CHINESE, ENGLISH, Language
from accountledger.application.commands import COMMANDS
from accountledger.application.views import _HIDDEN
from accountledger.domain.account import Account
from accountledger.domain.appeals import Appeal
from accountledger.domain.errors import RuleViolation, StaleDecision, TransitionRefused
from tests.adapters.test_console import Console, account, api, app_and_client, console  # noqa: F401

CHINESE_ = Language(CHINESE)
ENGLISH_ = Language(ENGLISH)


def _chinese(text: str) -> bool:
    return any("\u4e00" <= ch <= "\u9fff" for ch in text)


def _events(aggregate: type) -> dict[str, type]:
    return {
        name: value
        for name, value in vars(aggregate).items()
        if isinstance(value, type)
        and issubclass(value, aggregate.Event)  # type: ignore[attr-defined]
        and "TOPIC" in vars(value)
        and name != "Event"
    }


def test_every_input_of_every_command_form_has_a_chinese_label() -> None:
    unlabelled, untranslated = [], []
    for verb, command in COMMANDS.items():
        for given in command_form(command).inputs:
            keys = (f"{verb}.{given.name}", given.name, given.name.rsplit(".", 1)[-1])
            if not any(k in labels.FIELDS for k in keys):
                unlabelled.append(f"{verb}.{given.name}")
            elif not _chinese(CHINESE_.gettext(given.label)):
                untranslated.append(given.label)
    assert unlabelled == [], "add them to console_labels.FIELDS"
    assert untranslated == [], "run `make messages` and translate them"


def test_every_choice_a_form_offers_is_shown_in_chinese() -> None:
    """A drop-down's value is sent as the command table names it (`suspend`); its word
    is shown in the page's language (2021 Art 10: what inactivity leads to; 2022 Art 9:
    the registering subject's nature)."""
    offered = {
        choice
        for command in COMMANDS.values()
        for given in command_form(command).inputs
        for choice in given.choices
    }
    assert offered, "the forms offer choices"
    assert offered <= set(labels.CHOICES), "add them to console_labels.CHOICES"
    assert all(_chinese(CHINESE_.gettext(labels.CHOICES[c])) for c in offered)
    assert ENGLISH_.gettext(labels.CHOICES["public_institution"]) == "public institution"


def test_a_field_named_alike_in_two_commands_is_labelled_by_its_command() -> None:
    assert CHINESE_.gettext(labels.field_label("submit_qualification", "field")) == "专业领域"
    assert CHINESE_.gettext(labels.field_label("change_name", "value")) == "新账号名称（须审核）"
    assert (
        labels.field_label("apply_transfer", "transferee.identity_kind")
        == (labels.FIELDS["identity_kind"])
    )


def test_every_command_has_a_chinese_name() -> None:
    for key, command in COMMANDS.items():
        assert key in labels.COMMANDS, key
        assert _chinese(CHINESE_.gettext(labels.command_name(command.verb()))), key
    assert CHINESE_.gettext(labels.command_name("order-rectification")) == "责令限期改正"


def test_every_account_and_appeal_event_has_a_chinese_name() -> None:
    for aggregate in (Account, Appeal):
        for name in _events(aggregate):
            assert name in labels.EVENTS, name
            said = CHINESE_.pgettext(labels.EVENT, labels.event_name(name))
            assert _chinese(said), name
    assert CHINESE_.pgettext(labels.EVENT, "Warned") == "警示"
    assert CHINESE_.pgettext(labels.EVENT, "Suspended") == "暂停使用"
    # English shows the domain's name; an event's name does not take a heading's words.
    assert Language(ENGLISH).pgettext(labels.EVENT, "Registered") == "Registered"
    assert CHINESE_.pgettext(labels.EVENT, "Registered") == "注册"


def test_every_detail_an_event_shows_has_a_chinese_name() -> None:
    for aggregate in (Account, Appeal):
        for name, event in _events(aggregate).items():
            for field in dataclasses.fields(event):
                if field.name in _HIDDEN:
                    continue
                assert field.name in labels.DETAILS, f"{name}.{field.name}"
                assert _chinese(CHINESE_.gettext(labels.detail_name(field.name))), field.name
    assert Language(ENGLISH).gettext(labels.detail_name("held_for")) == "held for"


def test_the_account_page_names_events_details_and_form_fields_in_chinese(
    console: Console, account: str
) -> None:
    """Issue 17 point 1: the timeline says 警示 and 暂停使用 for `Warned` and `Suspended`,
    its details' keys in Chinese; the forms' labels are Chinese (a suspended account's
    `suspend` is not offered, `reinstate` and `close` are, with no field but grounds; the
    platform's `record_ip_attribution` has a place)."""
    console.sign_in("moderator")
    page = console.get(f"/console/accounts/{account}", lang="zh_Hans").text
    assert '<strong class="action">警示</strong>' in page
    assert '<strong class="action">暂停使用</strong>' in page
    assert '<strong class="action">Warned</strong>' not in page
    assert "<dt>until</dt>" not in page
    english = console.get(f"/console/accounts/{account}", lang="en").text
    assert '<strong class="action">Warned</strong>' in english
    console.sign_in("platform")
    page = console.get(f"/console/accounts/{account}", lang="zh_Hans").text
    assert "IP地址属地（省份、国家或地区；向公众展示）" in page
    assert "<summary>记录IP地址属地 <code>record-ip-attribution</code></summary>" in page


def test_the_common_refusals_are_said_in_chinese_keyed_by_rule() -> None:
    """Issue 17 point 1, R13: a refusal a form meets is a Chinese sentence, with the field,
    the rule id and the article as before; a rule without one keeps its English."""
    grounds = RuleViolation(
        "warn is a disposal measure and needs a reason",
        rule="measure-grounds",
        field="reason",
        article="2021-19",
    )
    said = CHINESE_.refusal(grounds)
    assert said.startswith(
        "reason：采取处置措施须载明理由、依据和所违反的规定。（规则：measure-grounds）"
    )
    assert said.endswith("《互联网用户公众账号信息服务管理规定》第十九条")
    moved = CHINESE_.refusal(TransitionRefused("a-1", "suspended", "suspend"))
    assert moved.startswith("当前状态为“暂停使用”，该状态下不得执行 suspend。")
    stale = CHINESE_.refusal(StaleDecision("version 3 is not the latest"))
    assert "请刷新页面后重新决定" in stale
    found = RuleViolation(
        "refused by the name policy: embeds a web address", rule="name-policy:url"
    )
    assert CHINESE_.refusal(found).startswith("含有网址。")
    other = RuleViolation("refused by the name policy: x", rule="name-policy:place-name")
    assert CHINESE_.refusal(other).startswith("未通过账号名称、头像和简介审核。")
    unknown = RuleViolation("something else", rule="no-such-rule")
    assert CHINESE_.refusal(unknown).startswith("something else（规则：no-such-rule）")
    assert Language(ENGLISH).refusal(grounds).startswith("reason: warn is a disposal measure")


def test_a_form_without_its_grounds_is_refused_in_chinese(console: Console, account: str) -> None:
    """R13, R14: the missing reason of a measure is named in Chinese on the page."""
    console.sign_in("moderator")
    refused = console.post(f"/console/accounts/{account}/commands/warn?lang=zh_Hans", {})
    assert refused.status_code in (409, 422)
    assert "采取处置措施须载明理由、依据和所违反的规定。" in refused.text
