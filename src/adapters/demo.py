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
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import Call
from accountledger.adapters.inputs import id_card_check
from accountledger.adapters.terminal import out
from accountledger.application import appeals, complaints, integrity, reports
from accountledger.application.commands import (
    ApplyTransfer,
    ApproveCorrection,
    ApproveProfileChange,
    ApproveTransfer,
    Blacklist,
    CeaseAds,
    ChangeContact,
    ChangeContentCategory,
    ChangeCreditTier,
    ChangeIntroduction,
    ChangeMainBusiness,
    ChangeName,
    ChangeOperatingPlace,
    Close,
    Command,
    Deregister,
    FindUnapprovedTransfer,
    GrantReinstatement,
    LiftRestriction,
    MissRectificationDeadline,
    OrderRectification,
    RecordActivity,
    RecordIpAttribution,
    Rectify,
    RefuseRegistration,
    RefuseReinstatement,
    Reinstate,
    RejectCorrection,
    RejectProfileChange,
    RejectQualification,
    RejectTransfer,
    RequestReinstatement,
    RequestSuspension,
    RequestTermination,
    RestoreAds,
    Restrict,
    ResumeUpdates,
    SubmitCorrection,
    SubmitQualification,
    Suspend,
    SuspendUpdates,
    VerifyIdentity,
    VerifyQualification,
    VerifyTransferee,
    Warn,
    WithdrawQualification,
)
from accountledger.application.identity import Identity, Registration
from accountledger.application.ledger import Ledger, Recorded
from accountledger.application.views import describe, event_record
from accountledger.domain.act import Act, Role
from accountledger.domain.authorisations import Authorisation
from accountledger.domain.errors import LedgerError
from accountledger.domain.measures import is_measure, record_id

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
    """Drives the ledger through a platform's year with a business clock.

    The ledger's recording clock follows the scenario's: appeals, complaints and
    reports are dated by the recording clock (R13, R15), so the scenario's dates hold
    only if the ledger records them then.
    """

    def __init__(self, ledger: Ledger, seed: int = 20260105) -> None:
        self.ledger = ledger
        self.random = random.Random(seed)
        self.now = START
        ledger.clock = self.clock
        self.identities: list[str] = []
        self.refusals: list[str] = []
        self.reviews: list[str] = []
        self.swept: list[Any] = []
        self.reached: list[str] = []
        self.qualified: list[UUID] = []
        self.identity_of: dict[UUID, Identity] = {}

    def clock(self) -> datetime:
        return self.now

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

    def register(
        self,
        name: str,
        field: str = "lifestyle",
        licence: Authorisation | None = None,
        identity: Identity | None = None,
    ) -> UUID:
        identity = identity or Identity(
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
            authorisation=licence,
        )
        act = self.act(Role.PLATFORM, "svc-signup")
        account = self.ledger.register(registration, act).account_id
        self.identity_of[account] = identity
        return account

    def do(self, command: Command, role: Role, actor: str, **grounds: Any) -> Recorded:
        return self.ledger.handle(command, self.act(role, actor, **grounds))

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
        s.do(VerifyIdentity(account_id=account, method="composite"), Role.PLATFORM, "svc-kyc")
    s.do(
        RefuseRegistration(account_id=ids[-4]),
        Role.REVIEWER,
        "r-07",
        reason="identity card belongs to another person (borrowed identity)",
        basis=("2021-8",),
    )
    for n, account in enumerate(ids[:40]):
        s.do(RecordActivity(account_id=account, kind="login"), Role.PLATFORM, "svc-activity")
        place = PLACES[n % len(PLACES)]
        s.do(RecordIpAttribution(account_id=account, place=place), Role.PLATFORM, "svc-activity")
    change_profiles(s, ids)
    check_qualifications(s, ids)
    take_measures(s, ids)
    transfer_accounts(s, ids)
    order_rectifications(s, ids)
    change_details(s, ids)
    own_requests(s, ids)
    end_accounts(s, ids)
    hear_appeals(s, ids)
    handle_complaints(s, ids)
    report_disposals(s, ids)
    ids.append(qualified_health_account(s))
    sweep(s, ids)
    license_news_outlet(s)
    return s, ids[0]


NEWS_OUTLET = "嘉陵江日报"
# Where the platform attributes a login's IP address (2022 Art 12), as it supplies them.
PLACES = ("广东", "北京市", "上海", "浙江省", "四川", "日本")


def license_news_outlet(s: Scenario) -> None:
    """A licensed news outlet registers its news-style name with its licence; the name
    goes to review, not refusal, and a reviewer approves it against the licence (R3;
    2021 Art 5; 2022 Art 8 item 4, Art 11)."""
    licence = Authorisation(
        kind="news",
        number="50120180007",
        issuer="重庆市互联网信息办公室",
        valid_until=s.now + timedelta(days=730),
    )
    outlet = s.register(NEWS_OUTLET, "news", licence)
    findings = ", ".join(f["rule"] for f in s.ledger.account(outlet).review)
    s.do(VerifyIdentity(account_id=outlet), Role.REVIEWER, "r-07")
    approved = s.ledger.history(outlet)[-1].approved_against
    s.reviews.append(
        f"{NEWS_OUTLET} registered with news licence {licence.number} pending review "
        f"({findings}); approved by a reviewer against licence {approved['number']}"
    )


def change_profiles(s: Scenario, ids: list[UUID]) -> None:
    s.ledger.handle(
        ChangeIntroduction(account_id=ids[1], value="Roses, tulips and tea."),
        s.act(Role.OPERATOR, "op-ann"),
    )
    s.ledger.handle(
        ChangeName(account_id=ids[2], value="上海美食地图"), s.act(Role.OPERATOR, "op-sh")
    )
    s.ledger.handle(
        ChangeName(account_id=ids[3], value="中国山城徒步"), s.act(Role.OPERATOR, "op-sc")
    )
    s.do(
        ApproveProfileChange(account_id=ids[3], field="name"),
        Role.REVIEWER,
        "r-02",
        reason="place name used descriptively",
        basis=("2022-10",),
    )
    s.ledger.handle(
        ChangeName(account_id=ids[4], value="Official Tea & Travel"), s.act(Role.OPERATOR, "op-tt")
    )
    s.do(
        RejectProfileChange(account_id=ids[4], field="name"),
        Role.REVIEWER,
        "r-02",
        reason="self-inflating 'official' without authorisation",
        basis=("2022-8-7",),
    )
    s.attempt(
        "change to a news-style name",
        lambda: s.ledger.handle(
            ChangeName(account_id=ids[5], value="猫咪新闻"), s.act(Role.OPERATOR, "op-cat")
        ),
    )


def check_qualifications(s: Scenario, ids: list[UUID]) -> None:
    for account, field in (
        (ids[12], "economy"),
        (ids[13], "health"),
        (ids[15], "justice"),
        (ids[14], "education"),
    ):
        s.do(
            SubmitQualification(
                account_id=account,
                field=field,
                credential=f"credential://{field}/{account.hex[:8]}",
            ),
            Role.OPERATOR,
            "op",
        )
    s.do(
        VerifyQualification(account_id=ids[12], field="economy", mark="财经认证"),
        Role.REVIEWER,
        "r-03",
        basis=("2021-9",),
    )
    s.do(
        VerifyQualification(account_id=ids[13], field="health", mark="医疗健康认证"),
        Role.REVIEWER,
        "r-03",
        basis=("2021-9",),
    )
    s.do(
        VerifyQualification(account_id=ids[15], field="justice", mark="法律认证"),
        Role.REVIEWER,
        "r-03",
        basis=("2021-9",),
    )
    s.do(
        RejectQualification(account_id=ids[14], field="education"),
        Role.REVIEWER,
        "r-03",
        reason="teaching licence expired",
        basis=("2021-9",),
    )


def qualified_health_account(s: Scenario) -> UUID:
    """A health account (R5, 2021 Art 9): no service before its qualification is verified;
    verified with an expiry, withdrawn (suspended), verified again (back in service); the
    sweep later records its expiry and it is suspended again (2021 Art 9 ¶3)."""
    account = s.register("协和医生说健康", field="health")
    s.attempt(
        "activate a health account before its qualification is verified",
        lambda: s.do(VerifyIdentity(account_id=account), Role.PLATFORM, "svc-kyc"),
    )
    for expires_in in (timedelta(days=365), timedelta(days=60)):
        s.do(
            SubmitQualification(
                account_id=account, field="health", credential="credential://md/PRC-110"
            ),
            Role.OPERATOR,
            "op-md",
        )
        s.do(
            VerifyQualification(
                account_id=account,
                field="health",
                mark="医疗健康认证",
                expires=s.now + expires_in,
            ),
            Role.REVIEWER,
            "r-03",
            basis=("2021-9",),
        )
        if s.ledger.account(account).status == "pending":
            s.do(VerifyIdentity(account_id=account), Role.PLATFORM, "svc-kyc")
            s.do(RecordActivity(account_id=account, kind="login"), Role.PLATFORM, "svc-activity")
            s.do(
                WithdrawQualification(account_id=account, field="health"),
                Role.REVIEWER,
                "r-03",
                reason="practising certificate suspended by the health commission",
                basis=("2021-9",),
                evidence=("evidence://nhc/notice-2026-118",),
            )
    s.qualified.append(account)
    return account


def take_measures(s: Scenario, ids: list[UUID]) -> None:
    m = Role.MODERATOR
    false_info = s.measure("fabricated a food-safety scare", "2021-18-6")
    s.do(Warn(account_id=ids[0]), m, "m-11", **false_info)
    s.do(
        Restrict(
            account_id=ids[0], functions=("comment", "live"), until=s.now + timedelta(days=30)
        ),
        m,
        "m-11",
        **s.measure("repeat of the fabricated scare in comments", "2021-18-6"),
    )
    s.do(
        ChangeCreditTier(account_id=ids[0], tier="C"),
        m,
        "m-11",
        reason="false information lowers the credit tier",
        basis=("2021-13",),
    )
    s.do(
        SuspendUpdates(account_id=ids[0]),
        m,
        "m-11",
        **s.measure("scare video re-posted", "2021-18-6"),
    )
    s.do(ResumeUpdates(account_id=ids[0]), m, "m-11", reason="video withdrawn by operator")
    s.do(
        LiftRestriction(account_id=ids[0], functions=("comment",)),
        m,
        "m-11",
        reason="comments cleaned up",
    )
    s.do(
        CeaseAds(account_id=ids[6]),
        m,
        "m-12",
        **s.measure("undisclosed paid promotion", "2021-18-7"),
    )
    s.do(RestoreAds(account_id=ids[6]), m, "m-12", reason="disclosure added")
    s.do(
        Suspend(account_id=ids[7], until=s.now + timedelta(days=7)),
        m,
        "m-12",
        **s.measure("cyber-violence against a commenter", "2021-18-5"),
    )
    s.do(Reinstate(account_id=ids[7]), m, "m-12", reason="suspension served")
    for account in ids[16:22]:
        s.do(
            Warn(account_id=account),
            m,
            "m-13",
            **s.measure("low-quality batch content", "2021-18-4"),
        )
    s.do(RequestSuspension(account_id=ids[8]), Role.OPERATOR, "op-ride", reason="winter break")
    s.do(Reinstate(account_id=ids[8]), Role.MODERATOR, "m-12", reason="operator asked to resume")


def transfer_accounts(s: Scenario, ids: list[UUID]) -> None:
    buyer = Identity("id_card", s.id_card(), "13700137000")
    s.do(ApplyTransfer(account_id=ids[9], transferee=buyer), Role.OPERATOR, "op-night")
    s.do(VerifyTransferee(account_id=ids[9]), Role.REVIEWER, "r-04")
    s.do(
        ApproveTransfer(account_id=ids[9]),
        Role.REVIEWER,
        "r-04",
        basis=("2021-11",),
        reason="transferee authenticated",
    )
    s.do(
        ApplyTransfer(account_id=ids[10], transferee=Identity("id_card", s.id_card())),
        Role.OPERATOR,
        "op",
    )
    s.do(
        RejectTransfer(account_id=ids[10]),
        Role.REVIEWER,
        "r-04",
        basis=("2021-11",),
        reason="transferee could not be authenticated",
    )
    s.do(
        FindUnapprovedTransfer(account_id=ids[11]),
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
            OrderRectification(
                account_id=account, deadline=s.now + timedelta(days=15), fields=("name",)
            ),
            r,
            "r-05",
            **s.measure(
                "name inconsistent with the registrant's identity", "2021-18-1", basis="2022-15"
            ),
        )
    s.do(Rectify(account_id=ids[22], name="宝宝辅食记录本"), r, "r-05", reason="corrected")
    s.now += timedelta(days=16)
    s.do(
        MissRectificationDeadline(account_id=ids[23]),
        Role.SYSTEM,
        "sweep",
        reason="no correction within the time limit",
        basis=("2022-15",),
    )


def change_details(s: Scenario, ids: list[UUID]) -> None:
    """Registration details change under review; the contact is sealed (R2, R3, R17)."""
    op, r = Role.OPERATOR, Role.REVIEWER
    s.do(ChangeOperatingPlace(account_id=ids[31], operating_place="Hangzhou"), op, "op-hz")
    s.do(ChangeContact(account_id=ids[31], contact="13612345678"), op, "op-hz")
    s.do(ChangeMainBusiness(account_id=ids[31], main_business="travel writing"), op, "op-hz")
    for field in ("operating_place", "contact", "main_business"):
        s.do(ApproveProfileChange(account_id=ids[31], field=field), r, "r-02", basis=("2021-15",))
    s.do(ChangeContentCategory(account_id=ids[32], content_category="health"), op, "op-hl")
    s.do(
        RejectProfileChange(account_id=ids[32], field="content_category"),
        r,
        "r-02",
        reason="publishes recipes, not medical content",
        basis=("2021-15",),
    )


def own_requests(s: Scenario, ids: list[UUID]) -> None:
    """The operator corrects its own account and asks to end its own suspension (R6, R10)."""
    op, r, m = Role.OPERATOR, Role.REVIEWER, Role.MODERATOR
    s.do(
        OrderRectification(account_id=ids[33], deadline=s.now + timedelta(days=15)),
        r,
        "r-05",
        **s.measure("introduction inconsistent with the registrant", "2021-18-1", "2022-15"),
    )
    s.do(SubmitCorrection(account_id=ids[33], introduction="Mountain trails."), op, "op-mt")
    s.do(RejectCorrection(account_id=ids[33]), r, "r-05", reason="still names another person")
    s.do(SubmitCorrection(account_id=ids[33], introduction="Our own walks."), op, "op-mt")
    s.do(ApproveCorrection(account_id=ids[33]), r, "r-05", reason="corrected")
    s.do(RequestSuspension(account_id=ids[34]), op, "op-ski", reason="off season")
    s.do(RequestReinstatement(account_id=ids[34]), op, "op-ski", reason="season opens")
    s.do(RefuseReinstatement(account_id=ids[34]), m, "m-12", reason="contact unverified")
    s.do(RequestReinstatement(account_id=ids[34]), op, "op-ski", reason="contact verified")
    s.do(GrantReinstatement(account_id=ids[34]), m, "m-12", reason="operator asked to resume")


def end_accounts(s: Scenario, ids: list[UUID]) -> None:
    m = Role.MODERATOR
    s.do(
        Close(account_id=ids[24]),
        m,
        "m-15",
        **s.measure("impersonated a county government", "2021-18-2"),
    )
    s.do(
        Deregister(account_id=ids[25]),
        m,
        "m-15",
        **s.measure("bulk-registered account", "2021-18-8"),
    )
    # The subject holds a second account: the blacklisting reaches it (2021 Arts 13, 19).
    second = s.register(f"{NAMES[26]} Notebook", identity=s.identity_of[ids[26]])
    s.do(VerifyIdentity(account_id=second, method="composite"), Role.PLATFORM, "svc-kyc")
    blacklisted = s.do(
        Blacklist(account_id=ids[26]), m, "m-15", **s.measure("repeated rumours", "2021-18-6")
    )
    s.reached = [
        f"{blacklisted.records[0]} reached {record} ({NAMES[26]} Notebook): "
        "suspended pending review"
        for record in blacklisted.reached
    ]
    s.do(RequestTermination(account_id=ids[27]), Role.OPERATOR, "op-vr", reason="shop closed")
    for account in ids[28:31]:
        s.do(
            ChangeCreditTier(account_id=account, tier="A"),
            Role.SYSTEM,
            "credit-rating",
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
    measures = [e for e in s.ledger.history(account) if is_measure(type(e).__name__)]
    return record_id(account, measures[-1].originator_version)


def hear_appeals(s: Scenario, ids: list[UUID]) -> None:
    """A closure overturned, a suspension varied, a warning upheld (R15)."""
    m = Role.MODERATOR
    s.do(
        Close(account_id=ids[40]),
        m,
        "m-16",
        **s.measure("mistaken for an impersonator", "2021-18-2"),
    )
    cases: list[tuple[str, str, datetime | None, str]] = [
        (_last_record(s, ids[40]), "overturned", None, "it is the county library's own")
    ]
    s.do(
        Suspend(account_id=ids[41], until=s.now + timedelta(days=60)),
        m,
        "m-16",
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
    s.do(Warn(account_id=ids[42]), m, "m-16", **s.measure("clickbait title", "2021-18-6"))
    cases.append((_last_record(s, ids[42]), "upheld", None, "the title misled readers"))
    for record, outcome, until, reasons in cases:
        appeal = appeals.file(s.ledger, record, "the measure is wrong", s.act(Role.OPERATOR, "op"))
        assign(s, appeal.id, "ar-21")
        decision = s.act(Role.APPEAL_REVIEWER, "ar-21", reason=reasons)
        appeals.decide(s.ledger, appeal.id, outcome, until, decision)


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
    s.do(Warn(account_id=ids[43]), Role.MODERATOR, "m-17", **s.measure("dam rumour", "2021-18-6"))
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
    appeals.assign(s.ledger, appeal, reviewer, act)


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
        if is_measure(type(e).__name__)
    ]
    for number, record in enumerate(records):
        if number % 3 != 2:
            reports.report_disposal(
                s.ledger,
                record,
                f"CAC-2026-{1000 + number}",
                "online",
                s.act(Role.COMPLIANCE, "c-01"),
            )


def inquiry(ledger: Ledger, account: UUID, as_of: datetime) -> None:
    out.rule("Regulator inquiry")
    past = ledger.account_as_of(account, as_of)
    if past is not None:
        render.account(describe(past, as_of))
    render.account(describe(ledger.account(account), now=ledger.clock()))
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
    administrative = sum(1 for r in rows if not r["reportable"] and not r["reported_at"])
    out.print(
        f"Disposal register (Art 19): {len(rows)} records, {reported} reported to the "
        f"authority, {len(rows) - reported - administrative} not yet reported, "
        f"{administrative} on administrative grounds (not reportable); "
        "see `accountledger disposals`."
    )


def _qualification_story(ledger: Ledger, account_id: UUID) -> str:
    """What happened to an account's marks, read back from its history."""
    account = ledger.account(account_id)
    steps = {
        "QualificationVerified": "verified",
        "QualificationWithdrawn": "withdrawn",
        "QualificationExpired": "expired",
        "IdentityVerified": "in service",
    }
    story = [
        steps[type(e).__name__] for e in ledger.history(account_id) if type(e).__name__ in steps
    ]
    field = account.details["content_category"]
    return f"{account.name} ({field}): {', '.join(story)}; now {account.status}"


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
    for reached in s.reached:
        out.print(f"Blacklisting reached the subject: {reached}", markup=False)
    for account_id in s.qualified:
        out.print(f"Qualified (2021 Art 9): {_qualification_story(ledger, account_id)}")
    out.print(
        f"Sweep at {s.now:%Y-%m-%d}: {sum(len(r.events) for r in s.swept)} events on "
        f"{len(s.swept)} accounts (expiries, inactivity under 2021 Art 10)."
    )
