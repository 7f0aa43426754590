"""`accountledger verify` and `checkpoint`: the proof that nobody changed the history (R16).

`checkpoint` seals what was recorded since the last one (on demand, or `--every`
seconds); `verify` walks the whole store and exits 0 only when every history and
every checkpoint holds, 6 when something was changed; with `--strict`, 7 when nothing
was found changed but events after the latest checkpoint are not yet protected (or
positions are missing from the log after it). `--read-models` also compares every read
model with a replay of the events, and `--expect-checkpoint HASH` asks that the history
still holds a checkpoint handed out before (issue 15 points 4 and 10): either failing
is exit 6.
"""

import time
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import Progress
from rich.table import Table

from accountledger.adapters import bundles, render
from accountledger.adapters.cli_app import app
from accountledger.adapters.cli_base import (
    EXIT_BROKEN,
    EXIT_UNSEALED,
    Call,
    Verdict,
    command,
    seconds,
)
from accountledger.adapters.terminal import out, progress_bar
from accountledger.application import integrity
from accountledger.application.published import published_hash
from accountledger.projections import replay_check

EXPECT_HELP = "fail unless the history holds the checkpoint with this hash (one handed out)"


@command(app, "checkpoint", render.fields, writes=False)
def checkpoint(
    call: Call,
    every: Annotated[
        float | None, typer.Option("--every", callback=seconds, help="keep sealing every N seconds")
    ] = None,
    stop_after: Annotated[
        float | None,
        typer.Option("--stop-after", callback=seconds, help="with --every: stop after N seconds"),
    ] = None,
) -> dict[str, Any]:
    """Seal every aggregate's head into one Merkle root, recorded as an event (R16)."""
    result = integrity.checkpoint(call.ledger, call.clock(), "checkpoint on demand")
    if every is None:
        return result
    started = time.monotonic()
    while stop_after is None or time.monotonic() - started + every <= stop_after:
        time.sleep(every)
        result = integrity.checkpoint(call.ledger, call.clock(), "periodic checkpoint")
    return result


def _verdict(result: dict[str, Any]) -> str:
    """Never "holds" alone while events are unprotected: a checkpoint is what shows the
    newest events of a history deleted (issue 12 point 11)."""
    if not result["holds"]:
        return "the history DOES NOT HOLD"
    unsealed, latest = result["unsealed_events"], result["latest_checkpoint"]
    if unsealed == 0:
        return "the history holds"
    if latest is None:
        return (
            f"each history's chain holds, but no checkpoint seals them yet: {unsealed} "
            "event(s) are not protected against a deletion of the newest ones"
        )
    return (
        f"the history holds up to checkpoint {latest['number']}; {unsealed} event(s) "
        "recorded since are not yet under a checkpoint"
    )


def _show(result: dict[str, Any]) -> None:
    latest = result["latest_checkpoint"]
    out.print(
        f"verify: {result['events']} events of {result['aggregates']} aggregates, "
        f"{result['checkpoints']} checkpoint(s): {_verdict(result)}",
        markup=False,
    )
    missing = result["missing_positions"]
    if missing:
        after = f"checkpoint {latest['number']}" if latest else "the start"
        shown = ", ".join(f"{a}-{b}" if a != b else str(a) for a, b in result["gaps"][:5])
        out.print(
            f"{missing} position(s) missing from the log after {after} ({shown}): events "
            "deleted since, or on PostgreSQL numbers taken by writes that were rolled back",
            markup=False,
        )
    if latest is not None:
        out.print(
            f"latest checkpoint {latest['number']} at position {latest['position']}: "
            f"root {latest['root']}, hash {latest['hash']}; "
            f"{result['unsealed_events']} event(s) recorded since",
            markup=False,
        )
    if result["findings"]:
        table = Table(title="First break per aggregate")
        for column in ("aggregate", "kind", "version", "detail"):
            table.add_column(column)
        for finding in result["findings"]:
            table.add_row(
                finding["aggregate_id"],
                finding["kind"],
                str(finding["version"] or "-"),
                finding["detail"],
            )
        out.print(table)
    if "read_models" in result:
        _show_read_models(result["read_models"])


# A terminal shows this many differences; `--json` lists them all (up to a thousand).
SHOWN = 50


def _show_read_models(checked: dict[str, Any]) -> None:
    where = f"{checked['rows']} row(s) replayed up to position {checked['position']}"
    if checked["holds"]:
        out.print(f"read models: {where}: the read models match a replay of the events")
        return
    out.print(
        f"read models: {where}: {checked['difference_count']} difference(s), the read "
        "models were changed outside the ledger (`accountledger rebuild` makes them anew)",
        markup=False,
    )
    for d in checked["differences"][:SHOWN]:
        # A key read from a changed database may hold control characters: shown escaped.
        key = d["key"] if d["key"].isprintable() else repr(d["key"])
        if d["column"] is None:
            side = "missing from the store" if d["stored"] is None else "not in a replay"
            out.print(f"  {d['table']} {key}: the row is {side}", markup=False)
        else:
            out.print(
                f"  {d['table']} {key} {d['column']}: stored {d['stored']!r}, "
                f"replayed {d['replayed']!r}",
                markup=False,
            )


def _read_models(call: Call, bar: Progress, total: int) -> replay_check.ReadModelCheck:
    task = bar.add_task("replaying", total=total)
    projection = call.projection()
    try:
        return replay_check.compare(
            projection.view, call.ledger, lambda at, _: bar.update(task, completed=at)
        )
    finally:
        projection.view.close()


@command(app, "verify", _show, writes=False)
def verify(
    call: Call,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="exit 7 also when events after the latest checkpoint are not yet sealed "
            "or positions are missing from the log after it",
        ),
    ] = False,
    read_models: Annotated[
        bool,
        typer.Option(
            "--read-models",
            help="also compare every read model with a replay of the events, row by row",
        ),
    ] = False,
    expect_checkpoint: Annotated[
        str | None, typer.Option("--expect-checkpoint", help=EXPECT_HELP)
    ] = None,
) -> dict[str, Any]:
    """Check every event against its seal and every checkpoint; exit 6 on any break (R16)."""
    expect = None if expect_checkpoint is None else published_hash(expect_checkpoint)
    ledger = call.ledger
    total = ledger.recorder.max_notification_id() or 0
    with progress_bar("{task.description}", transient=True) as bar:
        task = bar.add_task("verifying", total=total)
        step = max(total // 200, 1)

        def advance(position: int) -> None:
            if position % step == 0:
                bar.update(task, completed=position)

        result = integrity.verify(ledger, advance, expect)
        checked = _read_models(call, bar, total) if read_models else None
    found = result.as_dict()
    if checked is not None:
        found["read_models"] = checked.as_dict()
    if not result.holds or (checked is not None and not checked.holds):
        code = EXIT_BROKEN
    elif strict and not result.holds_strictly:
        code = EXIT_UNSEALED
    else:
        code = 0
    return Verdict(found, code)


def _show_bundle(result: dict[str, Any]) -> None:
    verdict = "holds" if result["holds"] else "DOES NOT HOLD"
    checkpoint = result["checkpoint"] or {}
    out.print(
        f"verify-bundle {result['bundle']}: {result['events']} events of "
        f"{result['accounts']} account(s), tied to checkpoint {checkpoint.get('number', '?')} "
        f"(hash {checkpoint.get('hash', '?')}): the bundle {verdict}",
        markup=False,
    )
    for problem in result["problems"]:
        out.print(f"  {problem}", markup=False)


@command(app, "verify-bundle", _show_bundle, writes=False)
def verify_bundle(
    call: Call,
    bundle: Annotated[Path, typer.Argument(help="an inquiry bundle written by --bundle")],
    expect_checkpoint: Annotated[
        str | None, typer.Option("--expect-checkpoint", help=EXPECT_HELP)
    ] = None,
) -> dict[str, Any]:
    """Verify an inquiry bundle offline, without the store; exit 6 if anything changed."""
    expect = None if expect_checkpoint is None else published_hash(expect_checkpoint)
    if not bundle.is_file():
        raise ValueError(f"bundle: no such file {bundle} (rule: file-exists)")
    result = bundles.verify_bundle(bundle, expect)
    return Verdict(result.as_dict(), 0 if result.holds else EXIT_BROKEN)
