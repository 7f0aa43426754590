"""No identity number in any URL, log line or access-log row (R17, R18; 2022 Art 16).

A subject is looked up by number only in a POST body (`POST /subjects/inquiry`, the
console's search and register forms); a number a client still puts in a URL is
refused (`GET /subjects/KIND:NUMBER/inquiry`) or served but redacted from every log
record; the access log names the subject by its ref.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from accountledger.adapters import redaction
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.http.app import create_app
from accountledger.adapters.inputs import id_card_check, uscc_check
from tests.adapters.test_console import Console
from tests.adapters.test_http import NOW, REGISTRATION, Api

MOBILE = REGISTRATION["identity_number"]
ID_CARD = "11010519491231002" + id_card_check("11010519491231002")
USCC = "91350100M000100Y4" + uscc_check("91350100M000100Y4")
BY_MOBILE = {"identity_kind": "mobile", "identity_number": MOBILE}


@pytest.fixture
def both(store: Settings) -> Iterator[tuple[Api, Console]]:
    clock = [NOW]
    app = create_app(store, clock=lambda: clock[0])
    with TestClient(app) as client:
        api = Api(client, app.state.service.keys, clock)
        yield api, Console(client, api)


@pytest.fixture
def api(both: tuple[Api, Console]) -> Api:
    return both[0]


def _ref(api: Api) -> str:
    found = api.post("/subjects/inquiry", BY_MOBILE, "regulator")
    assert found.status_code == 200, found.json()
    return str(found.json()["inquiry"]["subject_ref"])


def test_a_subject_is_inquired_by_a_number_in_the_body_and_logged_by_its_ref(api: Api) -> None:
    """R9, R17, R18 (2022 Art 16): `POST /subjects/inquiry` finds the subject's accounts;
    the regulator's read is in the access log under the subject's ref, never the number."""
    account = api.active_account()
    found = api.post("/subjects/inquiry", BY_MOBILE, "regulator")
    assert found.status_code == 200, found.json()
    inquiry = found.json()["inquiry"]
    assert [entry["account_id"] for entry in inquiry["accounts"]] == [account]
    ref = inquiry["subject_ref"]
    assert ref.startswith("s-")
    by_ref = api.post("/subjects/inquiry", {"subject_ref": ref}, "regulator")
    assert by_ref.json()["inquiry"]["accounts"] == inquiry["accounts"]
    rows = api.keys.accesses()
    assert [r["path"] for r in rows[-2:]] == [f"/subjects/{ref}/inquiry"] * 2
    assert all(MOBILE not in str(row) for row in rows)


@pytest.mark.parametrize(
    "body",
    [
        {},
        {"identity_kind": "mobile"},
        {"identity_kind": "mobile", "identity_number": "12"},
        {"subject_ref": "mobile:13800138000"},
        BY_MOBILE | {"subject_ref": "s-0"},
        BY_MOBILE | {"as_of": "yesterday"},
    ],
)
def test_a_bad_subject_inquiry_body_is_refused_and_nothing_logged(
    api: Api, body: dict[str, str]
) -> None:
    """R17, R18: a body naming no subject, both kinds of subject, an invalid number or
    time is refused (422) and no read is logged."""
    answer = api.post("/subjects/inquiry", body, "regulator")
    assert answer.status_code == 422, answer.json()
    assert api.keys.accesses() == []


def test_a_number_in_the_inquiry_url_is_refused_naming_the_post(api: Api) -> None:
    """R17 (2022 Art 16): `GET /subjects/KIND:NUMBER/inquiry` is 400 `identity-in-url`,
    naming `POST /subjects/inquiry`; nothing is logged; by ref the GET still serves."""
    api.active_account()
    refused = api.get(f"/subjects/mobile:{MOBILE}/inquiry", "regulator")
    assert refused.status_code == 400
    problem = refused.json()
    assert problem["rule"] == "identity-in-url" and problem["article"] == "2022-16"
    assert "POST /subjects/inquiry" in problem["detail"] and MOBILE not in problem["detail"]
    assert api.keys.accesses() == []
    ref = _ref(api)
    assert api.get(f"/subjects/{ref}/inquiry", "regulator").status_code == 200


def test_the_access_log_writes_a_subject_in_a_path_as_its_ref(api: Api) -> None:
    """R17, R18: a read whose path names a subject by number is logged by the ref."""
    from starlette.requests import Request

    from accountledger.adapters.http.auth import access_path

    api.active_account()
    ref = _ref(api)
    service = api.client.app.state.service  # type: ignore[attr-defined]
    scope = {
        "type": "http",
        "method": "GET",
        "path": f"/subjects/mobile:{MOBILE}/inquiry",
        "query_string": b"",
        "headers": [],
        "path_params": {"subject": f"mobile:{MOBILE}"},
    }
    assert access_path(service, Request(scope)) == f"/subjects/{ref}/inquiry"
    scope |= {"path": f"/x/{ID_CARD}", "path_params": {}}
    assert access_path(service, Request(scope)) == "/x/[redacted]"


@pytest.mark.parametrize(
    "text",
    [
        f"/subjects/id_card:{ID_CARD}/inquiry",
        f"/subjects/id_card%3A{ID_CARD.lower()}/inquiry",
        f"/disposals?subject=uscc:{USCC}",
        f"a USCC {USCC} alone",
        f"mobile +86{MOBILE} or {MOBILE}",
        "passport:X1234567 or E12345678",
    ],
)
def test_identity_numbers_are_redacted_from_any_text(text: str) -> None:
    """R17: each kind of identity number, after its kind or alone, is redacted."""
    redacted = redaction.redact(text)
    assert "[redacted]" in redacted
    for number in (ID_CARD, ID_CARD.lower(), USCC, MOBILE, "X1234567", "E12345678"):
        assert number not in redacted


def test_ids_refs_and_other_numbers_are_not_redacted() -> None:
    """R16, R18: account ids, subject refs, positions and dates stay readable in logs."""
    for text in (
        "/accounts/3f2504e0-4f89-11d3-9a0c-0305e82c3301/history",
        "/subjects/s-0123456789abcdef0123456789abcdef01234567/inquiry",
        "checkpoint 12 sealed at position 1234567",
        "at 2026-03-01T09:00:00+00:00, 20260301, record 123456789012/4",
    ):
        assert redaction.redact(text) == text


def test_uvicorns_access_log_record_is_redacted_by_the_installed_filter(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    """R17: the app installs the filter; a uvicorn access record (arguments in a tuple)
    and any record on the root logger have the number redacted, the request still shown."""
    caplog.set_level(logging.INFO)
    access = logging.getLogger("uvicorn.access")
    access.info(
        '%s - "%s %s HTTP/%s" %d',
        "127.0.0.1:5000",
        "GET",
        f"/disposals?subject=mobile:{MOBILE}",
        "1.1",
        200,
    )
    logging.getLogger("somewhere.else").warning("looked up %s", {"n": ID_CARD})
    try:
        raise ValueError(f"bad uscc:{USCC}")
    except ValueError:
        logging.getLogger().exception("failed for id_card:%s", ID_CARD)
    lines = caplog.text
    assert "GET /disposals?subject=mobile:[redacted] HTTP/1.1" in lines
    for number in (MOBILE, ID_CARD, USCC):
        assert number not in lines


def test_a_request_that_fails_is_logged_under_its_redacted_path(
    caplog: pytest.LogCaptureFixture,
) -> None:
    """R17: the `RedactLogs` middleware logs a failing request by its path with the
    number redacted, and its traceback redacted too, before the server sees the error."""
    from starlette.applications import Starlette
    from starlette.requests import Request
    from starlette.routing import Route

    from accountledger.adapters.http.log_redaction import RedactLogs

    def fail(request: Request) -> None:
        raise RuntimeError(f"no subject {request.path_params['subject']}")

    app = RedactLogs(Starlette(routes=[Route("/subjects/{subject}", fail)]))
    caplog.set_level(logging.INFO)
    with TestClient(app, raise_server_exceptions=False) as client:
        assert client.get(f"/subjects/id_card:{ID_CARD}").status_code == 500
    mine = [r for r in caplog.records if r.name == "accountledger.http"]
    assert [r.getMessage() for r in mine] == ["request GET /subjects/id_card:[redacted] failed"]
    service_lines = [
        r.getMessage() + (r.exc_text or "")
        for r in caplog.records
        if not r.name.startswith("httpx")
    ]
    assert all(ID_CARD not in line for line in service_lines)
    assert "RuntimeError: no subject id_card:[redacted]" in (mine[0].exc_text or "")


def test_the_console_search_and_register_forms_post_the_number(
    both: tuple[Api, Console],
) -> None:
    """R17, R18: the search form posts, its answer finds the account; the register form
    posts and is redirected to a register URL naming the subject by its ref only."""
    api, console = both
    account = api.active_account()
    console.sign_in("regulator")
    form = console.get("/console/search").text
    assert '<form method="post" action="/console/search"' in form
    found = console.post("/console/search", {"q": f"mobile:{MOBILE}"})
    assert found.status_code == 200 and account in found.text
    register = console.get("/console/disposals").text
    assert 'id="filters" method="post"' in register
    moved = console.post("/console/disposals", {"subject": f"mobile:{MOBILE}"})
    assert moved.status_code == 303
    location = moved.headers["location"]
    assert location.startswith("/console/disposals?subject=s-") and MOBILE not in location
    shown = console.get(location)
    assert shown.status_code == 200
    assert MOBILE not in shown.text.replace(f'value="{location.split("=")[1]}"', "")
    assert all(MOBILE not in str(row) for row in api.keys.accesses())
    bad = console.post("/console/disposals", {"subject": "mobile:12"})
    assert bad.status_code == 422
    elsewhere = console.post("/console/search", {"q": "x"}, origin="https://evil.example")
    assert elsewhere.status_code == 403
