"""The CLI meets hostile input with one line and a documented exit code, never a
traceback nor a hang (issue 15 point 7; R16 and 2021 Art 19 for times, R17 and 2022
Art 16 for the stores). A corpus of bad times, ids, paths, text and seconds, drawn by
hypothesis, is driven through the real entry point (`cli.run`, what `main` runs)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typer.testing import CliRunner

from accountledger.adapters import cli, cli_base
from tests.adapters.test_registers_cli import ID_NUMBER

NOW = datetime(2026, 3, 1, 12, 0, tzinfo=UTC)
# The refusals `cli_base` documents: 2 invalid input or usage, 3 refused by a rule, 4 not
# found, 5 a lost race, 8 no key, 9 read models stalled.
REFUSED = {2, 3, 4, 5, 8, 9}
GROUNDS = ["--reason", "rumour", "--basis", "2021-19", "--violation", "2021-18-6"]
HOSTILE = "\x1b[31m\x07\r\u202e\u200f\x00"


def _offset(minutes: int) -> timezone:
    return timezone(timedelta(minutes=minutes))


# Times: any instant of datetime's whole range with any offset up to a day (the ends of
# both overflow when converted), bare dates, and text that is not a time at all.
times = st.one_of(
    st.sampled_from(["9999-12-31T23:59:59-14:00", "0001-01-01T00:00:00+14:00", "nan", ""]),
    st.builds(
        lambda moment, minutes: moment.replace(tzinfo=_offset(minutes)).isoformat(),
        st.datetimes(),
        st.integers(min_value=-1439, max_value=1439),
    ),
    st.dates().map(lambda day: day.isoformat()),
    st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(HOSTILE), max_size=30),
)
ids = st.one_of(
    st.uuids().map(str),
    st.builds(lambda u, n: f"{u}/{n}", st.uuids(), st.integers()),
    st.text(max_size=40),
)
texts = st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from(HOSTILE), max_size=60)
# Seconds no loop may take: not a number, infinite, negative or beyond a day.
bad_seconds = st.one_of(
    st.sampled_from(["nan", "inf", "-inf", "-1", "1e309", "soon"]),
    st.floats(max_value=-1e-6).map(str),
    st.floats(min_value=86_401, allow_infinity=False).map(str),
)


@pytest.fixture(scope="module")
def place(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, str]]:
    """A store with one registered account, a clock at NOW, and bad places beside it."""
    root = tmp_path_factory.mktemp("hostile")
    (root / "junk.db").write_bytes(b"not a database at all" * 50)
    env = {
        "ACCOUNTLEDGER_STORE": f"sqlite:///{root / 'ledger.db'}",
        "ACCOUNTLEDGER_KEYSTORE": f"sqlite:///{root / 'ledger.keys.db'}",
        "ACCOUNTLEDGER_REQUIRE_KEYS": "off",
        "ACCOUNTLEDGER_KEY": None,
        "ACCOUNTLEDGER_TIME_ZONE": None,
    }
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli_base, "CLOCK", [lambda: NOW])
        code, out, _ = drive(
            env,
            *("register", "--name", "Lantern Studio", "--identity-kind", "id_card"),
            *("--identity-number", ID_NUMBER, "--nature", "individual"),
            *("--registration-place", "Hangzhou", "--operating-place", "Hangzhou"),
            *("--content-category", "design", "--actor", "svc:platform", "--json"),
        )
        assert code == 0, out
        yield {"root": str(root), "account": json.loads(out)["account_id"], **env}  # type: ignore[dict-item]


def drive(env: dict[str, str | None], *args: str) -> tuple[int, str, str]:
    """Run the CLI's entry point on `args` as a shell would: exit code, stdout, stderr."""
    runner = CliRunner()
    with runner.isolation(env=env) as (out, err, _):
        code = cli.run(list(args))
        sys.stdout.flush()
        sys.stderr.flush()
        said = out.getvalue().decode(errors="replace"), err.getvalue().decode(errors="replace")
    return code, *said


def _paths(root: str) -> st.SearchStrategy[str]:
    """Store URLs no database opens: a missing directory, a directory, a file that is
    not SQLite, no file name, no URL at all, and names drawn from text."""
    fixed = [
        f"sqlite:///{root}/missing/dir/x.db",
        f"sqlite:///{root}",
        f"sqlite:///{root}/junk.db",
        "sqlite:///",
        "bogus",
        "postgresql+psycopg://",
    ]
    drawn = st.text(alphabet="abc/.:\\ \x00é", min_size=1, max_size=20)
    return st.one_of(st.sampled_from(fixed), drawn.map(lambda name: f"sqlite:///{root}/{name}"))


Case = Callable[[dict[str, str]], st.SearchStrategy[list[str]]]


def _case(builder: Callable[..., list[str]], *parts: st.SearchStrategy[str]) -> Case:
    return lambda place: st.tuples(*parts).map(lambda drawn: builder(place, *drawn))


CASES: list[Case] = [
    _case(lambda p, t: ["show", p["account"], "--as-of", t], times),
    _case(lambda p, t: ["disposals", "--from", t], times),
    _case(lambda p, t: ["disposals", "--to", t], times),
    _case(lambda p, t: ["inquiry", p["account"], "--as-of", t], times),
    _case(lambda p, t: ["sweep", "--now", t], times),
    _case(
        lambda p, t: ["warn", p["account"], "--at", t, *GROUNDS, "--actor", "m:moderator"], times
    ),
    _case(
        lambda p, t, f: ["restrict", p["account"], "--function", f, "--until", t, *GROUNDS],
        times,
        texts,
    ),
    _case(lambda p, i: ["history", i], ids),
    _case(
        lambda p, i, t: ["appeal", "decide", i, "--outcome", t, "--actor", "c:compliance"],
        ids,
        texts,
    ),
    _case(lambda p, n: ["change-name", p["account"], "--name", n, "--actor", "o:operator"], texts),
    _case(lambda p, s: ["project", "--follow", "--interval", "0", "--stop-after", s], bad_seconds),
    _case(lambda p, s: ["project", "--interval", s], bad_seconds),
    _case(lambda p, s: ["checkpoint", "--every", s], bad_seconds),
]


def _store_case(place: dict[str, str]) -> st.SearchStrategy[list[str]]:
    where = st.sampled_from(["--store", "--keystore"])
    return st.tuples(where, _paths(place["root"])).map(
        lambda drawn: ["show", place["account"], drawn[0], drawn[1]]
    )


def _bundle_case(place: dict[str, str]) -> st.SearchStrategy[list[str]]:
    missing = st.text(alphabet="abc", min_size=1, max_size=8)
    return missing.map(lambda d: ["inquiry", place["account"], "--bundle", f"/{d}/missing/b.zip"])


@settings(max_examples=50, deadline=None, derandomize=True)
@given(data=st.data())
def test_hostile_input_is_one_line_and_a_documented_exit_code(
    place: dict[str, str], data: st.DataObject
) -> None:
    """R16 (2021 Art 19), R17 (2022 Art 16): whatever the corpus draws (times beyond
    datetime's range, odd ids, unopenable stores, missing bundle directories, hostile
    text, nan seconds), the CLI answers, and a refusal is one line with a documented
    exit code: never a traceback, never a hang."""
    cases = [*CASES, _store_case, _bundle_case]
    args = data.draw(st.sampled_from(cases).flatmap(lambda case: case(place)))
    env: dict[str, str | None] = {k: v for k, v in place.items() if k.startswith("ACCOUNTLEDGER")}
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(cli_base, "CLOCK", [lambda: NOW])
        code, out, err = drive(env, *args)
    said = out + err
    assert "Traceback" not in said, said
    if code != 0:
        lines = [line for line in said.splitlines() if line.strip()]
        assert code in REFUSED, said
        assert len(lines) == 1, said
        assert lines[0].startswith("error: ")


def test_a_follow_told_to_stop_after_nan_seconds_is_refused_at_once(
    place: dict[str, str],
) -> None:
    """R18 (2021 Art 21): `project --follow --stop-after nan` never ended; now it is
    one line, exit 2, naming the option."""
    env: dict[str, str | None] = {k: v for k, v in place.items() if k.startswith("ACCOUNTLEDGER")}
    code, out, err = drive(env, "project", "--follow", "--stop-after", "nan")
    assert code == 2
    (line,) = (out + err).strip().splitlines()
    assert "--stop-after" in line and "(rule: usage)" in line


def test_an_unopenable_store_names_the_option_and_the_rule(
    place: dict[str, str], tmp_path: Path
) -> None:
    """R17 (2022 Art 16): a key store in a missing directory, a directory, or a file that
    is not SQLite is one line naming `keystore`, rule `store-open`, exit 2; nothing is
    created there."""
    junk = Path(place["root"]) / "junk.db"
    env: dict[str, str | None] = {k: v for k, v in place.items() if k.startswith("ACCOUNTLEDGER")}
    for url in (f"sqlite:///{tmp_path}/no/such/k.db", f"sqlite:///{tmp_path}", f"sqlite:///{junk}"):
        code, out, err = drive(env, "history", place["account"], "--keystore", url)
        assert code == 2, out + err
        (line,) = (out + err).strip().splitlines()
        assert line.startswith("error: keystore:") and "(rule: store-open)" in line
    assert not (tmp_path / "no").exists()
