"""`accountledger demo`: a realistic platform history in a fresh embedded store.

Sixty accounts registered over two months of business time, every kind of event,
some closures, a refused re-registration of a closed name, then a regulator-style
inquiry of one account: its state on a past date, now, and its whole history.
"""

from __future__ import annotations

import random
import zlib
from datetime import UTC, datetime, timedelta
from typing import Annotated, Any
from uuid import UUID

import typer

from accountledger.adapters import render
from accountledger.adapters.bootstrap import keystore_url, sqlite_path
from accountledger.adapters.cli import app
from accountledger.adapters.console import Call, out
from accountledger.adapters.inputs import id_card_check
from accountledger.application import complaints, integrity
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger
from accountledger.application.views import describe, event_record
from accountledger.domain.act import Act, Role
from accountledger.domain.errors import LedgerError
from accountledger.domain.measures import MEASURE_BY_EVENT, record_id

START = datetime(2026, 1, 5, 9, 0, tzinfo=UTC)

NAMES = [
    "小明的厨房",
    "Ann's Garden",
    "上海美食日记",
    "山城徒步",
    "Tea & Travel",
    "猫咪研究所",
    "读书会小站",
    "Jade Pottery",
    "城市骑行",
    "深夜食堂笔记",
    "Little Lens",
    "乡村手作",
    "老周说理财",
    "健康每一天",
    "Code With Lin",
    "法律小课堂",
    "Piano Corner",
    "川味家常菜",
    "晨跑俱乐部",
    "Mountain Notes",
    "江南园林志",
    "Film Fragments",
    "宝宝辅食记",
    "Daily Sketch",
    "花园里的猫",
    "北漂手记",
    "Vintage Radio",
    "古籍修复",
    "Quiet Harbor",
    "湘菜小馆",
    "数码小白",
    "Blue Kite Studio",
    "星空摄影",
    "Campus Stories",
    "手机维修课",
    "茶山人家",
    "Lantern Crafts",
    "民谣与酒",
    "Wild Herbs",
    "围棋入门",
    "Sunday Baker",
    "草原牧歌",
    "折纸工坊",
    "River Fishing",
    "滑板少年",
    "Old Maps",
    "养花日常",
    "Kite Runner Club",
    "咖啡豆子",
    "Urban Birds",
    "木工坊",
    "Night Market Eats",
    "书法练习",
    "Clay & Glaze",
    "Harbor Sunsets",
    "菜园笔记",
    "Maple Syrup Farm",
    "旧物改造",
    "Stone Bridge Tales",
    "海边小屋",
]


class Scenario:
    """Drives the ledger through a platform's year with a business clock."""

    def __init__(self, ledger: Ledger, seed: int = 20260105) -> None:
        self.ledger = ledger
        self.random = random.Random(seed)
        self.now = START
        self.identities: list[str] = []
        self.refusals: list[str] = []
        self.reviews: list[str] = []
        self.swept: list[Any] = []

    def act(self, role: Role, actor: str, **grounds: Any) -> Act:
        self.now += timedelta(minutes=self.random.randint(20, 600))
        return Act(actor_id=actor, actor_role=role, occurred_at=self.now, **grounds)

    def measure(self, reason: str, violation: str, basis: str = "2021-19") -> dict[str, Any]:
        case = f"case-{self.random.randint(1000, 9999)}"
        return {
            "reason": reason,
            "basis": (basis,),
            "violation": (violation,),
            "evidence": (f"evidence://{case}/capture-1",),
            "case_id": case,
        }

    def id_card(self) -> str:
        region = self.random.choice(["110101", "310104", "440305", "500103", "330106"])
        born = START - timedelta(days=self.random.randint(20 * 365, 60 * 365))
        body = f"{region}{born:%Y%m%d}{self.random.randint(100, 999)}"
        number = body + id_card_check(body)
        self.identities.append(number)
        return number

    def register(self, name: str, field: str = "lifestyle") -> UUID:
        identity = Identity(
            "id_card",
            self.id_card(),
            f"1{self.random.randint(3, 9)}{self.random.randint(100000000, 999999999)}",
        )
        registration = Registration(
            name=name,
            identity=identity,
            avatar=f"avatar://{zlib.crc32(name.encode())}.png",
            introduction=f"{name}: sharing what we love.",
            details={
                "nature": "individual",
                "registration_place": "Beijing",
                "operating_place": self.random.choice(["Beijing", "Shanghai", "Chengdu"]),
                "content_category": field,
            },
        )
        return self.ledger.register(registration, self.act(Role.PLATFORM, "svc-signup"))

    def do(
        self, account: UUID, method: str, role: Role, actor: str, *args: Any, **grounds: Any
    ) -> None:
        act = self.act(role, actor, **grounds)
        self.ledger.execute(account, lambda a: getattr(a, method)(*args, act=act))

    def attempt(self, label: str, action: Any) -> None:
        try:
            action()
        except LedgerError as refusal:
            self.refusals.append(f"{label}: {refusal}")


def run(ledger: Ledger) -> tuple[Scenario, UUID]:
    """Build the history; return the scenario and the account the inquiry is about."""
    s = Scenario(ledger)
    ids = [s.register(name) for name in NAMES]
    for account in ids[:-4]:
        s.do(account, "verify_identity", Role.PLATFORM, "svc-kyc", "composite")
    s.do(
        ids[-4],
        "refuse_registration",
        Role.REVIEWER,
        "r-07",
        reason="identity card belongs to another person (borrowed identity)",
        basis=("2021-8",),
    )
    for account in ids[:40]:
        s.do(account, "record_activity", Role.PLATFORM, "svc-activity", "login")
    change_profiles(s, ids)
    check_qualifications(s, ids)
    take_measures(s, ids)
    transfer_accounts(s, ids)
    order_rectifications(s, ids)
    end_accounts(s, ids)
    hear_appeals(s, ids)
    handle_complaints(s, ids)
    report_disposals(s, ids)
    sweep(s, ids)
    return s, ids[0]


def change_profiles(s: Scenario, ids: list[UUID]) -> None:
    s.ledger.change_profile(
        ids[1], "introduction", "Roses, tulips and tea.", s.act(Role.OPERATOR, "op-ann")
    )
    s.ledger.change_profile(ids[2], "name", "上海美食地图", s.act(Role.OPERATOR, "op-sh"))
    s.ledger.change_profile(ids[3], "name", "中国山城徒步", s.act(Role.OPERATOR, "op-sc"))
    s.do(
        ids[3],
        "approve_profile_change",
        Role.REVIEWER,
        "r-02",
        "name",
        reason="place name used descriptively",
        basis=("2022-10",),
    )
    s.ledger.change_profile(ids[4], "name", "Official Tea & Travel", s.act(Role.OPERATOR, "op-tt"))
    s.do(
        ids[4],
        "reject_profile_change",
        Role.REVIEWER,
        "r-02",
        "name",
        reason="self-inflating 'official' without authorisation",
        basis=("2022-8-7",),
    )
    s.attempt(
        "change to a news-style name",
        lambda: s.ledger.change_profile(ids[5], "name", "猫咪新闻", s.act(Role.OPERATOR, "op-cat")),
    )


def check_qualifications(s: Scenario, ids: list[UUID]) -> None:
    for account, field in (
        (ids[12], "economy"),
        (ids[13], "health"),
        (ids[15], "justice"),
        (ids[14], "education"),
    ):
        s.do(
            account,
            "submit_qualification",
            Role.OPERATOR,
            "op",
            field,
            f"credential://{field}/{account.hex[:8]}",
        )
    s.do(
        ids[12],
        "verify_qualification",
        Role.REVIEWER,
        "r-03",
        "economy",
        "财经认证",
        basis=("2021-9",),
    )
    s.do(
        ids[13],
        "verify_qualification",
        Role.REVIEWER,
        "r-03",
        "health",
        "医疗健康认证",
        basis=("2021-9",),
    )
    s.do(
        ids[15],
        "verify_qualification",
        Role.REVIEWER,
        "r-03",
        "justice",
        "法律认证",
        basis=("2021-9",),
    )
    s.do(
        ids[14],
        "reject_qualification",
        Role.REVIEWER,
        "r-03",
        "education",
        reason="teaching licence expired",
        basis=("2021-9",),
    )


def take_measures(s: Scenario, ids: list[UUID]) -> None:
    m = Role.MODERATOR
    false_info = s.measure("fabricated a food-safety scare", "2021-18-6")
    s.do(ids[0], "warn", m, "m-11", **false_info)
    s.do(
        ids[0],
        "restrict",
        m,
        "m-11",
        ["comment", "live"],
        s.now + timedelta(days=30),
        **s.measure("repeat of the fabricated scare in comments", "2021-18-6"),
    )
    s.do(
        ids[0],
        "change_credit_tier",
        m,
        "m-11",
        "C",
        reason="false information lowers the credit tier",
        basis=("2021-13",),
    )
    s.do(ids[0], "suspend_updates", m, "m-11", **s.measure("scare video re-posted", "2021-18-6"))
    s.do(ids[0], "resume_updates", m, "m-11", reason="video withdrawn by operator")
    s.do(ids[0], "lift_restriction", m, "m-11", ["comment"], reason="comments cleaned up")
    s.do(ids[6], "cease_ads", m, "m-12", **s.measure("undisclosed paid promotion", "2021-18-7"))
    s.do(ids[6], "restore_ads", m, "m-12", reason="disclosure added")
    s.do(
        ids[7],
        "suspend",
        m,
        "m-12",
        s.now + timedelta(days=7),
        **s.measure("cyber-violence against a commenter", "2021-18-5"),
    )
    s.do(ids[7], "reinstate", m, "m-12", reason="suspension served")
    for account in ids[16:22]:
        s.do(account, "warn", m, "m-13", **s.measure("low-quality batch content", "2021-18-4"))
    s.do(ids[8], "request_suspension", Role.OPERATOR, "op-ride", reason="winter break")
    s.do(ids[8], "reinstate", Role.MODERATOR, "m-12", reason="operator asked to resume")


def transfer_accounts(s: Scenario, ids: list[UUID]) -> None:
    buyer = Identity("id_card", s.id_card(), "13700137000")
    s.ledger.apply_transfer(ids[9], buyer, s.act(Role.OPERATOR, "op-night"))
    s.ledger.verify_transferee(ids[9], s.act(Role.REVIEWER, "r-04"))
    s.do(
        ids[9],
        "approve_transfer",
        Role.REVIEWER,
        "r-04",
        basis=("2021-11",),
        reason="transferee authenticated",
    )
    s.ledger.apply_transfer(ids[10], Identity("id_card", s.id_card()), s.act(Role.OPERATOR, "op"))
    s.do(
        ids[10],
        "reject_transfer",
        Role.REVIEWER,
        "r-04",
        basis=("2021-11",),
        reason="transferee could not be authenticated",
    )
    s.do(
        ids[11],
        "find_unapproved_transfer",
        Role.MODERATOR,
        "m-14",
        **s.measure(
            "account sold on a trading forum without application", "2021-18-8", basis="2021-11"
        ),
    )


def order_rectifications(s: Scenario, ids: list[UUID]) -> None:
    r = Role.REVIEWER
    for account in (ids[22], ids[23]):
        s.do(
            account,
            "order_rectification",
            r,
            "r-05",
            s.now + timedelta(days=15),
            ["name"],
            **s.measure(
                "name inconsistent with the registrant's identity", "2021-18-1", basis="2022-15"
            ),
        )
    s.ledger.rectify(ids[22], {"name": "宝宝辅食记录本"}, s.act(r, "r-05", reason="corrected"))
    s.now += timedelta(days=16)
    s.do(
        ids[23],
        "miss_rectification_deadline",
        Role.SYSTEM,
        "sweep",
        reason="no correction within the time limit",
        basis=("2022-15",),
    )


def end_accounts(s: Scenario, ids: list[UUID]) -> None:
    m = Role.MODERATOR
    s.do(ids[24], "close", m, "m-15", **s.measure("impersonated a county government", "2021-18-2"))
    s.do(ids[25], "deregister", m, "m-15", **s.measure("bulk-registered account", "2021-18-8"))
    s.do(ids[26], "blacklist", m, "m-15", **s.measure("repeated rumours", "2021-18-6"))
    s.do(ids[27], "request_termination", Role.OPERATOR, "op-vr", reason="shop closed")
    for account in ids[28:31]:
        s.do(
            account,
            "change_credit_tier",
            Role.SYSTEM,
            "credit-rating",
            "A",
            reason="quarterly credit rating",
            basis=("2021-13",),
        )
    closed_name = NAMES[24]
    s.attempt(f"re-register the closed name {closed_name!r}", lambda: s.register(closed_name))
    s.attempt(f"re-register {closed_name + '!'!r}", lambda: s.register(closed_name + "!"))
    lookalike = s.register(f"{closed_name}官方")
    findings = ", ".join(f["rule"] for f in s.ledger.account(lookalike).review)
    s.reviews.append(f"{closed_name}官方 registered pending review ({findings})")


def _last_record(s: Scenario, account: UUID) -> str:
    """The latest disposal record of an account (a credit change may follow it)."""
    measures = [e for e in s.ledger.history(account) if type(e).__name__ in MEASURE_BY_EVENT]
    return record_id(account, measures[-1].originator_version)


def hear_appeals(s: Scenario, ids: list[UUID]) -> None:
    """A closure overturned, a suspension varied, a warning upheld (R15)."""
    m = Role.MODERATOR
    s.do(ids[40], "close", m, "m-16", **s.measure("mistaken for an impersonator", "2021-18-2"))
    cases: list[tuple[str, str, datetime | None, str]] = [
        (_last_record(s, ids[40]), "overturned", None, "it is the county library's own")
    ]
    s.do(
        ids[41],
        "suspend",
        m,
        "m-16",
        s.now + timedelta(days=60),
        **s.measure("repeated low-quality batch posts", "2021-18-4"),
    )
    cases.append(
        (
            _last_record(s, ids[41]),
            "varied",
            s.now + timedelta(days=10),
            "first offence: a shorter suspension suffices",
        )
    )
    s.do(ids[42], "warn", m, "m-16", **s.measure("clickbait title", "2021-18-6"))
    cases.append((_last_record(s, ids[42]), "upheld", None, "the title misled readers"))
    for record, outcome, until, reasons in cases:
        appeal = s.ledger.file_appeal(record, "the measure is wrong", s.act(Role.OPERATOR, "op"))
        assign(s, appeal.id, "ar-21")
        decision = s.act(Role.APPEAL_REVIEWER, "ar-21", reason=reasons)
        s.ledger.decide_appeal(appeal.id, outcome, until, decision)


def handle_complaints(s: Scenario, ids: list[UUID]) -> None:
    """Reports from the public: one leads to a measure, one is malicious, one waits (R15)."""
    public = Identity("mobile", "13912345678")
    rumour = complaints.file_complaint(
        s.ledger,
        ids[43],
        "2021-18-6",
        "claims the dam burst",
        public,
        s.act(Role.PLATFORM, "svc-reports"),
    )
    complaints.screen(s.ledger, rumour.id, True, None, None, s.act(Role.REVIEWER, "r-08"))
    s.do(ids[43], "warn", Role.MODERATOR, "m-17", **s.measure("dam rumour", "2021-18-6"))
    complaints.link(s.ledger, rumour.id, _last_record(s, ids[43]), s.act(Role.MODERATOR, "m-17"))
    complaints.answer(
        s.ledger, rumour.id, "the account was warned; thank you", s.act(Role.REVIEWER, "r-08")
    )
    spite = complaints.file_complaint(
        s.ledger,
        ids[44],
        "2021-18-9",
        "I dislike this cook",
        None,
        s.act(Role.PLATFORM, "svc-reports"),
    )
    complaints.screen(
        s.ledger,
        spite.id,
        False,
        "malicious",
        None,
        s.act(Role.REVIEWER, "r-08", reason="malicious"),
    )
    complaints.file_complaint(
        s.ledger,
        ids[45],
        "2021-18-4",
        "posts the same ad daily",
        None,
        s.act(Role.PLATFORM, "svc-reports"),
    )


def assign(s: Scenario, appeal: UUID, reviewer: str) -> None:
    act = s.act(Role.APPEAL_REVIEWER, "ar-lead")
    s.ledger.on_appeal(appeal, lambda a: a.assign(reviewer, act=act))


def sweep(s: Scenario, ids: list[UUID]) -> None:
    """Six months on: expiries end by themselves, idle accounts are suspended (R8, R12)."""
    s.now += timedelta(days=200)
    s.swept = s.ledger.sweep(ids, s.now)


def report_disposals(s: Scenario, ids: list[UUID]) -> None:
    """Compliance reports two records in three; the rest stay unreported, then overdue."""
    records = [
        record_id(account, e.originator_version)
        for account in ids
        for e in s.ledger.history(account)
        if type(e).__name__ in MEASURE_BY_EVENT
    ]
    for number, record in enumerate(records):
        if number % 3 != 2:
            s.ledger.report_disposal(
                record, f"CAC-2026-{1000 + number}", "online", s.act(Role.COMPLIANCE, "c-01")
            )


def inquiry(ledger: Ledger, account: UUID, as_of: datetime) -> None:
    out.rule("Regulator inquiry")
    past = ledger.account_as_of(account, as_of)
    if past is not None:
        render.account(describe(past, as_of))
    render.account(describe(ledger.account(account)))
    render.history(
        {"account_id": str(account), "events": [event_record(e) for e in ledger.history(account)]}
    )


def _fresh(call: Call) -> None:
    for url in (call.settings.store, keystore_url(call.settings)):
        path = sqlite_path(url)
        if path is not None:
            for suffix in ("", "-wal", "-shm"):
                path.with_name(path.name + suffix).unlink(missing_ok=True)


def _events_in(ledger: Ledger) -> int:
    return ledger.recorder.max_notification_id() or 0


@app.command("demo")
def demo(
    store: Annotated[str | None, typer.Option("--store", envvar="ACCOUNTLEDGER_STORE")] = None,
    fresh: Annotated[bool, typer.Option("--fresh", help="delete the embedded store first")] = False,
) -> None:
    """Build a realistic history in a fresh embedded store and print an inquiry."""
    from accountledger.adapters.bootstrap import Settings

    call = Call(Settings.from_env(store), {})
    if fresh:
        _fresh(call)
    try:
        if _events_in(call.ledger):
            out.print(
                f"error: the store {call.settings.store} already holds events; the demo "
                "needs a fresh store: pass --fresh or another --store (rule: fresh-store)"
            )
            raise typer.Exit(2)
        scenario, subject = run(call.ledger)
        call.keep_current()
        summary(scenario, call.ledger)
        seal_and_verify(call.ledger, scenario.now)
        register_summary(call)
        inquiry(call.ledger, subject, START + timedelta(days=30))
    finally:
        call.close()


def seal_and_verify(ledger: Ledger, now: datetime) -> None:
    """The history is sealed by a checkpoint and verified end to end (R16)."""
    sealed = integrity.checkpoint(ledger, now, "demo: seal the history")["checkpoint"]
    result = integrity.verify(ledger)
    out.print(
        f"Checkpoint {sealed['number']} seals {sealed['events']} events of "
        f"{sealed['aggregates']} aggregates: root {sealed['root'][:16]}..., checkpoint hash "
        f"{sealed['hash'][:16]}...; `accountledger verify`: the history "
        f"{'holds' if result.holds else 'DOES NOT HOLD'}."
    )
    out.print(
        "In a browser: `accountledger keys create --role regulator --actor cac-1`, then "
        "`accountledger serve` and open http://127.0.0.1:8000/console with the secret it "
        "printed (docs/console.md).",
        markup=False,
    )


def register_summary(call: Call) -> None:
    rows = call.read(lambda view: view.rows("disposal_register"))
    reported = sum(1 for r in rows if r["reported_at"])
    out.print(
        f"Disposal register (Art 19): {len(rows)} records, {reported} reported to the "
        f"authority, {len(rows) - reported} not yet reported; see `accountledger disposals`."
    )


def summary(s: Scenario, ledger: Ledger) -> None:
    out.print(
        f"Demo store: {_events_in(ledger)} events, business time "
        f"{START:%Y-%m-%d} to {s.now:%Y-%m-%d}."
    )
    out.print(f"Identity numbers used (sealed, never stored in clear), e.g. {s.identities[0]}")
    for refusal in s.refusals:
        out.print(f"Refused as expected: {refusal}", markup=False)
    for review in s.reviews:
        out.print(f"Sent to review: {review}", markup=False)
    out.print(
        f"Sweep at {s.now:%Y-%m-%d}: {sum(len(r.events) for r in s.swept)} events on "
        f"{len(s.swept)} accounts (expiries, inactivity under 2021 Art 10)."
    )
