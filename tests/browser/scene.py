"""A seeded embedded store, a live server and a browser for the console's browser tests.

`seed(directory)` writes a small but realistic platform history into a SQLite store:
an account registered in January 2026, warned in February and suspended in March (so
an earlier date shows an earlier state, R18), forty disposal records across ten
accounts (so the register has more than one page at 25 rows, R13), some of them
reported, two appeals assigned to the reviewer `ar-1` (R15), and API keys for an
appeal reviewer, a regulator and a compliance officer. `serve(settings)` runs the HTTP
service on a free local port in a thread; `chromium()` launches the system Chromium
through Playwright. The tests (`test_console.py`) and the screenshots
(`screenshots.py`) share them.
"""

from __future__ import annotations

import os
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any
from uuid import UUID

from accountledger.adapters.bootstrap import Settings, keystore_url, open_ledger, open_projection
from accountledger.adapters.http.keys import KeyStore
from accountledger.application import appeals, reports
from accountledger.application.commands import (
    AccountCommand,
    CeaseAds,
    Restrict,
    Suspend,
    SuspendUpdates,
    VerifyIdentity,
    Warn,
)
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.domain.act import Act, Role
from accountledger.domain.measures import record_id
from tests.application.helpers import id_card

if TYPE_CHECKING:
    from playwright.sync_api import Browser

CHROMIUM = "/usr/bin/chromium"


def chromium_path() -> str:
    """The Chromium the tests drive: `ACCOUNTLEDGER_CHROMIUM`, else Debian's package."""
    return os.environ.get("ACCOUNTLEDGER_CHROMIUM") or CHROMIUM


def browser_missing() -> str | None:
    """Why the browser tests cannot run here, or None when they can."""
    try:
        import playwright.sync_api  # noqa: F401
    except ImportError:
        return "playwright is not installed in this environment (pip install -e '.[dev]')"
    path = chromium_path()
    if not (os.path.isfile(path) and os.access(path, os.X_OK)):
        return f"no Chromium at {path} (apt-get install chromium, or set ACCOUNTLEDGER_CHROMIUM)"
    return None


# --------------------------------------------------------------------- the history

DAY = timedelta(days=1)
ARTICLE = ("2021-19",)


@dataclass(frozen=True)
class Scene:
    """What the tests need to find in the seeded store."""

    settings: Settings
    account: str  # "Jade Pottery": registered 2026-01-06, warned 02-10, suspended 03-12
    account_name: str
    appeal: str  # against the advertising ban on `appeal_account`, assigned to ar-1
    appeal_account: str
    second_appeal: str  # against a restriction, assigned to ar-1, left undecided
    reported: str  # a disposal record reported to the authority
    records: int  # disposal records in the register
    warnings: int  # of which warnings
    keys: dict[str, str]  # role -> API key secret

    @property
    def reviewer_key(self) -> str:
        return self.keys["appeal_reviewer"]

    @property
    def regulator_key(self) -> str:
        return self.keys["regulator"]

    @property
    def compliance_key(self) -> str:
        return self.keys["compliance"]


# Accounts with only routine moderation: each gets four warnings and one other measure.
CROWD = [
    "Quiet Orchard",
    "Mountain Notes",
    "Sunday Baker",
    "Clay & Glaze",
    "River Fishing",
    "Little Lens",
    "Urban Birds",
    "Piano Corner",
]
VIOLATIONS = ["2021-18-4", "2021-18-5", "2021-18-7", "2022-8-7"]
REASONS = {
    "2021-18-4": "the same low-quality post in batches from several accounts",
    "2021-18-5": "a thread inciting attacks on a named person",
    "2021-18-7": "paid deletion of negative reviews offered",
    "2022-8-7": "a self-inflating name: 'the best and only' pottery",
}


class Desk:
    """Writes through the ledger at given business times, each recorded at its time.

    The ledger's recording clock follows the acts: appeals and reports are dated by the
    recording clock, never by the caller (R13, R15).
    """

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self.serial = 100
        self.taken: dict[str, datetime] = {}  # record id -> when the measure was taken
        self.now = datetime(2026, 1, 1, tzinfo=UTC)
        ledger.clock = lambda: self.now

    def act(self, role: Role, actor: str, at: datetime, **grounds: Any) -> Act:
        self.now = at
        return Act(actor_id=actor, actor_role=role, occurred_at=at, **grounds)

    @staticmethod
    def grounds(violation: str, case: str) -> dict[str, Any]:
        return {
            "reason": REASONS[violation],
            "basis": ARTICLE,
            "violation": (violation,),
            "evidence": (f"evidence://{case}/capture-1",),
            "case_id": case,
        }

    def active(self, name: str, at: datetime, place: str = "Jingdezhen") -> UUID:
        self.serial += 1
        registration = Registration(
            name=name,
            identity=Identity("id_card", id_card(self.serial), "13800138000"),
            introduction=f"{name}: notes from the workshop.",
            details={
                "nature": "individual",
                "registration_place": place,
                "operating_place": place,
                "content_category": "lifestyle",
            },
        )
        signup = self.act(Role.PLATFORM, "svc-signup", at)
        account = self.ledger.register(registration, signup).account_id
        self.do(VerifyIdentity(account_id=account), Role.REVIEWER, "r-07", at + timedelta(hours=2))
        return account

    def do(
        self, command: AccountCommand, role: Role, actor: str, at: datetime, **grounds: Any
    ) -> str:
        """Run one command; return the record id of the event it recorded last."""
        done = self.ledger.handle(command, self.act(role, actor, at, **grounds))
        return record_id(command.account_id, done.version)

    def measure(self, command: AccountCommand, at: datetime, violation: str) -> str:
        case = f"case-{at:%m%d}-{str(command.account_id)[:4]}"
        act = self.act(Role.MODERATOR, "m-11", at, **self.grounds(violation, case))
        # The measure's own record: a credit change may follow it in the same save (R11).
        (record,) = self.ledger.handle(command, act).records
        self.taken[record] = at
        return record

    def appeal(self, record: str, grounds: str, at: datetime, reviewer: str) -> str:
        appeal = appeals.file(self.ledger, record, grounds, self.act(Role.OPERATOR, "op-1", at))
        assign = self.act(Role.APPEAL_REVIEWER, "ar-lead", at + timedelta(hours=3))
        appeals.assign(self.ledger, appeal.id, reviewer, assign)
        return str(appeal.id)

    def report(self, record: str, reference: str, after: timedelta = DAY) -> None:
        """Compliance reports the record to the authority `after` the measure (R13)."""
        at = self.taken[record] + after
        reports.report_disposal(
            self.ledger, record, reference, "online", self.act(Role.COMPLIANCE, "c-1", at)
        )


def seed(directory: Path) -> Scene:
    """Write the history into `directory/console.db` (keys in `console.keys.db`)."""
    settings = Settings(store=f"sqlite:///{directory / 'console.db'}")
    ledger = open_ledger(settings)
    try:
        scene = _history(Desk(ledger), settings)
        projection = open_projection(ledger, settings)
        try:
            projection.catch_up()
        finally:
            projection.view.close()
    finally:
        ledger.close()
    return scene


def _history(desk: Desk, settings: Settings) -> Scene:
    jan = datetime(2026, 1, 6, 9, 0, tzinfo=UTC)
    records: list[str] = []

    account = desk.active("Jade Pottery", jan)
    warned = desk.measure(
        Warn(account_id=account), datetime(2026, 2, 10, 10, tzinfo=UTC), "2022-8-7"
    )
    suspended = desk.measure(
        Suspend(account_id=account), datetime(2026, 3, 12, 15, tzinfo=UTC), "2021-18-7"
    )
    records += [warned, suspended]
    desk.report(warned, "CAC-2026-0142")

    harbor = desk.active("Harbor Lights Cafe", jan + DAY, place="Qingdao")
    ceased_at = datetime(2026, 3, 20, 11, tzinfo=UTC)
    ceased = desk.measure(CeaseAds(account_id=harbor), ceased_at, "2021-18-7")
    records.append(ceased)
    appeal = desk.appeal(
        ceased, "the sponsored posts were labelled as ads", ceased_at + DAY, "ar-1"
    )

    crowd = [desk.active(name, jan + (2 + i) * DAY) for i, name in enumerate(CROWD)]
    others: list[Callable[[UUID, datetime], AccountCommand]] = [
        lambda member, at: Restrict(account_id=member, functions=("comment",), until=at + 60 * DAY),
        lambda member, _: SuspendUpdates(account_id=member),
        lambda member, _: CeaseAds(account_id=member),
    ]
    restricted = ""
    for i, member in enumerate(crowd):
        start = datetime(2026, 1, 15, 10, tzinfo=UTC) + i * DAY
        for n in range(4):
            at = start + n * 16 * DAY + timedelta(hours=n)
            records.append(desk.measure(Warn(account_id=member), at, VIOLATIONS[(i + n) % 4]))
        at = datetime(2026, 3, 16, 14, tzinfo=UTC) + i * DAY
        other = others[i % 3](member, at)
        records.append(desk.measure(other, at, VIOLATIONS[i % 4]))
        if i == 0:
            restricted = records[-1]
    second_appeal = desk.appeal(
        restricted, "the comments were a customer's", desk.taken[restricted] + DAY, "ar-1"
    )
    for n, record in enumerate(records[3:15]):
        desk.report(record, f"CAC-2026-{200 + n:04d}", after=timedelta(hours=20 + 9 * n))

    keys = KeyStore(keystore_url(settings))
    try:
        secrets = {
            role: keys.create(role, actor)[1]
            for role, actor in (
                ("appeal_reviewer", "ar-1"),
                ("regulator", "cac-1"),
                ("compliance", "c-1"),
            )
        }
    finally:
        keys.close()
    return Scene(
        settings=settings,
        account=str(account),
        account_name="Jade Pottery",
        appeal=appeal,
        appeal_account=str(harbor),
        second_appeal=second_appeal,
        reported=warned,
        records=len(records),
        warnings=1 + 4 * len(CROWD),
        keys=secrets,
    )


# ------------------------------------------------------------------ server, browser


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def serve(settings: Settings) -> Iterator[str]:
    """The HTTP service (`create_app(settings)`) under uvicorn in a thread; yields its URL."""
    import uvicorn

    from accountledger.adapters.http.app import create_app

    port = free_port()
    config = uvicorn.Config(
        create_app(settings), host="127.0.0.1", port=port, log_level="warning", lifespan="on"
    )
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, name="console-server", daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"the console server did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=20)


@contextmanager
def chromium() -> Iterator[Browser]:
    """Headless Chromium from `chromium_path()`, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium_path(), headless=True)
        try:
            yield browser
        finally:
            browser.close()
