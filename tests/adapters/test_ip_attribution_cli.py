"""`record-ip-attribution ACCOUNT --place PLACE` on the CLI, from the command table (R5,
R17; 2022 Arts 12, 16): the platform records the place and `show` has it; an address is
refused with one line naming the field, the rule and the article, and nothing is written."""

from __future__ import annotations

import pytest

from accountledger.adapters.bootstrap import Settings
from tests.adapters.cli_runner import Run, as_json, cli_at_now
from tests.adapters.test_details_and_own_requests_cli import active

PLATFORM = ("--actor", "svc:platform")


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


def test_the_platform_records_a_province_and_show_has_it(run: Run) -> None:
    """R5 (2022 Art 12): 廣東省 is recorded as 广东, as platforms display it."""
    account = active(run)
    done = run("record-ip-attribution", account, "--place", "廣東省", *PLATFORM, "--json")
    assert as_json(done)["events"] == ["IpAttributionRecorded"]
    assert as_json(run("show", account, "--json"))["ip_attribution"] == "广东"


def test_an_address_is_refused_in_one_line_and_nothing_is_written(run: Run) -> None:
    """R17 (2022 Art 16): the exit code is the documented rule refusal (3); the message
    names `place`, `ip-address-not-kept` and 2022-12; the account's version is unchanged."""
    account = active(run)
    before = as_json(run("show", account, "--json"))["version"]
    refused = run("record-ip-attribution", account, "--place", "203.0.113.7", *PLATFORM, code=3)
    line = refused.output.strip()
    assert "\n" not in line and "Traceback" not in line
    assert "place" in line and "ip-address-not-kept" in line and "2022-12" in line
    assert as_json(run("show", account, "--json"))["version"] == before
