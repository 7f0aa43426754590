"""A consistent copy of both stores, and bringing it back (R16, R17; 2021 Art 19, 2022 Art 16).

The event store and the key store are one record: events without the key store are
unreadable personal information and unknown API keys; a key store beside other
history would hash every subject anew. So they are backed up and restored together.

* **Each store is copied whole and consistent**: SQLite through its online backup API
  (a snapshot even while others write), PostgreSQL with `pg_dump` (one transaction's
  snapshot; the client tools must be installed, else the backup is refused).
* **The event store first, then the key store**: a subject's key is made before the
  event that seals data under it, so every key an event of the copy needs is in the
  copy of the key store. A key destroyed between the two copies (an erasure) is missing
  from the copy, which errs on the side of the erasure.
* `manifest.json` names each part, its kind, file and SHA-256: a restore checks every
  file before it writes anything.
* A restore refuses to overwrite a store that holds anything unless `force` is given.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import sqlite3
import subprocess
from contextlib import closing
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

from sqlalchemy import create_engine, inspect
from sqlalchemy.engine import make_url

from accountledger.adapters.bootstrap import Settings, checked_keystore_url, keystore_url
from accountledger.adapters.keystore_guard import shown
from accountledger.domain.errors import InvalidInput, RuleViolation

MANIFEST = "manifest.json"
FORMAT = 1


@dataclass(frozen=True)
class Part:
    """One store of the pair: `events` or `keys`, at `url`."""

    name: str
    url: str

    @property
    def kind(self) -> str:
        driver = make_url(self.url).drivername
        if driver.startswith("sqlite") and make_url(self.url).database not in (None, ""):
            return "sqlite"
        if driver.startswith("postgresql"):
            return "postgresql"
        raise InvalidInput(
            f"the {self.name} store {shown(self.url)} is neither a SQLite file nor PostgreSQL",
            rule="backup-store",
            field="store",
        )

    @property
    def file(self) -> str:
        return f"{self.name}.{'sqlite' if self.kind == 'sqlite' else 'pgdump'}"

    @property
    def path(self) -> Path:
        return Path(str(make_url(self.url).database))

    @property
    def libpq(self) -> str:
        """The URL as `pg_dump` and `pg_restore` read it (no SQLAlchemy driver name)."""
        return make_url(self.url).set(drivername="postgresql").render_as_string(False)


def parts(settings: Settings) -> tuple[Part, Part]:
    """The event store and the key store, in the order they are copied."""
    return Part("events", settings.store), Part("keys", keystore_url(settings))


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _tool(name: str) -> str:
    found = shutil.which(name)
    if found is None:
        raise InvalidInput(
            f"{name} is not installed: PostgreSQL stores are copied with the PostgreSQL client "
            "tools (Debian: apt-get install postgresql-client)",
            rule="backup-tools",
            field="store",
        )
    return found


def _run(command: list[str]) -> None:
    done = subprocess.run(command, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        said = (done.stderr.strip().splitlines() or ["failed"])[0][:200]
        raise RuleViolation(f"{Path(command[0]).name}: {said}", rule="backup-tools")


def _copy_sqlite(source: Path, target: Path, *, into_backup: bool) -> None:
    """SQLite's online backup: a consistent snapshot even while others write.

    A backup's copy is one self-contained file (rollback journal, not WAL), so its hash
    covers everything in it; it is read back as immutable, so no `-wal` file left beside
    it can change what is restored."""
    mode = "mode=ro" if into_backup else "mode=ro&immutable=1"
    reading = sqlite3.connect(f"{source.resolve().as_uri()}?{mode}", uri=True)
    with closing(reading) as src, closing(sqlite3.connect(target)) as dst:
        src.backup(dst)
        if into_backup:
            dst.execute("PRAGMA journal_mode=DELETE")


def _back_up(part: Part, directory: Path) -> dict[str, Any]:
    target = directory / part.file
    if part.kind == "sqlite":
        if not part.path.is_file():
            raise InvalidInput(
                f"the {part.name} store {part.path} does not exist", rule="backup-store"
            )
        _copy_sqlite(part.path, target, into_backup=True)
    else:
        _run([_tool("pg_dump"), "--format=custom", f"--file={target}", part.libpq])
    return {"part": part.name, "kind": part.kind, "file": part.file, "sha256": _sha256(target)}


def back_up(settings: Settings, directory: Path, now: datetime) -> dict[str, Any]:
    """Copy both stores into `directory` (new or empty) with a manifest; the key store must
    be usable first: a backup beside a lost key store would keep the loss."""
    checked_keystore_url(settings)
    pair = parts(settings)
    for part in pair:
        _ = part.kind  # refuses a store that cannot be backed up before anything is written
    if directory.exists() and (not directory.is_dir() or any(directory.iterdir())):
        raise InvalidInput(
            f"{directory} exists and is not an empty directory", rule="backup-dir", field="dir"
        )
    directory.mkdir(parents=True, exist_ok=True)
    copied = [_back_up(part, directory) for part in pair]
    manifest = {"format": FORMAT, "created_at": now.isoformat(), "parts": copied}
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n")
    return {"backup": str(directory), **manifest}


def _manifest(directory: Path) -> list[dict[str, Any]]:
    try:
        manifest = json.loads((directory / MANIFEST).read_text())
        listed: list[dict[str, Any]] = manifest["parts"]
        assert manifest["format"] == FORMAT and {p["part"] for p in listed} == {"events", "keys"}
    except (OSError, ValueError, KeyError, TypeError, AssertionError):
        raise InvalidInput(
            f"{directory} holds no backup (a {MANIFEST} written by `accountledger backup`)",
            rule="backup-dir",
            field="dir",
        ) from None
    for item in listed:
        file = directory / Path(str(item["file"])).name
        if not file.is_file() or _sha256(file) != item["sha256"]:
            raise RuleViolation(
                f"{file} is missing or differs from the backup's manifest: not restored",
                rule="backup-damaged",
                field="dir",
            )
    return listed


def holds_anything(part: Part) -> bool:
    """Whether the store holds any table: a restore over it needs `force`."""
    if part.kind == "sqlite":
        if not part.path.exists():
            return False
        with closing(sqlite3.connect(f"{part.path.resolve().as_uri()}?mode=ro", uri=True)) as db:
            return db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is not None
    engine = create_engine(part.url)
    try:
        return bool(inspect(engine).get_table_names())
    finally:
        engine.dispose()


def _restore(part: Part, source: Path) -> None:
    if part.kind == "sqlite":
        part.path.parent.mkdir(parents=True, exist_ok=True)
        _copy_sqlite(source, part.path, into_backup=False)
        return
    command = [_tool("pg_restore"), "--no-owner", "--clean", "--if-exists", "--single-transaction"]
    _run([*command, f"--dbname={part.libpq}", str(source)])


def restore(settings: Settings, directory: Path, *, force: bool = False) -> dict[str, Any]:
    """Bring both stores back from `directory`; every check before anything is written."""
    listed = {item["part"]: item for item in _manifest(directory)}
    pair = parts(settings)
    for part in pair:
        if listed[part.name]["kind"] != part.kind:
            raise InvalidInput(
                f"the backup's {part.name} store is {listed[part.name]['kind']}, the target "
                f"{shown(part.url)} is {part.kind}",
                rule="backup-kind",
                field="store",
            )
        if not force and holds_anything(part):
            raise RuleViolation(
                f"the {part.name} store {shown(part.url)} is not empty; restoring over it "
                "replaces it: give --force to do so",
                rule="restore-overwrite",
                field="store",
            )
    for part in pair:
        _restore(part, directory / Path(str(listed[part.name]["file"])).name)
    return {"restored": str(directory), "parts": [p.name for p in pair], "force": force}
