"""`accountledger import FILE` (issue 16): exact rejects, a rerun that imports nothing
twice, and imported accounts in the read models. On SQLite and PostgreSQL."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest

from accountledger.adapters import cli_import
from accountledger.adapters.bootstrap import Settings
from accountledger.adapters.cli_import import source_of
from tests.adapters.cli_runner import Run, as_json, cli_at_now

FIXTURE = Path(__file__).parents[1] / "fixtures" / "import" / "legacy.jsonl"

# Every bad line of the fixture, with the field and rule (and article) that refuse it.
EXPECTED = [
    (2, "line", "json_invalid", ""),  # not JSON
    (3, "registration.identity_number", "value_error", ""),  # wrong check digit
    (5, "registration.identity_number", "number-characters", "2021-8"),  # 一 is no digit
    (6, "registration.at", "time-range", "2021-19"),  # 1899
    (7, "registration.at", "future-time", "2021-19"),  # after the recording clock
    (8, "history.1.reason", "measure-grounds", "2021-19"),  # a warning without reason
    (9, "history.1.command", "lifecycle", ""),  # reinstating an active account
    (10, "history.0", "union_tag_invalid", ""),  # no such command
    (11, "registration.name", "unique-name", ""),  # the name of line 1's live account
    (13, "history.1.basis", "value_error", ""),  # no such article
    (15, "registration.colour", "extra_forbidden", ""),  # a field the format has not
    (16, "history.0.at", "history-order", ""),  # verified before it was registered
]
GOOD = (1, 4, 14, 17)  # line 12 is blank: no account


@pytest.fixture
def run(store: Settings, monkeypatch: pytest.MonkeyPatch) -> Run:
    return cli_at_now(store, monkeypatch)


@pytest.fixture
def legacy(tmp_path: Path) -> Path:
    return Path(shutil.copy(FIXTURE, tmp_path / "legacy.jsonl"))


def _rejects(path: Path) -> list[tuple[int, str, str, str]]:
    rows = [json.loads(text) for text in path.read_text(encoding="utf-8").splitlines()]
    return [(r["line"], r["field"], r["rule"], r.get("article", "")) for r in rows]


def test_the_rejects_are_exactly_the_bad_lines_each_with_its_rule(run: Run, legacy: Path) -> None:
    """Issue 16 acceptance: a file with known bad lines yields exactly those lines."""
    rejects = legacy.with_name("bad.jsonl")
    result = as_json(run("import", str(legacy), "--rejects", str(rejects), "--json", code=3))
    assert _rejects(rejects) == EXPECTED
    assert (result["imported"], result["rejected"]) == (len(GOOD), len(EXPECTED))


def test_a_rerun_imports_nothing_twice_and_keeps_the_rejects(run: Run, legacy: Path) -> None:
    """Re-running the same file imports nothing; the rejects file stays exact."""
    first = as_json(run("import", str(legacy), "--json", code=3))
    again = as_json(run("import", str(legacy), "--json", code=3))
    assert (again["imported"], again["rejected"], again["events"]) == (0, 0, 0)
    assert again["total_imported"] == first["imported"] == len(GOOD)
    assert _rejects(Path(first["rejects"])) == EXPECTED


def test_imported_accounts_and_measures_are_in_the_read_models(run: Run, legacy: Path) -> None:
    """R13, R16: the disposal register lists imported measures; history names the line."""
    run("import", str(legacy), "--json", code=3)
    listed = as_json(run("disposals", "--json"))
    source = source_of(legacy)
    measures = {(r["account_id"], r["measure"]) for r in listed["records"]}
    line_1, line_17 = str(source.account_id(1)), str(source.account_id(17))
    assert measures == {(line_1, "warning"), (line_17, "warning"), (line_17, "suspension")}
    events = as_json(run("history", line_17, "--json"))["events"]
    assert {e["entered_by"]["source"] for e in events} == {source.label(17)}


def test_a_file_that_is_not_there_is_one_line(run: Run, tmp_path: Path) -> None:
    """Hostile input: exit 2, naming the field and rule, never a traceback."""
    result = run("import", str(tmp_path / "missing.jsonl"), code=2)
    assert "rule: import-file" in result.output


def test_an_import_killed_before_a_batch_was_saved_resumes_exactly(
    run: Run, legacy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Killed after writing a batch's rejects but before saving the batch: the rerun
    resumes after the last saved batch, and the rejects file is exact again."""
    original = cli_import.import_history

    def killed_at_the_third_batch(*args: Any, **kwargs: Any) -> Any:
        write, calls = kwargs["on_rejects"], []

        def on_rejects(rejects: list[Any]) -> None:
            write(rejects)
            calls.append(rejects)
            if len(calls) == 3:
                raise RuntimeError("killed")

        return original(*args, **{**kwargs, "on_rejects": on_rejects})

    monkeypatch.setattr(cli_import, "import_history", killed_at_the_third_batch)
    run("import", str(legacy), "--batch", "4", "--json", code=1)
    monkeypatch.setattr(cli_import, "import_history", original)
    resumed = as_json(run("import", str(legacy), "--batch", "4", "--json", code=3))
    assert resumed["resumed_from_line"] == 8
    assert (resumed["total_imported"], resumed["total_rejected"]) == (len(GOOD), len(EXPECTED))
    assert _rejects(Path(resumed["rejects"])) == EXPECTED
