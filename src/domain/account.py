"""The Account aggregate: every lifecycle action is one immutable event.

Each public command decides (lifecycle, role, grounds, business rules) and only then
calls its private `@event` method, whose body merely assigns: bodies run again on
every replay, so they must not decide anything. Every event carries the `Act` (who,
when, why, on what basis) and the status the lifecycle machine led to, so history
replays to the same states even if the machine later changes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any, cast
from uuid import UUID

from eventsourcing.domain import Aggregate, event

from accountledger.domain import corrections, reinstatement
from accountledger.domain.act import Act, Role
from accountledger.domain.errors import RuleViolation
from accountledger.domain.rules import DEFAULT_RULES, LedgerRules

# What only deciding needs (the lifecycle table, the roles' authority, the catalogue of
# measures, the registration details, qualifications, name outcomes, evidence, IP
# places) is imported by the commands that decide, not here: replaying an account runs
# only the events' bodies, and a CLI `show` replays without deciding (issue 16: start-up).

if TYPE_CHECKING:
    # The review engine (its patterns, OpenCC) is the ledger's: replaying an account
    # needs only what a verdict recorded (issue 16: a CLI `show` imports no review).
    from accountledger.domain.names import Verdict
    from accountledger.domain.reversal import TakenMeasure

PROFILE_FIELDS = ("name", "avatar", "introduction")


def _topic(name: str) -> str:
    # Pinned so that moving or renaming a module never orphans stored events.
    return f"accountledger:Account.{name}"


@dataclass(frozen=True)
class SubjectRef:
    """A subject as the record may hold it (R17): never the identity in clear.

    `ref` is a keyed hash that matches the same subject across registrations;
    `sealed` is the identity and contact, encrypted under the subject's own key.
    """

    kind: str
    ref: str
    sealed: str


def _keep_for_credit(account: Any, measure: Any) -> None:
    """A measure for a violation, by version, with its case, standing until reversed."""
    from accountledger.domain.measures import case_of

    if measure.act.violation:
        version = measure.originator_version
        account.credit_measures[str(version)] = {
            "case": case_of(measure.act.case_id, account.id, version),
            "violation": list(measure.act.violation),
            "standing": True,
        }


def _findings(verdict: Verdict) -> list[dict[str, str]]:
    found = []
    for f in verdict.findings:
        row = {"rule": f.rule, "outcome": f.outcome.value, "article": f.article, "detail": f.detail}
        if f.authorisation:  # only then: a finding recorded before the key had none
            row["authorisation"] = f.authorisation
        found.append(row)
    return found


def refuse_if_rejected(verdict: Verdict, field: str) -> None:
    """A profile value the name policy rejects is never recorded (R3)."""
    from accountledger.domain.name_rules import Outcome

    if verdict.outcome is Outcome.REJECT:
        first = next(f for f in verdict.findings if f.outcome is Outcome.REJECT)
        raise RuleViolation(
            f"refused by the name policy: {first.detail}",
            rule=f"name-policy:{first.rule}",
            field=field,
            article=first.article,
        )


def _refuse(message: str, rule: str, field: str | None = None, article: str | None = None) -> None:
    raise RuleViolation(message, rule=rule, field=field, article=article)


class Account(Aggregate):
    """A public account on the platform, from registration to its end."""

    TOPIC = "accountledger:Account"
    # 2: the credit state follows cases (`credit_measures`, `credit_cases`).
    # 3: the time of the last change of status (`status_since`), the floor of late entry.
    # 4: the evidence an authorised name stands on (`authorisation`).
    # 5: the field whose lapsed mark suspended the account (`qualification_hold`).
    # 6: registration details change under review (`detail_changes`, `sealed_contact`),
    #    and the operator's request to end its own suspension (`reinstatement_request`).
    # 7: the place the account's IP address is attributed to (`ip_attribution`).
    class_version = 7
    status: str
    last_occurred_at: datetime
    status_since: datetime
    qualification_hold: str | None

    @staticmethod
    def upcast_v1_v2(state: dict[str, Any]) -> None:
        """A snapshot taken before credit followed cases still loads (R16, R18).

        It knows no case: the credit state starts empty at the snapshot, so measures
        before it neither count for blacklisting nor keep a case's lowering standing.
        """
        state.pop("false_information_measures", None)
        state.setdefault("credit_measures", {})
        state.setdefault("credit_cases", {})

    @staticmethod
    def upcast_v2_v3(state: dict[str, Any]) -> None:
        """A snapshot taken before late entry knows no time of its last change of
        status: its latest event's time is the safe floor (no entry before it)."""
        state.setdefault("status_since", state["last_occurred_at"])

    @staticmethod
    def upcast_v3_v4(state: dict[str, Any]) -> None:
        """Authorised names: a snapshot taken before evidence was recorded holds none."""
        state.setdefault("authorisation", None)

    @staticmethod
    def upcast_v4_v5(state: dict[str, Any]) -> None:
        """Qualification hold: a snapshot taken before marks could lapse holds no account
        suspended for a lapsed mark."""
        state.setdefault("qualification_hold", None)

    @staticmethod
    def upcast_v5_v6(state: dict[str, Any]) -> None:
        """Details under review and own reinstatement requests: a snapshot taken before
        they existed has none pending, and its contact is the registration's."""
        state.setdefault("detail_changes", {})
        state.setdefault("sealed_contact", None)
        state.setdefault("reinstatement_request", None)

    @staticmethod
    def upcast_v6_v7(state: dict[str, Any]) -> None:
        """IP attribution: a snapshot taken before the platform supplied it holds none."""
        state.setdefault("ip_attribution", None)

    class Event(Aggregate.Event):
        TOPIC = _topic("Event")

        def apply(self, aggregate: Any) -> None:
            """After the event's own body: a measure for a violation is kept, with its
            case, for credit (R11); a reversal on appeal marks it no longer standing.

            The catalogue says which events are measures, so no body has to; it is asked
            only of an event whose act names a violation (none other is kept).
            """
            act = getattr(self, "act", None)
            if act is not None and act.violation:
                from accountledger.domain.measures import is_measure

                if is_measure(type(self).__name__):
                    _keep_for_credit(aggregate, self)
            super().apply(aggregate)

    # ------------------------------------------------------------------ deciding

    def _decide(self, command: str, act: Act, to: str | None = None) -> str:
        """Lifecycle, role and business-time checks shared by every command.

        A decision may be entered after later events with its true time (a late entry,
        bounded by the ledger's `late_entry_window`), but never dated before the
        account's last change of status: the status it was decided in is the one it is
        checked against (R12, R16, R18).
        """
        from accountledger.domain.authority import authorise
        from accountledger.domain.lifecycle import target

        status = target(self.id, self.status, command, to)
        authorise(command, act)
        if act.occurred_at < self.status_since:
            _refuse(
                f"business time {act.occurred_at.isoformat()} is before the account's "
                f"last change of status at {self.status_since.isoformat()}",
                "business-time-order",
                "occurred_at",
            )
        return status

    def _enter(self, act: Act, status: str) -> None:
        if status != self.status:
            self.status_since = act.occurred_at
        if status != "suspended":
            self.qualification_hold = None
        self.status = status
        # A late entry does not move the account's latest time back.
        self.last_occurred_at = max(self.last_occurred_at, act.occurred_at)

    # -------------------------------------------------------------- registration

    @classmethod
    def register(
        cls,
        *,
        name: str,
        avatar: str,
        introduction: str,
        subject: SubjectRef,
        details: dict[str, str],
        verdicts: dict[str, Verdict],
        act: Act,
        rules: LedgerRules = DEFAULT_RULES,
        authorisation: dict[str, str] | None = None,
        account_id: UUID | None = None,
    ) -> Account:
        """Open an account, pending identity verification (R1-R4, R7 checked by caller).

        `authorisation`: the evidence presented for an authorised name (2022 Art 11).
        `account_id`: an id decided elsewhere (an import keys it by its source line, so
        that importing the same line twice cannot make two accounts); else a new one."""
        from accountledger.domain.authority import authorise
        from accountledger.domain.details import check_registration_details
        from accountledger.domain.lifecycle import target

        status = target(None, "unregistered", "register")
        authorise("register", act)
        check_registration_details(details)
        for field in PROFILE_FIELDS:
            refuse_if_rejected(verdicts[field], field)
        review = [f for field in PROFILE_FIELDS for f in _findings(verdicts[field])]
        fields: dict[str, Any] = dict(
            act=act,
            status=status,
            name=name,
            avatar=avatar,
            introduction=introduction,
            subject_kind=subject.kind,
            subject_ref=subject.ref,
            sealed_identity=subject.sealed,
            details=details,
            review=review,
            credit_tier=rules.default_credit_tier,
            authorisation=authorisation,
        )
        if account_id is None:
            return cls(**fields)
        # The library's own way to give a new aggregate a chosen id; `Registered` is the
        # class the @event decorator made of `__init__`.
        created = cast(Any, cls).Registered
        return cls._create(event_class=created, id=account_id, **fields)

    @event("Registered", topic=_topic("Registered"))
    def __init__(
        self,
        act: Act,
        status: str,
        name: str,
        avatar: str,
        introduction: str,
        subject_kind: str,
        subject_ref: str,
        sealed_identity: str,
        details: dict[str, str],
        review: list[dict[str, str]],
        credit_tier: str,
        authorisation: dict[str, str] | None = None,
    ) -> None:
        self.status = status
        self.registered_at = act.occurred_at
        self.last_occurred_at = act.occurred_at
        self.status_since = act.occurred_at
        self.name = name
        self.avatar = avatar
        self.introduction = introduction
        self.subject_kind = subject_kind
        self.subject_ref = subject_ref
        self.sealed_identity = sealed_identity
        self.details = details
        self.review = review
        self.pending_changes: dict[str, dict[str, Any]] = {}
        self.qualifications: dict[str, dict[str, Any]] = {}
        # The field whose withdrawn or expired mark suspended the account (R5), if any.
        self.qualification_hold = None
        self.rectification: dict[str, Any] | None = None
        self.transfer: dict[str, Any] | None = None
        self.restrictions: dict[str, datetime | None] = {}
        self.updates_suspended = False
        self.ads_ceased = False
        self.suspended_until: datetime | None = None
        self.warnings = 0
        self.credit_tier = credit_tier
        self.last_activity_at: datetime | None = None
        self.former_names: list[str] = []
        self.name_barred = False
        # Credit (R11): each measure for a violation by version, with its case and
        # whether it still stands; each case that lowered the tier, by the tiers it took.
        self.credit_measures: dict[str, dict[str, Any]] = {}
        self.credit_cases: dict[str, int] = {}
        # The evidence the name stands on, if it is an authorised one (R3, 2022 Art 11).
        self.authorisation = authorisation
        # Registration details awaiting review, by field (R2, R3); the contact approved
        # after registration, sealed under the holder's key (R17); the operator's pending
        # request to end its own suspension (R10).
        self.detail_changes: dict[str, dict[str, str]] = {}
        self.sealed_contact: dict[str, str] | None = None
        self.reinstatement_request: dict[str, Any] | None = None
        # Where the account's IP address is attributed, as the platform supplies it.
        self.ip_attribution: str | None = None

    def verify_identity(
        self,
        method: str = "composite",
        rules: LedgerRules = DEFAULT_RULES,
        *,
        act: Act,
        now: datetime | None = None,
    ) -> None:
        """Real identity authenticated: service may start (R1), in a regulated field only
        with that field's qualification verified (R5, rule `qualification-required`). A
        registration with findings is verified by a reviewer, an authorised name against
        its evidence, still in force at `now` (the recording clock; R3, 2022 Art 11)."""
        from accountledger.domain import qualifications as quals
        from accountledger.domain.authorisations import evidence_answering

        status = self._decide("verify_identity", act)
        quals.check_may_serve(self.details, self.qualifications, rules, act.occurred_at)
        if self.review and act.actor_role is not Role.REVIEWER:
            _refuse(
                "the registration has name-policy findings; a reviewer must verify it",
                "name-review",
                "actor",
                "2022-10",
            )
        against = evidence_answering(self.review, self.authorisation, now or act.occurred_at)
        self._verify_identity(act, status, method, approved_against=against)

    @event("IdentityVerified", topic=_topic("IdentityVerified"))
    def _verify_identity(
        self, act: Act, status: str, method: str, approved_against: dict[str, str] | None = None
    ) -> None:
        self._enter(act, status)
        self.review = []

    def refuse_registration(self, *, act: Act) -> None:
        """False or borrowed identity, or a failed review: no service (R1)."""
        status = self._decide("refuse_registration", act)
        if not act.reason.strip():
            _refuse("a refusal needs a reason", "refusal-reason", "reason", "2021-8")
        self._refuse_registration(act, status)

    @event("RegistrationRefused", topic=_topic("RegistrationRefused"))
    def _refuse_registration(self, act: Act, status: str) -> None:
        self._enter(act, status)

    # ----------------------------------------------------------- profile (R3)

    def change_profile(
        self,
        field: str,
        value: str,
        verdict: Verdict,
        *,
        act: Act,
        authorisation: dict[str, str] | None = None,
    ) -> None:
        """Change name, avatar or introduction; reviewed like a registration (R3).

        A name needing review waits for a reviewer, with the evidence presented for it
        (`authorisation`) kept beside it for the approval (2022 Art 11)."""
        from accountledger.domain.name_rules import Outcome

        if field not in PROFILE_FIELDS:
            _refuse(f"unknown profile field {field!r}", "profile-field", "field")
        status = self._decide(f"change_{field}", act)
        refuse_if_rejected(verdict, field)
        if value == getattr(self, field):
            _refuse(f"the {field} is already {value!r}", "no-change", field)
        if verdict.outcome is Outcome.REVIEW:
            findings = _findings(verdict)
            self._submit_profile_change(act, status, field, value, findings, authorisation)
        else:
            self._change_profile(act, status, field, value)

    @event("ProfileChangeSubmitted", topic=_topic("ProfileChangeSubmitted"))
    def _submit_profile_change(
        self,
        act: Act,
        status: str,
        field: str,
        value: str,
        findings: list[dict[str, str]],
        authorisation: dict[str, str] | None = None,
    ) -> None:
        self._enter(act, status)
        self.pending_changes[field] = {"value": value, "findings": findings}
        if authorisation:
            self.pending_changes[field]["authorisation"] = authorisation

    @event("ProfileChanged", topic=_topic("ProfileChanged"))
    def _change_profile(self, act: Act, status: str, field: str, value: str) -> None:
        self._enter(act, status)
        self._set_profile(field, value)

    def _set_profile(self, field: str, value: str) -> None:
        if field == "name":
            self.former_names.append(self.name)
        setattr(self, field, value)
        self.pending_changes.pop(field, None)

    def pending_change(self, field: str) -> str:
        """The value awaiting review for `field`, or a refusal naming the field."""
        if field not in self.pending_changes:
            _refuse(f"no {field} change awaits review", "pending-change", "field")
        return str(self.pending_changes[field]["value"])

    def approve_profile_change(self, field: str, *, act: Act, now: datetime | None = None) -> None:
        """Approve a change sent to review: a profile field or a registration detail; an
        authorised name against its evidence, still in force at `now` (the recording
        clock; 2022 Art 11)."""
        from accountledger.domain import details
        from accountledger.domain.authorisations import evidence_answering

        status = self._decide("approve_profile_change", act)
        if field in details.DETAIL_FIELDS:
            change = details.pending(self.detail_changes, field)
            details.check_same_holder(change, self.subject_ref)
            value, sealed = change.get("value", ""), change.get("sealed", "")
            self._approve_detail_change(act, status, field, value, sealed)
            return
        value = self.pending_change(field)
        pending = self.pending_changes[field]
        against = evidence_answering(
            pending["findings"], pending.get("authorisation"), now or act.occurred_at
        )
        self._approve_profile_change(act, status, field, value, approved_against=against)

    @event("ProfileChangeApproved", topic=_topic("ProfileChangeApproved"))
    def _approve_profile_change(
        self,
        act: Act,
        status: str,
        field: str,
        value: str,
        approved_against: dict[str, str] | None = None,
    ) -> None:
        self._enter(act, status)
        self._set_profile(field, value)
        if approved_against:
            self.authorisation = approved_against

    def reject_profile_change(self, field: str, *, act: Act) -> None:
        """Reject a change sent to review: a profile field or a registration detail."""
        from accountledger.domain import details

        status = self._decide("reject_profile_change", act)
        if field in details.DETAIL_FIELDS:
            details.pending(self.detail_changes, field)
            self._reject_detail_change(act, status, field)
            return
        self._reject_profile_change(act, status, field, self.pending_change(field))

    @event("ProfileChangeRejected", topic=_topic("ProfileChangeRejected"))
    def _reject_profile_change(self, act: Act, status: str, field: str, value: str) -> None:
        self._enter(act, status)
        self.pending_changes.pop(field, None)

    # ---------------------------------------------- registration details (R2)

    def change_detail(
        self, field: str, value: str, rules: LedgerRules = DEFAULT_RULES, *, act: Act
    ) -> None:
        """Submit a new operating place, content category or main business; it waits for
        a reviewer (R2, R3; 2021 Art 15, 2022 Art 10)."""
        from accountledger.domain import details

        details.check_field(field)
        if field in details.SEALED_DETAILS:
            _refuse(f"the {field} is sealed: use change_{field}", "detail-field", "field")
        status = self._decide(f"change_{field}", act)
        folded = details.checked_change(self.details, field, value, rules.max_field_length)
        self._submit_detail_change(act, status, field, folded)

    def change_contact(
        self,
        contact: str,
        seal: Callable[[str], str],
        rules: LedgerRules = DEFAULT_RULES,
        *,
        act: Act,
    ) -> None:
        """Submit a new contact; `seal` seals it under the holder's key, once the change
        is allowed, so the event never holds it in clear (R2, R17; 2022 Art 16)."""
        from accountledger.domain import details

        status = self._decide("change_contact", act)
        folded = details.checked_change(self.details, "contact", contact, rules.max_field_length)
        self._submit_detail_change(act, status, "contact", "", seal(folded))

    @event("RegistrationDetailChangeSubmitted", topic=_topic("RegistrationDetailChangeSubmitted"))
    def _submit_detail_change(
        self, act: Act, status: str, field: str, value: str, sealed: str = ""
    ) -> None:
        self._enter(act, status)
        change = {"sealed": sealed, "subject_ref": self.subject_ref} if sealed else {"value": value}
        self.detail_changes = {**self.detail_changes, field: change}

    @event("RegistrationDetailChangeApproved", topic=_topic("RegistrationDetailChangeApproved"))
    def _approve_detail_change(
        self, act: Act, status: str, field: str, value: str, sealed: str = ""
    ) -> None:
        self._enter(act, status)
        if sealed:
            self.sealed_contact = {"subject_ref": self.subject_ref, "sealed": sealed}
        else:
            self.details = {**self.details, field: value}
        self.detail_changes = {k: v for k, v in self.detail_changes.items() if k != field}

    @event("RegistrationDetailChangeRejected", topic=_topic("RegistrationDetailChangeRejected"))
    def _reject_detail_change(self, act: Act, status: str, field: str) -> None:
        self._enter(act, status)
        self.detail_changes = {k: v for k, v in self.detail_changes.items() if k != field}

    # ------------------------------------------------------ qualifications (R5)

    def submit_qualification(self, field: str, credential: str, *, act: Act) -> None:
        from accountledger.domain import qualifications as quals

        status = self._decide("submit_qualification", act)
        quals.check_field(field)
        if not credential.strip():
            _refuse("a qualification needs a credential reference", "credential", "credential")
        self._submit_qualification(act, status, field, credential)

    @event("QualificationSubmitted", topic=_topic("QualificationSubmitted"))
    def _submit_qualification(self, act: Act, status: str, field: str, credential: str) -> None:
        self._enter(act, status)
        self.qualifications[field] = {"status": "submitted", "credential": credential}

    def _submitted(self, field: str) -> None:
        from accountledger.domain import qualifications as quals

        quals.check_field(field)
        if self.qualifications.get(field, {}).get("status") != "submitted":
            _refuse(f"no {field} qualification awaits review", "qualification-pending", "field")

    def verify_qualification(
        self,
        field: str,
        mark: str,
        expires: datetime | None = None,
        rules: LedgerRules = DEFAULT_RULES,
        *,
        act: Act,
    ) -> None:
        """Passed: the account carries the special mark for the field (R5), until
        `expires` if given; an account suspended because this mark lapsed returns to
        service (2021 Art 9 ¶3)."""
        from accountledger.domain import qualifications as quals

        wanted = quals.after_verification(self.status, field, self.qualification_hold)
        status = self._decide("verify_qualification", act, wanted)
        self._submitted(field)
        quals.check_expiry(expires, act, rules)
        mark = mark or f"verified {field} creator"
        self._verify_qualification(act, status, field, mark, expires)

    @event("QualificationVerified", topic=_topic("QualificationVerified"))
    def _verify_qualification(
        self, act: Act, status: str, field: str, mark: str, expires: datetime | None = None
    ) -> None:
        # `expires` came with living marks: an earlier verification has none.
        self._enter(act, status)
        qualification = {**self.qualifications[field], "status": "verified", "mark": mark}
        qualification.pop("expires", None)
        if expires is not None:
            qualification["expires"] = expires
        self.qualifications[field] = qualification

    def withdraw_qualification(
        self, field: str, rules: LedgerRules = DEFAULT_RULES, *, act: Act
    ) -> None:
        """Dynamic verification (2021 Art 9 ¶3): the mark is withdrawn; an active account
        registered in that field is suspended pending a new verification (R5)."""
        from accountledger.domain import qualifications as quals

        wanted = quals.after_lapse(self.status, field, self.details, rules)
        status = self._decide("withdraw_qualification", act, wanted)
        quals.check_withdrawal(field, self.qualifications, act)
        self._withdraw_qualification(act, status, field, status != self.status)

    @event("QualificationWithdrawn", topic=_topic("QualificationWithdrawn"))
    def _withdraw_qualification(self, act: Act, status: str, field: str, held: bool) -> None:
        self._lapse(act, status, field, "withdrawn", held)

    def expire_qualification(
        self, field: str, rules: LedgerRules = DEFAULT_RULES, *, act: Act
    ) -> None:
        """The mark's expiry has passed (the sweep records it, R5): as for a withdrawal."""
        from accountledger.domain import qualifications as quals

        wanted = quals.after_lapse(self.status, field, self.details, rules)
        status = self._decide("expire_qualification", act, wanted)
        quals.check_expired(field, self.qualifications, act)
        self._expire_qualification(act, status, field, status != self.status)

    @event("QualificationExpired", topic=_topic("QualificationExpired"))
    def _expire_qualification(self, act: Act, status: str, field: str, held: bool) -> None:
        self._lapse(act, status, field, "expired", held)

    def _lapse(self, act: Act, status: str, field: str, lapsed: str, held: bool) -> None:
        self._enter(act, status)
        self.qualifications[field] = {**self.qualifications[field], "status": lapsed}
        if held:
            self.qualification_hold = field
            self.suspended_until = None

    def reject_qualification(self, field: str, *, act: Act) -> None:
        status = self._decide("reject_qualification", act)
        self._submitted(field)
        self._reject_qualification(act, status, field)

    @event("QualificationRejected", topic=_topic("QualificationRejected"))
    def _reject_qualification(self, act: Act, status: str, field: str) -> None:
        self._enter(act, status)
        self.qualifications[field] = {**self.qualifications[field], "status": "rejected"}

    # -------------------------------------------------------- rectification (R6)

    def order_rectification(self, deadline: datetime, fields: list[str], *, act: Act) -> None:
        """Registration information found non-compliant: service suspended until corrected."""
        status = self._decide("order_rectification", act)
        if deadline <= act.occurred_at:
            _refuse("the deadline must be after the order", "deadline", "deadline", "2022-15")
        for field in fields:
            if field not in PROFILE_FIELDS:
                _refuse(f"unknown profile field {field!r}", "profile-field", "fields")
        self._order_rectification(act, status, deadline, fields)

    @event("RectificationOrdered", topic=_topic("RectificationOrdered"))
    def _order_rectification(
        self, act: Act, status: str, deadline: datetime, fields: list[str]
    ) -> None:
        self._enter(act, status)
        self.rectification = {"deadline": deadline, "fields": fields}

    def rectify(
        self,
        corrections: dict[str, str],
        verdicts: dict[str, Verdict],
        rules: LedgerRules = DEFAULT_RULES,
        *,
        act: Act,
    ) -> None:
        """The corrected information is reviewed as strictly as a new name (R3) and
        service restored (R6): refused if the policy rejects it; a value in review is
        restored only by a reviewer, and the findings it was approved over are recorded
        (2022 Art 10 ¶2, Art 15). Not while the account's own field's mark has lapsed (R5)."""
        from accountledger.domain import qualifications as quals

        status = self._decide("rectify", act)
        quals.check_not_lapsed(self.details, self.qualifications, rules, act.occurred_at)
        reviewed = self._check_corrections(corrections, verdicts)
        if reviewed and act.actor_role is not Role.REVIEWER:
            _refuse(
                "the corrected information has name-policy findings; a reviewer must approve it",
                "name-review",
                "actor",
                "2022-10",
            )
        self._rectify(act, status, corrections, reviewed=reviewed or None)

    def _check_corrections(
        self, values: dict[str, str], verdicts: dict[str, Verdict]
    ) -> list[dict[str, str]]:
        """Each corrected value passes review and changes something; its findings."""
        reviewed: list[dict[str, str]] = []
        for field, value in values.items():
            if field not in PROFILE_FIELDS:
                _refuse(f"unknown profile field {field!r}", "profile-field", "field")
            refuse_if_rejected(verdicts[field], field)
            if value == getattr(self, field):
                _refuse(f"the {field} is unchanged", "no-change", field, "2022-15")
            reviewed.extend({**f, "field": field} for f in _findings(verdicts[field]))
        return reviewed

    def submit_correction(
        self, values: dict[str, str], verdicts: dict[str, Verdict], *, act: Act
    ) -> None:
        """The operator submits the corrected values; they wait for a reviewer (R3, R6)."""
        status = self._decide("submit_correction", act)
        assert self.rectification is not None  # the rectifying state guarantees it
        corrections.check_submission(self.rectification, act.occurred_at)
        if not values:
            _refuse("a correction names at least one value", "correction", "account", "2022-15")
        self._check_corrections(values, verdicts)
        findings = [f for field in values for f in _findings(verdicts[field])]
        self._submit_correction(act, status, values, findings)

    @event("CorrectionSubmitted", topic=_topic("CorrectionSubmitted"))
    def _submit_correction(
        self, act: Act, status: str, values: dict[str, str], findings: list[dict[str, str]]
    ) -> None:
        self._enter(act, status)
        assert self.rectification is not None
        self.rectification = corrections.submitted(
            self.rectification, values, findings, act.actor_id, act.occurred_at
        )

    def approve_correction(
        self, verdicts: dict[str, Verdict], rules: LedgerRules = DEFAULT_RULES, *, act: Act
    ) -> None:
        """A reviewer approves the operator's correction, reviewed again now: the order's
        outcome, `Rectified`, restores service (R3, R6), with the findings it was approved
        over; not while the account's own field's mark has lapsed (R5)."""
        from accountledger.domain import qualifications as quals

        status = self._decide("approve_correction", act)
        quals.check_not_lapsed(self.details, self.qualifications, rules, act.occurred_at)
        values = corrections.pending(self.rectification)
        reviewed = self._check_corrections(values, verdicts)
        self._rectify(act, status, values, reviewed=reviewed or None)

    def reject_correction(self, *, act: Act) -> None:
        """A reviewer rejects the operator's correction; the order stays open (R6)."""
        status = self._decide("reject_correction", act)
        corrections.pending(self.rectification)
        if not act.reason.strip():
            _refuse("a rejection needs a reason", "reasons", "reason", "2022-15")
        self._reject_correction(act, status)

    @event("CorrectionRejected", topic=_topic("CorrectionRejected"))
    def _reject_correction(self, act: Act, status: str) -> None:
        self._enter(act, status)
        assert self.rectification is not None
        self.rectification = corrections.without(self.rectification)

    @event("Rectified", topic=_topic("Rectified"))
    def _rectify(
        self,
        act: Act,
        status: str,
        corrections: dict[str, str],
        reviewed: list[dict[str, str]] | None = None,
    ) -> None:
        self._enter(act, status)
        for field, value in corrections.items():
            self._set_profile(field, value)
        self.rectification = None

    def miss_rectification_deadline(self, *, act: Act) -> None:
        """Refusal to correct terminates service (R6)."""
        status = self._decide("miss_rectification_deadline", act)
        assert self.rectification is not None  # the rectifying state guarantees it
        if corrections.awaiting(self.rectification):
            _refuse(
                "a correction submitted in time awaits review",
                "correction-pending",
                "account",
                "2022-15",
            )
        deadline: datetime = self.rectification["deadline"]
        if act.occurred_at < deadline:
            _refuse(
                f"the deadline {deadline.isoformat()} has not passed",
                "deadline-not-passed",
                "occurred_at",
                "2022-15",
            )
        self._miss_rectification_deadline(act, status)

    @event("RectificationDeadlineMissed", topic=_topic("RectificationDeadlineMissed"))
    def _miss_rectification_deadline(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.name_barred = True
        self.rectification = None

    # ------------------------------------------------------------ transfers (R9)

    def apply_transfer(self, transferee: SubjectRef, *, act: Act) -> None:
        status = self._decide("apply_transfer", act)
        if self.transfer is not None:
            _refuse("a transfer application is already open", "one-open-transfer", "account")
        if transferee.ref == self.subject_ref:
            _refuse("the transferee already holds the account", "transferee", "transferee")
        self._apply_transfer(act, status, transferee.kind, transferee.ref, transferee.sealed)

    @event("TransferApplied", topic=_topic("TransferApplied"))
    def _apply_transfer(
        self, act: Act, status: str, transferee_kind: str, transferee_ref: str, sealed: str
    ) -> None:
        self._enter(act, status)
        self.transfer = {
            "kind": transferee_kind,
            "ref": transferee_ref,
            "sealed": sealed,
            "verified": False,
        }

    def _open_transfer(self) -> dict[str, Any]:
        if self.transfer is None:
            _refuse("no transfer application is open", "open-transfer", "account", "2021-11")
        assert self.transfer is not None
        return self.transfer

    def verify_transferee(self, credentials: dict[str, str] | None = None, *, act: Act) -> None:
        """The transferee passed the checks of a new registrant (R9): identity, blacklist
        and limit (checked by the caller), and the qualifications of the account's field."""
        status = self._decide("verify_transferee", act)
        if self._open_transfer()["verified"]:
            _refuse("the transferee is already verified", "no-change", "account")
        given = credentials or {}
        for field, qualification in sorted(self.qualifications.items()):
            if qualification.get("status") == "verified" and not given.get(field, "").strip():
                _refuse(
                    f"the account carries the {field} mark: the transferee must show a "
                    f"{field} qualification",
                    "transferee-qualification",
                    "credentials",
                    "2021-9",
                )
        self._verify_transferee(act, status, given)

    @event("TransfereeVerified", topic=_topic("TransfereeVerified"))
    def _verify_transferee(self, act: Act, status: str, credentials: dict[str, str]) -> None:
        self._enter(act, status)
        assert self.transfer is not None
        self.transfer = {**self.transfer, "verified": True, "credentials": credentials}

    def approve_transfer(self, *, act: Act) -> None:
        """The change of subject takes effect and is made public (R9)."""
        status = self._decide("approve_transfer", act)
        transfer = self._open_transfer()
        if not transfer["verified"]:
            _refuse(
                "the transferee has not been verified as a new registrant",
                "transferee-verified",
                "account",
                "2021-11",
            )
        self._approve_transfer(act, status, self.subject_ref, transfer["ref"])

    @event("TransferApproved", topic=_topic("TransferApproved"))
    def _approve_transfer(
        self, act: Act, status: str, previous_subject_ref: str, subject_ref: str
    ) -> None:
        self._enter(act, status)
        assert self.transfer is not None
        self.subject_kind = self.transfer["kind"]
        self.subject_ref = subject_ref
        self.sealed_identity = self.transfer["sealed"]
        for field, credential in self.transfer.get("credentials", {}).items():
            if field in self.qualifications:
                self.qualifications[field] = {
                    **self.qualifications[field],
                    "credential": credential,
                }
        self.transfer = None

    def reject_transfer(self, *, act: Act) -> None:
        status = self._decide("reject_transfer", act)
        self._open_transfer()
        self._reject_transfer(act, status)

    @event("TransferRejected", topic=_topic("TransferRejected"))
    def _reject_transfer(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.transfer = None

    def find_unapproved_transfer(self, *, act: Act) -> None:
        """A transfer without approval: service suspended at once (R9)."""
        status = self._decide("find_unapproved_transfer", act)
        self._find_unapproved_transfer(act, status)

    @event("UnapprovedTransferFound", topic=_topic("UnapprovedTransferFound"))
    def _find_unapproved_transfer(self, act: Act, status: str) -> None:
        self._enter(act, status)

    # ---------------------------------------------------- own requests (R10)

    def request_suspension(self, *, act: Act) -> None:
        status = self._decide("request_suspension", act)
        self._request_suspension(act, status)

    @event("SuspensionRequested", topic=_topic("SuspensionRequested"))
    def _request_suspension(self, act: Act, status: str) -> None:
        self._enter(act, status)

    def request_reinstatement(self, cause: str | None, *, act: Act) -> None:
        """The operator asks to end the suspension it asked for (R10; 2021 Art 11 ¶3);
        `cause` is the event that began the suspension, read from the history."""
        status = self._decide("request_reinstatement", act)
        reinstatement.check_own(cause)
        reinstatement.check_pending(self.reinstatement_pending, wanted=False)
        self._request_reinstatement(act, status)

    @property
    def reinstatement_pending(self) -> bool:
        return reinstatement.is_pending(self.reinstatement_request, self.status, self.status_since)

    @event("ReinstatementRequested", topic=_topic("ReinstatementRequested"))
    def _request_reinstatement(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.reinstatement_request = {"requested_at": act.occurred_at, "by": act.actor_id}

    def grant_reinstatement(self, *, act: Act) -> None:
        """A moderator grants the operator's request: service restored (R10)."""
        status = self._decide("grant_reinstatement", act)
        reinstatement.check_pending(self.reinstatement_pending, wanted=True)
        self._grant_reinstatement(act, status)

    @event("ReinstatementGranted", topic=_topic("ReinstatementGranted"))
    def _grant_reinstatement(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.suspended_until = None
        self.reinstatement_request = None

    def refuse_reinstatement(self, *, act: Act) -> None:
        """A moderator refuses the operator's request, with reasons (R10)."""
        status = self._decide("refuse_reinstatement", act)
        reinstatement.check_pending(self.reinstatement_pending, wanted=True)
        if not act.reason.strip():
            _refuse("a refusal needs a reason", "reasons", "reason", "2021-11")
        self._refuse_reinstatement(act, status)

    @event("ReinstatementRefused", topic=_topic("ReinstatementRefused"))
    def _refuse_reinstatement(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.reinstatement_request = None

    def request_termination(
        self, held_for: Sequence[str] = (), rules: LedgerRules = DEFAULT_RULES, *, act: Act
    ) -> None:
        """The operator ends its own account (R10). `held_for` names what still binds it
        (measures in force, an open rectification, open complaints): ending the account
        is no way out of them, so its name stays barred as if closed (rule
        `termination_name_hold`), and closure, deregistration and blacklisting remain
        open to the platform (R4, R12)."""
        status = self._decide("request_termination", act)
        held = list(held_for)
        name_held = bool(held) and rules.termination_name_hold == "barred"
        self._request_termination(act, status, held, name_held)

    @event("TerminationRequested", topic=_topic("TerminationRequested"))
    def _request_termination(
        self, act: Act, status: str, held_for: list[str] | None = None, name_held: bool = False
    ) -> None:
        # A termination recorded before `held_for` existed held nothing.
        self._enter(act, status)
        if name_held:
            self.name_barred = True

    # ------------------------------------------------- disposal measures (R12)

    def warn(self, *, act: Act) -> None:
        status = self._decide("warn", act)
        self._warn(act, status)

    @event("Warned", topic=_topic("Warned"))
    def _warn(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.warnings += 1

    def _check_until(self, until: datetime | None, act: Act) -> None:
        if until is not None and until <= act.occurred_at:
            _refuse("an expiry must be after the measure", "expiry", "until", "2021-19")

    def restrict(
        self,
        functions: list[str],
        until: datetime | None,
        rules: LedgerRules = DEFAULT_RULES,
        *,
        act: Act,
    ) -> None:
        """Restrict some functions, optionally until a time kept in the event."""
        status = self._decide("restrict", act)
        if not functions:
            _refuse("name at least one function to restrict", "functions", "functions")
        for function in functions:
            if function not in rules.restrictable_functions:
                _refuse(
                    f"unknown function {function!r}; one of "
                    f"{', '.join(rules.restrictable_functions)}",
                    "functions",
                    "functions",
                )
        self._check_until(until, act)
        self._restrict(act, status, functions, until)

    @event("FunctionsRestricted", topic=_topic("FunctionsRestricted"))
    def _restrict(
        self, act: Act, status: str, functions: list[str], until: datetime | None
    ) -> None:
        self._enter(act, status)
        for function in functions:
            self.restrictions[function] = until

    def lift_restriction(self, functions: list[str], *, act: Act) -> None:
        status = self._decide("lift_restriction", act)
        lifted = functions or list(self.restrictions)
        for function in lifted:
            if function not in self.restrictions:
                _refuse(f"{function!r} is not restricted", "not-restricted", "functions")
        if not lifted:
            _refuse("no function is restricted", "not-restricted", "functions")
        self._lift_restriction(act, status, lifted)

    @event("RestrictionLifted", topic=_topic("RestrictionLifted"))
    def _lift_restriction(self, act: Act, status: str, functions: list[str]) -> None:
        self._enter(act, status)
        for function in functions:
            self.restrictions.pop(function, None)

    def suspend_updates(self, *, act: Act) -> None:
        status = self._decide("suspend_updates", act)
        if self.updates_suspended:
            _refuse("updates are already suspended", "no-change", "account")
        self._suspend_updates(act, status)

    @event("UpdatesSuspended", topic=_topic("UpdatesSuspended"))
    def _suspend_updates(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.updates_suspended = True

    def resume_updates(self, *, act: Act) -> None:
        status = self._decide("resume_updates", act)
        if not self.updates_suspended:
            _refuse("updates are not suspended", "no-change", "account")
        self._resume_updates(act, status)

    @event("UpdatesResumed", topic=_topic("UpdatesResumed"))
    def _resume_updates(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.updates_suspended = False

    def cease_ads(self, *, act: Act) -> None:
        status = self._decide("cease_ads", act)
        if self.ads_ceased:
            _refuse("advertising has already ceased", "no-change", "account")
        self._cease_ads(act, status)

    @event("AdvertisingCeased", topic=_topic("AdvertisingCeased"))
    def _cease_ads(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.ads_ceased = True

    def restore_ads(self, *, act: Act) -> None:
        status = self._decide("restore_ads", act)
        if not self.ads_ceased:
            _refuse("advertising has not ceased", "no-change", "account")
        self._restore_ads(act, status)

    @event("AdvertisingRestored", topic=_topic("AdvertisingRestored"))
    def _restore_ads(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.ads_ceased = False

    def suspend(self, until: datetime | None, *, act: Act) -> None:
        """Suspend use of the account, optionally until a time kept in the event."""
        status = self._decide("suspend", act)
        self._check_until(until, act)
        self._suspend(act, status, until)

    @event("Suspended", topic=_topic("Suspended"))
    def _suspend(self, act: Act, status: str, until: datetime | None) -> None:
        self._enter(act, status)
        self.suspended_until = until

    def reinstate(self, rules: LedgerRules = DEFAULT_RULES, *, act: Act) -> None:
        """Back in service; not while the account's own field's mark has lapsed (R5)."""
        from accountledger.domain import qualifications as quals

        status = self._decide("reinstate", act)
        quals.check_not_lapsed(self.details, self.qualifications, rules, act.occurred_at)
        self._reinstate(act, status)

    @event("Reinstated", topic=_topic("Reinstated"))
    def _reinstate(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.suspended_until = None

    def close(self, *, act: Act) -> None:
        """Closed under law or agreement: the name is never registered again (R4)."""
        status = self._decide("close", act)
        self._close(act, status)

    @event("Closed", topic=_topic("Closed"))
    def _close(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.name_barred = True  # closed under law or agreement (R4)

    def deregister(self, *, act: Act) -> None:
        status = self._decide("deregister", act)
        self._deregister(act, status)

    @event("Deregistered", topic=_topic("Deregistered"))
    def _deregister(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.name_barred = True

    def blacklist(self, *, act: Act) -> None:
        """Blacklisted: the subject may not register again (R4)."""
        status = self._decide("blacklist", act)
        self._blacklist(act, status)

    @event("Blacklisted", topic=_topic("Blacklisted"))
    def _blacklist(self, act: Act, status: str) -> None:
        self._enter(act, status)
        self.name_barred = True

    # --------------------------------------------------------- appeals (R15)

    def reverse_measure(
        self,
        measure: TakenMeasure,
        appeal_id: str,
        outcome: str,
        until: datetime | None = None,
        *,
        act: Act,
    ) -> None:
        """Undo what an overturned measure did, or shorten a varied one, by a new event."""
        from accountledger.domain.authority import authorise
        from accountledger.domain.lifecycle import target

        if not act.reason.strip():
            _refuse("a reversal states the appeal's reasons", "reasons", "reason", "2021-20")
        effects = reversal_effects(self, measure, outcome, until)
        wanted = effects.pop("status")
        status = target(self.id, self.status, "reverse_measure", to=wanted)
        authorise("reverse_measure", act)
        self._reverse_measure(act, status, measure.version, appeal_id, outcome, effects)

    @event("MeasureReversed", topic=_topic("MeasureReversed"))
    def _reverse_measure(
        self,
        act: Act,
        status: str,
        record_version: int,
        appeal_id: str,
        outcome: str,
        effects: dict[str, Any],
    ) -> None:
        self._enter(act, status)
        # Overturned or varied, the measure no longer counts for credit (R11).
        if str(record_version) in self.credit_measures:
            self.credit_measures[str(record_version)]["standing"] = False
        self.warnings -= effects.get("warnings_withdrawn", 0)
        for function in effects.get("lift_functions", []):
            self.restrictions.pop(function, None)
        for function in effects.get("restrict_functions", []):
            self.restrictions[function] = effects["until"]
        if effects.get("updates_resumed"):
            self.updates_suspended = False
        if effects.get("ads_restored"):
            self.ads_ceased = False
        if "suspended_until" in effects:
            self.suspended_until = effects["suspended_until"]
        if effects.get("rectification_cleared"):
            self.rectification = None
        if effects.get("name_unbarred"):
            self.name_barred = False

    # ------------------------------------------------- credit and activity

    def change_credit_tier(
        self, tier: str, rules: LedgerRules = DEFAULT_RULES, *, act: Act
    ) -> None:
        """Credit tier by rating (R11)."""
        status = self._decide("change_credit_tier", act)
        if tier not in rules.credit_tiers:
            _refuse(
                f"unknown credit tier {tier!r}; one of {', '.join(rules.credit_tiers)}",
                "credit-tier",
                "tier",
                "2021-13",
            )
        if tier == self.credit_tier:
            _refuse(f"the credit tier is already {tier}", "no-change", "tier")
        self._change_credit_tier(act, status, tier, self.credit_tier)

    def lower_credit_for_case(
        self, case: str, steps: int, rules: LedgerRules = DEFAULT_RULES, *, act: Act
    ) -> None:
        """A case's measures lower the tier, once for the case (R11; 2021 Art 13)."""
        status = self._decide("change_credit_tier", act)
        if case in self.credit_cases:
            _refuse(
                f"case {case} has already lowered the credit tier",
                "credit-once-per-case",
                "case_id",
                "2021-13",
            )
        tier = rules.lower_tier(self.credit_tier, steps)
        if tier == self.credit_tier:
            _refuse(f"the credit tier is already {tier}", "no-change", "tier")
        taken = rules.tier_rank(tier) - rules.tier_rank(self.credit_tier)
        self._change_credit_tier(act, status, tier, self.credit_tier, case, taken)

    def restore_credit_for_case(
        self, case: str, rules: LedgerRules = DEFAULT_RULES, *, act: Act
    ) -> None:
        """Give back the tiers a case took, once none of its measures stands (R11, R15).

        Recorded even when the tier cannot rise (a moderator raised it since), so the
        case no longer holds a lowering.
        """
        status = self._decide("change_credit_tier", act)
        if case not in self.credit_cases:
            _refuse(
                f"case {case} holds no lowering of the credit tier",
                "credit-case",
                "case_id",
                "2021-13",
            )
        tier = rules.lower_tier(self.credit_tier, -self.credit_cases[case])
        given = rules.tier_rank(tier) - rules.tier_rank(self.credit_tier)
        self._change_credit_tier(act, status, tier, self.credit_tier, case, given)

    @event("CreditTierChanged", topic=_topic("CreditTierChanged"))
    def _change_credit_tier(
        self, act: Act, status: str, tier: str, previous: str, case: str = "", steps: int = 0
    ) -> None:
        # `case` and `steps` came with per-case credit: an earlier event has neither and
        # stays what it was, a change of the tier. `steps` > 0: the tiers the case took;
        # otherwise the case's lowering is given back.
        self._enter(act, status)
        self.credit_tier = tier
        if case and steps > 0:
            self.credit_cases[case] = steps
        elif case:
            self.credit_cases.pop(case, None)

    def record_activity(self, kind: str, *, act: Act) -> None:
        """A login or use, which keeps the account out of inactivity (R8)."""
        status = self._decide("record_activity", act)
        self._record_activity(act, status, kind)

    @event("ActivityRecorded", topic=_topic("ActivityRecorded"))
    def _record_activity(self, act: Act, status: str, kind: str) -> None:
        self._enter(act, status)
        self.last_activity_at = act.occurred_at

    def record_ip_attribution(self, place: str, *, act: Act) -> None:
        """The place the platform attributes the account's IP address to, shown on its
        public page (2022 Art 12): a province at home, a country or region abroad."""
        from accountledger.domain.ip_attribution import attributed_place

        status = self._decide("record_ip_attribution", act)
        place = attributed_place(place)
        if place == self.ip_attribution:
            _refuse(f"the IP attribution is already {place}", "no-change", "place", "2022-12")
        self._record_ip_attribution(act, status, place)

    @event("IpAttributionRecorded", topic=_topic("IpAttributionRecorded"))
    def _record_ip_attribution(self, act: Act, status: str, place: str) -> None:
        self._enter(act, status)
        self.ip_attribution = place


def reversal_effects(
    account: Account, measure: TakenMeasure, outcome: str, until: datetime | None
) -> dict[str, Any]:
    """What reversing `measure` changes on `account` now, and the status it restores.

    The catalogue row of the measure says what it undoes (R15).
    """
    from accountledger.domain.lifecycle import LIVE
    from accountledger.domain.measures import ROW_BY_EVENT, Measure, Undo

    row = ROW_BY_EVENT[measure.kind]
    if outcome not in ("overturned", "varied"):
        _refuse(
            "an appeal reverses a measure only when overturned or varied",
            "outcome",
            "outcome",
            "2021-20",
        )
    if outcome == "varied" and (not row.variable or until is None):
        _refuse(
            "only a restriction or a suspension can be varied, to a new expiry",
            "variation",
            "until",
            "2021-20",
        )
    effects: dict[str, Any] = {"status": account.status}
    in_force = measure.in_force and account.status == measure.status_after
    if row.undoes is Undo.STATUS and outcome == "overturned" and in_force:
        effects["status"] = measure.status_before
        effects["name_unbarred"] = account.name_barred and measure.status_before in LIVE
        effects["rectification_cleared"] = row.measure is Measure.ORDER_TO_CORRECT
        if row.measure is Measure.SUSPENSION:
            effects["suspended_until"] = None
    elif row.undoes is Undo.STATUS and row.variable and in_force:
        effects["suspended_until"] = until
    elif row.undoes is Undo.WARNING:
        effects["warnings_withdrawn"] = 1 if account.warnings else 0
    elif row.undoes is Undo.FUNCTIONS:
        still = [f for f in measure.functions if f in account.restrictions]
        key = "lift_functions" if outcome == "overturned" else "restrict_functions"
        effects.update({key: still, "until": until})
    elif row.undoes is Undo.UPDATES:
        effects["updates_resumed"] = account.updates_suspended and measure.in_force
    elif row.undoes is Undo.ADS:
        effects["ads_restored"] = account.ads_ceased and measure.in_force
    return effects
