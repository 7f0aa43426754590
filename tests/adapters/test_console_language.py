"""The console in Simplified Chinese by default, English on a switch (issue 17): the
regulations' terms for measures and statuses, articles cited as Chinese practitioners
cite them, dates on the platform's wall clock (R18: a regulator reads the register)."""

# ruff: noqa: F811  (the console's fixtures, imported by name, are this module's arguments)
from __future__ import annotations

import re

import pytest

from accountledger.adapters.http.console_language import COOKIE, ENGLISH, WORDS
from accountledger.domain import chinese_terms
from accountledger.domain.appeals import OUTCOMES, AppealLifecycle
from accountledger.domain.articles import CATALOGUE
from accountledger.domain.lifecycle import STATES
from accountledger.domain.measures import Measure
from accountledger.projections.notifications import STATUSES
from tests.adapters.test_console import Console, account, api, app_and_client, console  # noqa: F401
from tests.adapters.test_http import Api

TITLE_2021 = "《互联网用户公众账号信息服务管理规定》"


@pytest.fixture
def reader(console: Console) -> Console:
    """A browser that has not chosen a language (the shared fixture reads English)."""
    console.client.cookies.delete(COOKIE)
    return console


def lang_of(html: str) -> str:
    found = re.search(r'<html lang="([^"]+)">', html)
    assert found is not None
    return found.group(1)


def test_the_console_speaks_chinese_without_a_choice(reader: Console) -> None:
    """R18: the sign-in page in Chinese, `<html lang="zh-Hans">`, a link to English."""
    page = reader.get("/console/sign-in")
    assert page.status_code == 200 and lang_of(page.text) == "zh-Hans"
    assert '<label for="key">API 密钥</label>' in page.text and "登录" in page.text
    assert 'href="/console/sign-in?lang=en"' in page.text


def test_lang_en_switches_to_english_and_the_cookie_keeps_it(api: Api, reader: Console) -> None:
    """R18: `?lang=en` answers in English and stores the choice; later pages keep it, and
    `?lang=zh_Hans` switches back."""
    switched = reader.get("/console/sign-in", lang="en")
    assert lang_of(switched.text) == "en" and '<label for="key">API key</label>' in switched.text
    cookie = switched.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}={ENGLISH};") and "Path=/console" in cookie
    reader.sign_in("auditor")
    later = reader.get("/console/search")
    assert lang_of(later.text) == "en" and "Find an account" in later.text
    assert 'href="/console/search?lang=zh_Hans"' in later.text
    back = reader.get("/console/search", lang="zh_Hans")
    assert lang_of(back.text) == "zh-Hans" and "查询账号" in back.text
    assert lang_of(reader.get("/console/search").text) == "zh-Hans"


def test_an_unknown_language_is_not_stored_and_chinese_stays(reader: Console) -> None:
    page = reader.get("/console/sign-in", lang="fr")
    assert lang_of(page.text) == "zh-Hans" and "set-cookie" not in page.headers


def test_the_account_page_names_measures_statuses_and_articles_in_chinese(
    api: Api, reader: Console, account: str
) -> None:
    """R13, R18: the status and the measures by the regulations' terms, the articles as
    《互联网用户公众账号信息服务管理规定》第十九条, the dates in Asia/Shanghai."""
    reader.sign_in("regulator")
    page = reader.get(f"/console/accounts/{account}").text
    status = '<span class="status status-suspended" data-status="suspended">暂停使用</span>'
    assert f'<dd id="status">{status}' in page
    assert '<td class="measure" data-measure="warning">警示</td>' in page
    assert '<td class="measure" data-measure="suspension">暂停使用</td>' in page
    assert f">{TITLE_2021}第十九条</abbr>" in page
    assert f">{TITLE_2021}第十八条第六项</abbr>" in page
    # Warned at 10:00 UTC on 3 March: 18:00 on the platform's wall clock.
    assert "2026年3月3日 18:00:00" in page
    # The lifecycle diagram's boxes by the same terms.
    assert re.search(
        r'data-state="blacklisted"><title>[^<]*</title><rect[^>]*/><text[^>]*>列入黑名单<', page
    )
    assert '<title id="lifecycle-title">账号生命周期</title>' in page


def test_english_keeps_the_ids_and_writes_dates_on_the_platform_clock(
    api: Api, reader: Console, account: str
) -> None:
    reader.client.cookies.set(COOKIE, ENGLISH)
    reader.sign_in("regulator")
    page = reader.get(f"/console/accounts/{account}").text
    assert '<td class="measure" data-measure="warning">warning</td>' in page
    assert ">2021-19</abbr>" in page and "2026-03-03 18:00:00 +08:00" in page


def test_a_refusal_is_in_chinese_naming_field_and_rule(api: Api, reader: Console) -> None:
    """R13: a bad filter is refused in Chinese, naming the field and the rule."""
    reader.sign_in("regulator")
    page = reader.get("/console/disposals", measure="fine")
    assert page.status_code == 422
    error = re.search(r'<p role="alert" id="error">([^<]*)</p>', page.text)
    assert error is not None
    said = error.group(1)
    assert said.startswith("measure：") and "不是处置措施" in said and "（规则：measure）" in said


def test_a_refusal_citing_an_article_cites_it_in_chinese(api: Api, reader: Console) -> None:
    """R18: a domain refusal's article is cited the Chinese way; its rule id stays."""
    from accountledger.adapters.http.console_language import Language
    from accountledger.domain.errors import RuleViolation

    said = Language("zh_Hans").refusal(
        RuleViolation("request from another site", rule="origin", field="form", article="2022-8-4")
    )
    assert (
        said == "form：来自其他网站的请求（规则：origin）《互联网用户账号信息管理规定》第八条第四项"
    )


@pytest.mark.parametrize(
    ("number", "written"),
    [
        (1, "一"),
        (10, "十"),
        (11, "十一"),
        (19, "十九"),
        (20, "二十"),
        (21, "二十一"),
        (99, "九十九"),
    ],
)
def test_article_numbers_are_chinese_numerals(number: int, written: str) -> None:
    assert chinese_terms.numeral(number) == written


def test_every_measure_status_and_article_has_its_chinese_term() -> None:
    """One place for the terms: every id the domain has is in it."""
    assert set(chinese_terms.MEASURES) == {m.value for m in Measure}
    assert set(chinese_terms.STATUSES) == set(STATES)
    assert set(chinese_terms.SUMMARIES) == set(CATALOGUE)
    assert (
        chinese_terms.citation("2017-13")
        == "《互联网用户公众账号信息服务管理规定》（2017年）第十三条"
    )
    for article_id in CATALOGUE:
        assert chinese_terms.citation(article_id).startswith("《")


def test_the_words_shown_as_values_are_all_in_the_catalogue() -> None:
    """Appeal states and outcomes and notification statuses are translated where shown."""
    appeal_states = {s.id for s in AppealLifecycle.states} - {"unfiled"}
    assert appeal_states | set(OUTCOMES) | set(STATUSES) == set(WORDS)
