"""The ledger's transcoder writes the library's bytes and reads them back the same (R16).

`EventTranscoder` (`application/codec.py`) replaces the library's `JSONTranscoder` for
speed; the hash chain seals the encoded bytes, so every byte must be the library's or
earlier stores stop verifying. Compared on every event of the earlier store's fixture
and of a demo history written today (every kind of event the demo records, non-ASCII
names, dates, acts, nested details), and on drawn values (hypothesis).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta, timezone
from decimal import Decimal
from pathlib import Path
from typing import Any, TypeVar
from uuid import UUID

import pytest
from eventsourcing.persistence import (
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    MapperDeserialisationError,
    StoredEvent,
    TranscodingNotRegisteredError,
    UUIDAsHex,
)
from hypothesis import given, settings
from hypothesis import strategies as st

from accountledger.adapters import demo
from accountledger.adapters.bootstrap import Settings, open_ledger
from accountledger.application.chain import GENESIS, BrokenSeal, ChainedMapper, is_sealed, unwrap
from accountledger.application.codec import EventTranscoder, uuid_from_hex
from accountledger.application.transcodings import ActAsDict
from accountledger.domain.act import Act, Role
from accountledger.domain.entry import EnteredBy

T = TypeVar("T", bound=JSONTranscoder)
EARLIER_STORE = Path(__file__).parents[1] / "fixtures" / "store-199f8ef" / "accountledger.db"


def registered(transcoder: T) -> T:
    """The transcodings `Ledger.register_transcodings` registers, in its order."""
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), ActAsDict()):
        transcoder.register(transcoding)
    return transcoder


def library() -> JSONTranscoder:
    return registered(JSONTranscoder())


def ours() -> EventTranscoder:
    return registered(EventTranscoder())


def inner_states(rows: Iterator[tuple[str, bytes]]) -> list[tuple[str, bytes]]:
    """(topic, the bytes the transcoder wrote) of each stored event."""
    return [(topic, unwrap(state).inner if is_sealed(state) else state) for topic, state in rows]


def assert_same_both_ways(states: list[tuple[str, bytes]]) -> None:
    theirs, mine = library(), ours()
    for topic, inner in states:
        decoded = theirs.decode(inner)
        assert mine.decode(inner) == decoded, topic
        assert mine.encode(decoded) == inner, topic  # the very bytes stored
        assert theirs.encode(decoded) == inner, topic


def test_every_event_of_the_earlier_store_reads_and_writes_the_same_bytes() -> None:
    """R16: the fixture of commit 199f8ef, written by the library's transcoder."""
    with sqlite3.connect(f"file:{EARLIER_STORE}?mode=ro", uri=True) as db:
        states = inner_states(db.execute("SELECT topic, state FROM stored_events"))
        snapshots = list(db.execute("SELECT topic, state FROM stored_snapshots"))
    assert len(states) > 300
    assert_same_both_ways(states + snapshots)


@pytest.fixture(scope="module")
def demo_history(tmp_path_factory: pytest.TempPathFactory) -> list[tuple[str, bytes]]:
    where = tmp_path_factory.mktemp("codec")
    settings = Settings(store=f"sqlite:///{where / 'a.db'}", keystore=f"sqlite:///{where / 'k.db'}")
    ledger = open_ledger(settings)
    try:
        demo.run(ledger)
        stored = ledger.recorder.select_notifications(start=1, limit=1_000_000)
        return inner_states(iter([(n.topic, n.state) for n in stored]))
    finally:
        ledger.close()


def test_every_kind_of_event_a_history_records_reads_and_writes_the_same_bytes(
    demo_history: list[tuple[str, bytes]],
) -> None:
    """R16: a demo history written through today's ledger (so by `EventTranscoder`)."""
    kinds = {topic for topic, _ in demo_history}
    assert len(kinds) > 40
    assert any(b'"_type_":"act"' in inner for _, inner in demo_history)
    assert any(b'"_type_":"datetime_iso"' in inner for _, inner in demo_history)
    assert any("嘉陵江日报".encode() in inner for _, inner in demo_history)
    assert_same_both_ways(demo_history)


def test_a_ledger_uses_the_faster_transcoder(tmp_path: Path) -> None:
    ledger = open_ledger(
        Settings(store=f"sqlite:///{tmp_path / 'a.db'}", keystore=f"sqlite:///{tmp_path / 'k.db'}")
    )
    try:
        assert isinstance(ledger.mapper.transcoder, EventTranscoder)
    finally:
        ledger.close()


ENTRY = EnteredBy(key_id="k-1", os_user="运营", host="h")
acts = st.builds(
    Act,
    actor_id=st.text(max_size=8),
    actor_role=st.sampled_from(list(Role)),
    occurred_at=st.datetimes(timezones=st.just(UTC)),
    reason=st.text(max_size=20),
    basis=st.lists(st.text(max_size=6), max_size=3).map(tuple),
    violation=st.lists(st.text(max_size=6), max_size=3).map(tuple),
    evidence=st.lists(st.text(max_size=6), max_size=3).map(tuple),
    case_id=st.text(max_size=6),
    entered_by=st.sampled_from([None, ENTRY]),
)
zones = st.sampled_from([None, UTC, timezone(timedelta(hours=8)), timezone(-timedelta(hours=3))])
leaves = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text()  # every code point hypothesis draws, surrogates apart (not UTF-8)
    | st.uuids()
    | st.datetimes(timezones=zones)
    | st.decimals(allow_nan=False)
    | acts
)
values = st.recursive(
    leaves,
    lambda inner: (
        st.lists(inner, max_size=4)
        | st.dictionaries(
            st.text(max_size=6) | st.sampled_from(["_type_", "_data_"]), inner, max_size=4
        )
    ),
    max_leaves=12,
)


@settings(max_examples=300, deadline=None)
@given(values)
def test_any_value_encodes_to_the_librarys_bytes_and_decodes_the_same(value: Any) -> None:
    theirs, mine = library(), ours()
    encoded = theirs.encode({"value": value})
    assert mine.encode({"value": value}) == encoded
    try:
        expected = theirs.decode(encoded)
    except (
        TranscodingNotRegisteredError,
        ValueError,
        TypeError,
        KeyError,
        AssertionError,
    ) as error:
        with pytest.raises(type(error)):
            mine.decode(encoded)
        return
    assert mine.decode(encoded) == expected


@pytest.mark.parametrize(
    "text",
    [
        "0" * 32,
        "f" * 32,
        "ABCDEF0123456789abcdef0123456789",
        "12345678-1234-5678-1234-567812345678",
    ],
)
def test_a_uuid_read_fast_is_the_uuid(text: str) -> None:
    assert uuid_from_hex(text) == UUID(text)
    assert str(uuid_from_hex(text)) == str(UUID(text))
    assert hash(uuid_from_hex(text)) == hash(UUID(text))


@pytest.mark.parametrize(
    "text", ["g" * 32, "-" + "1" * 31, "1" * 31, " " + "1" * 31, "", "1_" * 16]
)
def test_odd_text_reads_as_the_library_reads_it(text: str) -> None:
    try:
        expected = UUID(text)
    except ValueError:
        with pytest.raises(ValueError):
            uuid_from_hex(text)
    else:
        assert uuid_from_hex(text) == expected


def test_an_act_decoded_fast_equals_the_librarys() -> None:
    act = Act(
        "运营-1",
        Role.MODERATOR,
        datetime(2026, 1, 2, 3, 4, 5, 6, UTC),
        "理由",
        ("2021-19",),
        ("v",),
        ("e://1",),
        "c-1",
        ENTRY,
    )
    theirs, mine = library(), ours()
    encoded = theirs.encode({"act": act, "d": Decimal("1.50")})
    assert mine.encode({"act": act, "d": Decimal("1.50")}) == encoded
    decoded = mine.decode(encoded)
    assert decoded == theirs.decode(encoded) == {"act": act, "d": Decimal("1.50")}
    assert type(decoded["act"].actor_role) is Role
    with pytest.raises(ValueError):
        mine.decode(encoded.replace(b'"moderator"', b'"nobody"'))
    with pytest.raises(TranscodingNotRegisteredError):
        mine.decode(b'{"_type_":"nothing","_data_":1}')


def test_a_transcoding_registered_over_a_fast_one_wins() -> None:
    class Other(ActAsDict):
        def decode(self, data: dict[str, Any]) -> Act:
            return replace_reason(super().decode(data))

    def replace_reason(act: Act) -> Act:
        return Act(act.actor_id, act.actor_role, act.occurred_at, "other")

    mine = ours()
    mine.register(Other())
    act = Act("a", Role.SYSTEM, datetime(2026, 1, 1, tzinfo=UTC), "why")
    assert mine.decode(mine.encode(act)).reason == "other"


@pytest.mark.parametrize(
    "text", [b' {"a":1}', b'{"a":1} ', b'{"a":1}x', b"", b"[1,", b"nan", b'"\xc3\xa9"']
)
def test_text_the_scanner_does_not_take_whole_reads_as_the_library_reads_it(text: bytes) -> None:
    theirs, mine = library(), ours()
    try:
        expected = theirs.decode(text)
    except ValueError as error:
        with pytest.raises(type(error)):
            mine.decode(text)
    else:
        assert mine.decode(text) == expected


def stored_events() -> list[StoredEvent]:
    with sqlite3.connect(f"file:{EARLIER_STORE}?mode=ro", uri=True) as db:
        rows = db.execute(
            "SELECT originator_id, originator_version, topic, state FROM stored_events"
        )
        return [StoredEvent(UUID(i), v, t, s) for i, v, t, s in rows]


def mapper(transcoder: JSONTranscoder) -> ChainedMapper:
    return ChainedMapper(transcoder=transcoder, lookup=lambda _id, _version: GENESIS)


def test_a_projections_read_gives_the_event_the_writers_path_gives() -> None:
    """R16: `ChainedMapper.read` (one step, no seal kept) against the library's transcoder
    through `to_domain_event`, on every event of the earlier store."""
    fast, slow = mapper(ours()), mapper(library())
    for stored in stored_events():
        read, expected = fast.read(stored), slow.to_domain_event(stored)
        assert type(read) is type(expected)
        assert vars(read) == vars(expected)
    assert not fast.heads  # a reader keeps no seal


def test_what_read_cannot_take_fails_as_the_writers_path_fails() -> None:
    stored = stored_events()[0]
    inner = unwrap(stored.state).inner
    frame = stored.state.replace(b'","hash":"', b'","hasx":"', 1)
    broken = StoredEvent(stored.originator_id, 1, stored.topic, frame)
    undecodable = StoredEvent(
        stored.originator_id, 1, stored.topic, stored.state.replace(inner, b"{" + inner)
    )
    unsealed = StoredEvent(stored.originator_id, 1, stored.topic, inner)
    fast, slow = mapper(ours()), mapper(library())
    with pytest.raises(BrokenSeal):
        slow.to_domain_event(broken)
    with pytest.raises(BrokenSeal):
        fast.read(broken)
    fast.read(stored)  # its class learnt: the fast path is tried first below
    with pytest.raises(MapperDeserialisationError):
        fast.read(undecodable)
    assert vars(fast.read(unsealed)) == vars(slow.to_domain_event(unsealed))
