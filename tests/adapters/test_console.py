"""The inquiry console: server-rendered pages over the same views, queries and commands as
the API; the signed-in key's role decides what is shown and done (R13, R15, R17, R18)."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from typing import Any

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.http.console import COOKIE
from accountledger.adapters.http.console_language import COOKIE as LANGUAGE
from accountledger.adapters.http.console_language import ENGLISH
from accountledger.adapters.http.keys import READ_ONLY_ROLES
from accountledger.domain.act import Role
from accountledger.domain.articles import article
from accountledger.domain.authority import PERSONAL_INFORMATION_ROLES
from accountledger.domain.lifecycle import STATES
from accountledger.projections.queries import RECORD_COLUMNS
from tests.adapters.test_http import REGISTRATION, Api

NUMBER = REGISTRATION["identity_number"]
OTHER = REGISTRATION | {"name": "Green Hill Pottery", "identity_number": "13900139000"}
NOW = datetime(2026, 3, 20, 9, 0, tzinfo=UTC)


def grounds(day: str, violation: str = "2021-18-6", **more: Any) -> dict[str, Any]:
    return {
        "reason": f"misleading titles on {day}",
        "basis": ["2021-19"],
        "violation": [violation],
        "at": f"2026-03-{day}T10:00:00+00:00",
        **more,
    }


class Console:
    """A browser's view of the console: one cookie jar, signed in as one role at a time."""

    def __init__(self, client: TestClient, api: Api) -> None:
        self.client, self.api = client, api

    def sign_in(self, role: str) -> None:
        self.api.key(role)
        answer = self.client.post(
            "/console/sign-in", data={"key": self.api.secrets[role]}, follow_redirects=False
        )
        assert answer.status_code == 303, answer.text

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params=params, follow_redirects=False)

    def post(self, path: str, data: dict[str, str], **headers: str) -> Any:
        return self.client.post(path, data=data, headers=headers, follow_redirects=False)


@pytest.fixture
def app_and_client(store: Settings) -> Iterator[tuple[Api, Console]]:
    clock = [NOW]
    app = create_app(store, clock=lambda: clock[0])
    with TestClient(app) as client:
        # These tests read the console in English (the default is Chinese:
        # tests/adapters/test_console_language.py).
        client.cookies.set(LANGUAGE, ENGLISH)
        api = Api(client, app.state.service.keys, clock)
        yield api, Console(client, api)


@pytest.fixture
def api(app_and_client: tuple[Api, Console]) -> Api:
    return app_and_client[0]


@pytest.fixture
def console(app_and_client: tuple[Api, Console]) -> Console:
    return app_and_client[1]


@pytest.fixture
def account(api: Api) -> str:
    """Registered 1 March, verified 2 March, warned 3 March (false information: the credit
    tier falls, version 4), renamed 5 March, suspended 7 March (version 6); the warning
    reported, the suspension not: overdue on 20 March."""
    created = api.post("/accounts", REGISTRATION | {"at": "2026-03-01T10:00:00+00:00"}, "platform")
    assert created.status_code == 201, created.json()
    ident = str(created.json()["account_id"])
    steps = [
        ("verify-identity", {"at": "2026-03-02T10:00:00+00:00"}, "platform"),
        (
            "warn",
            grounds("03", evidence=["evidence://case-7/1", "https://cases.example/7"]),
            "moderator",
        ),
        (
            "change-name",
            {"value": "Blue Sky Pottery", "at": "2026-03-05T10:00:00+00:00"},
            "platform",
        ),
        ("suspend", grounds("07", violation="2021-18-2"), "moderator"),
    ]
    for verb, body, role in steps:
        done = api.post(f"/accounts/{ident}/{verb}", body, role)
        assert done.status_code == 200, (verb, done.json())
    reported = api.post(f"/disposals/{ident}/3/report", {"reference": "CAC-1"}, "compliance")
    assert reported.status_code == 200, reported.json()
    return ident


def ids(html: str, pattern: str) -> list[str]:
    return re.findall(pattern, html)


# ------------------------------------------------------------------ signing in


def test_a_good_key_signs_in_with_a_strict_http_only_cookie(api: Api, console: Console) -> None:
    """R18: the key decides who the reader is; the cookie is HttpOnly and SameSite=Strict."""
    form = console.get("/console/sign-in")
    assert form.status_code == 200
    assert '<label for="key">API key</label>' in form.text
    assert '<input id="key" name="key" type="password"' in form.text
    api.key("auditor")
    signed = console.post("/console/sign-in", {"key": api.secrets["auditor"]})
    assert signed.status_code == 303 and signed.headers["location"] == "/console/search"
    cookie = signed.headers["set-cookie"]
    assert cookie.startswith(f"{COOKIE}=") and "HttpOnly" in cookie
    assert "samesite=strict" in cookie.lower()
    page = console.get("/console/search")
    assert page.status_code == 200
    assert '<span id="who">auditor-1 (auditor)</span>' in page.text
    for link in ("/console/search", "/console/disposals", "/console/appeals"):
        assert f'href="{link}"' in page.text


def test_a_bad_key_is_401_with_the_form_and_an_alert(console: Console) -> None:
    refused = console.post("/console/sign-in", {"key": "alk_not-a-key"})
    assert refused.status_code == 401
    assert '<p role="alert" id="error">' in refused.text and "unknown API key" in refused.text
    assert 'id="key"' in refused.text and COOKIE not in refused.headers.get("set-cookie", "")


def test_without_a_valid_cookie_every_page_redirects_to_sign_in(
    console: Console, account: str
) -> None:
    """R17, R18: nothing is shown to someone who has not signed in."""
    for path in (
        "/console/search",
        f"/console/accounts/{account}",
        "/console/disposals",
        "/console/disposals.csv",
        "/console/appeals",
    ):
        answer = console.get(path)
        assert answer.status_code == 303 and answer.headers["location"] == "/console/sign-in"
    assert console.get("/console").headers["location"] == "/console/search"
    console.client.cookies.set(COOKIE, "alk_forged", path="/console")
    assert console.get("/console/search").status_code == 303


def test_signing_out_clears_the_cookie(console: Console) -> None:
    console.sign_in("platform")
    page = console.get("/console/search").text
    token = re.search(r'name="sign_out" value="([^"]+)"', page)
    assert token is not None
    out = console.post("/console/sign-out", {"sign_out": token.group(1)})
    assert out.status_code == 303 and out.headers["location"] == "/console/sign-in"
    assert console.get("/console/search").status_code == 303


def test_the_console_is_not_in_the_openapi_document(api: Api) -> None:
    """docs/openapi.json (and the schemathesis run over it) stay the API's alone."""
    paths = api.client.get("/openapi.json").json()["paths"]
    assert not [p for p in paths if p.startswith("/console")]


# ------------------------------------------------------------------ the account page


def test_account_page_shows_status_timeline_articles_and_evidence(
    console: Console, account: str
) -> None:
    """R13, R18: each event with time, actor and role, action, reason, article text, evidence."""
    console.sign_in("auditor")
    page = console.get(f"/console/accounts/{account}")
    assert page.status_code == 200, page.text
    html = page.text
    assert "<h1>Blue Sky Pottery</h1>" in html
    assert re.search(r'<dd id="status">.*suspended.*</dd>', html)
    assert ids(html, r'<li class="event" data-event="(\w+)" data-version="\d+"') == [
        "Registered",
        "IdentityVerified",
        "Warned",
        "CreditTierChanged",
        "ProfileChanged",
        "Suspended",
    ]
    title = article("2021-19").summary
    assert f'<abbr class="article" title="{title}">2021-19</abbr>' in html
    assert "<details" in html and "misleading titles on 03" in html
    assert "moderator-1" in html and '(<span class="role">moderator</span>)' in html
    assert '<a class="evidence">evidence://case-7/1</a>' in html
    assert '<a class="evidence" href="https://cases.example/7"' in html
    rows = ids(html, r'<tr class="record" data-record="([^"]+)"')
    assert rows == [f"{account}/3", f"{account}/6"]
    assert "reported 2026-03-03" in html or "CAC-1" in html
    assert "overdue" in html


def test_evidence_that_is_not_http_gets_no_href(api: Api, console: Console, account: str) -> None:
    """A `javascript:` reference is shown as text, never as a link one could follow."""
    body = grounds("08", evidence=["javascript:alert(1)"])
    assert api.post(f"/accounts/{account}/warn", body, "moderator").status_code == 200
    console.sign_in("moderator")
    html = console.get(f"/console/accounts/{account}").text
    assert '<a class="evidence">javascript:alert(1)</a>' in html
    assert 'href="javascript:' not in html


def test_as_of_shows_the_earlier_state_and_only_the_events_until_then(
    console: Console, account: str
) -> None:
    """R18: a date means its end; the state replayed, the timeline cut, a banner says so."""
    console.sign_in("regulator")
    page = console.get(f"/console/accounts/{account}", as_of="2026-03-04")
    assert page.status_code == 200, page.text
    html = page.text
    assert '<p id="as-of-banner"' in html and "State as of 2026-03-04 23:59:59" in html
    assert "<h1>Blue Sky Notes</h1>" in html
    assert re.search(r'<dd id="status">.*active.*</dd>', html)
    assert ids(html, r'data-event="(\w+)"') == [
        "Registered",
        "IdentityVerified",
        "Warned",
        "CreditTierChanged",
    ]
    assert ids(html, r'<tr class="record" data-record="([^"]+)"') == [f"{account}/3"]
    assert '<input type="date" id="as_of" name="as_of" value="2026-03-04">' in html
    now = console.get(f"/console/accounts/{account}").text
    assert 'id="as-of-banner"' not in now


def test_as_of_before_the_account_existed_is_refused_naming_the_field(
    console: Console, account: str
) -> None:
    """R18: as the API refuses it, as a page with an alert; never a traceback."""
    console.sign_in("auditor")
    page = console.get(f"/console/accounts/{account}", as_of="2020-01-01")
    assert page.status_code == 422 and 'role="alert"' in page.text and "as_of" in page.text
    bad = console.get(f"/console/accounts/{account}", as_of="last week")
    assert bad.status_code == 422 and "as_of" in bad.text
    missing = console.get("/console/accounts/00000000-0000-0000-0000-000000000000")
    assert missing.status_code == 404 and 'id="error"' in missing.text


def test_the_lifecycle_svg_marks_the_current_state(console: Console, account: str) -> None:
    """R18: every state of the machine drawn, the current one (then and now) marked."""
    console.sign_in("auditor")
    html = console.get(f"/console/accounts/{account}").text
    svg = html[html.index('<section id="lifecycle"') :]
    svg = svg[: svg.index("</svg>")]
    drawn = ids(svg, r'<g class="state(?: current)?" data-state="(\w+)">')
    assert sorted(drawn) == sorted(STATES)
    assert ids(svg, r'<g class="state current" data-state="(\w+)">') == ["suspended"]
    assert "<title>" in svg and 'role="img"' in svg
    then = console.get(f"/console/accounts/{account}", as_of="2026-03-04").text
    assert ids(then, r'<g class="state current" data-state="(\w+)">') == ["active"]


@pytest.mark.parametrize("role", [r.value for r in Role])
def test_identity_is_shown_only_to_roles_that_may_see_it_and_recorded(
    api: Api, console: Console, account: str, role: str
) -> None:
    """R17: compliance and regulators see the holder's identity, each showing logged;
    no other role sees the section, the number or a disclosure in the log. An operator's
    key is bound to its scope, and a scoped key uses the API, never the console."""
    if Role(role) is Role.OPERATOR:
        console.api.key(role)
        refused = console.post("/console/sign-in", {"key": console.api.secrets[role]})
        assert refused.status_code == 403 and "(rule: scope)" in refused.text
        return
    console.sign_in(role)
    page = console.get(f"/console/accounts/{account}")
    assert page.status_code == 200, page.text
    logged = [r for r in api.keys.accesses() if r["path"] == f"/console/accounts/{account}"]
    if Role(role) in PERSONAL_INFORMATION_ROLES:
        assert '<section id="identity"' in page.text and NUMBER in page.text
        # The disclosure (and for a regulator also the read) is logged, never the number.
        reads = 1 if Role(role) in READ_ONLY_ROLES else 0
        assert [(r["actor_id"], r["account_id"]) for r in logged] == [(f"{role}-1", account)] * (
            1 + reads
        )
        assert all(NUMBER not in str(row) for row in logged)
    else:
        assert 'id="identity"' not in page.text and NUMBER not in page.text
        assert len(logged) == (1 if Role(role) in READ_ONLY_ROLES else 0)  # a read, no more
    for other in ("/console/disposals", "/console/search?q=mobile:" + NUMBER):
        assert NUMBER not in console.client.get(other).text.replace(f'value="mobile:{NUMBER}"', "")


# ------------------------------------------------------------------ search


def test_search_by_id_name_former_name_and_subject(
    api: Api, console: Console, account: str
) -> None:
    """R4, R9, R18: an id, any part of any name used (any case), a subject ref or KIND:NUMBER."""
    other = api.post("/accounts", OTHER, "platform").json()["account_id"]
    console.sign_in("auditor")

    def found(q: str) -> list[str]:
        page = console.get("/console/search", q=q)
        assert page.status_code == 200, page.text
        return ids(page.text, r'<tr class="result" data-account="([^"]+)">')

    assert found(account) == [account]
    assert found("blue sky notes") == [account]  # a former name, another case
    assert found("POTTERY") == [account, other]
    subject = api.get(f"/accounts/{account}", "platform").json()["subject"]["ref"]
    assert found(subject) == [account]
    assert found(f"mobile:{NUMBER}") == [account]
    page = console.get("/console/search", q=account).text
    assert f'<a href="/console/accounts/{account}">' in page and "Blue Sky Notes" in page
    nothing = console.get("/console/search", q="no such account")
    assert '<p id="no-results">' in nothing.text


# ------------------------------------------------------------------ the register


@pytest.fixture
def register(api: Api, account: str) -> list[str]:
    """Five records: the account's warning and suspension, three warnings of another."""
    other = api.post("/accounts", OTHER | {"at": "2026-03-01T11:00:00+00:00"}, "platform")
    ident = other.json()["account_id"]
    api.post(f"/accounts/{ident}/verify-identity", {"at": "2026-03-02T11:00:00+00:00"}, "platform")
    for day in ("10", "11", "12"):
        warned = api.post(f"/accounts/{ident}/warn", grounds(day, "2021-18-4"), "moderator")
        assert warned.status_code == 200, warned.json()
    return [account, ident]


def test_the_register_filters_and_pages_like_the_api(
    api: Api, console: Console, register: list[str]
) -> None:
    """R13, R14: the same records as `GET /disposals` for the same filters, a page at a time."""
    console.sign_in("compliance")
    page = console.get("/console/disposals", per_page="2")
    html = page.text
    assert page.status_code == 200 and '<p id="count">5 records</p>' in html
    assert '<span id="page">Page 1 of 3</span>' in html
    assert ">Next</a>" in html and ">Previous</a>" not in html
    everything = [r["record_id"] for r in api.get("/disposals", "compliance").json()["records"]]
    assert ids(html, r'<tr class="record" data-record="([^"]+)"') == everything[:2]
    last = console.get("/console/disposals", per_page="2", page="3").text
    assert ids(last, r'data-record="([^"]+)"') == everything[4:]
    assert ">Previous</a>" in last and ">Next</a>" not in last
    filters = {"violation": "2021-18-4", "from": "2026-03-11", "to": "2026-03-12"}
    filtered = console.get("/console/disposals", **filters).text
    expected = api.get("/disposals?violation=2021-18-4&from=2026-03-11&to=2026-03-12", "auditor")
    assert ids(filtered, r'data-record="([^"]+)"') == [
        r["record_id"] for r in expected.json()["records"]
    ]
    assert '<p id="count">2 records</p>' in filtered
    overdue = console.get("/console/disposals", overdue="true", measure="suspension").text
    assert ids(overdue, r'data-record="([^"]+)"') == [f"{register[0]}/6"]
    by_subject = console.get("/console/disposals", subject=f"mobile:{NUMBER}").text
    assert ids(by_subject, r'data-record="([^"]+)"') == [f"{register[0]}/3", f"{register[0]}/6"]
    for name in ("account", "subject", "from", "to", "violation", "overdue"):
        assert f'name="{name}"' in html
    assert '<select id="f-measure" name="measure">' in html and '<option value=""' in html


def test_csv_and_json_downloads_agree_with_the_api(
    api: Api, console: Console, register: list[str]
) -> None:
    """R13: the CSV has the CLI export's columns; the JSON is what `GET /disposals` answers."""
    console.sign_in("regulator")
    html = console.get("/console/disposals", violation="2021-18-4", per_page="1").text
    link = re.search(r'<a id="download-csv" href="([^"]+)" download>', html)
    assert link is not None and link.group(1) == "/console/disposals.csv?violation=2021-18-4"
    assert 'id="download-json" href="/console/disposals.json?violation=2021-18-4"' in html
    api_json = api.get("/disposals?violation=2021-18-4", "regulator").json()
    as_json = console.get("/console/disposals.json", violation="2021-18-4")
    assert as_json.status_code == 200 and as_json.json() == api_json
    assert api_json["count"] == 3
    as_csv = console.get("/console/disposals.csv", violation="2021-18-4")
    assert as_csv.headers["content-type"].startswith("text/csv")
    rows = list(csv.reader(io.StringIO(as_csv.text)))
    assert rows[0] == list(RECORD_COLUMNS)
    assert [row[0] for row in rows[1:]] == [r["record_id"] for r in api_json["records"]]
    assert {row[RECORD_COLUMNS.index("violation")] for row in rows[1:]} == {"2021-18-4"}


@pytest.mark.parametrize(
    ("params", "field", "rule"),
    [
        ({"from": "yesterday"}, "from", "iso-8601"),
        ({"to": "31/12/2026"}, "to", "iso-8601"),
        ({"violation": "2099-1"}, "violation", "violation-class"),
        ({"measure": "flogging"}, "measure", "measure"),
        ({"account": "not-an-id"}, "account", "uuid"),
        ({"subject": "nobody"}, "subject", "subject"),
        ({"page": "0"}, "page", "range"),
        ({"per_page": "many"}, "per_page", "integer"),
    ],
)
def test_a_bad_filter_is_a_422_page_naming_the_field_and_rule(
    console: Console, params: dict[str, str], field: str, rule: str
) -> None:
    """R13: the refusal names the field and the rule, on the page, never a traceback."""
    console.sign_in("auditor")
    page = console.get("/console/disposals", **params)
    assert page.status_code == 422
    alert = re.search(r'<p role="alert" id="error">([^<]+)</p>', page.text)
    assert alert is not None and alert.group(1).startswith(f"{field}:")
    assert f"(rule: {rule})" in alert.group(1)
    assert '<form id="filters"' in page.text
    if field not in ("page", "per_page"):  # the downloads are never paged
        assert f'name="{field}" aria-invalid="true" aria-describedby="error"' in page.text
        assert console.get("/console/disposals.csv", **params).status_code == 422
        assert console.get("/console/disposals.json", **params).json()["field"] == field


def test_regulator_reads_in_the_console_are_recorded(
    api: Api, console: Console, account: str
) -> None:
    """R18: who looked at which account and which register, when; other roles are not logged."""
    console.sign_in("platform")
    console.get(f"/console/accounts/{account}")
    assert api.keys.accesses() == []
    console.sign_in("auditor")
    console.get(f"/console/accounts/{account}")
    console.get("/console/disposals", account=account)
    console.get("/console/disposals.csv")
    log = [(r["actor_id"], r["path"], r["account_id"]) for r in api.keys.accesses()]
    assert log == [
        ("auditor-1", f"/console/accounts/{account}", account),
        ("auditor-1", "/console/disposals", account),
        ("auditor-1", "/console/disposals.csv", None),
    ]


# ------------------------------------------------------------------ appeals


@pytest.fixture
def appeal(api: Api, account: str) -> str:
    """The 3 March warning appealed and assigned to appeal_reviewer-1."""
    filed = api.post(f"/disposals/{account}/3/appeal", {"grounds": "titles were fair"}, "platform")
    assert filed.status_code == 201, filed.json()
    ident = str(filed.json()["appeal_id"])
    assigned = api.post(
        f"/appeals/{ident}/assign", {"reviewer": "appeal_reviewer-1"}, "appeal_reviewer"
    )
    assert assigned.status_code == 200, assigned.json()
    return ident


def test_appeals_are_listed_with_links(console: Console, appeal: str) -> None:
    """R15."""
    console.sign_in("auditor")
    page = console.get("/console/appeals")
    assert page.status_code == 200 and f'href="/console/appeals/{appeal}"' in page.text


def test_the_assigned_reviewer_overturns_and_the_reversal_shows_on_the_account(
    api: Api, console: Console, account: str, appeal: str
) -> None:
    """R15: the form runs `appeals.decide` with the caller as actor; the trail and the
    account's timeline show the decision and the `MeasureReversed`."""
    console.sign_in("appeal_reviewer")
    page = console.get(f"/console/appeals/{appeal}")
    assert f"<h1>Appeal <code>{appeal}</code></h1>" in page.text
    assert re.search(r'<dd id="appeal-status">assigned</dd>', page.text)
    action = f'action="/console/appeals/{appeal}/decide"'
    assert '<form id="decide-form" method="post" ' + action in page.text
    for outcome in ("upheld", "overturned", "varied"):
        assert f'name="outcome" value="{outcome}"' in page.text
    assert '<label for="reason">Reasons</label>' in page.text
    assert '<label for="until">Until (varied only)</label>' in page.text
    decided = console.post(
        f"/console/appeals/{appeal}/decide",
        {"outcome": "overturned", "reason": "the titles matched the articles", "until": ""},
    )
    assert decided.status_code == 303, decided.text
    assert decided.headers["location"] == f"/console/appeals/{appeal}"
    after = console.get(f"/console/appeals/{appeal}").text
    assert '<dd id="appeal-status">decided</dd>' in after and 'id="decide-form"' not in after
    assert ids(after, r'data-event="(\w+)"') == ["Filed", "Assigned", "Decided", "MeasureReversed"]
    shown = api.get(f"/appeals/{appeal}", "auditor").json()
    assert shown["outcome"] == "overturned"
    decision = next(e for e in shown["events"] if e["event"] == "Decided")
    assert (decision["actor_id"], decision["actor_role"]) == (
        "appeal_reviewer-1",
        "appeal_reviewer",
    )
    timeline = console.get(f"/console/accounts/{account}").text
    # The warning was its case's only measure: the tier it took comes back with it (R11).
    assert ids(timeline, r'data-event="(\w+)"')[-2:] == ["MeasureReversed", "CreditTierChanged"]
    assert f'<a href="/console/appeals/{appeal}">overturned</a>' in timeline


def test_the_domain_refusal_is_shown_when_another_reviewer_decides(
    api: Api, console: Console, appeal: str
) -> None:
    """R15: only the assigned reviewer decides; the page says why (field, rule, article)."""
    _, secret = api.keys.create("appeal_reviewer", "appeal_reviewer-2")
    console.post("/console/sign-in", {"key": secret})
    refused = console.post(
        f"/console/appeals/{appeal}/decide", {"outcome": "upheld", "reason": "fine"}
    )
    assert refused.status_code == 409
    alert = re.search(r'<p role="alert" id="refusal">([^<]+)</p>', refused.text)
    assert alert is not None
    assert "actor:" in alert.group(1) and "(rule: assigned-reviewer)" in alert.group(1)
    assert "[2021-20]" in alert.group(1)
    assert "fine</textarea>" in refused.text  # what was entered is kept
    console.sign_in("appeal_reviewer")
    no_reason = console.post(f"/console/appeals/{appeal}/decide", {"outcome": "upheld"})
    assert no_reason.status_code == 409 and "(rule: reasons)" in no_reason.text
    no_outcome = console.post(f"/console/appeals/{appeal}/decide", {"reason": "x"})
    assert no_outcome.status_code == 422 and 'id="refusal"' in no_outcome.text
    bad_date = console.post(
        f"/console/appeals/{appeal}/decide",
        {"outcome": "varied", "reason": "x", "until": "soon"},
    )
    assert bad_date.status_code == 422 and "until:" in bad_date.text
    assert api.get(f"/appeals/{appeal}", "auditor").json()["status"] == "assigned"


def test_a_regulator_sees_no_decide_form_and_a_post_is_403(
    api: Api, console: Console, appeal: str
) -> None:
    """R15, R18: the role decides from `ROLES`; nothing is written."""
    console.sign_in("regulator")
    page = console.get(f"/console/appeals/{appeal}")
    assert page.status_code == 200 and 'id="decide-form"' not in page.text
    refused = console.post(
        f"/console/appeals/{appeal}/decide", {"outcome": "overturned", "reason": "x"}
    )
    assert refused.status_code == 403
    assert "(rule: role)" in refused.text and 'id="refusal"' in refused.text
    assert api.get(f"/appeals/{appeal}", "auditor").json()["status"] == "assigned"


def test_a_post_from_another_origin_is_refused(api: Api, console: Console, appeal: str) -> None:
    """Besides the SameSite=Strict cookie, an `Origin` naming another host is refused."""
    console.sign_in("appeal_reviewer")
    forged = console.post(
        f"/console/appeals/{appeal}/decide",
        {"outcome": "overturned", "reason": "x"},
        origin="https://evil.example",
    )
    assert forged.status_code == 403
    assert api.get(f"/appeals/{appeal}", "auditor").json()["status"] == "assigned"
    same = console.post(
        f"/console/appeals/{appeal}/decide",
        {"outcome": "upheld", "reason": "fair"},
        origin="http://testserver",
    )
    assert same.status_code == 303
