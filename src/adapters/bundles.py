"""Inquiry bundles: what a regulator takes away and verifies offline (R16, R18).

A bundle is a zip archive, stored uncompressed and written byte for byte the same way
every time (fixed order, times and attributes), holding:

- `manifest.json`: the inquiry it answers, the checkpoint it is tied to, each
  account's head with its Merkle audit path, and the SHA-256 of every other member;
- `checkpoint.json`: the stored checkpoint event, exactly as the store holds it;
- `events/<account id>.json`: every stored event of the account up to its sealed head;
- `disposals.json`: the disposal records of those accounts (Art 19);
- `report.json`: the inquiry report itself.

`verify_bundle` needs nothing but the file and Python's standard library (plus
`chain`, itself standard library only): it rebuilds the archive from its members and
compares bytes, checks every member's hash, every event's seal and link, each head's
path to the checkpoint's root and the checkpoint's own seal, and that the records and
the report speak of events the bundle holds. The register's records are recomputed
from the sealed events (`bundle_register.py`): the writer refuses a register they
contradict and the verifier names the record. `docs/integrity.md` says the same in prose.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from uuid import UUID

from accountledger.adapters.bundle_register import register_problems, sealed_events, windows
from accountledger.application import chain
from accountledger.application.ledger import Ledger
from accountledger.domain.checkpoints import Checkpoints

FORMAT = "accountledger-bundle/1"
_STAMP = (1980, 1, 1, 0, 0, 0)


class BundleError(ValueError):
    """A bundle that cannot be written as asked."""


class RegisterContradicted(BundleError):
    """The read models' register disagrees with the sealed events: it was changed."""


# ----------------------------------------------------------------- the archive


def canonical(value: Any) -> bytes:
    """The one JSON spelling of a member: sorted keys, two-space indent, UTF-8, newline."""
    text = json.dumps(value, sort_keys=True, indent=2, ensure_ascii=False, default=str)
    return (text + "\n").encode()


def archive(members: dict[str, bytes]) -> bytes:
    """The zip of `members`, the same bytes for the same members on any machine."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_STORED) as zipped:
        for name in sorted(members):
            info = zipfile.ZipInfo(name, date_time=_STAMP)
            info.create_system = 3
            info.external_attr = 0o644 << 16
            zipped.writestr(info, members[name])
    return buffer.getvalue()


def _row(stored: Any) -> dict[str, Any]:
    """A stored event as the bundle holds it: its state as the exact bytes, in base64."""
    return {
        "originator_id": chain.canonical_id(stored.originator_id),
        "originator_version": stored.originator_version,
        "topic": stored.topic,
        "state": base64.b64encode(bytes(stored.state)).decode(),
    }


# ------------------------------------------------------------------- writing


def _accounts(report: dict[str, Any]) -> list[str]:
    return [entry["account_id"] for entry in report["inquiry"]["accounts"]]


def write_bundle(ledger: Ledger, report: dict[str, Any], path: Path) -> dict[str, Any]:
    """Write the bundle of an inquiry report, tied to the latest checkpoint."""
    checkpoints = ledger.find(Checkpoints.ID, fresh=True)
    if checkpoints is None or not checkpoints.number:
        raise BundleError("bundle: no checkpoint sealed yet (rule: bundle-needs-checkpoint)")
    heads: chain.Heads = {k: (v[0], v[1]) for k, v in checkpoints.heads.items()}
    stored_checkpoint = ledger.recorder.select_events(
        Checkpoints.ID, gt=checkpoints.version - 1, lte=checkpoints.version
    )[0]
    members: dict[str, bytes] = {}
    accounts: dict[str, Any] = {}
    for account in _accounts(report):
        version, head = heads[account]
        rows = ledger.recorder.select_events(UUID(account), lte=version)
        members[f"events/{account}.json"] = canonical([_row(r) for r in rows])
        accounts[account] = {
            "head": [version, head],
            "audit_path": [list(step) for step in chain.audit_path(heads, account)],
        }
    records = [r for entry in report["inquiry"]["accounts"] for r in entry["disposals"]]
    members["checkpoint.json"] = canonical(_row(stored_checkpoint))
    members["disposals.json"] = canonical(records)
    members["report.json"] = canonical(report)
    inquiry = {k: v for k, v in report["inquiry"].items() if k != "accounts"}
    manifest = {
        "format": FORMAT,
        "inquiry": inquiry,
        "checkpoint": {
            "number": checkpoints.number,
            "position": checkpoints.position,
            "root": checkpoints.root,
            "hash": chain.unwrap(stored_checkpoint.state).hash,
        },
        "accounts": accounts,
        "files": {name: hashlib.sha256(data).hexdigest() for name, data in members.items()},
    }
    members["manifest.json"] = canonical(manifest)
    _refuse_a_contradicted_register(members, report)
    # Written beside, then renamed: a reader never sees half a bundle.
    partial = path.with_name(path.name + ".partial")
    partial.write_bytes(archive(members))
    partial.replace(path)
    return {"file": str(path), "accounts": len(accounts), "checkpoint": manifest["checkpoint"]}


def _register_problems(members: dict[str, bytes], report: dict[str, Any]) -> list[str]:
    events = {
        name.removeprefix("events/").removesuffix(".json"): json.loads(data)
        for name, data in members.items()
        if name.startswith("events/")
    }
    records = json.loads(members["disposals.json"])
    return register_problems(records, sealed_events(events), windows(report))


def _refuse_a_contradicted_register(members: dict[str, bytes], report: dict[str, Any]) -> None:
    """Never export a register the events it travels with contradict (issue 15 point 4):
    a row edited or deleted in the database is named, and nothing is written."""
    problems = _register_problems(members, report)
    if problems:
        raise RegisterContradicted(
            f"bundle: {problems[0]} ({len(problems)} difference(s)); the read models were "
            "changed outside the ledger: see `accountledger verify --read-models`, then "
            "`accountledger rebuild` (rule: register-matches-events)"
        )


# ----------------------------------------------------------------- verifying


@dataclass
class BundleCheck:
    """What verifying a bundle found; it holds when nothing was found."""

    path: str
    checkpoint: dict[str, Any] = field(default_factory=dict)
    accounts: int = 0
    events: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def holds(self) -> bool:
        return not self.problems

    def as_dict(self) -> dict[str, Any]:
        return {
            "bundle": self.path,
            "holds": self.holds,
            "checkpoint": self.checkpoint,
            "accounts": self.accounts,
            "events": self.events,
            "problems": self.problems,
        }


def _read(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zipped:
        return {info.filename: zipped.read(info) for info in zipped.infolist()}


def verify_bundle(path: Path, expect: str | None = None) -> BundleCheck:
    """Check a bundle with nothing but itself: every byte, seal, link and path; with
    `expect`, that it is tied to that published checkpoint hash."""
    check = BundleCheck(str(path))
    data = path.read_bytes()
    try:
        members = _read(data)
        manifest = json.loads(members["manifest.json"])
        Verifier(check, members, manifest, expect).run()
    except Exception as error:  # an untrusted file: whatever breaks reading it, it fails
        check.problems.append(f"the bundle cannot be read: {type(error).__name__}: {error}")
        return check
    if archive(members) != data:
        check.problems.append("the archive is not byte for byte the one its members make")
    return check


@dataclass
class Verifier:
    check: BundleCheck
    members: dict[str, bytes]
    manifest: dict[str, Any]
    expect: str | None = None

    def problem(self, text: str) -> None:
        self.check.problems.append(text)

    def run(self) -> None:
        if self.manifest.get("format") != FORMAT:
            self.problem(f"manifest.json: format is not {FORMAT}")
        if canonical(self.manifest) != self.members["manifest.json"]:
            self.problem("manifest.json: not in the canonical JSON form")
        self._files()
        root = self._checkpoint()
        for account, sealed in self.manifest["accounts"].items():
            self._account(account, sealed, root)
        self._records()

    def _files(self) -> None:
        listed = self.manifest["files"]
        present = set(self.members) - {"manifest.json"}
        for name in sorted(present ^ set(listed)):
            self.problem(f"{name}: in the archive or the manifest, not both")
        for name in sorted(present & set(listed)):
            if hashlib.sha256(self.members[name]).hexdigest() != listed[name]:
                self.problem(f"{name}: its SHA-256 differs from the manifest's")

    def _sealed_row(self, row: dict[str, Any], prev: str | None) -> tuple[chain.Seal, str]:
        """The seal of a bundled event, checked; `prev` None skips the link check."""
        where = f"{row['originator_id']} version {row['originator_version']}"
        seal = chain.unwrap(base64.b64decode(row["state"], validate=True))
        own = chain.event_hash(
            row["originator_id"], row["originator_version"], row["topic"], seal.prev, seal.inner
        )
        if own != seal.hash:
            self.problem(f"{where}: does not match its seal")
        if prev is not None and seal.prev != prev:
            self.problem(f"{where}: not chained to the version before it")
        return seal, own

    def _checkpoint(self) -> str:
        said = self.manifest["checkpoint"]
        row = json.loads(self.members["checkpoint.json"])
        seal, own = self._sealed_row(row, None)
        body = json.loads(seal.inner)
        if own != said["hash"]:
            self.problem("checkpoint.json: its hash is not the checkpoint the manifest names")
        if self.expect is not None and own != self.expect:
            self.problem(
                f"checkpoint.json: the bundle is tied to checkpoint {own}, not to the "
                f"published checkpoint {self.expect}"
            )
        for key in ("number", "position", "root"):
            if body.get(key) != said.get(key):
                self.problem(f"checkpoint.json: its {key} differs from the manifest's")
        self.check.checkpoint = said
        return str(body["root"])

    def _account(self, account: str, sealed: dict[str, Any], root: str) -> None:
        rows = json.loads(self.members[f"events/{account}.json"])
        prev = chain.GENESIS
        for expected, row in enumerate(rows, start=1):
            if row["originator_id"] != account or row["originator_version"] != expected:
                self.problem(f"events/{account}.json: version {expected} is not where it belongs")
            _, prev = self._sealed_row(row, prev)
        version, head = sealed["head"]
        if len(rows) != version or prev != head:
            self.problem(f"{account}: the events do not end at the head the checkpoint sealed")
        leaf = chain.leaf(account, version, head)
        if chain.root_from_path(leaf, sealed["audit_path"]) != root:
            self.problem(f"{account}: its head does not lead to the checkpoint's root")
        self.check.accounts += 1
        self.check.events += len(rows)

    def _topics(self) -> dict[tuple[str, int], str]:
        topics = {}
        for account in self.manifest["accounts"]:
            for row in json.loads(self.members[f"events/{account}.json"]):
                topics[(account, row["originator_version"])] = row["topic"]
        return topics

    def _records(self) -> None:
        """The register's records are what the sealed events say, and the report speaks
        of events this bundle holds and carries the same register."""
        topics = self._topics()
        whole = json.loads(self.members["report.json"])
        for problem in _register_problems(self.members, whole):
            self.problem(problem)
        report = whole["inquiry"]
        carried = [record for entry in report["accounts"] for record in entry["disposals"]]
        if carried != json.loads(self.members["disposals.json"]):
            self.problem("report.json: its disposal records are not disposals.json's")
        said = {k: v for k, v in report.items() if k != "accounts"}
        if said != self.manifest["inquiry"]:
            self.problem("report.json: another inquiry than the manifest's")
        for entry in report["accounts"]:
            for event in entry["events"]:
                topic = topics.get((entry["account_id"], event["version"]), "")
                if not topic.endswith("." + event["event"]):
                    self.problem(
                        f"report.json: {entry['account_id']} version {event['version']} is not "
                        f"the bundled {event['event']} event"
                    )
