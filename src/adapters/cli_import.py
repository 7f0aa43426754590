"""`accountledger import FILE`: a platform's accounts and legacy history, from NDJSON.

Only translation: the file is read and each line validated here (`import_format.py`),
the use case is `application/imports.py`. Rejected lines go to a rejects file (one JSON
object a line: line, field, rule, article, message), written durably before the batch
they belong to is saved; on a resumed run the file keeps exactly the lines of the
batches already saved and the rest are decided again.
"""

import hashlib
import json
import os
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Annotated, Any

import typer

from accountledger.adapters import render
from accountledger.adapters.bootstrap import checked_keystore_url
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import (
    EXIT_INVALID,
    EXIT_REFUSED,
    Call,
    Refusal,
    Verdict,
    command,
)
from accountledger.adapters.import_format import read_items
from accountledger.adapters.terminal import progress_bar
from accountledger.application.imports import (
    BATCH,
    Rejected,
    Source,
    Summary,
    import_history,
    progress,
)
from accountledger.application.ledger import Ledger


def source_of(path: Path) -> Source:
    """The file known by its content (SHA-256): the same bytes are the same import."""
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return Source(path.name, digest.hexdigest())


def _lines(path: Path) -> Iterator[bytes]:
    with path.open("rb") as stream:
        yield from stream


def _count(path: Path) -> int:
    with path.open("rb") as stream:
        return sum(block.count(b"\n") for block in iter(lambda: stream.read(1 << 20), b""))


def _keep_saved(rejects: Path, position: int) -> None:
    """The rejects of batches already saved; those of a batch a crash lost are dropped,
    since its lines are decided again."""
    kept = []
    if position and rejects.exists():
        for text in rejects.read_text(encoding="utf-8").splitlines():
            try:
                if int(json.loads(text)["line"]) <= position:
                    kept.append(text + "\n")
            except (ValueError, KeyError, TypeError):
                continue  # a line torn by the crash
    partial = rejects.with_name(rejects.name + ".partial")
    partial.write_text("".join(kept), encoding="utf-8")
    partial.replace(rejects)


def _opened(path: Path) -> None:
    if not path.is_file():
        raise Refusal(
            f"file: {path} is not a readable file (rule: import-file)",
            EXIT_INVALID,
            {"field": "file", "rule": "import-file"},
        )


@command(app, "import", render.fields, writes=False)
def import_file(
    call: Call,
    file: Annotated[Path, typer.Argument(help="newline-delimited JSON, docs/import.schema.json")],
    rejects: Annotated[
        Path | None,
        typer.Option("--rejects", help="where rejected lines go (default FILE.rejects.jsonl)"),
    ] = None,
    batch: Annotated[
        int, typer.Option("--batch", min=1, max=100_000, help="lines per transaction")
    ] = BATCH,
) -> dict[str, Any]:
    """Import a platform's accounts and their legacy history (one account a line).

    Bad lines go to the rejects file with line, field, rule and article; the rest is
    imported. A rerun of the same file imports nothing twice and resumes an interrupted
    import. Exit 3 when the file has rejected lines. Run `project` afterwards."""
    _opened(file)
    checked_keystore_url(call.settings)  # never a seal beside a lost key store (R17)
    entered_by = call.entry("an import").entered_by
    source = source_of(file)
    rejects = rejects or file.with_name(file.name + ".rejects.jsonl")
    ledger = call.ledger
    run = _Written(rejects)
    zone = call.settings.rules.zone
    started = time.perf_counter()
    with progress_bar("import (lines)", "events/s") as bar:
        task = bar.add_task("import", total=_count(file), rate=0.0)

        def saved(summary: Summary) -> None:
            rate = summary.events / max(time.perf_counter() - started, 1e-9)
            bar.update(task, completed=summary.position, rate=rate)

        summary = import_history(
            ledger,
            source,
            read_items(
                _lines(file),
                call.clock,
                zone,
                run.position(ledger, source),
                lambda line: source.stamp(entered_by, line),
            ),
            entered_by=entered_by,
            batch_size=batch,
            on_rejects=run.write,
            on_saved=saved,
        )
    elapsed = time.perf_counter() - started
    result = {
        "source": source.identity,
        "imported": summary.imported,
        "rejected": summary.rejected,
        "events": summary.events,
        "resumed_from_line": summary.resumed_from,
        "total_imported": summary.total_imported,
        "total_rejected": summary.total_rejected,
        "rejects": str(rejects),
        "seconds": round(elapsed, 3),
        "events_per_second": round(summary.events / elapsed) if elapsed else 0,
    }
    return Verdict(result, EXIT_REFUSED if summary.total_rejected else 0)


class _Written:
    """The rejects file: rewritten to the saved batches at the start, appended durably."""

    def __init__(self, path: Path) -> None:
        self.path = path

    def position(self, ledger: Ledger, source: Source) -> int:
        position = progress(ledger, source)
        _keep_saved(self.path, position)
        return position

    def write(self, rejects: list[Rejected]) -> None:
        if not rejects:
            return
        with self.path.open("a", encoding="utf-8") as stream:
            for reject in rejects:
                stream.write(json.dumps(reject.as_dict(), ensure_ascii=False) + "\n")
            stream.flush()
            os.fsync(stream.fileno())
